import { describe, expect, it } from "vitest";
import { CatalogPush } from "../../contracts/push/catalog.ts";
import { MAX_PUSH_BODY_BYTES } from "../../contracts/push/routes.ts";
import { checkCatalog, checkSales } from "../../contracts/push/rules.ts";
import { MAX_LINES_PER_ORDER } from "../../contracts/push/sales.ts";
import { productWithExtra, simpleProduct } from "../../test/support/menu.ts";
import { orderTotals } from "../domain/money.ts";
import { createOrder, payOrder, setFulfilment } from "../domain/orders.ts";
import type { Order } from "../domain/types.ts";
import { catalogWire, fitName, isoWithOffset, salesOrderWire } from "./map.ts";

import { API, bigSale, ids, sale, setup, storedIds } from "./testing.ts";

describe("the push feed within the contract's limits", () => {
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
