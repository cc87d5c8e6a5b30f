import { describe, expect, it } from "vitest";
import { simpleProduct } from "../../test/support/menu.ts";
import { changePrice } from "../domain/menu.ts";
import { orderTotals } from "../domain/money.ts";
import { setFulfilment, voidOrder } from "../domain/orders.ts";

import { API, drive, ids, sale, setup, storedIds } from "./testing.ts";

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
});
