// k6 entry point: the polling envelope of a POS chain, location by location, with guest orders on
// the critical path. Settings come from LOAD_* variables (config.ts); `npm run load` sets them.
// The schedule model is explained in cadence.ts.
import { SharedArray } from "k6/data";
import exec from "k6/execution";
import type { Options } from "k6/options";
import { scenarios } from "./cadence.ts";
import { readConfig } from "./config.ts";
import { parseCredentials } from "./credentials.ts";
import { orderableProducts, type PackedPicks, packPicks, picksOf } from "./menu.ts";
import { type LocationCredentials, type PosRequest, posRequest, send, sendAll } from "./pos.ts";
import { buildReport, type K6Summary, renderText } from "./report.ts";
import { thresholds } from "./thresholds.ts";

interface SetupData {
  runId: string;
  /** Orderable product ids of each location, in credentials order. */
  picks: PackedPicks;
}

interface OrderList {
  cursor?: unknown;
  hasMore?: unknown;
}

const config = readConfig(__ENV);
const credentials: LocationCredentials[] = new SharedArray("credentials", () =>
  parseCredentials(open(config.credentialsPath), config.locations),
);
const LOCATIONS = credentials.length;
// A poll follows `hasMore` like a connector would, up to this many pages.
const MAX_PAGES = 5;
const PAGE_SIZE = 100;

export const options: Options = {
  scenarios: scenarios(config, LOCATIONS),
  thresholds: thresholds(config),
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
  for (let start = 0; start < LOCATIONS; start += config.menuConcurrency) {
    const batch = credentials.slice(start, start + config.menuConcurrency);
    const requests: PosRequest[] = [];
    for (const loc of batch) {
      const common = { phase: "pre-service", parse: true } as const;
      requests.push(
        posRequest(loc, config.baseUrl, {
          ...common,
          operation: "menu.get",
          path: "/menu",
          template: "/menu",
        }),
        posRequest(loc, config.baseUrl, {
          ...common,
          operation: "modifiers.get",
          path: "/modifiers",
          template: "/modifiers",
        }),
      );
    }
    const bodies = sendAll(requests);
    batch.forEach((_, i) => {
      picks.push(orderableProducts(bodies[2 * i], bodies[2 * i + 1]));
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
  const which = exec.vu.idInTest % 3;
  const [operation, path] =
    which === 0
      ? (["location.status", "/status"] as const)
      : which === 1
        ? (["availability.get", "/availability"] as const)
        : (["orders.list", "/orders?view=in_progress&limit=1"] as const);
  send(
    posRequest(loc, config.baseUrl, {
      phase: "warm-up",
      operation,
      path,
      template: path.split("?")[0] ?? path,
    }),
  );
}

/** Cadence: is the location online (every minute). */
export function onlineCheck(): void {
  send(
    posRequest(location(), config.baseUrl, {
      phase: "service",
      operation: "location.status",
      path: "/status",
      template: "/status",
    }),
  );
}

/** Cadence: sold-out flags (every 5 minutes). */
export function availability(): void {
  send(
    posRequest(location(), config.baseUrl, {
      phase: "service",
      operation: "availability.get",
      path: "/availability",
      template: "/availability",
    }),
  );
}

// A connector keeps one cursor per location and view. Iterations of a location land on any VU, so
// each VU remembers the cursors it has seen; a location new to a VU starts without one, as a
// connector does after a restart.
const cursors = { new: new Map<string, string>(), in_progress: new Map<string, string>() };

function pollOrders(view: "new" | "in_progress"): void {
  const loc = location();
  const seen = cursors[view];
  for (let page = 0; page < MAX_PAGES; page++) {
    const cursor = seen.get(loc.locationId);
    const query = `?view=${view}&limit=${PAGE_SIZE}${cursor === undefined ? "" : `&cursor=${encodeURIComponent(cursor)}`}`;
    const body = send(
      posRequest(loc, config.baseUrl, {
        phase: "service",
        operation: "orders.list",
        path: `/orders${query}`,
        template: `/orders?view=${view}`,
        parse: true,
      }),
    ) as OrderList | undefined;
    if (body === undefined || typeof body.cursor !== "string") return;
    seen.set(loc.locationId, body.cursor);
    if (body.hasMore !== true) return;
  }
}

/** Cadence: orders opened at the POS since the last pull (every 4 minutes). */
export function newOrders(): void {
  pollOrders("new");
}

/** Cadence: open orders changed since the last refresh (every 2 minutes). */
export function inProgress(): void {
  pollOrders("in_progress");
}

/** A guest's critical path: create an order, append a round (pay-later), mark it paid. */
export function guestOrder(data: SetupData): void {
  const iteration = exec.scenario.iterationInTest;
  const index = iteration % LOCATIONS;
  const loc = credentials[index] as LocationCredentials;
  const picks = picksOf(data.picks, index);
  if (picks.length === 0) return;
  const key = `${data.runId}-${iteration}`;
  const pick = (n: number) => picks[(iteration + n) % picks.length] as string;
  const order = send(
    posRequest(loc, config.baseUrl, {
      phase: "service",
      operation: "order.create",
      method: "POST",
      path: "/orders",
      template: "/orders",
      body: { externalId: key, type: "take_away", items: [{ productId: pick(0), quantity: 1 }] },
      idempotencyKey: `${key}-create`,
      expected: 201,
      parse: true,
    }),
  ) as { id?: unknown } | undefined;
  if (typeof order?.id !== "string") return;
  const orderPath = `/orders/${encodeURIComponent(order.id)}`;
  send(
    posRequest(loc, config.baseUrl, {
      phase: "service",
      operation: "order.append",
      method: "POST",
      path: `${orderPath}/rounds`,
      template: "/orders/{orderId}/rounds",
      body: { items: [{ productId: pick(1), quantity: 2 }] },
      idempotencyKey: `${key}-append`,
    }),
  );
  send(
    posRequest(loc, config.baseUrl, {
      phase: "service",
      operation: "order.pay",
      method: "POST",
      path: `${orderPath}/payments`,
      template: "/orders/{orderId}/payments",
      body: { method: "card" },
      idempotencyKey: `${key}-pay`,
    }),
  );
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
