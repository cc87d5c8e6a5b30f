import { describe, expect, it } from "vitest";
import { closeShift } from "../simulator/domain/shifts.ts";
import { IdempotencyStore } from "../simulator/idempotency/index.ts";
import { simpleProduct } from "./support/menu.ts";
import { testPos } from "./support/pos.ts";

/**
 * Memory is bounded by the clock, not only by caps: idempotency keys go 24 h after their first
 * use, closed shifts (and their Z-reports) `retainDays` after they closed, as orders do.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe("idempotency keys expire 24 h after their first use", () => {
  it("in the store: a write drops the keys that have expired, a replay does not extend a key", async () => {
    const store = new IdempotencyStore();
    let runs = 0;
    const write = () => ++runs;
    expect((await store.run("loc", "a", { n: 1 }, 0, write)).replayed).toBe(false);
    expect((await store.run("loc", "b", { n: 1 }, 10 * HOUR, write)).replayed).toBe(false);
    // A replay 23 h later answers the first result and does not make the key live longer.
    expect(await store.run("loc", "a", { n: 1 }, 23 * HOUR, write)).toEqual({ body: 1, replayed: true });
    expect(store.size).toBe(2);
    // 24 h after its first use, `a` is gone: any write drops it, and a retry with it runs again.
    await store.run("loc", "c", { n: 1 }, DAY, write);
    expect(store.size).toBe(2);
    expect(await store.run("loc", "a", { n: 2 }, DAY, write)).toEqual({ body: 4, replayed: false });
    expect(store.prune(10 * HOUR + DAY)).toBe(1);
    expect(store.size).toBe(2);
    expect(store.prune(100 * DAY)).toBe(2);
    expect(store.size).toBe(0);
  });

  it("in a simulator left alone: the hourly sweep on its clock forgets them", async () => {
    const pos = testPos({ openService: false });
    const loc = pos.location(0);
    const create = (key: string) =>
      pos.request("POST", `/v1/locations/${loc.id}/orders`, {
        body: { type: "take_away", items: [{ productId: simpleProduct(loc).id, quantity: 1 }] },
        headers: { "idempotency-key": key },
      });
    const first = await create("k-1");
    await pos.clock.advance(12 * HOUR);
    await create("k-2");
    expect(pos.sim.idempotency.size).toBe(2);
    await pos.clock.advance(11 * HOUR);
    const replay = await create("k-1");
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(replay.body.id).toBe(first.body.id);
    // No write comes after this: the sweep alone must let the keys go.
    await pos.clock.advance(2 * HOUR);
    expect(pos.sim.idempotency.size).toBe(1);
    await pos.clock.advance(12 * HOUR);
    expect(pos.sim.idempotency.size).toBe(0);
    // Forgotten, the key makes a new order.
    const again = await create("k-1");
    expect(again.headers.get("idempotent-replayed")).toBeNull();
    expect(again.body.id).not.toBe(first.body.id);
  });
});

describe("closed shifts are forgotten retainDays after they closed", () => {
  it("keeps the running shift and any shift an order still held counts in; lets the others go", async () => {
    const pos = testPos({ openService: false, retainDays: 2 });
    const loc = pos.location(0);
    const url = `/v1/locations/${loc.id}`;
    const open = await pos.request("POST", `${url}/orders`, {
      body: { type: "take_away", items: [{ productId: simpleProduct(loc).id, quantity: 1 }] },
    });
    const opening = loc.shifts.at(-1)?.id;
    await pos.clock.advance(HOUR);
    closeShift(loc, pos.clock.now());
    const empty = loc.shifts.at(-1)?.id;
    await pos.clock.advance(HOUR);
    closeShift(loc, pos.clock.now());
    const ids = () => loc.shifts.map((s) => s.id);
    expect(ids()).toContain(empty);
    expect((await pos.request("GET", `${url}/shifts/${empty}`)).status).toBe(200);

    await pos.clock.advance(2 * DAY + 2 * HOUR);
    // The empty shift closed over 2 days ago: gone, with its report. The opening shift stays
    // while the open order it was opened in is held; the running shift always stays.
    expect(ids()).not.toContain(empty);
    expect(ids()).toContain(opening);
    expect(loc.shifts.at(-1)?.closedAt).toBeNull();
    expect((await pos.request("GET", `${url}/shifts/${empty}`)).status).toBe(404);

    // Once the order is paid and itself forgotten, nothing holds the opening shift.
    const paid = await pos.request("POST", `${url}/orders/${open.body.id}/payments`, {
      body: { method: "cash" },
    });
    expect(paid.status).toBe(200);
    await pos.clock.advance(2 * DAY + 2 * HOUR);
    expect(loc.orders.has(open.body.id)).toBe(false);
    expect(ids()).not.toContain(opening);
    expect(loc.shifts.length).toBeGreaterThanOrEqual(1);
    expect(loc.shifts.every((s) => s.closedAt === null || s.closedAt >= pos.clock.now() - 2 * DAY)).toBe(
      true,
    );
  });
});
