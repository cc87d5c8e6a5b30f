// k6 entry point: the polling envelope of a POS chain, location by location, with guest orders on
// the critical path. Settings come from LOAD_* variables (config.ts); `npm run load` sets them.
// The schedule model is explained in cadence.ts; what each step sends, in the run's dialect
// (LOAD_DIALECT), in dialects/.
import { SharedArray } from "k6/data";
import exec from "k6/execution";
import type { Options } from "k6/options";
import { scenarios } from "./cadence.ts";
import { readConfig } from "./config.ts";
import { type LocationCredentials, parseCredentials } from "./credentials.ts";
import { dialectOf, hasStep } from "./dialects/index.ts";
import type { Step } from "./dialects/types.ts";
import { type PackedPicks, packPicks, picksOf } from "./menu.ts";
import { type PosRequest, posRequest, send, sendAll } from "./pos.ts";
import { buildReport, type K6Summary } from "./report.ts";
import { renderText } from "./report-text.ts";
import { POLL_STEPS, PRE_SERVICE_STEPS } from "./steps.ts";
import { thresholds } from "./thresholds.ts";

interface SetupData {
  runId: string;
  /** Orderable product ids of each location, in credentials order. */
  picks: PackedPicks;
}

const config = readConfig(__ENV);
const dialect = dialectOf(config.dialect);
const credentials: LocationCredentials[] = new SharedArray("credentials", () =>
  parseCredentials(open(config.credentialsPath), config.locations, config.dialect),
);
const LOCATIONS = credentials.length;
// A poll follows `hasMore` like a connector would, up to this many pages.
const MAX_PAGES = 5;
// What the dialect fetches before service (menu, and modifiers where they have their own route).
const PRE_SERVICE = PRE_SERVICE_STEPS.filter((s) => hasStep(config.dialect, s));
// The polls the dialect has: what a warm-up read is chosen from.
const READS = POLL_STEPS.filter((s) => hasStep(config.dialect, s));

export const options: Options = {
  scenarios: scenarios(config, LOCATIONS),
  thresholds: thresholds(config, LOCATIONS),
  summaryTrendStats: ["avg", "min", "med", "max", "p(95)", "p(99)", "count"],
  // The pre-service refresh fetches every menu; a slow POS gets time for that, within bounds.
  setupTimeout: `${Math.max(60, Math.ceil(LOCATIONS / 20))}s`,
  userAgent: "mockpos-load (k6)",
};

const location = (): LocationCredentials =>
  credentials[exec.scenario.iterationInTest % LOCATIONS] as LocationCredentials;

/** The daily menu refresh before service: menu and modifiers of every location, a few at a time. */
export function setup(): SetupData {
  const picks: string[][] = [];
  const per = PRE_SERVICE.length;
  for (let start = 0; start < LOCATIONS; start += config.menuConcurrency) {
    const batch = credentials.slice(start, start + config.menuConcurrency);
    const requests: PosRequest[] = [];
    for (const loc of batch) {
      for (const step of PRE_SERVICE) requests.push(posRequest(step, loc, config.baseUrl, "pre-service"));
    }
    const bodies = sendAll(requests);
    batch.forEach((_, i) => {
      const answer = (step: Step) => {
        const at = PRE_SERVICE.indexOf(step);
        return at < 0 ? undefined : bodies[per * i + at];
      };
      picks.push(dialect.orderable(answer("menu.get"), answer("modifiers.get")));
    });
  }
  // load/children.ts watches for this line: the service window starts here.
  console.log(`mockpos-load: pre-service refresh of ${LOCATIONS} locations done, service starts`);
  const runId = config.runId === "" ? `run-${Date.now().toString(36)}` : config.runId;
  return { runId, picks: packPicks(picks) };
}

/** Warm-up: one read per VU (its connection, setup data and compiled code), before service. */
export function warmUp(): void {
  const loc = credentials[exec.vu.idInTest % LOCATIONS] as LocationCredentials;
  const step = READS[exec.vu.idInTest % READS.length];
  if (step !== undefined) send(posRequest(step, loc, config.baseUrl, "warm-up"));
}

/** Cadence: is the location online (every minute). */
export function onlineCheck(): void {
  send(posRequest("location.status", location(), config.baseUrl, "service"));
}

/** Cadence: sold-out flags (every 5 minutes). */
export function availability(): void {
  send(posRequest("availability.get", location(), config.baseUrl, "service"));
}

// A connector keeps one cursor per location and view. Iterations of a location land on any VU, so
// each VU remembers the cursors it has seen; a location new to a VU starts without one, as a
// connector does after a restart.
const cursors = { "orders.new": new Map<string, string>(), "orders.in_progress": new Map<string, string>() };

function pollOrders(step: "orders.new" | "orders.in_progress"): void {
  const loc = location();
  const seen = cursors[step];
  let cursor = seen.get(loc.locationId);
  for (let page = 0; page < MAX_PAGES; page++) {
    const body = send(posRequest(step, loc, config.baseUrl, "service", { cursor }));
    if (body === undefined) return;
    const { resume, next } = dialect.page(step, body);
    if (resume === undefined) seen.delete(loc.locationId);
    else seen.set(loc.locationId, resume);
    if (next === undefined) return;
    cursor = next;
  }
}

/** Cadence: orders opened at the POS since the last pull (every 4 minutes). */
export function newOrders(): void {
  pollOrders("orders.new");
}

/** Cadence: open orders changed since the last refresh (every 2 minutes). */
export function inProgress(): void {
  pollOrders("orders.in_progress");
}

/**
 * A guest's critical path: create an order, append a round (pay-later), mark it paid — the
 * steps of these the dialect has.
 */
export function guestOrder(data: SetupData): void {
  const iteration = exec.scenario.iterationInTest;
  const index = iteration % LOCATIONS;
  const loc = credentials[index] as LocationCredentials;
  const picks = picksOf(data.picks, index);
  // A location the credentials mark read-only keeps its slot in the schedule and sends nothing.
  if (picks.length === 0 || loc.readOnly === true) return;
  const products = [0, 1].map((n) => picks[(iteration + n) % picks.length] as string);
  const key = `${data.runId}-${iteration}`;
  const created = send(posRequest("order.create", loc, config.baseUrl, "service", { key, products }));
  const orderId = dialect.orderId(created);
  if (orderId === undefined) return;
  for (const step of ["order.append", "order.pay"] as const) {
    if (hasStep(config.dialect, step))
      send(posRequest(step, loc, config.baseUrl, "service", { key, products, orderId }));
  }
}

/** The report: text on stdout, and summary.json + summary.txt in LOAD_OUT when set. */
export function handleSummary(data: K6Summary): Record<string, string> {
  const report = buildReport(data, config, LOCATIONS);
  const text = renderText(report);
  const out: Record<string, string> = { stdout: text };
  if (config.outDir !== "") {
    const k6 = { state: data.state, metrics: data.metrics };
    out[`${config.outDir}/summary.json`] = `${JSON.stringify({ ...report, k6 }, null, 2)}\n`;
    out[`${config.outDir}/summary.txt`] = text;
  }
  return out;
}
