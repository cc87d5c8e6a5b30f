// npm run bench:capacity: the largest number of locations whose polling envelope mockpos holds on
// this machine — p99 under 50 ms for every operation, no failed request, no poll dropped — found by
// running the k6 envelope (load/k6/envelope.ts) at growing location counts, then bisecting between
// the last step that held and the first that did not.
//
// A chain has at most 10,000 locations, so past that the load of L locations is the load of a
// 10,000-location chain with its cadences (and clock) L / 10,000 times faster: the same requests per
// second, spread over fewer locations. Memory per location is measured on real chains (the slope of
// the simulator's resident memory across chain sizes), not on compressed ones.
//
// k6 runs on the same two cores as the simulator; its CPU is printed beside the simulator's, and
// so is the simulator's own event-loop delay, which tells a stall of the server apart from a late
// measurement by a busy k6. (--pin gives each one core; here that made k6's tail worse, not better.)
//
// --faults MIX puts fault rules in force through the admin API before each step's load starts. A
// failure whose response names its rule (X-Mockpos-Fault) is what the mix asked for: counted apart
// and not held against the gates; any other failure still breaks the envelope. Latency rules do
// count: a slow POS is exactly what the p99 budget is about.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join, resolve } from "node:path";
import { MockPosAdmin, MockPosAdminError } from "../client/admin/index.ts";
import { resolveK6, startK6, startSimulator } from "../load/children.ts";
import type { LoadReport } from "../load/k6/report.ts";
import { ProcessWatch, sample, window } from "../load/proc.ts";
import { FaultRule, type FaultRuleInput } from "../simulator/faults/schema.ts";
import { numberFlag, parseFlags, settingsOrExit, UsageError } from "./cli.ts";

const USAGE = `usage: npm run bench:capacity -- [options]

  --steps L1,L2,…      location counts to try, ascending (default 2500,5000,10000,20000,40000,80000,160000)
  --duration S         seconds of service per step, 10 to 600 (default 30)
  --refine K           bisection steps after the first failure (default 2)
  --orders-per-hour G  guest orders per location per hour (default 4)
  --pin                the simulator on CPU 0 and k6 on CPU 1 instead of sharing both cores
  --faults MIX         fault rules in force during every step: "realistic" (bench/faults/realistic.json:
                       terminal locks, flapping links, slow writes, rare 500s) or a JSON file of rules
  -h, --help           this help
`;

const MAX_CHAIN = 10_000;
const P99_BUDGET_MS = 50;
const SEED = "capacity";
// Steps closer than this are not worth another run.
const MIN_REFINE_GAP = 0.1;

interface Settings {
  /** The simulator on CPU 0, k6 on CPU 1. */
  pin: boolean;
  steps: number[];
  durationS: number;
  refine: number;
  ordersPerHour: number;
  /** Fault rules in force during every step, and where they came from. */
  faults: { source: string; rules: FaultRuleInput[] } | null;
}

interface Step {
  locations: number;
  chain: number;
  clock: number;
  requestsPerSecond: number;
  p50Ms: number | null;
  p99Ms: number | null;
  failedRate: number | null;
  /** Failures the fault rules asked for. */
  injected: number;
  dropped: number;
  simulatorCpuPercent: number;
  /** How late the simulator's event loop ran, p99 and worst, from warm-up to the end. */
  loopP99Ms: number | null;
  loopMaxMs: number | null;
  k6CpuPercent: number;
  /** The rest of the machine: other processes sharing the cores skew a step. */
  otherCpuPercent: number;
  /** Simulator RSS with the chain loaded, before any load. */
  idleRssBytes: number;
  peakRssBytes: number;
  holds: boolean;
}

function parseSettings(argv: string[]): Settings | "help" {
  const values = parseFlags(argv, {
    steps: { type: "string" },
    duration: { type: "string" },
    refine: { type: "string" },
    "orders-per-hour": { type: "string" },
    pin: { type: "boolean" },
    faults: { type: "string" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help === true) return "help";
  const raw = values.steps ?? "2500,5000,10000,20000,40000,80000,160000";
  const steps = raw.split(",").map((s) => Number(s.trim()));
  if (steps.some((n) => !Number.isInteger(n) || n < 1 || n > 10_000_000) || steps.length > 20) {
    throw new UsageError(`--steps must be up to 20 whole numbers from 1 to 10000000, got '${raw}'`);
  }
  if (steps.some((n, i) => i > 0 && n <= (steps[i - 1] as number)))
    throw new UsageError("--steps must ascend");
  const duration = values.duration?.replace(/s$/, "");
  return {
    pin: values.pin === true && os.cpus().length >= 2,
    steps,
    durationS: numberFlag("--duration", duration, 30, { min: 10, max: 600, integer: true }),
    refine: numberFlag("--refine", values.refine, 2, { min: 0, max: 5, integer: true }),
    ordersPerHour: numberFlag("--orders-per-hour", values["orders-per-hour"], 4, { min: 0, max: 3600 }),
    faults: values.faults === undefined ? null : faultMix(values.faults),
  };
}

const MIXES: Record<string, string> = { realistic: resolve(import.meta.dirname, "faults/realistic.json") };

/** The rules of a named mix or a JSON file, checked against the fault schema before any step runs. */
function faultMix(name: string): { source: string; rules: FaultRuleInput[] } {
  const source = MIXES[name] ?? resolve(name);
  if (!existsSync(source))
    throw new UsageError(`--faults must be ${Object.keys(MIXES).join(" or ")} or a JSON file, got '${name}'`);
  let rules: unknown;
  try {
    rules = JSON.parse(readFileSync(source, "utf8"));
  } catch (err) {
    throw new UsageError(`--faults ${name}: not JSON (${(err as Error).message})`);
  }
  if (!Array.isArray(rules) || rules.length === 0)
    throw new UsageError(`--faults ${name}: must be a list of rules`);
  rules.forEach((rule, i) => {
    const parsed = FaultRule.safeParse(rule);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new UsageError(
        `--faults ${name}: rule ${i}: ${issue?.path.join(".") || "rule"}: ${issue?.message}`,
      );
    }
  });
  return { source, rules: rules as FaultRuleInput[] };
}

/**
 * Puts the mix in force on a running simulator through its admin API. On a clock `clock` times
 * faster, lock spells and outages shrink with the cadences, as they should; a latency is felt in
 * real time by the client, so it is stretched by the same factor to stay what the mix says.
 */
async function injectFaults(url: string, rules: FaultRuleInput[], clock: number): Promise<void> {
  const scaled = rules.map((input) => {
    const rule = FaultRule.parse(input);
    if (rule.kind !== "latency" || clock === 1) return input;
    const d = rule.distribution;
    const x = (ms: number) => Math.round(ms * clock);
    const distribution =
      d.type === "fixed"
        ? { type: "fixed", ms: x(d.ms) }
        : d.type === "uniform"
          ? { type: "uniform", min: x(d.min), max: x(d.max) }
          : { type: "lognormal", p50: x(d.p50), p99: x(d.p99) };
    return { ...input, distribution } as FaultRuleInput;
  });
  await new MockPosAdmin({ baseUrl: url }).faults.add(scaled).catch((err: unknown) => {
    const why = err instanceof MockPosAdminError ? `${err.status} ${err.text}` : String(err);
    throw new Error(`the simulator refused the fault mix: ${why}`);
  });
}

async function runStep(k6: string, settings: Settings, locations: number, outDir: string): Promise<Step> {
  const chain = Math.min(locations, MAX_CHAIN);
  const clock = locations / chain;
  const dir = join(outDir, String(locations));
  mkdirSync(dir, { recursive: true });
  const credentialsPath = join(dir, "credentials.json");
  const simulator = await startSimulator({
    locations: chain,
    credentialsPath,
    compress: clock,
    seed: SEED,
    locale: "en",
  });
  try {
    if (settings.faults) await injectFaults(simulator.url, settings.faults.rules, clock);
    const idle = sample(simulator.pid);
    const simWatch = new ProcessWatch(simulator.pid);
    const machineWatch = new ProcessWatch("machine");
    const env = {
      LOAD_BASE_URL: simulator.url,
      LOAD_CREDENTIALS: credentialsPath,
      LOAD_OUT: dir,
      LOAD_LABEL: `capacity step: ${locations} locations`,
      LOAD_COMPRESS: String(clock),
      LOAD_DURATION: `${settings.durationS}s`,
      LOAD_ORDERS_PER_HOUR: String(settings.ordersPerHour),
      LOAD_MAX_ERROR_RATE: "0",
      // The envelope is a p99 budget; p95 gets the same so that only p99 decides.
      LOAD_READ_P95_MS: String(P99_BUDGET_MS),
      LOAD_READ_P99_MS: String(P99_BUDGET_MS),
      LOAD_WRITE_P95_MS: String(P99_BUDGET_MS),
      LOAD_WRITE_P99_MS: String(P99_BUDGET_MS),
      LOAD_FAULTS: settings.faults ? "1" : "0",
    };
    const run = startK6(k6, env, {
      logFile: join(dir, "k6.log"),
      cpu: settings.pin ? 1 : undefined,
      onServiceStart: () => void simulator.loopDelay("loop-reset"),
    });
    const k6Watch = new ProcessWatch(run.pid);
    const outcome = await run.done;
    const loop = await simulator.loopDelay("loop");
    const simSamples = simWatch.stop();
    const k6Samples = k6Watch.stop();
    const machineSamples = machineWatch.stop();
    const from = outcome.serviceStartedAt ?? simSamples[0]?.at ?? 0;
    const sim = window(simSamples, from, outcome.endedAt);
    const gen = window(k6Samples, from, outcome.endedAt);
    const all = window(machineSamples, from, outcome.endedAt);
    let report: LoadReport;
    try {
      report = JSON.parse(readFileSync(join(dir, "summary.json"), "utf8")) as LoadReport;
    } catch {
      throw new Error(
        `k6 wrote no summary for ${locations} locations (exit ${outcome.exitCode}); see ${dir}/k6.log`,
      );
    }
    const serviceRequests = report.operations
      .filter((o) => o.operation !== "menu.get" && o.operation !== "modifiers.get")
      .reduce((sum, o) => sum + o.requests, 0);
    return {
      locations,
      chain,
      clock,
      requestsPerSecond: serviceRequests / settings.durationS,
      p50Ms: report.servicePercentiles.p50Ms,
      p99Ms: report.servicePercentiles.p99Ms,
      failedRate: report.failedRate,
      injected: Object.values(report.injectedByCode ?? {}).reduce((a, b) => a + b, 0),
      dropped: report.droppedIterations,
      simulatorCpuPercent: sim.cpuPercent,
      loopP99Ms: loop?.p99Ms ?? null,
      loopMaxMs: loop?.maxMs ?? null,
      k6CpuPercent: gen.cpuPercent,
      otherCpuPercent: Math.max(0, all.cpuPercent - sim.cpuPercent - gen.cpuPercent),
      idleRssBytes: idle?.rssBytes ?? 0,
      peakRssBytes: sim.peakRss,
      holds: report.verdict === "pass",
    };
  } finally {
    await simulator.stop();
  }
}

const MB = 2 ** 20;
// Above this, other processes took enough of the two cores to skew a step.
const OTHER_BUSY_PERCENT = 15;

// Above this share of its core, k6 rather than the simulator may be what limits a step.
const K6_SATURATED_PERCENT = 85;

function saturated(steps: Step[]): string[] {
  const busy = steps.filter((s) => s.k6CpuPercent >= K6_SATURATED_PERCENT).map((s) => s.locations);
  return busy.length === 0
    ? []
    : [
        `note: k6 used ≥${K6_SATURATED_PERCENT}% of its core at ${busy.join(", ")}: there the load generator is the limit`,
      ];
}

function noisy(steps: Step[]): string[] {
  const busy = steps.filter((s) => s.otherCpuPercent >= OTHER_BUSY_PERCENT).map((s) => s.locations);
  return busy.length === 0
    ? []
    : [
        `note: other processes used ≥${OTHER_BUSY_PERCENT}% of a core during ${busy.join(", ")}; rerun on an idle machine`,
      ];
}
const f = (n: number | null, digits: number) => (n === null || !Number.isFinite(n) ? "-" : n.toFixed(digits));

function table(steps: Step[]): string {
  const header = [
    "locations",
    "chain",
    "clock",
    "req/s",
    "p50 ms",
    "p99 ms",
    "failed",
    "injected",
    "dropped",
  ];
  header.push("loop p99", "loop max", "sim cpu", "k6 cpu", "other cpu", "sim rss MB", "envelope");
  const rows = steps.map((s) => [
    String(s.locations),
    String(s.chain),
    `${f(s.clock, s.clock % 1 === 0 ? 0 : 2)}×`,
    f(s.requestsPerSecond, 0),
    f(s.p50Ms, 2),
    f(s.p99Ms, 2),
    s.failedRate === null ? "-" : `${(s.failedRate * 100).toFixed(2)}%`,
    String(s.injected),
    String(s.dropped),
    f(s.loopP99Ms, 1),
    f(s.loopMaxMs, 1),
    `${f(s.simulatorCpuPercent, 0)}%`,
    `${f(s.k6CpuPercent, 0)}%`,
    `${f(s.otherCpuPercent, 0)}%`,
    f(s.peakRssBytes / MB, 0),
    s.holds ? "holds" : "BROKEN",
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  return [header, ...rows].map((r) => r.map((c, i) => c.padStart(widths[i] ?? 0)).join("  ")).join("\n");
}

// Least-squares slope of idle RSS over chain size: what one more location costs in memory.
function memoryPerLocation(steps: Step[]): { bytes: number; from: number; to: number } | undefined {
  const byChain = new Map<number, number>();
  for (const s of steps) if (s.clock === 1 && s.idleRssBytes > 0) byChain.set(s.chain, s.idleRssBytes);
  const points = [...byChain];
  if (points.length < 2) return undefined;
  const mx = points.reduce((a, [x]) => a + x, 0) / points.length;
  const my = points.reduce((a, [, y]) => a + y, 0) / points.length;
  const sxy = points.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0);
  const sxx = points.reduce((a, [x]) => a + (x - mx) ** 2, 0);
  const chains = points.map(([x]) => x);
  return { bytes: sxy / sxx, from: Math.min(...chains), to: Math.max(...chains) };
}

async function main(argv: string[]): Promise<number> {
  const settings = settingsOrExit(argv, parseSettings, USAGE, "bench:capacity");
  if (typeof settings === "number") return settings;
  const k6 = await resolveK6();
  const outDir = resolve(
    "out",
    "load",
    `capacity-${new Date().toISOString().slice(0, 19).replace(/[:T]/g, "-")}`,
  );
  const log = (line: string) => process.stderr.write(`capacity: ${line}\n`);
  const started = performance.now();
  const steps: Step[] = [];
  const runOnce = async (locations: number) => {
    log(`${locations} locations…`);
    const step = await runStep(k6, settings, locations, outDir);
    log(
      `${locations}: p99 ${f(step.p99Ms, 2)} ms, ${step.dropped} dropped, ` +
        `failed ${f((step.failedRate ?? 0) * 100, 2)}% → ${step.holds ? "holds" : "broken"}`,
    );
    return step;
  };
  const attempt = async (locations: number) => {
    let step = await runOnce(locations);
    // On a shared machine a step may break because of someone else: run it once more then.
    if (!step.holds && step.otherCpuPercent >= OTHER_BUSY_PERCENT) {
      log(`${locations}: other processes used ${f(step.otherCpuPercent, 0)}% of a core; once more`);
      step = await runOnce(locations);
    }
    steps.push(step);
    return step.holds;
  };
  let held: number | undefined;
  let broke: number | undefined;
  for (const locations of settings.steps) {
    if (await attempt(locations)) held = locations;
    else {
      broke = locations;
      break;
    }
  }
  for (let i = 0; i < settings.refine && broke !== undefined; i++) {
    const low = held ?? 0;
    if ((broke - low) / broke < MIN_REFINE_GAP) break;
    const mid = Math.round((low + broke) / 2 / 100) * 100 || Math.round((low + broke) / 2);
    if (mid <= low || mid >= broke) break;
    if (await attempt(mid)) held = mid;
    else broke = mid;
  }
  steps.sort((a, b) => a.locations - b.locations);
  const cpus = os.cpus();
  const memory = memoryPerLocation(steps);
  const lines = [
    `machine: ${cpus[0]?.model.trim() ?? "unknown"}, ${cpus.length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB; ` +
      `node ${process.version}; k6 ${k6}`,
    `envelope per location: status every 1 min, new orders every 4, in-progress every 2, availability every 5, ` +
      `${settings.ordersPerHour} guest orders an hour (create, append, pay); ${settings.durationS} s of service per step; ` +
      `gates: p99 < ${P99_BUDGET_MS} ms per operation, no failed request, no dropped poll`,
    settings.faults === null
      ? "faults: none"
      : `faults: ${settings.faults.rules.map((r) => r.id).join(", ")} (${settings.faults.source}); ` +
        "failures a rule asked for are counted under injected and not gated; past 10,000 locations locks and outages run on the faster clock, latencies are stretched to stay the same in real time",
    "",
    table(steps),
    "",
    held === undefined
      ? "largest envelope held: none of the steps"
      : `largest envelope held: ${held} locations` +
        (broke === undefined ? " (the largest step tried; it may hold more)" : `; ${broke} broke it`),
    memory === undefined
      ? "memory per location: needs two steps at 1× clock"
      : `memory per location: ${(memory.bytes / 1024).toFixed(1)} KiB of simulator RSS ` +
        `(slope across chains of ${memory.from} to ${memory.to} locations, idle after start)`,
    "loop: the simulator's event-loop delay (ms) over the run — what its own stalls add to any request.",
    "clock: past 10,000 locations (the largest chain) the cadences and clock run faster to give the same load.",
    `cpu: % of one core over the service window; ${settings.pin ? "simulator pinned to CPU 0, k6 to CPU 1" : "not pinned"}; ` +
      "other = the rest of the machine.",
    ...saturated(steps),
    ...noisy(steps),
    `took ${((performance.now() - started) / 1000).toFixed(0)} s; per-step k6 logs and summaries in ${outDir}`,
  ];
  const text = `${lines.join("\n")}\n`;
  process.stdout.write(`\n${text}`);
  writeFileSync(join(outDir, "capacity.txt"), text);
  writeFileSync(
    join(outDir, "capacity.json"),
    `${JSON.stringify({ settings, held: held ?? null, broke: broke ?? null, memoryPerLocation: memory ?? null, steps }, null, 2)}\n`,
  );
  return 0;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (err) {
  process.stderr.write(`bench:capacity: ${(err as Error).message}\n`);
  process.exitCode = 1;
}
