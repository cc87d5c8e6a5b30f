import { describe, expect, it } from "vitest";
import type { AdminFaultRule } from "../../client/admin/index.ts";
import type { JournalEntry } from "../../simulator/journal/index.ts";
import { type Rig, rig } from "../mock/testing.ts";

const SECOND = 1000;
const MINUTE = 60_000;

async function orderable(r: Rig, locationId: string) {
  const item = (await r.engine.menu(locationId))?.items.find((i) => !i.needsChoice && !i.soldOut);
  if (!item) throw new Error(`no orderable product at ${locationId}`);
  return item;
}

async function fault(r: Rig, rule: AdminFaultRule) {
  await r.admin.faults.add(rule);
}

/** The first staff terminal of the rig's first location. */
function terminalOf(r: Rig): string {
  const id = r.mock.sim.chain.locations[0]?.terminals[0]?.id;
  if (!id) throw new Error("no terminal");
  return id;
}

async function openTab(r: Rig, locationId = "loc-0001") {
  const item = await orderable(r, locationId);
  const location = r.mock.sim.chain.locations.find((l) => l.id === locationId);
  const tableId = location?.areas[0]?.tables[0]?.id;
  const o = await r.engine.placeOrder({
    locationId,
    flow: "pay_later",
    tableId,
    items: [{ productId: item.id, quantity: 1 }],
  });
  await r.clock.advance(SECOND);
  const view = await r.engine.order(o.ref);
  expect(view?.state).toBe("placed");
  return { ref: o.ref, posOrderId: view?.posOrderId as string, item };
}

const entries = (r: Rig, q: { locationId?: string; operation?: string }): JournalEntry[] =>
  r.mock.sim.journal.query(q);
const at = (e: JournalEntry) => Date.parse(e.time);

describe("locks", () => {
  it("retries a locked round on the short schedule with the same key, until the terminal lets go", async () => {
    const r = await rig();
    await r.clock.advance(MINUTE);
    const tab = await openTab(r);
    expect(await r.admin.staff.lock("loc-0001", tab.posOrderId, { terminalId: terminalOf(r) })).toMatchObject(
      {
        locked: true,
      },
    );
    await r.engine.appendRound(tab.ref, { items: [{ productId: tab.item.id, quantity: 2 }] });
    await r.clock.advance(30 * SECOND);
    expect((await r.admin.staff.unlock("loc-0001", tab.posOrderId)).locked).toBe(false);
    await r.clock.advance(2 * MINUTE);
    const appends = entries(r, { locationId: "loc-0001", operation: "order.append" });
    expect(appends.map((e) => e.status)).toEqual([423, 423, 423, 200]);
    expect(new Set(appends.map((e) => e.idempotencyKey))).toEqual(new Set([`${tab.ref}:append-1`]));
    // 5 s, 10 s, 20 s apart, within the 10 % jitter.
    const gaps = appends.slice(1).map((e, i) => at(e) - at(appends[i] as JournalEntry));
    [5, 10, 20].forEach((s, i) => {
      expect(gaps[i]).toBeGreaterThanOrEqual(s * 900);
      expect(gaps[i]).toBeLessThanOrEqual(s * 1100);
    });
    expect((await r.engine.order(tab.ref))?.lines).toBe(2);
  });

  it("waits out the Retry-After a lock answer names when it is longer than the schedule", async () => {
    const r = await rig();
    await r.clock.advance(MINUTE);
    const tab = await openTab(r);
    await r.admin.staff.lock("loc-0001", tab.posOrderId, {
      terminalId: terminalOf(r),
      durationSeconds: 60,
    });
    await r.engine.appendRound(tab.ref, { items: [{ productId: tab.item.id, quantity: 2 }] });
    await r.clock.advance(3 * MINUTE);
    const appends = entries(r, { locationId: "loc-0001", operation: "order.append" });
    expect(appends.map((e) => e.status)).toEqual([423, 200]);
    expect(at(appends[1] as JournalEntry) - at(appends[0] as JournalEntry)).toBeGreaterThanOrEqual(
      59 * SECOND,
    );
  });

  it("surfaces a round that is still locked after five retries, and never drops it silently", async () => {
    const r = await rig();
    await r.clock.advance(MINUTE);
    const tab = await openTab(r);
    await r.admin.staff.lock("loc-0001", tab.posOrderId, {
      terminalId: terminalOf(r),
    });
    await r.engine.appendRound(tab.ref, { items: [{ productId: tab.item.id, quantity: 1 }] });
    await r.clock.advance(10 * MINUTE);
    expect(entries(r, { locationId: "loc-0001", operation: "order.append" })).toHaveLength(6);
    const view = await r.engine.order(tab.ref);
    expect(view?.writes.find((w) => w.kind === "order.append")).toMatchObject({
      state: "failed",
      attempts: 6,
      lastError: { code: "LOCKED" },
    });
    const [loc] = await r.engine.locations();
    expect(loc?.counters.writesFailed).toBe(1);
  });

  it("retries a refused mark-paid on the slower schedule (~17 minutes)", async () => {
    const r = await rig();
    await r.clock.advance(MINUTE);
    const tab = await openTab(r);
    await r.admin.staff.lock("loc-0001", tab.posOrderId, {
      terminalId: terminalOf(r),
      durationSeconds: 600,
    });
    await r.engine.pay(tab.ref, {});
    await r.clock.advance(20 * MINUTE);
    const pays = entries(r, { locationId: "loc-0001", operation: "order.pay" });
    expect(pays.at(-1)?.status).toBe(200);
    const gaps = pays.slice(1).map((e, i) => at(e) - at(pays[i] as JournalEntry));
    expect(gaps[0]).toBeGreaterThanOrEqual(27 * SECOND);
    expect((await r.engine.order(tab.ref))?.posStatus).toBe("paid");
  });
});

describe("an unreachable location", () => {
  it("goes read-only at the next status check, refuses new orders, holds writes and drains them in order once back", async () => {
    const r = await rig();
    await r.clock.advance(MINUTE);
    const tab = await openTab(r);
    const down = r.clock.now() + 10 * SECOND;
    const up = down + 5 * MINUTE;
    await fault(r, {
      id: "link-down",
      kind: "unreachable",
      mode: "refuse",
      scope: { locations: ["loc-0001"] },
      when: { from: new Date(down).toISOString(), to: new Date(up).toISOString() },
    });
    await r.clock.advance(MINUTE + 10 * SECOND);
    const [loc] = await r.engine.locations();
    expect(loc?.mode).toBe("read_only");
    const refused = await r.engine.placeOrder({
      locationId: "loc-0001",
      flow: "pay_first",
      items: [{ productId: tab.item.id, quantity: 1 }],
    });
    expect(refused).toMatchObject({ state: "refused", reason: expect.stringMatching(/offline/) });
    // Guests still see the cached menu.
    expect((await r.engine.menu("loc-0001"))?.items.length).toBeGreaterThan(0);
    await r.engine.appendRound(tab.ref, { items: [{ productId: tab.item.id, quantity: 1 }] });
    await r.engine.kitchenMessage(tab.ref, { text: "no onions on the second round" });
    await r.engine.pay(tab.ref, { tip: 200 });
    expect((await r.engine.locations())[0]?.queueDepth).toBe(3);
    await r.clock.advance(8 * MINUTE);
    const writes = entries(r, { locationId: "loc-0001" }).filter((e) => e.method === "POST" && at(e) > down);
    expect(writes.every((e) => at(e) >= up)).toBe(true);
    expect(writes.map((e) => [e.operation, e.status])).toEqual([
      ["order.append", 200],
      ["kitchen.message", 201],
      ["order.pay", 200],
    ]);
    expect((await r.engine.locations())[0]).toMatchObject({ mode: "online", queueDepth: 0 });
    expect((await r.engine.order(tab.ref))?.posStatus).toBe("paid");
  });

  it("keeps polling the other locations on time while one black-holes every request", async () => {
    const r = await rig({ locations: 3 });
    await fault(r, {
      id: "black-hole",
      kind: "unreachable",
      mode: "blackhole",
      scope: { locations: ["loc-0002"] },
    });
    await r.clock.advance(15 * MINUTE - 1);
    for (const id of ["loc-0001", "loc-0003"]) {
      const status = entries(r, { locationId: id, operation: "location.status" }).map(at);
      expect(status).toHaveLength(15);
      expect(new Set(status.slice(1).map((t, i) => t - (status[i] as number)))).toEqual(new Set([MINUTE]));
      // 8 in-progress and 4 new-order slots in 15 minutes, fewer for a location whose offset is late.
      expect(entries(r, { locationId: id, operation: "orders.list" }).length).toBeGreaterThanOrEqual(11);
    }
    const modes = Object.fromEntries((await r.engine.locations()).map((l) => [l.id, l.mode]));
    expect(modes).toEqual({ "loc-0001": "online", "loc-0002": "read_only", "loc-0003": "online" });
  });
});

describe("a lost answer", () => {
  it("never creates the order twice when the create committed and the connection dropped", async () => {
    const r = await rig();
    await r.clock.advance(MINUTE);
    await fault(r, {
      id: "lost-create",
      kind: "commit_then_timeout",
      scope: { locations: ["loc-0001"], operations: ["order.create"] },
      times: 1,
    });
    const item = await orderable(r, "loc-0001");
    const o = await r.engine.placeOrder({
      locationId: "loc-0001",
      flow: "pay_first",
      items: [{ productId: item.id, quantity: 1 }],
    });
    await r.clock.advance(3 * MINUTE);
    const pos = [...(r.mock.sim.chain.locations[0]?.orders.values() ?? [])].filter(
      (x) => x.externalId === o.ref,
    );
    expect(pos).toHaveLength(1);
    expect(await r.engine.order(o.ref)).toMatchObject({
      state: "placed",
      posStatus: "paid",
      posOrderId: pos[0]?.id,
    });
    const creates = entries(r, { locationId: "loc-0001", operation: "order.create" });
    expect(creates).toHaveLength(1);
  });
});

describe("rate limits and credentials", () => {
  it("waits what Retry-After asks before sending a rate-limited write again", async () => {
    const r = await rig();
    await r.clock.advance(MINUTE);
    const tab = await openTab(r);
    await fault(r, {
      id: "slow-down",
      kind: "rate_limit",
      rate: 0.05,
      burst: 1,
      scope: { locations: ["loc-0001"], operations: ["order.append"] },
    });
    await r.engine.appendRound(tab.ref, { items: [{ productId: tab.item.id, quantity: 1 }] });
    await r.engine.appendRound(tab.ref, { items: [{ productId: tab.item.id, quantity: 1 }] });
    await r.clock.advance(2 * MINUTE);
    const appends = entries(r, { locationId: "loc-0001", operation: "order.append" });
    expect(appends.map((e) => e.status)).toEqual([200, 429, 200]);
    expect(at(appends[2] as JournalEntry) - at(appends[1] as JournalEntry)).toBeGreaterThanOrEqual(
      19 * SECOND,
    );
  });

  it("stops hammering a POS that refuses its credentials and surfaces the failure", async () => {
    const r = await rig();
    await r.clock.advance(MINUTE);
    await fault(r, {
      id: "rotate",
      kind: "rotate_credentials",
      at: new Date(r.clock.now() + SECOND).toISOString(),
    });
    await r.clock.advance(10 * MINUTE);
    const [loc] = await r.engine.locations();
    expect(loc).toMatchObject({ mode: "auth_failed", lastError: { code: "UNAUTHORIZED" } });
    const after = entries(r, { locationId: "loc-0001" }).filter((e) => e.status === 401);
    // One status check a minute and nothing else once the key was refused.
    expect(after.length).toBeLessThanOrEqual(11);
    expect(after.filter((e) => e.operation !== "location.status").length).toBeLessThanOrEqual(1);
  });
});

describe("a menu that failed to load at start", () => {
  it("is loaded at the next availability refresh once the POS answers, not at tomorrow's", async () => {
    const r = await rig({ configure: false });
    await fault(r, {
      id: "down-at-start",
      kind: "unreachable",
      mode: "refuse",
      scope: { locations: ["loc-0001"] },
      when: {
        from: new Date(r.clock.now()).toISOString(),
        to: new Date(r.clock.now() + 3 * MINUTE).toISOString(),
      },
    });
    await r.engine.configure({ config: r.config });
    await r.clock.advance(2 * MINUTE);
    expect(await r.engine.menu("loc-0001")).toBeNull();
    await r.clock.advance(10 * MINUTE);
    expect((await r.engine.menu("loc-0001"))?.items.length).toBeGreaterThan(0);
    // Not tried while the POS was down (its status check said so first); loaded once it was back.
    expect(entries(r, { locationId: "loc-0001", operation: "menu.get" }).map((e) => e.status)).toEqual([200]);
  });
});
