import { describe, expect, it } from "vitest";
import { CatalogPush } from "../../contracts/push/catalog.ts";
import { MAX_PUSH_BODY_BYTES } from "../../contracts/push/routes.ts";
import { checkCatalog, checkSales } from "../../contracts/push/rules.ts";
import { MAX_LINES_PER_ORDER } from "../../contracts/push/sales.ts";
import { productWithExtra, simpleProduct, simpleProducts } from "../../test/support/menu.ts";
import { START } from "../../test/support/pos.ts";
import { createMockPos } from "../app.ts";
import { VirtualClock } from "../clock/index.ts";
import { changePrice } from "../domain/menu.ts";
import { orderTotals } from "../domain/money.ts";
import { createOrder, payOrder, setFulfilment, voidOrder } from "../domain/orders.ts";
import type { Chain, LocaleCode, Location, Order } from "../domain/types.ts";
import { createIngestReceiver, type IngestCredential } from "../ingest/index.ts";
import { type PushFeedOptions, type PushFetch, startPushFeed } from "./index.ts";
import { catalogWire, fitName, isoWithOffset, salesOrderWire } from "./map.ts";

const API = { source: "api" } as const;
const URL = "http://ingest.test/api";

/**
 * A two-location chain on a virtual clock, a receiver, and a fetch into it that can be made to
 * fail: `faults` answer the next requests, one each; `hooks.answer` answers any request it
 * returns a Response for; `hooks.after` runs once the receiver has answered, before the feed hears.
 */
function setup(
  o: { locale?: LocaleCode; locations?: number; credentials?: (ls: Location[]) => IngestCredential[] } = {},
) {
  const clock = new VirtualClock(START);
  const { sim } = createMockPos({
    seed: "test",
    locations: o.locations ?? 2,
    locale: o.locale ?? "es",
    clock,
  });
  const perLocation = (ls: Location[]) =>
    ls.map((l) => ({ username: l.credentials.username, password: l.credentials.password, venues: [l.id] }));
  const receiver = createIngestReceiver({
    credentials: (o.credentials ?? perLocation)(sim.chain.locations),
    clock,
  });
  const sent: { path: string; status: number | string; body: any; bytes: number; at: number }[] = [];
  const faults: (() => Response | Error | undefined)[] = [];
  const hooks: {
    answer?: (path: string, user: string) => Response | undefined;
    after?: (path: string, body: any) => void;
  } = {};
  const fetch: PushFetch = async (url, init) => {
    const path = new globalThis.URL(url).pathname;
    const bytes = Buffer.byteLength(String(init.body));
    const fault = faults.shift()?.();
    if (fault instanceof Error) {
      sent.push({ path, status: "network", body: null, bytes, at: clock.now() - START });
      throw fault;
    }
    const auth = new Headers(init.headers).get("authorization") ?? "";
    const user =
      Buffer.from(auth.replace(/^Basic /, ""), "base64")
        .toString()
        .split(":")[0] ?? "";
    const res =
      fault ??
      hooks.answer?.(path, user) ??
      (await receiver.app.request(url.replace(URL, "http://ingest.test"), init));
    const body = JSON.parse(String(init.body));
    sent.push({ path, status: res.status, body, bytes, at: clock.now() - START });
    hooks.after?.(path, body);
    return res;
  };
  const start = (options: Partial<PushFeedOptions> = {}) =>
    startPushFeed(sim, { url: `${URL}/`, fetch, ...options });
  const location = (i: number) => sim.chain.locations[i] as Location;
  const closed = (l: Location) => [...l.orders.values()].filter((order) => order.status !== "open");
  const stored = (l: Location) => receiver.store.orders(l.id);
  return { clock, sim, receiver, sent, faults, hooks, start, location, closed, stored };
}

/** Runs `work` to its end, moving the clock in small steps and letting in-flight work settle between them. */
async function drive<T>(clock: VirtualClock, work: Promise<T>, stepMs = 100): Promise<T> {
  let settled = false;
  const done = work.finally(() => {
    settled = true;
  });
  for (let waited = 0; waited <= 600_000; waited += stepMs) {
    for (let i = 0; i < 10 && !settled; i++) await clock.advance(0);
    if (settled) return done;
    await clock.advance(stepMs);
  }
  throw new Error("still running after 10 clock minutes");
}

/** Opens and pays a take-away order of two of a product, with a tip. */
function sale(chain: Chain, l: Location, now: number, tip = 120) {
  const order = createOrder(
    chain,
    l,
    { type: "take_away", items: [{ productId: simpleProduct(l, 3).id, quantity: 2 }] },
    API,
    now,
  );
  return tip < 0 ? order : payOrder(l, order, { method: "cash", tip }, API, now);
}

/** Opens and pays a take-away order of `lines` lines, one unit each, of the simple products in turn. */
function bigSale(chain: Chain, l: Location, now: number, lines: number) {
  const products = simpleProducts(l);
  const items = Array.from({ length: lines }, (_, i) => ({
    productId: (products[i % products.length] as { id: string }).id,
    quantity: 1,
  }));
  const order = createOrder(chain, l, { type: "take_away", items }, API, now);
  return payOrder(l, order, { method: "card" }, API, now);
}

const ids = (list: { id: string }[]) => list.map((o) => o.id).sort();
const storedIds = (list: { order: { externalID: string } }[]) => list.map((s) => s.order.externalID).sort();

describe("the push feed", () => {
  it("round trip: the receiver stores exactly the chain's closed orders, with equal totals", async () => {
    const t = setup();
    for (const l of t.sim.chain.locations) sale(t.sim.chain, l, t.clock.now());
    const voided = sale(t.sim.chain, t.location(1), t.clock.now(), -1);
    voidOrder(t.location(1), voided, API, t.clock.now());
    const report = await t.start().flush();
    expect(report.failures).toEqual([]);
    for (const l of t.sim.chain.locations) {
      const closed = t.closed(l);
      expect(closed.length).toBeGreaterThan(0);
      expect(
        t
          .stored(l)
          .map((s) => s.order.externalID)
          .sort(),
      ).toEqual(closed.map((o) => o.id).sort());
      for (const s of t.stored(l)) {
        const order = l.orders.get(s.order.externalID);
        if (!order) throw new Error("stored an order the chain does not have");
        const totals = orderTotals(order);
        const items = s.order.items.reduce((n, i) => n + i.total, 0);
        const paid = s.order.payments.reduce((n, p) => n + p.total, 0);
        expect(items).toBe(order.status === "voided" ? 0 : totals.total);
        expect(paid).toBe(totals.paid);
        expect(s.order.payments.reduce((n, p) => n + p.tax, 0)).toBe(
          order.status === "voided" ? 0 : totals.tax,
        );
      }
      expect(t.receiver.store.catalog(l.id).items).toHaveLength(l.menu.products.length);
    }
    expect(t.stored(t.location(1)).find((s) => s.order.externalID === voided.id)?.order).toMatchObject({
      items: [],
      payments: [],
    });
    // Catalog first, then sales, location by location.
    expect(t.sent.map((s) => s.path)).toEqual([
      "/api/catalog/",
      "/api/orders/",
      "/api/catalog/",
      "/api/orders/",
    ]);
    expect(t.receiver.store.reports().every((r) => r.accepted)).toBe(true);
  });

  it("re-sends a changed order as an update, never a duplicate, and leaves an unchanged one alone", async () => {
    const t = setup();
    const feed = t.start();
    const l = t.location(0);
    const paid = sale(t.sim.chain, l, t.clock.now());
    await feed.flush();
    const before = t.stored(l).length;
    await t.clock.advance(60_000);
    await feed.flush(); // the timer's cycle ran first; nothing had changed
    t.sent.length = 0;
    setFulfilment(l, paid, "accepted", API, t.clock.now());
    const fresh = sale(t.sim.chain, l, t.clock.now());
    const report = await feed.flush();
    expect(t.sent.map((s) => s.path)).toEqual(["/api/orders/"]);
    expect(t.sent[0]?.body.orders.map((o: any) => o.externalID)).toEqual([paid.id, fresh.id]);
    expect(report).toMatchObject({ orders: 2, ordersCreated: 1, ordersUpdated: 1 });
    expect(t.stored(l)).toHaveLength(before + 1);
    expect(t.stored(l).find((s) => s.order.externalID === paid.id)?.revision).toBe(2);
    t.sent.length = 0;
    expect(await feed.flush()).toMatchObject({ orders: 0, catalogBatches: 0 });
    expect(t.sent).toEqual([]);
    feed.stop();
  });

  it("pushes the catalog again when the menu changes, before the sales", async () => {
    const t = setup();
    const feed = t.start();
    await feed.flush();
    const l = t.location(1);
    const product = simpleProduct(l, 0);
    changePrice(l, { productId: product.id, price: product.price + 50 }, t.clock.now());
    sale(t.sim.chain, l, t.clock.now());
    t.sent.length = 0;
    await feed.flush();
    expect(t.sent.map((s) => s.path)).toEqual(["/api/catalog/", "/api/orders/"]);
    const item = t.receiver.store.catalog(l.id).items.find((i) => i.externalID === product.id);
    expect(item?.price).toBe(product.price);
  });

  it("routes by venueID on one credential, storing what per-location credentials store", async () => {
    const routing = setup({ credentials: () => [{ username: "chain", password: "s3cret" }] });
    const feed = routing.start({ routing: "venue", credential: { username: "chain", password: "s3cret" } });
    await feed.flush();
    expect(routing.sent.every((s) => s.status === 200)).toBe(true);
    expect(routing.sent[0]?.body.venueID).toBe("loc-0001");
    expect(routing.sent[1]?.body.orders.every((o: any) => o.venueID === "loc-0001")).toBe(true);
    const perLocation = setup();
    await perLocation.start().flush();
    expect(perLocation.sent[1]?.body.orders.every((o: any) => o.venueID === undefined)).toBe(true);
    for (const i of [0, 1]) {
      const id = routing.location(i).id;
      expect(routing.receiver.store.orders(id)).toEqual(perLocation.receiver.store.orders(id));
      expect(routing.receiver.store.catalog(id)).toEqual(perLocation.receiver.store.catalog(id));
    }
  });

  it("sends closed orders in batches of batchSize, oldest change first, on its interval", async () => {
    const t = setup();
    const l = t.location(0);
    for (let i = 0; i < 5; i++) sale(t.sim.chain, l, t.clock.now());
    const feed = t.start({ batchSize: 2, interval: 30_000 });
    await t.clock.advance(0);
    await feed.flush();
    const batches = t.sent.filter(
      (s) => s.path === "/api/orders/" && s.body.orders[0].externalID.startsWith(l.id),
    );
    expect(batches.map((b) => b.body.orders.length)).toEqual([2, 2, 2]);
    const seqs = batches.flatMap((b) =>
      b.body.orders.map((o: any) => l.orders.get(o.externalID)?.changedSeq),
    );
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    t.sent.length = 0;
    sale(t.sim.chain, l, t.clock.now());
    await t.clock.advance(30_000);
    await feed.flush();
    expect(t.sent.map((s) => s.body.orders?.length)).toEqual([1]);
    expect(feed.stats.cycles).toBe(4);
    feed.stop();
  });

  it("retries 503 and 429 after their Retry-After and a network failure on the backoff schedule", async () => {
    const t = setup();
    t.faults.push(() => new Response("busy", { status: 503, headers: { "retry-after": "5" } }));
    t.faults.push(() => new TypeError("fetch failed"));
    t.faults.push(() => new Response(null, { status: 429, headers: { "retry-after": "7" } }));
    const report = await drive(t.clock, t.start().flush());
    expect(report.retries).toBe(3);
    expect(report.failures).toEqual([]);
    expect(t.sent.slice(0, 4).map((s) => [s.status, s.at])).toEqual([
      [503, 0],
      ["network", 5_000],
      [429, 7_000], // the second retry waits the schedule's second delay, 2 s
      [200, 14_000],
    ]);
    for (const l of t.sim.chain.locations) expect(t.stored(l)).toHaveLength(t.closed(l).length);
  });

  it("with venue routing, gives up after its retries, keeps its place, and catches up on a later cycle", async () => {
    const t = setup({ credentials: () => [{ username: "chain", password: "s3cret" }] });
    for (let i = 0; i < 3; i++) t.faults.push(() => new Response(null, { status: 502 }));
    const feed = t.start({
      routing: "venue",
      credential: { username: "chain", password: "s3cret" },
      retryDelays: [1_000, 2_000],
    });
    const report = await drive(t.clock, feed.flush());
    expect(report.failures).toMatchObject([
      { locationId: "loc-0001", kind: "catalog", status: 502, outcome: "gave-up" },
    ]);
    expect(report.catalogBatches).toBe(0);
    // One endpoint, one credential: the receiver is down for everyone, so the cycle ends there
    // and loc-0002 is not tried; the timer's cycle then starts again from loc-0001.
    expect(t.sent.slice(0, 4).map((s) => [s.path, s.status, s.at, s.body.venueID])).toEqual([
      ["/api/catalog/", 502, 0, "loc-0001"],
      ["/api/catalog/", 502, 1_000, "loc-0001"],
      ["/api/catalog/", 502, 3_000, "loc-0001"],
      ["/api/catalog/", 200, 3_000, "loc-0001"],
    ]);
    await drive(t.clock, feed.flush());
    for (const l of t.sim.chain.locations) expect(t.stored(l)).toHaveLength(t.closed(l).length);
    expect(t.receiver.store.reports().filter((r) => r.kind === "catalog")).toHaveLength(2);
    feed.stop();
  });

  it("with per-location routing, a location retried out does not hold up the ones after it", async () => {
    const t = setup();
    const [stuck, next] = [t.location(0), t.location(1)];
    for (const l of t.sim.chain.locations) sale(t.sim.chain, l, t.clock.now());
    t.hooks.answer = (_path, user) =>
      user === stuck.credentials.username ? new Response("busy", { status: 503 }) : undefined;
    const feed = t.start({ retryDelays: [1_000, 2_000] });
    const report = await drive(t.clock, feed.flush());
    expect(report.failures).toMatchObject([
      { locationId: stuck.id, kind: "catalog", status: 503, outcome: "gave-up" },
    ]);
    // In the same cycle, loc-0002 got its catalog and every closed order.
    expect(report).toMatchObject({ catalogBatches: 1, salesBatches: 1, orders: t.closed(next).length });
    expect(t.receiver.store.catalog(next.id).items).toHaveLength(next.menu.products.length);
    expect(storedIds(t.stored(next))).toEqual(ids(t.closed(next)));
    expect(t.stored(stuck)).toEqual([]);
    expect(report.stopped).toEqual({});
    // Once loc-0001's receiver answers again, it catches up from where it was.
    t.hooks.answer = undefined;
    await drive(t.clock, feed.flush());
    expect(storedIds(t.stored(stuck))).toEqual(ids(t.closed(stuck)));
    feed.stop();
  });

  it("stops a location whose credential gets 401, and goes on with the others", async () => {
    const t = setup({
      credentials: (ls) =>
        ls.map((l, i) => ({
          username: l.credentials.username,
          password: i === 0 ? "wrong" : l.credentials.password,
          venues: [l.id],
        })),
    });
    const feed = t.start();
    const report = await feed.flush();
    expect(report.stopped).toEqual({
      "loc-0001": expect.stringMatching(/^catalog push refused: 401 UNAUTHORIZED/),
    });
    expect(report.failures).toMatchObject([{ locationId: "loc-0001", status: 401, outcome: "denied" }]);
    expect(t.stored(t.location(1)).length).toBe(t.closed(t.location(1)).length);
    sale(t.sim.chain, t.location(0), t.clock.now());
    t.sent.length = 0;
    await feed.flush();
    expect(t.sent).toEqual([]);
  });

  it("stops only the venue a routing credential may not send for (403)", async () => {
    const t = setup({ credentials: () => [{ username: "chain", password: "pw", venues: ["loc-0002"] }] });
    const feed = t.start({ routing: "venue", credential: { username: "chain", password: "pw" } });
    const report = await feed.flush();
    expect(Object.keys(report.stopped)).toEqual(["loc-0001"]);
    expect(report.stopped["loc-0001"]).toMatch(/403 FORBIDDEN_LOCATION/);
    expect(t.stored(t.location(1)).length).toBe(t.closed(t.location(1)).length);
  });

  it("never moves its cursor past an order that closed while a batch was out", async () => {
    const t = setup({ locations: 1 });
    const l = t.location(0);
    const last = sale(t.sim.chain, l, t.clock.now());
    let late: Order | undefined;
    // While the batch ending with `last` is out: another order closes, then `last` moves on in
    // the kitchen, so that its change sequence is now past the new order's.
    t.hooks.after = (path, body) => {
      if (late || path !== "/api/orders/" || body.orders.at(-1)?.externalID !== last.id) return;
      late = sale(t.sim.chain, l, t.clock.now());
      setFulfilment(l, last, "accepted", API, t.clock.now());
    };
    const feed = t.start();
    for (let i = 0; i < 3; i++) await feed.flush();
    expect(late).toBeDefined();
    expect(storedIds(t.stored(l))).toEqual(ids(t.closed(l)));
    expect(t.stored(l).find((s) => s.order.externalID === last.id)?.revision).toBe(2);
    expect(feed.stats.failures).toEqual([]);
  });

  it("cuts item names to the contract's 200 characters, so the catalog and the sale are stored", async () => {
    const t = setup({ locations: 1 });
    const l = t.location(0);
    const long = simpleProduct(l, 3);
    long.name = `Croqueta ${"de jamón ibérico ".repeat(15)}`.trim(); // over 200 on its own
    const { product, option } = productWithExtra(l);
    product.name = "Hamburguesa ".repeat(12).trim(); // under 200, but not with its modifier
    option.name = "extra de queso curado ".repeat(4).trim();
    const plain = sale(t.sim.chain, l, t.clock.now());
    const extra = createOrder(
      t.sim.chain,
      l,
      {
        type: "take_away",
        items: [{ productId: product.id, quantity: 1, modifiers: [{ optionId: option.id }] }],
      },
      API,
      t.clock.now(),
    );
    payOrder(l, extra, { method: "card" }, API, t.clock.now());
    const report = await t.start().flush();
    expect(report.failures).toEqual([]);
    const catalogName = t.receiver.store.catalog(l.id).items.find((i) => i.externalID === long.id)?.name;
    expect(catalogName).toHaveLength(200);
    expect(catalogName).toBe(`${long.name.slice(0, 199)}…`);
    const names = [plain, extra].map(
      (o) => t.stored(l).find((s) => s.order.externalID === o.id)?.order.items[0]?.name ?? "",
    );
    expect(names.map((n) => n.length)).toEqual([200, 200]);
    expect(names[0]).toBe(`${long.name.slice(0, 199)}…`);
    expect(names[1]).toBe(`${`${product.name} (${option.name})`.slice(0, 199)}…`);
    expect(storedIds(t.stored(l))).toEqual(ids(t.closed(l)));
  });

  it("sends a refused batch again order by order, so only the bad order is skipped", async () => {
    const t = setup({ locations: 1 });
    const l = t.location(0);
    sale(t.sim.chain, l, t.clock.now());
    const big = bigSale(t.sim.chain, l, t.clock.now(), MAX_LINES_PER_ORDER + 1);
    sale(t.sim.chain, l, t.clock.now());
    const feed = t.start();
    const report = await feed.flush();
    const good = t.closed(l).filter((o) => o.id !== big.id);
    expect(good.length).toBeGreaterThan(1);
    expect(storedIds(t.stored(l))).toEqual(ids(good));
    expect(report.failures).toMatchObject([
      {
        locationId: l.id,
        kind: "sales",
        status: 400,
        outcome: "rejected",
        orders: [big.id],
        reason: expect.stringMatching(/orders\[0\]\.items/),
      },
    ]);
    expect(feed.stats.failures).toEqual(report.failures);
    // The whole batch, refused, then each of its orders on its own.
    const sales = t.sent.filter((s) => s.path === "/api/orders/");
    expect(sales.map((s) => [s.body.orders.length, s.status])).toEqual([
      [good.length + 1, 400],
      ...t.closed(l).map((o) => [1, o.id === big.id ? 400 : 200]),
    ]);
    expect(report).toMatchObject({ salesBatches: good.length, orders: good.length });
    // Skipped for good: the next cycle does not send it again.
    t.sent.length = 0;
    await feed.flush();
    expect(t.sent).toEqual([]);
  });

  it("splits a batch whose body would pass the receiver's 2 MiB limit", async () => {
    const t = setup({ locations: 1 });
    const l = t.location(0);
    for (let i = 0; i < 500; i++) bigSale(t.sim.chain, l, t.clock.now(), 50);
    const report = await t.start({ batchSize: 500 }).flush();
    expect(report.failures).toEqual([]);
    const sales = t.sent.filter((s) => s.path === "/api/orders/");
    expect(sales.reduce((n, s) => n + s.bytes, 0)).toBeGreaterThan(MAX_PUSH_BODY_BYTES);
    expect(sales.length).toBeGreaterThan(1);
    for (const s of sales) {
      expect(s.status).toBe(200);
      expect(s.bytes).toBeLessThanOrEqual(MAX_PUSH_BODY_BYTES);
    }
    expect(sales.reduce((n, s) => n + s.body.orders.length, 0)).toBe(t.closed(l).length);
    expect(storedIds(t.stored(l))).toEqual(ids(t.closed(l)));
  });

  it("is deterministic: the same seed and clock send the same bytes", async () => {
    const run = async () => {
      const t = setup();
      for (const l of t.sim.chain.locations) sale(t.sim.chain, l, t.clock.now());
      await t.start({ batchSize: 1 }).flush();
      return JSON.stringify(t.sent);
    };
    expect(await run()).toBe(await run());
  });

  it("maps every locale's catalog and closed orders to bodies the contract accepts", () => {
    for (const locale of ["en", "es", "fr", "pl"] as const) {
      const t = setup({ locale });
      for (const l of t.sim.chain.locations) {
        sale(t.sim.chain, l, t.clock.now());
        const body = CatalogPush.parse(JSON.parse(JSON.stringify(catalogWire(l))));
        expect(checkCatalog(body, { categories: new Set(), modifierGroups: new Set() }).problems).toEqual([]);
        const orders = t.closed(l).map((o) => salesOrderWire(t.sim.chain, l, o));
        expect(checkSales(JSON.parse(JSON.stringify({ orders }))).problems, `${locale} ${l.id}`).toEqual([]);
      }
    }
  });

  it("keeps a sales order within the contract where the mapping stays faithful", () => {
    const t = setup({ locations: 1 });
    const l = t.location(0);
    const product = simpleProduct(l, 0);
    const order = createOrder(
      t.sim.chain,
      l,
      { type: "take_away", guests: 0, items: [{ productId: product.id, quantity: 25_000 }] },
      API,
      t.clock.now(),
    );
    payOrder(l, order, { method: "cash" }, API, t.clock.now());
    const wire = salesOrderWire(t.sim.chain, l, order);
    // More units than an item may carry: several items of the same product and price.
    expect(wire.items.map((i) => i.quantity)).toEqual([10_000, 10_000, 5_000]);
    expect(wire.items.reduce((n, i) => n + i.total, 0)).toBe(orderTotals(order).total);
    expect(wire.seats).toBeUndefined();
    expect(checkSales(JSON.parse(JSON.stringify({ orders: [wire] }))).problems).toEqual([]);
    expect(fitName("abc", 3, "id")).toBe("abc");
    expect(fitName("abcd", 3, "id")).toBe("ab…");
    expect(fitName("a😀b", 3, "id")).toBe("a…"); // never half an emoji
    expect(fitName("  ", 3, "id")).toBe("id");
  });

  it("writes dates with the location's own UTC offset", () => {
    expect(isoWithOffset(Date.UTC(2026, 0, 15, 12, 0, 30, 999), "Europe/London")).toBe(
      "2026-01-15T12:00:30+00:00",
    );
    expect(isoWithOffset(Date.UTC(2026, 6, 15, 12, 0), "Europe/Madrid")).toBe("2026-07-15T14:00:00+02:00");
    expect(isoWithOffset(Date.UTC(2026, 6, 15, 2, 0), "America/New_York")).toBe("2026-07-14T22:00:00-04:00");
  });

  it("refuses options it cannot work with", () => {
    const t = setup();
    expect(() => t.start({ batchSize: 501 })).toThrow(/batchSize/);
    expect(() => t.start({ routing: "venue" })).toThrow(/credential/);
    expect(() => t.start({ interval: 0 })).toThrow(/interval/);
    expect(() => t.start({ maxBodyBytes: 0 })).toThrow(/maxBodyBytes/);
  });
});
