import { describe, expect, it } from "vitest";
import { rig } from "../mock/testing.ts";

const MINUTE = 60_000;

/** A product every location can sell without a choice. */
async function orderable(r: Awaited<ReturnType<typeof rig>>, locationId: string) {
  const menu = await r.engine.menu(locationId);
  const item = menu?.items.find((i) => !i.needsChoice && !i.soldOut);
  if (!item) throw new Error(`no orderable product at ${locationId}`);
  return item;
}

describe("the envelope", () => {
  it("polls each location at every cadence, spread over the period", async () => {
    const r = await rig({ locations: 4 });
    await r.clock.advance(20 * MINUTE - 1);
    const journal = [...r.mock.sim.journal.entries()];
    for (const loc of r.mock.sim.chain.locations) {
      const times = (op: string) =>
        journal.filter((e) => e.locationId === loc.id && e.operation === op).map((e) => Date.parse(e.time));
      const status = times("location.status");
      expect(status.length).toBe(20);
      expect(new Set(status.slice(1).map((t, i) => t - (status[i] as number)))).toEqual(new Set([MINUTE]));
      expect(times("availability.get").length).toBe(4);
      expect(times("menu.get").length).toBe(1);
      expect(times("orders.list").length).toBe(10 + 5);
    }
    const firstStatus = r.mock.sim.chain.locations.map((l) =>
      Date.parse(journal.find((e) => e.locationId === l.id && e.operation === "location.status")?.time ?? ""),
    );
    expect(firstStatus.map((t) => t - (firstStatus[0] as number))).toEqual([0, 15_000, 30_000, 45_000]);
    await r.engine.stop();
  });
});

describe("guest orders", () => {
  it("writes a pay-first order and its payment once each, with a key per write", async () => {
    const r = await rig();
    await r.clock.advance(MINUTE);
    const item = await orderable(r, "loc-0001");
    const placed = await r.engine.placeOrder({
      locationId: "loc-0001",
      flow: "pay_first",
      items: [{ productId: item.id, quantity: 2 }],
      tip: 150,
    });
    expect(placed.state).toBe("pending");
    await r.clock.advance(1000);
    const view = await r.engine.order(placed.ref);
    expect(view).toMatchObject({ state: "placed", posStatus: "paid", due: 0, total: item.price * 2 + 150 });
    const writes = r.mock.sim.journal.query({ locationId: "loc-0001" }).filter((e) => e.method === "POST");
    expect(writes.map((e) => [e.operation, e.status, e.idempotencyKey])).toEqual([
      ["order.create", 201, `${placed.ref}:create`],
      ["order.pay", 200, `${placed.ref}:pay`],
    ]);
  });

  it("appends pay-later rounds to the open order and pays it at the end", async () => {
    const r = await rig();
    await r.clock.advance(MINUTE);
    const item = await orderable(r, "loc-0002");
    const table = r.mock.sim.chain.locations[1]?.areas[0]?.tables[0]?.id;
    const o = await r.engine.placeOrder({
      locationId: "loc-0002",
      flow: "pay_later",
      tableId: table,
      items: [{ productId: item.id, quantity: 1 }],
    });
    await r.clock.advance(MINUTE);
    await r.engine.appendRound(o.ref, { items: [{ productId: item.id, quantity: 1 }] });
    await r.clock.advance(MINUTE);
    await r.engine.pay(o.ref, { tip: 100 });
    await r.clock.advance(MINUTE);
    const view = await r.engine.order(o.ref);
    expect(view).toMatchObject({ state: "placed", posStatus: "paid", lines: 2 });
    const pos = [...(r.mock.sim.chain.locations[1]?.orders.values() ?? [])].filter(
      (x) => x.externalId === o.ref,
    );
    expect(pos).toHaveLength(1);
  });
});

describe("configuration", () => {
  it("refuses a bad configuration naming the field", async () => {
    const r = await rig();
    await expect(
      r.engine.configure({
        config: {
          locations: [{ id: "x", dialect: "generic", baseUrl: "ftp://nope", credentials: { apiKey: "k" } }],
        },
      }),
    ).rejects.toThrow(/locations\[0\]\.baseUrl/);
    await expect(
      r.engine.configure({
        config: { locations: [{ id: "x", dialect: "generic", baseUrl: "http://pos.test", credentials: {} }] },
      }),
    ).rejects.toThrow(/locations\[0\]\.credentials/);
  });
});

describe("a dish that needs a choice", () => {
  it("is refused at checkout with the reason, not failed later at the POS", async () => {
    const r = await rig();
    await r.clock.advance(MINUTE);
    const menu = await r.engine.menu("loc-0001");
    const setMenu = menu?.items.find((i) => i.needsChoice && !i.soldOut);
    if (!setMenu) throw new Error("no dish that needs a choice");
    const o = await r.engine.placeOrder({
      locationId: "loc-0001",
      flow: "pay_first",
      items: [{ productId: setMenu.id, quantity: 1 }],
    });
    expect(o).toMatchObject({ state: "refused", reason: expect.stringMatching(/needs a choice/) });
    await r.clock.advance(MINUTE);
    expect(r.mock.sim.journal.query({ operation: "order.create" })).toEqual([]);
  });

  it("a write the POS refuses for good is logged with why", async () => {
    const r = await rig();
    await r.clock.advance(MINUTE);
    const item = await orderable(r, "loc-0001");
    // Sold out at the POS since the engine last read the menu: the guest checks out what the engine
    // still offers, and the POS refuses the write, a refusal no retry changes. (Sold out before the
    // order, not after it: the engine writes at once, and which of two in-process requests lands
    // first is not something a test should depend on.)
    await r.admin.staff.setSoldOut("loc-0001", item.id, true);
    const o = await r.engine.placeOrder({
      locationId: "loc-0001",
      flow: "pay_first",
      items: [{ productId: item.id, quantity: 1 }],
    });
    await r.clock.advance(MINUTE);
    expect((await r.engine.order(o.ref))?.state).toBe("failed");
    expect(r.log.some((l) => l.includes(`order.create of order ${o.ref} failed`))).toBe(true);
  });
});
