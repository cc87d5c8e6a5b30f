// npm run bench: requests/s and latency of location.status and menu.get on mockpos, against plain
// node:http and bare Hono answering the very bytes mockpos answered, all in one run, with wrk as
// the load generator. Each server is a process of its own (bench/server.ts); wrk and the server
// under load are pinned to different cores when the machine has two or more, and the CPU share of
// each is read from /proc over the measured window, so a figure limited by the generator shows.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { firstLine, type ProcSample, sample, sampleMachine } from "../load/proc.ts";
import { numberFlag, parseFlags, settingsOrExit, UsageError } from "./cli.ts";
import type { CapturedPage, MockposReady } from "./server.ts";
import { requireWrk, startWrk, WRK_SATURATED_PERCENT, type WrkResult, writeWrkScript } from "./wrk.ts";

const USAGE = `usage: npm run bench -- [options]

  --locations N     locations in the chain, 1-10000 (default 1000)
  --duration S      measured seconds per row, 2-60 (default 5)
  --warmup S        warm-up seconds before each row, 0-30 (default 2)
  --rounds R        rounds of every row, interleaved; each row reports its median round, 1-9 (default 3)
  --connections C   wrk connections, 1-1000 (default 50)
  --clocks LIST     mockpos clock modes to measure: real, scaled or real,scaled (default real,scaled)
  --no-app          don't also measure mockpos through its app alone (no hot-read lane, real clock)
  --no-pin          don't pin wrk and the server to different cores
  --json            figures as JSON on stdout (the table goes to stderr)
  -h, --help        this help

Needs wrk on PATH (Debian/Ubuntu: sudo apt-get install -y wrk).
`;

const SERVER_SCRIPT = fileURLToPath(new URL("./server.ts", import.meta.url));
const SEED = "bench";
const START_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 5000;
// The CPU window starts this long after wrk does (connections open) and ends this long before it stops.
const WINDOW_LEAD_MS = 500;
const WINDOW_TAIL_MS = 300;
// Above this, processes outside the benchmark took enough of the machine to skew a row.
const OTHER_BUSY_PERCENT = 15;
// wrk on the first core, the servers on the second: neither steals the other's time.
const WRK_CPU = "0";
const SERVER_CPU = "1";

const OPERATIONS = [
  { name: "location.status", tail: "status" },
  { name: "menu.get", tail: "menu" },
] as const;

type Clock = "real" | "scaled";

interface Settings {
  locations: number;
  durationS: number;
  warmupS: number;
  rounds: number;
  connections: number;
  clocks: Clock[];
  /** Also measure "mockpos app": the app alone, as every request the lane leaves to it is served. */
  app: boolean;
  pin: boolean;
  json: boolean;
}

interface Row extends WrkResult {
  operation: string;
  server: string;
  /** CPU of wrk, the server and everything else over the window, in % of one core. */
  generatorCpuPercent: number;
  serverCpuPercent: number;
  otherCpuPercent: number;
  /** req/s over node:http's for the same operation, in the same round (the median round's). */
  ratio: number;
  /** The lowest and highest of that ratio over the rounds. */
  ratioRange: [number, number];
}

function parseSettings(argv: string[]): Settings | "help" {
  const values = parseFlags(argv, {
    locations: { type: "string" },
    duration: { type: "string" },
    warmup: { type: "string" },
    rounds: { type: "string" },
    connections: { type: "string" },
    clocks: { type: "string" },
    "no-pin": { type: "boolean" },
    "no-app": { type: "boolean" },
    json: { type: "boolean" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) return "help";
  const clocks = (values.clocks ?? "real,scaled").split(",").map((c) => c.trim());
  for (const c of clocks) {
    if (c !== "real" && c !== "scaled") throw new UsageError(`--clocks takes real and/or scaled, got '${c}'`);
  }
  return {
    locations: numberFlag("--locations", values.locations, 1000, { min: 1, max: 10_000, integer: true }),
    durationS: numberFlag("--duration", values.duration, 5, { min: 2, max: 60 }),
    warmupS: numberFlag("--warmup", values.warmup, 2, { min: 0, max: 30 }),
    rounds: numberFlag("--rounds", values.rounds, 3, { min: 1, max: 9, integer: true }),
    connections: numberFlag("--connections", values.connections, 50, { min: 1, max: 1000, integer: true }),
    clocks: [...new Set(clocks as Clock[])],
    app: values["no-app"] !== true,
    pin: values["no-pin"] !== true && os.cpus().length >= 2,
    json: values.json === true,
  };
}

interface Server {
  label: string;
  url: string;
  pid: number;
  stop(): Promise<void>;
}

function spawnServer(args: string[], pin: boolean): ChildProcess {
  // The same V8 flags as `npm start` (scripts/run.sh), for every server alike.
  const node = [process.execPath, "--max-semi-space-size=16", "--expose-gc", SERVER_SCRIPT, ...args];
  const [command, ...argv] = pin ? ["taskset", "-c", SERVER_CPU, ...node] : node;
  // The IPC channel only ties the server's life to this process (it exits when the channel closes).
  return spawn(command as string, argv, { stdio: ["ignore", "pipe", "inherit", "ipc"] });
}

async function startServer(label: string, args: string[], pin: boolean): Promise<Server & { line: string }> {
  const child = spawnServer(args, pin);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  };
  try {
    const line = await firstLine(child, `the ${label} server`, START_TIMEOUT_MS);
    return { label, url: line, line, pid: child.pid as number, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

// Every page the load will ask for, as mockpos answers it now: what plain and hono will send.
async function capture(ready: MockposReady): Promise<CapturedPage[]> {
  const pages: CapturedPage[] = [];
  for (const { id, apiKey } of ready.locations) {
    for (const { tail } of OPERATIONS) {
      const path = `/v1/locations/${id}/${tail}`;
      const res = await fetch(`${ready.url}${path}`, { headers: { "X-Api-Key": apiKey } });
      const body = Buffer.from(await res.arrayBuffer());
      if (res.status !== 200) throw new Error(`bench: mockpos answered ${res.status} to ${path}`);
      pages.push({
        path,
        status: res.status,
        contentType: res.headers.get("content-type"),
        body: body.toString("base64"),
      });
    }
  }
  return pages;
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function share(a: ProcSample | undefined, b: ProcSample | undefined): number {
  if (a === undefined || b === undefined || b.at <= a.at) return Number.NaN;
  return ((b.cpuMs - a.cpuMs) / (b.at - a.at)) * 100;
}

async function drive(
  server: Server,
  scriptFile: string,
  operation: string,
  settings: Settings,
): Promise<Omit<Row, "ratio" | "ratioRange">> {
  const cpu = settings.pin ? WRK_CPU : undefined;
  const base = { url: server.url, scriptFile, connections: settings.connections, cpu };
  if (settings.warmupS > 0) await startWrk({ ...base, durationS: settings.warmupS }).result;
  const run = startWrk({ ...base, durationS: settings.durationS });
  const pid = run.child.pid as number;
  const take = () => ({ wrk: sample(pid), server: sample(server.pid), machine: sampleMachine() });
  await delay(WINDOW_LEAD_MS);
  const first = take();
  await delay(settings.durationS * 1000 - WINDOW_LEAD_MS - WINDOW_TAIL_MS);
  const last = take();
  const result = await run.result;
  const generatorCpuPercent = share(first.wrk, last.wrk);
  const serverCpuPercent = share(first.server, last.server);
  const machine = share(first.machine, last.machine);
  const otherCpuPercent = Math.max(0, machine - (generatorCpuPercent || 0) - (serverCpuPercent || 0));
  return {
    ...result,
    operation,
    server: server.label,
    generatorCpuPercent,
    serverCpuPercent,
    otherCpuPercent,
  };
}

async function measure(settings: Settings, log: (line: string) => void): Promise<Row[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "mockpos-bench-"));
  const servers: Server[] = [];
  try {
    const mockpos: Server[] = [];
    let ready: MockposReady | undefined;
    const base = ["mockpos", "--locations", String(settings.locations), "--seed", SEED];
    const kinds = settings.clocks.map((clock) => ({
      label: settings.clocks.length > 1 ? `mockpos ${clock}` : "mockpos",
      args: [...base, "--clock", clock],
    }));
    // The path every request the lane leaves to the app takes (a fault, a quirk, a refusal, a
    // write): measured too, so a slower app does not hide behind the lane.
    if (settings.app) kinds.push({ label: "mockpos app", args: [...base, "--no-lane"] });
    for (const { label, args } of kinds) {
      log(`starting ${label} (${settings.locations} locations)…`);
      const started = await startServer(label, args, settings.pin);
      const announced = JSON.parse(started.line) as MockposReady;
      ready ??= announced;
      const server = { ...started, url: announced.url };
      servers.push(server);
      mockpos.push(server);
    }
    if (ready === undefined) throw new Error("bench: no mockpos server to capture from");
    // The first mockpos (same seed, so same chain in each) answers the bytes the baselines will send.
    log("capturing every location's status and menu from mockpos…");
    const pagesFile = path.join(dir, "pages.json");
    writeFileSync(pagesFile, JSON.stringify(await capture(ready)));
    const baselines: Server[] = [];
    for (const [kind, label] of [
      ["plain", "node:http"],
      ["hono", "hono"],
    ] as const) {
      log(`starting ${label} with the captured bytes…`);
      const server = await startServer(label, [kind, "--pages", pagesFile], settings.pin);
      servers.push(server);
      baselines.push(server);
    }
    const rows: Row[] = [];
    for (const op of OPERATIONS) {
      const scriptFile = path.join(dir, `${op.tail}.lua`);
      const locations = ready.locations;
      writeWrkScript(
        scriptFile,
        locations.map((l) => ({
          path: `/v1/locations/${l.id}/${op.tail}`,
          headers: { "X-Api-Key": l.apiKey },
        })),
      );
      // Rounds interleave the servers, so a slow spell of a shared machine falls on all of them
      // alike; each ratio is to node:http in the same round.
      const rounds: Omit<Row, "ratioRange">[][] = [];
      for (let round = 1; round <= settings.rounds; round++) {
        const opRows: Omit<Row, "ratio" | "ratioRange">[] = [];
        for (const server of [...baselines, ...mockpos]) {
          log(
            `  ${op.name} on ${server.label}, round ${round}/${settings.rounds}: ` +
              `${settings.warmupS} s warm-up + ${settings.durationS} s measured`,
          );
          opRows.push(await drive(server, scriptFile, op.name, settings));
        }
        const floor = opRows.find((r) => r.server === "node:http")?.requestsPerSecond ?? Number.NaN;
        rounds.push(opRows.map((r) => ({ ...r, ratio: r.requestsPerSecond / floor })));
      }
      rows.push(...medianRows(rounds));
    }
    return rows;
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Per server, the round with the median ratio (node:http: the median rate), with the ratio's range. */
function medianRows(rounds: Omit<Row, "ratioRange">[][]): Row[] {
  return (rounds[0] ?? []).map((first) => {
    const of = rounds.map((rows) => rows.find((r) => r.server === first.server) ?? first);
    const key = (r: Omit<Row, "ratioRange">) =>
      first.server === "node:http" ? r.requestsPerSecond : r.ratio;
    const sorted = [...of].sort((a, b) => key(a) - key(b));
    const median = sorted[Math.floor((sorted.length - 1) / 2)] ?? first;
    const ratios = of.map((r) => r.ratio);
    return { ...median, ratioRange: [Math.min(...ratios), Math.max(...ratios)] };
  });
}

// Server CPU per answer: steadier than req/s on a shared machine, where the rate follows whoever else runs.
const cpuPerAnswer = (r: Row) => (r.serverCpuPercent * 1e4) / r.requestsPerSecond;

const whole = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const fixed = (n: number, digits: number) => (Number.isFinite(n) ? n.toFixed(digits) : "n/a");
const pct = (n: number) => `${fixed(n, 0)}%`;

const COLUMNS: readonly { title: string; width: number; value: (r: Row) => string }[] = [
  { title: "operation", width: 16, value: (r) => r.operation },
  { title: "server", width: 14, value: (r) => r.server },
  { title: "req/s", width: 8, value: (r) => whole.format(r.requestsPerSecond) },
  { title: "× node", width: 7, value: (r) => fixed(r.ratio, 2) },
  {
    title: "× range",
    width: 9,
    value: (r) =>
      r.server === "node:http" ? "" : `${fixed(r.ratioRange[0], 2)}–${fixed(r.ratioRange[1], 2)}`,
  },
  { title: "p50 ms", width: 7, value: (r) => fixed(r.p50Ms, 2) },
  { title: "p99 ms", width: 7, value: (r) => fixed(r.p99Ms, 2) },
  { title: "errors", width: 6, value: (r) => String(r.errors) },
  { title: "bytes/ans", width: 9, value: (r) => whole.format(r.bytesPerAnswer) },
  { title: "wrk cpu", width: 7, value: (r) => pct(r.generatorCpuPercent) },
  { title: "server cpu", width: 10, value: (r) => pct(r.serverCpuPercent) },
  { title: "µs/answer", width: 9, value: (r) => fixed(cpuPerAnswer(r), 1) },
  { title: "other cpu", width: 9, value: (r) => pct(r.otherCpuPercent) },
];

function machine() {
  const cpus = os.cpus();
  return {
    node: process.version,
    cpu: cpus[0]?.model.trim() ?? "unknown",
    cores: cpus.length,
    platform: `${os.platform()} ${os.arch()}`,
  };
}

const names = (rows: Row[]) => rows.map((r) => `${r.operation}/${r.server}`).join(", ");

function report(settings: Settings, rows: Row[], wrk: string, loadBefore: number): string {
  const m = machine();
  const line = (cells: string[]) =>
    cells
      .map((text, i) => (i < 2 ? text.padEnd(COLUMNS[i]?.width ?? 0) : text.padStart(COLUMNS[i]?.width ?? 0)))
      .join(" ")
      .trimEnd();
  const lines = [
    `machine: node ${m.node}, ${m.cpu}, ${m.cores} cores, ${m.platform}; load average before ${fixed(loadBefore, 2)}`,
    `generator: ${wrk}, 1 thread, ${settings.connections} connections, ${settings.locations} locations in turn, each with its own X-Api-Key; ` +
      `${settings.warmupS} s warm-up + ${settings.durationS} s measured per row, ` +
      `${settings.rounds} round${settings.rounds === 1 ? "" : "s"} interleaved (each row: its median round)`,
    settings.pin
      ? `pinned: wrk on cpu ${WRK_CPU}, each server on cpu ${SERVER_CPU} (taskset)`
      : "not pinned: wrk and the server share the cores",
    "node:http and hono answer the bytes captured from mockpos (same status, content type and body); " +
      "under the scaled clock mockpos also sends X-Mockpos-Clock" +
      (settings.app
        ? "; mockpos app: the app alone, no hot-read lane, real clock (what a request the lane leaves to the app costs)"
        : ""),
    "",
    line(COLUMNS.map((c) => c.title)),
    ...rows.map((r) => line(COLUMNS.map((c) => c.value(r)))),
    "",
  ];
  for (const op of OPERATIONS) {
    const of = rows.filter((r) => r.operation === op.name && r.server !== "node:http");
    lines.push(
      `ratio vs node:http, ${op.name}: ${of.map((r) => `${r.server} ${fixed(r.ratio, 2)} (wrk ${pct(r.generatorCpuPercent)})`).join(", ")}`,
    );
  }
  lines.push(
    "cpu columns: % of one core over the measured window, from /proc; other = the rest of the machine;",
    "µs/answer: the server's CPU time per answer (server cpu / req/s); × range: the ratio's lowest and highest over the rounds.",
  );
  const saturated = rows.filter((r) => r.generatorCpuPercent >= WRK_SATURATED_PERCENT);
  if (saturated.length > 0) {
    lines.push(
      `note: wrk used ≥${WRK_SATURATED_PERCENT}% of its core on ${names(saturated)}; those rates are a floor of what the server can do.`,
    );
  }
  const busy = rows.filter((r) => r.otherCpuPercent >= OTHER_BUSY_PERCENT);
  if (busy.length > 0) {
    lines.push(
      `note: other processes used ≥${OTHER_BUSY_PERCENT}% of a core during ${names(busy)}; rerun on an idle machine for steady figures.`,
    );
  }
  return `${lines.join("\n")}\n`;
}

function asJson(settings: Settings, rows: Row[], wrk: string, loadBefore: number) {
  const finite = (n: number) => (Number.isFinite(n) ? n : null);
  return {
    machine: { ...machine(), loadAverageBefore: loadBefore },
    settings: { ...settings, seed: SEED, generator: wrk },
    results: rows.map((r) => ({
      operation: r.operation,
      server: r.server,
      requestsPerSecond: r.requestsPerSecond,
      ratioToNodeHttp: finite(r.ratio),
      ratioRange: r.ratioRange.map(finite),
      p50Ms: r.p50Ms,
      p99Ms: r.p99Ms,
      maxMs: r.maxMs,
      requests: r.requests,
      errors: r.errors,
      durationS: r.durationS,
      bytesPerAnswer: r.bytesPerAnswer,
      generatorCpuPercent: finite(r.generatorCpuPercent),
      serverCpuPercent: finite(r.serverCpuPercent),
      serverCpuMicrosecondsPerAnswer: finite(cpuPerAnswer(r)),
      otherCpuPercent: finite(r.otherCpuPercent),
    })),
  };
}

async function main(argv: string[]): Promise<number> {
  const settings = settingsOrExit(argv, parseSettings, USAGE, "bench");
  if (typeof settings === "number") return settings;
  let wrk: string;
  try {
    wrk = requireWrk();
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    return 2;
  }
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const loadBefore = os.loadavg()[0] ?? Number.NaN;
  const rows = await measure(settings, log);
  const table = report(settings, rows, wrk, loadBefore);
  if (settings.json) {
    process.stderr.write(`\n${table}`);
    process.stdout.write(`${JSON.stringify(asJson(settings, rows, wrk, loadBefore), null, 2)}\n`);
  } else {
    process.stdout.write(`\n${table}`);
  }
  // Figures from a run with failed requests don't describe the servers; make that visible to scripts.
  return rows.some((r) => r.errors > 0 || r.requests === 0) ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
