import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream, mkdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import type { CheckResult } from "../conformance/run.ts";
import type { Check } from "../conformance/types.ts";
import { ADAPTERS, type AdapterName } from "../connector/adapters/index.ts";
import { DRIVER_PREFIX } from "../contracts/driver/routes.ts";
import { RealClock } from "../simulator/clock/index.ts";
import { parseDuration } from "../simulator/faults/schema.ts";
import type { Scenario } from "../simulator/scenario/schema.ts";
import { UsageError } from "./cli.ts";

export const CONFORM_FLAGS = {
  connector: { type: "string" },
  "connector-url": { type: "string" },
  "in-process": { type: "string" },
  observe: { type: "boolean" },
  journal: { type: "string" },
  chain: { type: "string" },
  scenario: { type: "string" },
  target: { type: "string" },
  duration: { type: "string" },
  from: { type: "string" },
  to: { type: "string" },
  dialect: { type: "string" },
  checks: { type: "string" },
  "time-scale": { type: "string" },
  seed: { type: "string" },
  out: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

export const CONFORM_USAGE = `Usage:
  mockpos conform --connector "<command>" [options] --out DIR
  mockpos conform --connector-url URL [options] --out DIR
  mockpos conform --in-process MODULE [options] --out DIR
  mockpos conform --observe --journal FILE [--chain FILE] [--scenario FILE] [--dialect D] --out DIR
  mockpos conform --observe --target URL --duration 10m [--dialect D] --out DIR

Runs the conformance suite against a connector and writes junit.xml, report.json and report.html
to DIR. Exit 0 when every applicable check passes, 1 when one fails, 2 on bad usage.

The connector under test (one of):
  --connector CMD       start CMD (a shell command) with MOCKPOS_CONTROL_PORT=<free port> in its
                        environment; it must serve the driver protocol (${DRIVER_PREFIX}) on that port
                        of 127.0.0.1, and POST /webhooks/sinqro for Sinqro. Its output goes to
                        DIR/connector.log; it is stopped (SIGTERM) when the suite ends. E.g.
                        --connector "mockpos connector --port \\$MOCKPOS_CONTROL_PORT"
  --connector-url URL   a connector already serving the driver protocol at URL
  --in-process MODULE   a TypeScript/JavaScript module whose default (or \`engine\`) export is an
                        EngineFactory ({ clock, fetch }) => Driver; runs on a virtual clock
  --observe             judge a journal of a simulator some connector talked to, without driving
                        it; checks that need guests or a scenario of their own do not apply

Options:
  --dialect LIST        generic,elyx,sinqro (default all three; observe: those in the journal)
  --checks LIST         check ids, or prefixes ending in * (envelope.*); default every check
  --time-scale N        with --connector/--connector-url: simulated time runs N× the wall clock
                        (default 30: a simulated minute in 2 s; 60 is faster, and
                        on a busy machine now and then too fast for the contract's timeouts)
  --seed S              seeds every chain (default "conformance")
  --out DIR             where the reports go (required)

Observe mode:
  --journal FILE        NDJSON of GET /__admin/journal/export?limit=100000
  --chain FILE          JSON of GET /__admin/chain?limit=10000: every location, also those the
                        connector never reached (without it, locations come from the journal)
  --scenario FILE       the scenario the simulator played: its fault rules shade the timelines
  --from ISO, --to ISO  judge only this span (default: the journal's first to last request)
  --target URL          instead of --journal: a served mockpos; waits --duration on its clock,
                        then reads its journal and chain
  --duration D          how long to watch the target (10m, 1h), in the target's time
  -h, --help            this help
`;

/** Reliable on a busy two-core machine (10 s of the engine's read timeout is 333 ms of wall time); 60 halves the wait. */
const DEFAULT_TIME_SCALE = 30;
/** How long a connector may take to answer GET /driver/v1 after it is started (wall clock). */
const CONNECTOR_START_MS = 60_000;
/** How long a stopped connector may take to exit before it is killed (wall clock). */
const CONNECTOR_STOP_MS = 10_000;
/** How long a target's clock may stand still before watching it is given up (wall clock). */
const TARGET_STALL_MS = 30_000;

/** `mockpos conform`: exit 0 all applicable checks pass, 1 one fails (or the connector cannot be reached), 2 bad usage. */
export async function runConform(args: string[]): Promise<number> {
  try {
    return await conform(args);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`mockpos conform: ${err.message}\n\n${CONFORM_USAGE}`);
      return 2;
    }
    if (err instanceof Unreachable) {
      process.stderr.write(`mockpos conform: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
}

/** The connector could not be started or reached: the run fails, it is no usage mistake. */
class Unreachable extends Error {}

type Values = ReturnType<typeof parseFlags>;

function parseFlags(args: string[]) {
  try {
    return parseArgs({ args, strict: true, allowPositionals: false, options: CONFORM_FLAGS }).values;
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

async function conform(args: string[]): Promise<number> {
  const values = parseFlags(args);
  if (values.help) {
    process.stdout.write(CONFORM_USAGE);
    return 0;
  }
  const targets = (["connector", "connector-url", "in-process", "observe"] as const).filter(
    (k) => values[k] !== undefined && values[k] !== false,
  );
  if (targets.length !== 1)
    throw new UsageError(
      targets.length === 0
        ? "name the connector: --connector, --connector-url, --in-process or --observe"
        : `choose one of ${targets.map((t) => `--${t}`).join(", ")}`,
    );
  if (values.out === undefined) throw new UsageError("--out DIR is required: the reports go there");
  const observing = values.observe === true;
  const observeOnly = (["journal", "chain", "scenario", "target", "duration", "from", "to"] as const).filter(
    (k) => values[k] !== undefined,
  );
  if (!observing && observeOnly.length) throw new UsageError(`--${observeOnly[0]} belongs to --observe`);
  if (observing && values.seed !== undefined)
    throw new UsageError("--seed seeds the suite's own chains: observe mode judges a journal as it is");
  const process_ = values.connector !== undefined || values["connector-url"] !== undefined;
  if (values["time-scale"] !== undefined && !process_)
    throw new UsageError("--time-scale applies to a connector process (--connector, --connector-url)");
  const timeScale = numberFlag(
    "time-scale",
    values["time-scale"],
    (n) => n > 0 && n <= 10_000,
    "a number above 0, at most 10000",
  );
  const dialects = values.dialect === undefined ? undefined : dialectList(values.dialect);
  const { CHECKS } = await import("../conformance/checks/index.ts");
  const checks = selectChecks(CHECKS, values.checks);
  const out = resolve(values.out);
  mkdirSync(out, { recursive: true });
  const onResult = (r: CheckResult) => process.stdout.write(`${resultLine(r)}\n`);

  if (observing) return await observeRun(values, checks, dialects, out, onResult);

  const { runSuite } = await import("../conformance/run.ts");
  const all = dialects ?? (Object.keys(ADAPTERS) as AdapterName[]);
  const seed = values.seed ?? "conformance";
  if (values["in-process"] !== undefined) {
    const engine = await loadEngineFactory(values["in-process"]);
    const results = await runSuite(checks, {
      dialects: all,
      mode: "drive",
      target: { kind: "in-process", engine },
      seed,
      onResult,
    });
    return finish(out, results, {
      mode: "drive",
      target: `in-process ${values["in-process"]}`,
      seed,
      dialects: all,
    });
  }

  const started = values.connector === undefined ? null : await startConnector(values.connector, out);
  const stopOnSignal = () => {
    void started?.stop().finally(() => process.exit(130));
  };
  process.once("SIGINT", stopOnSignal);
  process.once("SIGTERM", stopOnSignal);
  try {
    const controlUrl = started?.url ?? (values["connector-url"] as string).replace(/\/+$/, "");
    const { HttpDriver } = await import("../connector/driver/client.ts");
    const driver = new HttpDriver({ baseUrl: controlUrl });
    let spoken: string[];
    try {
      spoken = (await driver.hello()).dialects;
    } catch (err) {
      throw new Unreachable(
        `the connector at ${controlUrl} does not answer the driver protocol: ${(err as Error).message}`,
      );
    }
    const scale = timeScale ?? DEFAULT_TIME_SCALE;
    const results: CheckResult[] = [];
    for (const dialect of all) {
      if (!spoken.includes(dialect)) {
        for (const check of checks) {
          const r = notSpoken(check, dialect);
          onResult(r);
          results.push(r);
        }
        continue;
      }
      results.push(
        ...(await runSuite(checks, {
          dialects: [dialect],
          mode: "drive",
          target: { kind: "process", driver, controlUrl },
          seed,
          timeScale: scale,
          onResult,
        })),
      );
    }
    return finish(out, results, {
      mode: "drive",
      target: values.connector !== undefined ? `process ${values.connector}` : `url ${controlUrl}`,
      seed,
      timeScale: scale,
      dialects: all,
    });
  } finally {
    process.off("SIGINT", stopOnSignal);
    process.off("SIGTERM", stopOnSignal);
    await started?.stop();
  }
}

const WORD = { pass: "PASS", fail: "FAIL", not_applicable: "N/A " } as const;

/** One line per check and dialect: `FAIL  elyx    envelope.status-cadence  3 status gap(s) …`. */
export function resultLine(r: CheckResult): string {
  return `${WORD[r.verdict.status]}  ${r.dialect.padEnd(7)} ${r.check}  ${r.verdict.summary}`;
}

function notSpoken(check: Check, dialect: AdapterName) {
  return {
    check: check.id,
    title: check.title,
    rule: check.rule,
    dialect,
    mode: "drive" as const,
    verdict: {
      status: "not_applicable" as const,
      summary: `not applicable: the connector's hello names no ${dialect} dialect`,
      evidence: [],
    },
    tookMs: 0,
  };
}

async function finish(
  out: string,
  results: CheckResult[],
  meta: {
    mode: "drive" | "observe";
    target: string;
    seed?: string;
    timeScale?: number;
    dialects: readonly string[];
    warnings?: string[];
  },
): Promise<number> {
  const { writeReports } = await import("../conformance/report/index.ts");
  const { report, files } = writeReports(out, results, { ...meta, generatedAt: new RealClock().now() });
  for (const w of report.warnings) process.stdout.write(`conform: note: ${w}\n`);
  process.stdout.write(`conform: reports in ${files.junit}, ${files.json}, ${files.html}\n`);
  const c = report.counts;
  process.stdout.write(
    `conform: ${c.passed} passed, ${c.failed} failed, ${c.notApplicable} not applicable\n`,
  );
  return c.failed > 0 ? 1 : 0;
}

/** Reads a number flag, or names it and says why not. */
function numberFlag(name: string, value: string | undefined, check: (n: number) => boolean, want: string) {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || !check(n))
    throw new UsageError(`--${name}: ${want} (got "${value}")`);
  return n;
}

function dialectList(text: string): AdapterName[] {
  const list = text
    .split(",")
    .map((d) => d.trim())
    .filter((d) => d !== "");
  const unknown = list.filter((d) => !(d in ADAPTERS));
  if (unknown.length || list.length === 0)
    throw new UsageError(
      `--dialect: unknown dialect ${unknown.map((d) => `'${d}'`).join(", ") || "(none given)"}; choose from ${Object.keys(ADAPTERS).join(", ")}`,
    );
  return [...new Set(list)] as AdapterName[];
}

/** The checks `--checks` names (ids, or prefixes ending in `*`), in catalogue order. */
export function selectChecks(catalogue: readonly Check[], text: string | undefined): Check[] {
  if (text === undefined) return [...catalogue];
  const wanted = text
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  if (wanted.length === 0) throw new UsageError("--checks: name at least one check");
  const matches = (pattern: string, id: string) =>
    pattern.endsWith("*") ? id.startsWith(pattern.slice(0, -1)) : id === pattern;
  const unknown = wanted.filter((p) => !catalogue.some((c) => matches(p, c.id)));
  if (unknown.length)
    throw new UsageError(
      `--checks: no check ${unknown.map((u) => `'${u}'`).join(", ")}; the checks are ${catalogue.map((c) => c.id).join(", ")}`,
    );
  return catalogue.filter((c) => wanted.some((p) => matches(p, c.id)));
}

async function loadEngineFactory(module: string) {
  const file = resolve(module);
  let loaded: Record<string, unknown>;
  try {
    loaded = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (err) {
    throw new UsageError(`--in-process: cannot import ${module}: ${(err as Error).message}`);
  }
  const factory = loaded.default ?? loaded.engine;
  if (typeof factory !== "function")
    throw new UsageError(
      `--in-process: ${module} exports no engine factory: its default (or \`engine\`) export must be a function ({ clock, fetch }) => Driver`,
    );
  return factory as import("../conformance/stage/in-process.ts").EngineFactory;
}

/** A free port on 127.0.0.1 (the OS picks it; it is free again once this resolves). */
function freePort(): Promise<number> {
  return new Promise((done, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

/**
 * Starts the connector command in a shell (its own process group, so the whole group is stopped
 * at the end) and waits, bounded, until GET /driver/v1 answers on its port.
 */
async function startConnector(command: string, out: string): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const logFile = join(out, "connector.log");
  const log = createWriteStream(logFile);
  const child: ChildProcess = spawn(command, {
    shell: true,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, MOCKPOS_CONTROL_PORT: String(port) },
  });
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  let exited = false;
  const exit = new Promise<void>((done) =>
    child.once("exit", () => {
      exited = true;
      done();
    }),
  );
  const clock = new RealClock();
  const signal = (name: NodeJS.Signals) => {
    if (exited || child.pid === undefined) return;
    try {
      process.kill(-child.pid, name);
    } catch {
      child.kill(name);
    }
  };
  const stop = async () => {
    signal("SIGTERM");
    await Promise.race([exit, clock.sleep(CONNECTOR_STOP_MS)]);
    signal("SIGKILL");
    await Promise.race([exit, clock.sleep(1000)]);
    log.end();
  };
  const deadline = clock.now() + CONNECTOR_START_MS;
  for (;;) {
    if (exited) {
      await stop();
      const tail = readTail(logFile);
      throw new Unreachable(
        `the connector exited before it answered GET ${DRIVER_PREFIX}${tail ? `:\n${tail}` : ""}`,
      );
    }
    try {
      await fetch(`${url}${DRIVER_PREFIX}`, { signal: AbortSignal.timeout(2000) });
      return { url, stop };
    } catch {
      // Not listening yet.
    }
    if (clock.now() >= deadline) {
      await stop();
      throw new Unreachable(
        `the connector did not answer GET ${url}${DRIVER_PREFIX} within ${CONNECTOR_START_MS / 1000} s (does it listen on $MOCKPOS_CONTROL_PORT?); its output is in ${logFile}`,
      );
    }
    // A timer that holds the process open (a Clock's do not): nothing else may while it starts.
    await sleep(100);
  }
}

function readTail(file: string): string {
  try {
    return readFileSync(file, "utf8").split("\n").slice(-15).join("\n").trim();
  } catch {
    return "";
  }
}

// ---- observe mode ----

async function observeRun(
  values: Values,
  checks: Check[],
  dialects: AdapterName[] | undefined,
  out: string,
  onResult: (r: CheckResult) => void,
): Promise<number> {
  const { observe, parseJournal } = await import("../conformance/observe.ts");
  if ((values.journal === undefined) === (values.target === undefined))
    throw new UsageError("--observe takes --journal FILE, or --target URL with --duration");
  if (values.target !== undefined && values.duration === undefined)
    throw new UsageError("--target needs --duration: how long to watch it (10m, 1h)");
  if (values.journal !== undefined && values.duration !== undefined)
    throw new UsageError("--duration belongs to --target");
  const from = instantFlag("from", values.from);
  const to = instantFlag("to", values.to);
  const scenario = values.scenario === undefined ? undefined : await readScenario(values.scenario);
  let chain = values.chain === undefined ? undefined : readChain(values.chain);
  let journal: ReturnType<typeof parseJournal>;
  let target: string;
  let span: { from?: number; to?: number } = { from, to };
  if (values.journal !== undefined) {
    const file = values.journal;
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (err) {
      throw new UsageError(
        `--journal: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? String(err)})`,
      );
    }
    try {
      journal = parseJournal(text, file);
    } catch (err) {
      throw new UsageError(`--journal: ${(err as Error).message}`);
    }
    target = `journal ${file}`;
  } else {
    let duration: number;
    try {
      duration = parseDuration(values.duration as string);
    } catch (err) {
      throw new UsageError(`--duration: ${(err as Error).message}`);
    }
    const url = (values.target as string).replace(/\/+$/, "");
    const watched = await watchTarget(url, duration);
    journal = parseJournal(watched.journal, `${url}/__admin/journal/export`);
    chain ??= watched.chain;
    span = { from: from ?? watched.from, to: to ?? watched.to };
    target = `url ${url}`;
  }
  const { results, warnings } = await observe(
    checks,
    {
      journal,
      ...(dialects ? { dialects } : {}),
      ...(chain ? { chain } : {}),
      ...(scenario ? { scenario } : {}),
      ...span,
    },
    onResult,
  );
  const judged = [...new Set(results.map((r) => r.dialect))];
  return finish(out, results, { mode: "observe", target, dialects: dialects ?? judged, warnings });
}

function instantFlag(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const t = Date.parse(value);
  if (Number.isNaN(t))
    throw new UsageError(`--${name}: an ISO 8601 instant like 2026-03-14T11:30:00Z (got "${value}")`);
  return t;
}

async function readScenario(file: string): Promise<Scenario> {
  const { loadScenarioFile } = await import("../simulator/scenario/load.ts");
  try {
    return loadScenarioFile(file);
  } catch (err) {
    throw new UsageError(`--scenario: ${file} is not a scenario: ${(err as Error).message}`);
  }
}

function readChain(file: string): import("../conformance/observe.ts").ObservedChain {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new UsageError(`--chain: cannot read ${file} as JSON (${(err as Error).message})`);
  }
  const locations = (raw as { locations?: unknown })?.locations;
  if (!Array.isArray(locations) || !locations.every((l) => typeof l?.id === "string"))
    throw new UsageError(`--chain: ${file} is not GET /__admin/chain's answer (no locations with ids)`);
  return { locations: locations as { id: string; credentials?: { apiKey?: string } }[] };
}

/** Waits `duration` of the target's own time, then reads its journal over that span and its chain. */
async function watchTarget(url: string, duration: number) {
  const clock = new RealClock();
  const read = async <T>(path: string): Promise<T> => {
    let res: Response;
    try {
      res = await fetch(`${url}${path}`, { signal: AbortSignal.timeout(10_000) });
    } catch (err) {
      throw new Unreachable(`--target: ${url}${path} does not answer (${(err as Error).message})`);
    }
    if (!res.ok) throw new Unreachable(`--target: ${url}${path} answered ${res.status}`);
    return (path.includes("export") ? await res.text() : await res.json()) as T;
  };
  const now = async () => Date.parse((await read<{ now: string }>("/__admin/clock")).now);
  const from = await now();
  let seen = from;
  let movedAt = clock.now();
  process.stdout.write(`conform: watching ${url} for ${duration / 60_000} min of its time\n`);
  for (;;) {
    const t = await now();
    if (t - from >= duration) break;
    if (t > seen) {
      seen = t;
      movedAt = clock.now();
    } else if (clock.now() - movedAt > TARGET_STALL_MS)
      throw new Unreachable(`--target: ${url}'s clock stood still for ${TARGET_STALL_MS / 1000} s`);
    await sleep(250);
  }
  const to = from + duration;
  const q = new URLSearchParams({
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    limit: "100000",
  });
  const journal = await read<string>(`/__admin/journal/export?${q}`);
  const chain = await read<{ locations: { id: string; credentials?: { apiKey?: string } }[] }>(
    "/__admin/chain?limit=10000",
  );
  return { journal, chain: { locations: chain.locations }, from, to };
}
