import { describe, expect, it } from "vitest";
import { simpleProduct } from "../../../test/support/menu.ts";
import { lockOrder } from "../../domain/staff.ts";
import type { FaultRuleInput } from "../../faults/schema.ts";
import { BASE, START, sinqroPos } from "./testing.ts";

function setup(...faults: FaultRuleInput[]) {
  const pos = sinqroPos();
  const loc = pos.location(0);
  if (faults.length > 0) pos.sim.faults.use(...faults);
  const create = (headers?: Record<string, string>) =>
    pos.request("POST", `${BASE}/orders`, {
      body: {
        type: "TAKE_AWAY",
        payment: { method: "CASH" },
        items: [{ productId: simpleProduct(loc).id, quantity: 1 }],
      },
      headers,
    });
  const accept = (id: string) =>
    pos.request("POST", `${BASE}/orders/${id}/status`, { body: { status: "ACCEPTED" } });
  const lastEntry = () => [...pos.sim.journal.entries()].at(-1);
  return { ...pos, loc, create, accept, lastEntry };
}

describe("sinqro: tokens", () => {
  it("needs the chain's server token and a restaurant's user token; each missing or wrong one is 401", async () => {
    const pos = setup();
    const path = `${BASE}/menus`;
    expect((await pos.request("GET", path)).status).toBe(200);
    for (const [what, options] of [
      ["no tokens", { server: false, as: false }],
      ["no server token", { server: false }],
      ["wrong server token", { server: "mps_nope" }],
      ["no user token", { as: false }],
      ["wrong user token", { as: false, headers: { "x-api-user-access-token": "mpk_nope" } }],
      [
        "generic key only",
        { server: false, as: false, headers: { "x-api-key": pos.loc.credentials.apiKey } },
      ],
    ] as const) {
      const res = await pos.request("GET", path, options);
      expect(res.status, what).toBe(401);
      expect(res.body.error, what).toMatchObject({ code: "INVALID_ACCESS_TOKEN", retryable: false });
    }
    expect(pos.lastEntry()).toMatchObject({
      dialect: "sinqro",
      operation: "menu.get",
      status: 401,
      outcome: "UNAUTHORIZED",
    });
  });

  it("the user token picks the restaurant, and a rotated one works at once", async () => {
    const pos = setup({
      id: "rotate",
      kind: "rotate_credentials",
      at: "+10m",
      scope: { locations: ["loc-0001"] },
    });
    const other = pos.location(1);
    expect((await pos.request("GET", `${BASE}/restaurant`, { as: other })).body.data.id).toBe(other.id);
    const old = { ...pos.loc.credentials };
    await pos.clock.advance(10 * 60_000);
    expect(pos.loc.credentials.apiKey).not.toBe(old.apiKey);
    const stale = await pos.request("GET", `${BASE}/restaurant`, { as: { ...pos.loc, credentials: old } });
    expect(stale.status).toBe(401);
    expect((await pos.request("GET", `${BASE}/restaurant`)).body.data.id).toBe(pos.loc.id);
  });
});

describe("sinqro: faults in Sinqro's words", () => {
  it("a waiter holding the order (lock rule) makes a status change ORDER_LOCKED 423 with Retry-After, then it goes through", async () => {
    const pos = setup({
      id: "busy-waiter",
      kind: "lock",
      duration: "45s",
      scope: { operations: ["order.status.set"] },
      times: 1,
    });
    const order = (await pos.create()).body.data;
    const locked = await pos.accept(order.id);
    expect(locked.status).toBe(423);
    expect(locked.body.error).toMatchObject({ code: "ORDER_LOCKED", retryable: true, retryAfter: 45 });
    expect(locked.body.error.details.terminalId).toMatch(/^term-\d+$/);
    expect(locked.headers.get("retry-after")).toBe("45");
    expect(locked.headers.get("x-mockpos-fault")).toBe("busy-waiter");
    expect(pos.lastEntry()).toMatchObject({
      dialect: "sinqro",
      locationId: pos.loc.id,
      operation: "order.status.set",
      outcome: "LOCKED",
      fault: "busy-waiter",
    });
    const status = await pos.request("GET", `${BASE}/orders/${order.id}/status`);
    expect(status.body.data).toMatchObject({ status: "NEW", locked: true });
    await pos.clock.advance(45_000);
    expect((await pos.accept(order.id)).body.data.status).toBe("ACCEPTED");
  });

  it("an order held at a terminal with no end is ORDER_LOCKED without Retry-After", async () => {
    const pos = setup();
    const order = (await pos.create()).body.data;
    lockOrder(pos.loc, pos.loc.orders.get(order.id) as never, "term-1", START);
    const locked = await pos.accept(order.id);
    expect(locked.status).toBe(423);
    expect(locked.headers.get("retry-after")).toBeNull();
    expect((await pos.request("GET", `${BASE}/orders/${order.id}`)).body.data).toMatchObject({
      locked: true,
      lockedBy: "term-1",
    });
  });

  it("an unreachable restaurant is POS_UNREACHABLE (503 from a gateway, 502 otherwise) for it alone, whatever the tokens", async () => {
    const pos = setup({ id: "down", kind: "unreachable", mode: "503", scope: { locations: ["loc-0001"] } });
    const down = await pos.request("GET", `${BASE}/products`);
    expect(down.status).toBe(503);
    expect(down.body.error).toMatchObject({ code: "POS_UNREACHABLE", retryable: true });
    expect(down.headers.get("x-mockpos-fault")).toBe("down");
    expect((await pos.request("GET", `${BASE}/products`, { server: "mps_wrong" })).status).toBe(503);
    expect((await pos.request("GET", `${BASE}/products`, { as: pos.location(1) })).status).toBe(200);
    pos.sim.faults.remove("down");
    pos.sim.faults.use({ id: "bad-gw", kind: "unreachable", mode: "502" });
    expect((await pos.create()).body.error.code).toBe("POS_UNREACHABLE");
    expect(pos.lastEntry()).toMatchObject({ status: 502, outcome: "UNREACHABLE", operation: "order.create" });
  });

  it("rate limits are TOO_MANY_REQUESTS 429 with Retry-After", async () => {
    const pos = setup({ id: "limit", kind: "rate_limit", rate: 1, burst: 2 });
    const get = () => pos.request("GET", `${BASE}/menus`);
    expect([(await get()).status, (await get()).status]).toEqual([200, 200]);
    const limited = await get();
    expect(limited.status).toBe(429);
    expect(limited.body.error).toMatchObject({ code: "TOO_MANY_REQUESTS", retryable: true, retryAfter: 1 });
    expect(limited.headers.get("retry-after")).toBe("1");
    await pos.clock.advance(1_000);
    expect((await get()).status).toBe(200);
  });

  it("error rules are INTERNAL_ERROR 500 or POS_TIMEOUT 504, and a failed write changes nothing", async () => {
    const pos = setup({ id: "boom", kind: "error", scope: { operations: ["order.create"] }, times: 1 });
    const before = pos.loc.counters.order;
    const failed = await pos.create();
    expect(failed.status).toBe(500);
    expect(failed.body.error).toMatchObject({ code: "INTERNAL_ERROR", retryable: true });
    expect(pos.loc.counters.order).toBe(before);
    expect((await pos.create()).status).toBe(201);
    pos.sim.faults.use({ id: "slow", kind: "error", code: "TIMEOUT" });
    const timeout = await pos.request("GET", `${BASE}/reservations/x`);
    expect(timeout.status).toBe(504);
    expect(timeout.body.error.code).toBe("POS_TIMEOUT");
  });

  it("a shift close refuses writes with CASH_CLOSING 503 and Retry-After; reads go on", async () => {
    const pos = setup({ id: "midday-close", kind: "shift_close", at: ["13:00"], window: "5m" });
    await pos.clock.advance(31 * 60_000);
    const refused = await pos.create();
    expect(refused.status).toBe(503);
    expect(refused.body.error).toMatchObject({ code: "CASH_CLOSING", retryable: true, retryAfter: 240 });
    expect(refused.headers.get("retry-after")).toBe("240");
    expect(refused.headers.get("x-mockpos-fault")).toBe("midday-close");
    expect((await pos.request("GET", `${BASE}/menus`)).status).toBe(200);
    await pos.clock.advance(4 * 60_000);
    expect((await pos.create()).status).toBe(201);
  });

  it("a lost commit is replayed by the retry with the same X-Idempotency-Key: one order", async () => {
    const pos = setup({ id: "lost", kind: "commit_then_timeout", mode: "drop", times: 1 });
    const key = { "x-idempotency-key": "retry-me" };
    const before = pos.loc.counters.order;
    await expect(pos.create(key)).rejects.toThrow();
    const retry = await pos.create(key);
    expect(retry.status).toBe(201);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(pos.loc.counters.order).toBe(before + 1);
  });
});
