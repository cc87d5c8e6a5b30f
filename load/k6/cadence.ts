// The performance envelope as k6 scenarios.
//
// The model: each cadence is one constant-arrival-rate scenario whose rate is "every location once
// per period" — `rate` = N locations per `timeUnit` = the period (divided by the compression).
// k6 starts arrival-rate iterations at evenly spaced instants, so iteration k starts at k·period/N;
// it serves location k mod N. Location i is therefore polled at i·period/N, then exactly one period
// later, and so on: a stable offset per location, the N locations spread evenly over the period, the
// way a connector staggers its polls. Under execution segments (k6-operator, several runners) each
// runner starts a share of those instants and exec.scenario.iterationInTest is still global, so the
// same location keeps the same offset however the test is split. A poll that cannot start on time
// because every VU is busy is not sent late: k6 counts it in dropped_iterations, which is a gate.
//
// The daily menu refresh runs once before service (in setup()); guest orders are one more
// arrival-rate scenario with "period" = one hour / orders per hour, placed the same way.
import type { LoadConfig } from "./config.ts";
import { hasStep } from "./dialects/index.ts";
import type { Step } from "./dialects/types.ts";
import { GUEST_STEPS, guestRequests } from "./steps.ts";

/** The canonical operations this script sends (the names of contracts/operations.ts). */
export type LoadOperation =
  | "location.status"
  | "orders.list"
  | "availability.get"
  | "menu.get"
  | "modifiers.get"
  | "order.create"
  | "order.append"
  | "order.pay";

/** One polling cadence of the envelope. */
export interface Cadence {
  /** k6 scenario name. */
  scenario: string;
  /** Exported function of envelope.ts that runs one poll. */
  exec: string;
  operation: LoadOperation;
  /** The step of the dialect modules it sends (the guest scenario: its first). */
  step: Step;
  /** Simulated time between two polls of one location. */
  periodMs: number;
  what: string;
}

/** The envelope (DESIGN.md, "The performance envelope"), per location. */
export const CADENCES: readonly Cadence[] = [
  {
    scenario: "online_check",
    exec: "onlineCheck",
    operation: "location.status",
    step: "location.status",
    periodMs: 60_000,
    what: "location online check, every minute",
  },
  {
    scenario: "new_orders",
    exec: "newOrders",
    operation: "orders.list",
    step: "orders.new",
    periodMs: 4 * 60_000,
    what: "new orders opened at the POS, every 4 minutes",
  },
  {
    scenario: "in_progress",
    exec: "inProgress",
    operation: "orders.list",
    step: "orders.in_progress",
    periodMs: 2 * 60_000,
    what: "in-progress order refresh, every 2 minutes",
  },
  {
    scenario: "availability",
    exec: "availability",
    operation: "availability.get",
    step: "availability.get",
    periodMs: 5 * 60_000,
    what: "availability (sold-out flags, closings), every 5 minutes",
  },
];

// The whole envelope's operations by kind; a run sends those its dialect has (steps.ts).
export const READ_OPERATIONS: readonly LoadOperation[] = [
  "location.status",
  "orders.list",
  "availability.get",
];
export const WRITE_OPERATIONS: readonly LoadOperation[] = ["order.create", "order.append", "order.pay"];
export const PRE_SERVICE_OPERATIONS: readonly LoadOperation[] = ["menu.get", "modifiers.get"];

/** The subset of k6's constant-arrival-rate scenario this script uses. */
export interface ArrivalScenario {
  executor: "constant-arrival-rate";
  exec: string;
  rate: number;
  timeUnit: string;
  duration: string;
  preAllocatedVUs: number;
  maxVUs: number;
  startTime: string;
  gracefulStop: string;
  tags: Record<string, string>;
}

/** The warm-up: every VU once, before service (see `scenarios`). */
export interface WarmUpScenario {
  executor: "per-vu-iterations";
  exec: string;
  vus: number;
  iterations: 1;
  maxDuration: string;
  gracefulStop: string;
  tags: Record<string, string>;
}

// VUs a scenario starts with, as the time each iteration may hold one (ms), and the most it may
// grow to: past that the server is too slow for the envelope and polls get dropped. Generous at
// the start: a server stall (a GC pause) must not run a scenario out of VUs, because a VU created
// mid-run costs a script initialisation while polls are dropped — k6, not the server, would then
// be what breaks the schedule.
const PREALLOCATED_BUSY_MS = 200;
const MAX_BUSY_MS = 2000;

/**
 * One constant-arrival-rate scenario that visits each of `locations` once every `periodMs` of
 * simulated time, compressed `compress` times.
 */
export function arrivalScenario(options: {
  exec: string;
  locations: number;
  periodMs: number;
  compress: number;
  durationMs: number;
  startMs?: number;
  requestsPerIteration?: number;
  tags?: Record<string, string>;
}): ArrivalScenario {
  const realPeriodMs = options.periodMs / options.compress;
  const perSecond = options.locations / (realPeriodMs / 1000);
  const requests = options.requestsPerIteration ?? 1;
  const preAllocatedVUs = Math.ceil((perSecond * requests * PREALLOCATED_BUSY_MS) / 1000) + 2;
  return {
    executor: "constant-arrival-rate",
    exec: options.exec,
    rate: options.locations,
    // Microseconds: a compressed period is rarely a whole number of milliseconds.
    timeUnit: `${Math.max(1, Math.round(realPeriodMs * 1000))}us`,
    duration: `${Math.round(options.durationMs)}ms`,
    preAllocatedVUs,
    maxVUs: Math.max(preAllocatedVUs, Math.ceil((perSecond * requests * MAX_BUSY_MS) / 1000) + 10),
    startTime: `${Math.round(options.startMs ?? 0)}ms`,
    gracefulStop: "5s",
    tags: options.tags ?? {},
  };
}

/**
 * The cadences of a run: the envelope's that its dialect has a route for, plus guest orders when
 * their rate is above zero (and the dialect takes orders).
 */
export function plan(config: Pick<LoadConfig, "dialect" | "ordersPerHour">): Cadence[] {
  const out = CADENCES.filter((c) => hasStep(config.dialect, c.step));
  if (config.ordersPerHour > 0 && hasStep(config.dialect, "order.create")) {
    const steps = GUEST_STEPS.filter((s) => hasStep(config.dialect, s)).map((s) => s.slice("order.".length));
    out.push({
      scenario: "guest_orders",
      exec: "guestOrder",
      operation: "order.create",
      step: "order.create",
      periodMs: 3_600_000 / config.ordersPerHour,
      what: `guest orders (${steps.join(", ")}), ${config.ordersPerHour} per hour`,
    });
  }
  return out;
}

/**
 * Every scenario of a run, by name. Service starts after a warm-up in which every VU sends one
 * read: on its first iteration a VU opens its connection, parses setup()'s data and compiles the
 * script's functions, and hundreds of VUs doing that at once made the first second of service
 * measure k6 starting up (connects of over a second), not the server.
 */
export function scenarios(
  config: LoadConfig,
  locations: number,
): Record<string, ArrivalScenario | WarmUpScenario> {
  const out: Record<string, ArrivalScenario | WarmUpScenario> = {};
  let vus = 0;
  for (const c of plan(config)) {
    const guest = c.exec === "guestOrder";
    out[c.scenario] = arrivalScenario({
      exec: c.exec,
      locations,
      periodMs: c.periodMs,
      compress: config.compress,
      durationMs: config.durationMs,
      startMs: config.warmupMs,
      requestsPerIteration: guest ? guestRequests(config.dialect) : 1,
      tags: { cadence: guest ? "guest" : `${c.periodMs / 60_000}m` },
    });
    vus += (out[c.scenario] as ArrivalScenario).preAllocatedVUs;
  }
  if (config.warmupMs > 0) {
    out.warm_up = {
      executor: "per-vu-iterations",
      exec: "warmUp",
      vus,
      iterations: 1,
      maxDuration: `${Math.round(config.warmupMs)}ms`,
      gracefulStop: "0s",
      tags: { cadence: "warm-up" },
    };
  }
  return out;
}

/** Iterations a scenario should start in a run: every location once per (compressed) period. */
export function expectedIterations(c: Cadence, config: LoadConfig, locations: number): number {
  return Math.floor((locations * config.durationMs * config.compress) / c.periodMs);
}

/**
 * Requests per wall-clock second that a run of `locations` sends once service has started (one
 * page per poll).
 */
export function expectedRequestRate(config: LoadConfig, locations: number): number {
  let perSecond = 0;
  for (const c of plan(config)) {
    const requests = c.exec === "guestOrder" ? guestRequests(config.dialect) : 1;
    perSecond += (locations * requests) / (c.periodMs / config.compress / 1000);
  }
  return perSecond;
}
