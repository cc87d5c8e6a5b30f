import type { MockPosAdmin } from "../../client/admin/index.ts";
import type { ConfigureInput, Driver, OrderView } from "../../connector/driver/protocol.ts";

const SECOND = 1000;
const MINUTE = 60 * SECOND;

/**
 * What a guest journey needs of where the engine runs: in process on a virtual clock, or as a
 * process behind its control port on a scaled clock. The journey itself is the same code.
 */
export interface JourneyHarness {
  driver: Driver;
  /** Lets `ms` of simulated time pass (a virtual clock's advance; a scaled clock's sleep). */
  advance(ms: number): Promise<void>;
  /** What the engine is configured with: every location of the simulator's chain (generic). */
  setup: ConfigureInput;
  /** A request to the simulator's generic dialect, by path. */
  pos(path: string, init?: RequestInit): Promise<Response>;
  /** The simulator's admin API. */
  admin: MockPosAdmin;
}

/** What the journey saw of one order, on both sides of the connector. */
export interface OrderOutcome {
  state: OrderView["state"];
  posStatus: OrderView["posStatus"];
  /** POS orders carrying the order's reference as external id. */
  posOrders: number;
  rounds: number;
  payments: number;
  /** The engine's total is the POS's. */
  totalAgrees: boolean;
  /** Every write done, each under its own key. */
  writes: string[];
}

export interface JourneyOutcome {
  configured: boolean;
  modes: string[];
  payFirst: OrderOutcome;
  payLater: OrderOutcome;
}

/** What every engine worth the name ends a journey with. */
export const JOURNEY_OUTCOME: JourneyOutcome = {
  configured: true,
  modes: ["online", "online", "online"],
  payFirst: {
    state: "placed",
    posStatus: "paid",
    posOrders: 1,
    rounds: 1,
    payments: 1,
    totalAgrees: true,
    writes: ["order.create done", "order.pay done"],
  },
  payLater: {
    state: "placed",
    posStatus: "paid",
    posOrders: 1,
    rounds: 2,
    payments: 1,
    totalAgrees: true,
    writes: ["order.create done", "order.append done", "order.pay done"],
  },
};

/**
 * Polls `check` every `stepMs` of simulated time until it holds; fails after `withinMs` of it,
 * saying what was awaited and what was last seen.
 */
export async function waitUntil(
  h: Pick<JourneyHarness, "advance">,
  what: string,
  check: () => Promise<boolean | string>,
  // A bound to end a hang (30 real seconds at 60×), not a speed claim.
  withinMs = 30 * MINUTE,
  stepMs = 5 * SECOND,
): Promise<void> {
  let last: boolean | string = false;
  for (let waited = 0; ; waited += stepMs) {
    last = await check();
    if (last === true) return;
    if (waited >= withinMs)
      throw new Error(
        `${what}: still not so after ${withinMs / MINUTE} simulated minute(s)${typeof last === "string" ? ` (${last})` : ""}`,
      );
    await h.advance(stepMs);
  }
}

async function posJson(h: JourneyHarness, path: string, headers: Record<string, string> = {}): Promise<any> {
  const res = await h.pos(path, { headers });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

type LocationSetup = { id: string; credentials: { apiKey: string } };

/**
 * A guest journey through any engine: configure it against the simulator, wait for the menus,
 * place a pay-first order at one location and a pay-later tab at another, append a round to
 * the tab and pay it; then read both sides: what the engine says, and what the POS holds.
 */
export async function guestJourney(h: JourneyHarness): Promise<JourneyOutcome> {
  const { driver } = h;
  await driver.configure(h.setup);
  const locations = h.setup.config.locations as LocationSetup[];
  const [first, second] = locations;
  if (!first || !second) throw new Error("the journey needs two locations");
  await waitUntil(h, "every location has its menu and is online", async () => {
    const views = await driver.locations();
    const waiting = views.filter((l) => l.menuVersion === null || l.mode !== "online");
    return waiting.length === 0 || `waiting for ${waiting.map((l) => `${l.id} (${l.mode})`).join(", ")}`;
  });
  const dish = async (locationId: string) => {
    const item = (await driver.menu(locationId))?.items.find((i) => !i.needsChoice && !i.soldOut);
    if (!item) throw new Error(`nothing orderable at ${locationId}`);
    return item;
  };
  const a = await dish(first.id);
  const b = await dish(second.id);
  const tableId = (await h.admin.chain.location(second.id)).areas[0]?.tables[0]?.id;
  if (!tableId) throw new Error(`${second.id} has no table`);

  const payFirst = await driver.placeOrder({
    locationId: first.id,
    flow: "pay_first",
    items: [{ productId: a.id, quantity: 2 }],
    tip: 100,
  });
  const payLater = await driver.placeOrder({
    locationId: second.id,
    flow: "pay_later",
    tableId,
    guests: 2,
    items: [{ productId: b.id, quantity: 1 }],
  });
  const settled = (ref: string, want: (o: OrderView) => boolean) => async () => {
    const o = await driver.order(ref);
    return (
      (o !== null && want(o)) ||
      `${ref}: ${JSON.stringify(o && { state: o.state, posStatus: o.posStatus, lines: o.lines })}`
    );
  };
  await waitUntil(
    h,
    "the pay-first order is placed and paid",
    settled(payFirst.ref, (o) => o.posStatus === "paid"),
  );
  await waitUntil(
    h,
    "the pay-later tab is open at the POS",
    settled(payLater.ref, (o) => o.state === "placed"),
  );
  await driver.appendRound(payLater.ref, { items: [{ productId: b.id, quantity: 1 }] });
  await waitUntil(
    h,
    "the round is on the tab",
    settled(payLater.ref, (o) => o.lines === 2),
  );
  await driver.pay(payLater.ref, { tip: 50 });
  await waitUntil(
    h,
    "the tab is paid",
    settled(payLater.ref, (o) => o.posStatus === "paid"),
  );

  const outcome = async (ref: string, location: LocationSetup): Promise<OrderOutcome> => {
    const view = (await driver.order(ref)) as OrderView;
    const list = await posJson(
      h,
      `/v1/locations/${location.id}/orders?view=changed&externalId=${encodeURIComponent(ref)}`,
      { "x-api-key": location.credentials.apiKey },
    );
    const mine = (list.orders as any[]).filter((o) => o.externalId === ref);
    const pos = mine[0];
    return {
      state: view.state,
      posStatus: view.posStatus,
      posOrders: mine.length,
      rounds: pos?.rounds.length ?? 0,
      payments: pos?.payments.length ?? 0,
      totalAgrees: pos !== undefined && view.total === pos.totals.total,
      writes: view.writes.map((w) => `${w.kind} ${w.state}`),
    };
  };
  return {
    configured: (await driver.hello()).configured,
    modes: (await driver.locations()).map((l) => l.mode),
    payFirst: await outcome(payFirst.ref, first),
    payLater: await outcome(payLater.ref, second),
  };
}
