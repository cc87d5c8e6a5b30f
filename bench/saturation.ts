// The most one simulator process serves of a chain's polls, measured rather than extrapolated: wrk
// sends the envelope's reads — each poll as often, relative to the others, as its cadence asks —
// over every location of a running chain, as fast as the simulator answers. bench:capacity runs it
// after a step, when every location has been polled and holds its day, so the figure is that of the
// chain at its size in service, with the heap that goes with it.
//
// CPU per request at a low rate overstates what a request costs: the process wakes for each one,
// and its collections over a large heap run whatever the rate. At saturation both are spread over
// as many requests as it can answer, which is the capacity a chain rollout plans with.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CADENCES } from "../load/k6/cadence.ts";
import { parseCredentials } from "../load/k6/credentials.ts";
import { GENERIC } from "../load/k6/dialects/generic.ts";
import { ProcessWatch, window } from "../load/proc.ts";
import { startWrk, type WrkTarget, writeWrkScript } from "./wrk.ts";

export interface Saturation {
  /** Answers per second, whatever their status. */
  answersPerSecond: number;
  /** Answers that were not 2xx, and requests with no answer (a fault rule's, when a mix is in force). */
  errors: number;
  /** The simulator's CPU over the window, % of one core (its collector's threads included). */
  cpuPercent: number;
  /** That CPU per answer, µs. */
  usPerRequest: number;
  p50Ms: number;
  p99Ms: number;
  /** wrk's CPU, % of one core: near 100 and the generator, not the simulator, set the figure. */
  generatorCpuPercent: number;
  /** How many polls of each step one round of the targets holds, e.g. `location.status 20`. */
  mix: string;
}

// wrk's connections: enough to keep a single-threaded server busy between event-loop turns.
const CONNECTIONS = 20;
const WARMUP_S = 2;

/**
 * The envelope's polls over every location in `credentialsFile` (generic dialect), in the
 * proportions of their cadences: one round of the targets asks each location once, the step
 * turning with the location, so every step meets every part of the chain.
 */
export function pollTargets(credentialsFile: string): { targets: WrkTarget[]; mix: string } {
  const locations = parseCredentials(readFileSync(credentialsFile, "utf8"), 0);
  // Each cadence's period in shortest periods (status every minute: 1, in-progress: 2, …); over
  // their least common multiple, each step is polled that many times fewer than the shortest.
  const shortest = Math.min(...CADENCES.map((c) => c.periodMs));
  const units = CADENCES.map((c) => Math.round(c.periodMs / shortest));
  const span = lcm(units);
  // Polls of each step in one round, e.g. status 20, in-progress 10, new 5, availability 4.
  const counts = units.map((unit) => span / unit);
  const pattern = CADENCES.flatMap((c, i) => Array.from({ length: counts[i] ?? 0 }, () => c.step));
  const targets = locations.map((loc, i) => {
    const step = pattern[i % pattern.length] ?? "location.status";
    const build = GENERIC.steps[step];
    if (build === undefined) throw new Error(`the generic dialect has no ${step} step`);
    const request = build(loc, "", {});
    return { path: request.url, headers: request.headers };
  });
  const mix = CADENCES.map((c, i) => `${c.step} ${counts[i]}`).join(", ");
  return { targets, mix };
}

function lcm(values: number[]): number {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  return values.reduce((a, b) => (a * b) / gcd(a, b), 1);
}

/** Drives the simulator at `url` (process `pid`) at saturation for `durationS` and reads its CPU. */
export async function saturate(options: {
  url: string;
  pid: number;
  credentialsFile: string;
  dir: string;
  durationS: number;
}): Promise<Saturation> {
  const { targets, mix } = pollTargets(options.credentialsFile);
  const scriptFile = join(options.dir, "saturation.lua");
  writeWrkScript(scriptFile, targets);
  const base = { url: options.url, scriptFile, connections: CONNECTIONS };
  await startWrk({ ...base, durationS: WARMUP_S }).result;
  const sim = new ProcessWatch(options.pid);
  const run = startWrk({ ...base, durationS: options.durationS });
  const generator = new ProcessWatch(run.child.pid ?? 0);
  const result = await run.result;
  const simCpu = window(sim.stop(), 0, Number.POSITIVE_INFINITY).cpuPercent;
  const genCpu = window(generator.stop(), 0, Number.POSITIVE_INFINITY).cpuPercent;
  return {
    answersPerSecond: result.requests / result.durationS,
    errors: result.errors,
    cpuPercent: simCpu,
    usPerRequest: ((simCpu / 100) * result.durationS * 1e6) / Math.max(1, result.requests),
    p50Ms: result.p50Ms,
    p99Ms: result.p99Ms,
    generatorCpuPercent: genCpu,
    mix,
  };
}
