// npm run bench:capacity: the largest number of locations whose polling envelope mockpos holds on
// this machine — p99 under 50 ms for every operation, no failed request, no poll dropped — found by
// running the k6 envelope (load/k6/envelope.ts) at growing location counts, then bisecting between
// the last step that held and the first that did not.
//
// Every step runs a real chain of that many locations at the real cadences (a location is derived
// when first polled, so a 100,000-location chain starts in a second or two). --locations N runs one
// step and explains its figure: the simulator's CPU per request, k6's, memory per location, and —
// when two cores cannot host both at that rate — where the limit is and what it extrapolates to.
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
import { type Saturation, saturate } from "./saturation.ts";
import { requireWrk, WRK_SATURATED_PERCENT } from "./wrk.ts";

const USAGE = `usage: npm run bench:capacity -- [options]

  --locations N        one step of N locations (no search), with its figures explained
  --steps L1,L2,…      location counts to try, ascending (default 2500,5000,10000,20000,40000,80000,160000)
  --duration S         seconds of service per step, 10 to 600 (default 30)
  --refine K           bisection steps after the first failure (default 2)
  --orders-per-hour G  guest orders per location per hour (default 4)
  --rate F             send F of the envelope's requests (every cadence F times as often; default 1):
                       below 1 when this machine cannot run k6 at the full rate beside the
                       simulator, to measure CPU per request and extrapolate
  --pin                the simulator on CPU 0 and k6 on CPU 1 instead of sharing both cores
  --faults MIX         fault rules in force during every step: "realistic" (bench/faults/realistic.json:
                       terminal locks, flapping links, slow writes, rare 500s) or a JSON file of rules
  --saturate S         after the step, S seconds of wrk sending the envelope's polls over every location
                       as fast as the simulator answers: the most one process serves, measured (0 to 60;
                       default 10 with --locations, 0 for a search; needs wrk)
  -h, --help           this help
`;

const P99_BUDGET_MS = 50;
// Fewer service requests than this in a step and CPU per request is not worth printing.
const MIN_MEASURED_REQUESTS = 1000;
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
  /** Share of the envelope's rate sent (1: every cadence as it is); below 1 to measure where k6 cannot keep up. */
  rate: number;
  /** Fault rules in force during every step, and where they came from. */
  faults: { source: string; rules: FaultRuleInput[] } | null;
  /** Seconds of wrk at saturation after each step (0: none). */
  saturateS: number;
}

interface Step {
  locations: number;
  /** What the envelope asks of this many locations, per second. */
  dueRequestsPerSecond: number;
  requestsPerSecond: number;
  serviceRequests: number;
  /** Per service operation: requests and p99. */
  operations: { operation: string; requests: number; p99Ms: number | null }[];
  /** CPU time per service request, µs: the simulator's, k6's. */
  simulatorUsPerRequest: number | null;
  k6UsPerRequest: number | null;
  p50Ms: number | null;
  p99Ms: number | null;
  failedRate: number | null;
  /** Failures the fault rules asked for. */
  injected: number;
  dropped: number;
  simulatorCpuPercent: number;
  /**
   * The simulator's CPU with no request at all, right after the run: its chain's own day (activity,
   * timers, collections), which it pays however few requests come.
   */
  simulatorQuietCpuPercent: number;
  /** CPU per request less what the chain's own day took over the same window, µs. */
  simulatorServingUsPerRequest: number | null;
  /** How late the simulator's event loop ran, p99 and worst, from warm-up to the end. */
  loopP99Ms: number | null;
  loopMaxMs: number | null;
  k6CpuPercent: number;
  /** The rest of the machine: other processes sharing the cores skew a step. */
  otherCpuPercent: number;
  /** Simulator RSS with the chain loaded, before any load. */
  idleRssBytes: number;
  peakRssBytes: number;
  /** The step's chain at saturation, after the run (`--saturate`). */
  saturation: Saturation | null;
  /** Failures no fault rule accounts for. */
  unexpected: number;
  holds: boolean;
}

function parseSettings(argv: string[]): Settings | "help" {
  const values = parseFlags(argv, {
    locations: { type: "string" },
    steps: { type: "string" },
    duration: { type: "string" },
    refine: { type: "string" },
    "orders-per-hour": { type: "string" },
    rate: { type: "string" },
    pin: { type: "boolean" },
    faults: { type: "string" },
    saturate: { type: "string" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help === true) return "help";
  if (values.locations !== undefined && values.steps !== undefined)
    throw new UsageError("--locations runs one step; --steps a search: give one of them");
  const single = values.locations !== undefined;
  const raw = values.locations ?? values.steps ?? "2500,5000,10000,20000,40000,80000,160000";
  const steps = raw.split(",").map((s) => Number(s.trim()));
  if (
    single &&
    (steps.length !== 1 ||
      !Number.isInteger(steps[0]) ||
      (steps[0] as number) < 1 ||
      (steps[0] as number) > 1_000_000)
  )
    throw new UsageError(`--locations must be a whole number from 1 to 1000000, got '${raw}'`);
  if (steps.some((n) => !Number.isInteger(n) || n < 1 || n > 1_000_000) || steps.length > 20) {
    throw new UsageError(`--steps must be up to 20 whole numbers from 1 to 1000000, got '${raw}'`);
  }
  if (steps.some((n, i) => i > 0 && n <= (steps[i - 1] as number)))
    throw new UsageError("--steps must ascend");
  const duration = values.duration?.replace(/s$/, "");
  return {
    pin: values.pin === true && os.cpus().length >= 2,
    steps,
    durationS: numberFlag("--duration", duration, 30, { min: 10, max: 600, integer: true }),
    refine: single ? 0 : numberFlag("--refine", values.refine, 2, { min: 0, max: 5, integer: true }),
    ordersPerHour: numberFlag("--orders-per-hour", values["orders-per-hour"], 4, { min: 0, max: 3600 }),
    rate: numberFlag("--rate", values.rate, 1, { min: 0.01, max: 1 }),
    faults: values.faults === undefined ? null : faultMix(values.faults),
    saturateS: numberFlag("--saturate", values.saturate?.replace(/s$/, ""), single ? 10 : 0, {
      min: 0,
      max: 60,
      integer: true,
    }),
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

/** Puts the mix in force on a running simulator through its admin API. */
async function injectFaults(url: string, rules: FaultRuleInput[]): Promise<void> {
  await new MockPosAdmin({ baseUrl: url }).faults.add(rules).catch((err: unknown) => {
    const why = err instanceof MockPosAdminError ? `${err.status} ${err.text}` : String(err);
    throw new Error(`the simulator refused the fault mix: ${why}`);
  });
}

// Writes the envelope asks of one location per minute: three per guest order (create, append, pay).
function writesPerLocationPerMinute(ordersPerHour: number): number {
  return (3 * ordersPerHour) / 60;
}

// Requests the envelope asks of one location per minute: status every minute, in-progress every 2,
// new orders every 4, availability every 5, and its writes.
function perLocationPerMinute(ordersPerHour: number): number {
  return 1 + 1 / 2 + 1 / 4 + 1 / 5 + writesPerLocationPerMinute(ordersPerHour);
}

// V8's heap for a chain whose every location gets polled (each then holds its day: ~15 KiB), with
// room for the garbage of serving it.
function heapFor(locations: number): number {
  return Math.max(2048, 1024 + Math.ceil((locations * 40) / 1024));
}

async function runStep(k6: string, settings: Settings, locations: number, outDir: string): Promise<Step> {
  const dir = join(outDir, String(locations));
  mkdirSync(dir, { recursive: true });
  const credentialsPath = join(dir, "credentials.json");
  const simulator = await startSimulator({
    locations,
    credentialsPath,
    compress: 1,
    seed: SEED,
    locale: "en",
    heapMb: heapFor(locations),
    cpu: settings.pin ? 0 : undefined,
  });
  try {
    if (settings.faults) await injectFaults(simulator.url, settings.faults.rules);
    const idle = sample(simulator.pid);
    const simWatch = new ProcessWatch(simulator.pid);
    const machineWatch = new ProcessWatch("machine");
    const env = {
      LOAD_BASE_URL: simulator.url,
      LOAD_CREDENTIALS: credentialsPath,
      LOAD_OUT: dir,
      LOAD_LABEL: `capacity step: ${locations} locations`,
      // A rate below 1 stretches every cadence: the chain and its clock stay real.
      LOAD_COMPRESS: String(settings.rate),
      LOAD_DURATION: `${settings.durationS}s`,
      LOAD_ORDERS_PER_HOUR: String(settings.ordersPerHour),
      LOAD_MAX_ERROR_RATE: "0",
      // The envelope is a p99 budget; p95 gets the same so that only p99 decides.
      LOAD_READ_P95_MS: String(P99_BUDGET_MS),
      LOAD_READ_P99_MS: String(P99_BUDGET_MS),
      LOAD_WRITE_P95_MS: String(P99_BUDGET_MS),
      LOAD_WRITE_P99_MS: String(P99_BUDGET_MS),
      LOAD_FAULTS: settings.faults ? "1" : "0",
      // The pre-service menu refresh of a large chain: more locations at once, or it takes minutes.
      LOAD_MENU_CONCURRENCY: String(Math.min(64, Math.max(8, Math.ceil(locations / 2000)))),
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
    const quietCpu = await quietCpuPercent(simulator.pid);
    const saturation =
      settings.saturateS > 0
        ? await saturate({
            url: simulator.url,
            pid: simulator.pid,
            credentialsFile: credentialsPath,
            dir,
            durationS: settings.saturateS,
          })
        : null;
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
    const service = report.operations.filter(
      (o) => o.operation !== "menu.get" && o.operation !== "modifiers.get",
    );
    const serviceRequests = service.reduce((sum, o) => sum + o.requests, 0);
    const windowS = Math.max(1e-3, (outcome.endedAt - from) / 1000);
    // CPU time over the service window, per request served in it; a window that served almost
    // nothing (k6 not keeping up) says nothing per request.
    const usPerRequest = (cpuPercent: number) =>
      serviceRequests < MIN_MEASURED_REQUESTS ? null : ((cpuPercent / 100) * windowS * 1e6) / serviceRequests;
    const failures = Object.values(report.errorsByCode ?? {}).reduce((a, b) => a + b, 0);
    const injected = Object.values(report.injectedByCode ?? {}).reduce((a, b) => a + b, 0);
    return {
      locations,
      dueRequestsPerSecond: (locations * perLocationPerMinute(settings.ordersPerHour) * settings.rate) / 60,
      requestsPerSecond: serviceRequests / settings.durationS,
      serviceRequests,
      operations: service.map((o) => ({ operation: o.operation, requests: o.requests, p99Ms: o.p99Ms })),
      simulatorUsPerRequest: usPerRequest(sim.cpuPercent),
      k6UsPerRequest: usPerRequest(gen.cpuPercent),
      p50Ms: report.servicePercentiles.p50Ms,
      p99Ms: report.servicePercentiles.p99Ms,
      failedRate: report.failedRate,
      injected,
      // Failures no fault rule names (k6 counts the ones a rule asked for apart).
      unexpected: failures,
      dropped: report.droppedIterations,
      simulatorCpuPercent: sim.cpuPercent,
      simulatorQuietCpuPercent: quietCpu,
      simulatorServingUsPerRequest: Number.isFinite(quietCpu)
        ? usPerRequest(Math.max(0, sim.cpuPercent - quietCpu))
        : null,
      loopP99Ms: loop?.p99Ms ?? null,
      loopMaxMs: loop?.maxMs ?? null,
      k6CpuPercent: gen.cpuPercent,
      otherCpuPercent: Math.max(0, all.cpuPercent - sim.cpuPercent - gen.cpuPercent),
      idleRssBytes: idle?.rssBytes ?? 0,
      peakRssBytes: sim.peakRss,
      saturation,
      holds: report.verdict === "pass",
    };
  } finally {
    await simulator.stop();
  }
}

const MB = 2 ** 20;
// After a step, the simulator is left QUIET_SETTLE_MS for the collections that follow a burst of
// load, then watched QUIET_MS with no request: its chain's own day, told apart from serving.
const QUIET_SETTLE_MS = 3000;
const QUIET_MS = 10_000;
const QUIET_WORDS = `${QUIET_SETTLE_MS / 1000} s after the run, over ${QUIET_MS / 1000} s`;

/** The simulator's CPU, % of one core, with no request (see QUIET_MS). */
async function quietCpuPercent(pid: number): Promise<number> {
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  await sleep(QUIET_SETTLE_MS);
  const watch = new ProcessWatch(pid);
  await sleep(QUIET_MS);
  return window(watch.stop(), 0, Number.POSITIVE_INFINITY).cpuPercent;
}
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
  const header = ["locations", "due req/s", "req/s", "p50 ms", "p99 ms", "unexpected", "injected", "dropped"];
  header.push("loop p99", "loop max", "sim cpu", "sim µs/req", "k6 cpu", "k6 µs/req", "other cpu");
  header.push("sim rss MB", "envelope");
  const rows = steps.map((s) => [
    String(s.locations),
    f(s.dueRequestsPerSecond, 0),
    f(s.requestsPerSecond, 0),
    f(s.p50Ms, 2),
    f(s.p99Ms, 2),
    String(s.unexpected),
    String(s.injected),
    String(s.dropped),
    f(s.loopP99Ms, 1),
    f(s.loopMaxMs, 1),
    `${f(s.simulatorCpuPercent, 0)}%`,
    f(s.simulatorUsPerRequest, 0),
    `${f(s.k6CpuPercent, 0)}%`,
    f(s.k6UsPerRequest, 0),
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
  for (const s of steps) if (s.idleRssBytes > 0) byChain.set(s.locations, s.idleRssBytes);
  const points = [...byChain];
  if (points.length < 2) return undefined;
  const mx = points.reduce((a, [x]) => a + x, 0) / points.length;
  const my = points.reduce((a, [, y]) => a + y, 0) / points.length;
  const sxy = points.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0);
  const sxx = points.reduce((a, [x]) => a + (x - mx) ** 2, 0);
  const chains = points.map(([x]) => x);
  return { bytes: sxy / sxx, from: Math.min(...chains), to: Math.max(...chains) };
}

/** Resident memory of a simulator with a chain of one location: the process before any chain. */
async function baselineRss(outDir: string): Promise<number> {
  const simulator = await startSimulator({
    locations: 1,
    credentialsPath: join(outDir, "baseline-credentials.json"),
    compress: 1,
    seed: SEED,
    locale: "en",
  });
  try {
    return sample(simulator.pid)?.rssBytes ?? 0;
  } finally {
    await simulator.stop();
  }
}

/** One step explained: every operation's p99, where the CPU and memory go, and what two cores can host. */
function explain(step: Step, settings: Settings, baseline: number): string[] {
  const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
  const lines = [
    `${step.locations} locations: ${f(step.requestsPerSecond, 0)} req/s served of ${f(step.dueRequestsPerSecond, 0)} due; ` +
      `${step.dropped} poll(s) dropped, ${step.unexpected} unexpected failure(s), ${step.injected} injected`,
    `p99 per operation (budget ${P99_BUDGET_MS} ms): ${step.operations
      .map((o) => `${o.operation} ${f(o.p99Ms, 1)} ms (${o.requests})`)
      .join(", ")}`,
    `simulator: ${f(step.simulatorUsPerRequest, 0)} µs of CPU per request (${f(step.simulatorCpuPercent, 0)}% of a core); ` +
      `k6: ${f(step.k6UsPerRequest, 0)} µs per request (${f(step.k6CpuPercent, 0)}%); other processes ${f(step.otherCpuPercent, 0)}%`,
    `simulator with no request, ${QUIET_WORDS}: ${f(step.simulatorQuietCpuPercent, 0)}% of a core (the chain's own day: ` +
      `activity, timers, collections)` +
      (step.simulatorServingUsPerRequest === null
        ? ""
        : `; serving alone: ${f(step.simulatorServingUsPerRequest, 0)} µs per request`),
    `memory: ${kib((step.idleRssBytes - baseline) / step.locations)} of simulator RSS per location idle ` +
      `(${f(step.idleRssBytes / MB, 0)} MB less a one-location simulator's ${f(baseline / MB, 0)} MB, over the chain), ` +
      `${kib((step.peakRssBytes - baseline) / step.locations)} at the peak of service (every polled location derived, its day open)`,
  ];
  const sat = step.saturation;
  // With a fault mix in force its rules answer some polls (503, 500, a dropped connection): those are
  // the chain's answers too. Without one, any failure means the figure is not a capacity.
  const satHolds = sat !== null && (settings.faults !== null || sat.errors === 0);
  if (sat !== null) {
    lines.push(
      `saturated, after the run (wrk, ${settings.saturateS} s, the envelope's polls over every location — ${sat.mix} a round` +
        `${settings.faults === null ? "" : ", the fault mix still in force"}): ` +
        `${f(sat.answersPerSecond, 0)} answers/s (${sat.errors} not 2xx${settings.faults === null ? "" : " or cut off, the mix's"}), ` +
        `${f(sat.usPerRequest, 0)} µs of simulator CPU each ` +
        `(${f(sat.cpuPercent, 0)}% of a core, its collector's threads included), p50 ${f(sat.p50Ms, 1)} ms, p99 ${f(sat.p99Ms, 1)} ms ` +
        `with every connection waiting its turn; wrk ${f(sat.generatorCpuPercent, 0)}% of a core` +
        (sat.generatorCpuPercent >= WRK_SATURATED_PERCENT
          ? " — wrk, not the simulator, set this figure"
          : "") +
        (satHolds ? "" : " — failures with no fault mix: not a capacity, the limit below is extrapolated"),
    );
  }
  lines.push(limit(step, settings, satHolds ? sat : null));
  return lines;
}

/**
 * What one simulator process serves — measured at saturation when there is a figure, otherwise
 * extrapolated from the service window's CPU per request (Node serves on one thread: one core is its
 * ceiling) — and so what this machine's cores, shared with k6, host.
 */
function limit(step: Step, settings: Settings, sat: Saturation | null): string {
  const sim = step.simulatorUsPerRequest;
  const gen = step.k6UsPerRequest;
  if (sat === null && (sim === null || gen === null || sim <= 0))
    return (
      `limit: only ${step.serviceRequests} service requests in the window (fewer than ${MIN_MEASURED_REQUESTS}), so CPU per ` +
      "request is not measured: a longer --duration, or --rate below 1 when k6 did not keep up, or --saturate"
    );
  const perLocation = perLocationPerMinute(settings.ordersPerHour) / 60;
  // What the full envelope of this chain asks, whatever share of it this step sent.
  const full = step.locations * perLocation;
  const cores = os.cpus().length;
  const simUs = sat?.usPerRequest ?? (sim as number);
  const simAlone = sat?.answersPerSecond ?? 1e6 / simUs;
  const writes =
    (100 * writesPerLocationPerMinute(settings.ordersPerHour)) / perLocationPerMinute(settings.ordersPerHour);
  const served =
    sat === null
      ? `limit: one core serves ${f(simAlone, 0)} req/s at ${f(simUs, 0)} µs each (${f(simAlone / perLocation, 0)} locations)`
      : `limit: one simulator process answers ${f(simAlone, 0)} polls/s at this chain's size (the envelope of ` +
        `${f(simAlone / perLocation, 0)} locations, counting its writes, ${f(writes, 0)}% of its requests and not in that mix, as polls)`;
  const asked =
    `${step.locations} at the full envelope ask ${f(full, 0)} req/s: ${f((100 * full) / simAlone, 0)}% of one process, ` +
    `${f((full * simUs) / 1e6, 2)} simulator cores, ` +
    (gen === null
      ? "k6's CPU per request not measured"
      : `${f((full * gen) / 1e6, 2)} k6 cores at k6's ${f(gen, 0)} µs per request`);
  if (gen === null) return `${served}; ${asked}`;
  const shared = (cores * 1e6) / (simUs + gen);
  const hosted = Math.min(simAlone, shared);
  const advice =
    hosted >= full
      ? ""
      : full <= simAlone
        ? " — the load generator is the limit here: run k6 on machines of its own (load/k8s); one simulator process holds the chain"
        : " — beyond one process: shard the chain (--shard k/N, one core each) and run k6 elsewhere";
  return (
    `${served}; ${asked}; ${cores} cores shared with k6 host ${f(shared, 0)} req/s (${f(shared / perLocation, 0)} locations) → ` +
    `this machine: about ${f(hosted / perLocation, 0)} locations${advice}`
  );
}

async function main(argv: string[]): Promise<number> {
  const settings = settingsOrExit(argv, parseSettings, USAGE, "bench:capacity");
  if (typeof settings === "number") return settings;
  const k6 = await resolveK6();
  const wrk = settings.saturateS > 0 ? requireWrk() : null;
  const outDir = resolve(
    "out",
    "load",
    `capacity-${new Date().toISOString().slice(0, 19).replace(/[:T]/g, "-")}`,
  );
  const log = (line: string) => process.stderr.write(`capacity: ${line}\n`);
  const started = performance.now();
  mkdirSync(outDir, { recursive: true });
  const baseline = await baselineRss(outDir);
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
      `node ${process.version}; k6 ${k6}` +
      (wrk === null ? "" : `; ${wrk.split(" Copyright")[0]}`),
    `envelope per location: status every 1 min, new orders every 4, in-progress every 2, availability every 5, ` +
      (settings.rate < 1 ? `sent at ${settings.rate} of that rate, ` : "") +
      `${settings.ordersPerHour} guest orders an hour (create, append, pay); ${settings.durationS} s of service per step; ` +
      `gates: p99 < ${P99_BUDGET_MS} ms per operation, no failed request, no dropped poll`,
    settings.faults === null
      ? "faults: none"
      : `faults: ${settings.faults.rules.map((r) => r.id).join(", ")} (${settings.faults.source}); ` +
        "failures a rule asked for are counted under injected and not gated",
    "",
    table(steps),
    "",
    ...steps.flatMap((step) => [...explain(step, settings, baseline), ""]),
    held === undefined
      ? "largest envelope held: none of the steps"
      : `largest envelope held: ${held} locations` +
        (broke === undefined ? " (the largest step tried; it may hold more)" : `; ${broke} broke it`),
    memory === undefined
      ? "memory per location: needs two steps (one step's figure is below)"
      : `memory per location: ${(memory.bytes / 1024).toFixed(1)} KiB of simulator RSS ` +
        `(slope across chains of ${memory.from} to ${memory.to} locations, idle after start)`,
    "loop: the simulator's event-loop delay (ms) over the run — what its own stalls add to any request.",
    "every step is a real chain of that many locations at the real cadences; a location is derived when first polled.",
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
