import { describe, expect, it } from "vitest";
import { freeTable, simpleProduct } from "./support/menu.ts";
import { testPos } from "./support/pos.ts";

function setup() {
  const pos = testPos();
  const loc = pos.location(0);
  const body = {
    type: "dine_in",
    tableId: freeTable(loc).id,
    items: [{ productId: simpleProduct(loc).id, quantity: 1 }],
  };
  const create = (key: string, b: unknown = body) =>
    pos.request("POST", `/v1/locations/${loc.id}/orders`, { body: b, headers: { "idempotency-key": key } });
  return { ...pos, loc, body, create };
}

describe("Idempotency-Key", () => {
  it("replays the original result for the same key and body, without a second order", async () => {
    const pos = setup();
    const before = pos.loc.orders.size;
    const first = await pos.create("key-1");
    const again = await pos.create("key-1");
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    expect(pos.loc.orders.size).toBe(before + 1);
  });

  it("treats the same key with a different body as IDEMPOTENCY_CONFLICT", async () => {
    const pos = setup();
    await pos.create("key-2");
    const conflict = await pos.create("key-2", { ...pos.body, guests: 3 });
    expect(conflict.status).toBe(409);
    expect(conflict.body).toMatchObject({ code: "IDEMPOTENCY_CONFLICT", retryable: false });
  });

  it("50 concurrent creates with one key give exactly one order", async () => {
    const pos = setup();
    const before = pos.loc.orders.size;
    const results = await Promise.all(Array.from({ length: 50 }, () => pos.create("storm")));
    expect(new Set(results.map((r) => r.status))).toEqual(new Set([201]));
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    expect(pos.loc.orders.size).toBe(before + 1);
    expect(results.filter((r) => r.headers.get("idempotent-replayed") === "true")).toHaveLength(49);
  });

  it("scopes keys per location: the same key at two locations makes two orders", async () => {
    const pos = setup();
    const other = pos.location(1);
    const a = await pos.create("shared");
    const b = await pos.request("POST", `/v1/locations/${other.id}/orders`, {
      body: { type: "take_away", items: [{ productId: simpleProduct(other).id, quantity: 1 }] },
      headers: { "idempotency-key": "shared" },
    });
    expect(b.status).toBe(201);
    expect(b.body.id).not.toBe(a.body.id);
  });

  it("forgets a failed write so the retry runs again (a lock released in between)", async () => {
    const pos = setup();
    const order = (await pos.create("open")).body;
    await pos.request("PUT", `/__admin/locations/${pos.loc.id}/orders/${order.id}/lock`, {
      body: { terminalId: "term-1" },
    });
    const pay = () =>
      pos.request("POST", `/v1/locations/${pos.loc.id}/orders/${order.id}/payments`, {
        body: { method: "card" },
        headers: { "idempotency-key": "pay-1" },
      });
    expect((await pay()).status).toBe(423);
    await pos.request("DELETE", `/__admin/locations/${pos.loc.id}/orders/${order.id}/lock`);
    const ok = await pay();
    expect(ok.status).toBe(200);
    expect(ok.body.status).toBe("paid");
    const replay = await pay();
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(replay.body.payments).toHaveLength(1);
  });

  it("is recorded in the journal with the key and whether it was a replay", async () => {
    const pos = setup();
    await pos.create("journaled");
    await pos.create("journaled");
    const entries = pos.sim.journal.query({ operation: "order.create" });
    expect(entries.map((e) => [e.idempotencyKey, e.replayed])).toEqual([
      ["journaled", false],
      ["journaled", true],
    ]);
  });

  it("rejects a malformed key", async () => {
    const pos = setup();
    const res = await pos.create("has spaces in it");
    expect(res.status).toBe(400);
    expect(res.body.invalidParams[0].name).toBe("header.Idempotency-Key");
  });
});
