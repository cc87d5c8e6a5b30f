import { describe, expect, it } from "vitest";
import { freeTable, simpleProduct } from "../../../test/support/menu.ts";
import type { FaultRuleInput } from "../../faults/schema.ts";
import { type ElyxPos, elyxPos } from "./test-support.ts";

const API = "/api/v1";

function setup(...faults: FaultRuleInput[]) {
  const pos = elyxPos();
  if (faults.length > 0) pos.sim.faults.use(...faults);
  const loc = pos.location(0);
  const line = () => ({ articleId: simpleProduct(loc).id, quantity: 1 });
  const open = (headers?: Record<string, string>) =>
    pos.post(
      `${API}/locations/1/tickets`,
      { type: "dine_in", tableId: freeTable(loc).id, lines: [line()] },
      { headers },
    );
  return { ...pos, loc, line, open };
}

const faultOf = (res: { headers: Headers }) => res.headers.get("x-mockpos-fault");

describe("elyx: faults in the vendor's words", () => {
  it("lock: 2001 TICKET_LOCKED names the terminal, Retry-After until it lets go, then the write goes through", async () => {
    const pos = setup({
      id: "busy-waiter",
      kind: "lock",
      duration: "45s",
      scope: { operations: ["order.append"] },
      times: 1,
    });
    const t = (await pos.open()).body;
    const append = () => pos.post(`${API}/tickets/${t.id}/lines`, { lines: [pos.line()] });
    const locked = await append();
    expect(locked.status).toBe(423);
    const terminal = pos.loc.terminals.find((x) => x.id === locked.body.error.terminal.id);
    expect(terminal?.kind).not.toBe("integration");
    expect(locked.body.error).toMatchObject({
      code: 2001,
      type: "TICKET_LOCKED",
      retry: true,
      retryAfter: 45,
      ticketId: t.id,
      terminal: { id: terminal?.id, name: terminal?.name },
      message: `ticket ${t.id} is open at terminal ${terminal?.name} (${terminal?.id}); retry when the waiter closes it`,
    });
    expect(locked.headers.get("retry-after")).toBe("45");
    expect(faultOf(locked)).toBe("busy-waiter");
    expect(pos.lastEntry()).toMatchObject({
      dialect: "elyx",
      operation: "order.append",
      locationId: "loc-0001",
      outcome: "LOCKED",
      fault: "busy-waiter",
    });
    const read = await pos.get(`${API}/tickets/${t.id}`);
    expect(read.body.locked).toMatchObject({ terminal: { id: terminal?.id } });
    await pos.clock.advance(45_000);
    expect((await append()).status).toBe(200);
  });

  it("lock aimed at one ticket by its mockpos order id; a waiter's own lock has no end and no fault header", async () => {
    const pos = setup();
    const a = (await pos.open()).body;
    const b = (await pos.open()).body;
    const orderOf = (ref: string) => [...pos.loc.orders.values()].find((o) => `1-${o.number}` === ref);
    pos.sim.faults.use({ id: "aimed", kind: "lock", scope: { orders: [orderOf(a.id)?.id ?? ""] } });
    expect((await pos.post(`${API}/tickets/${b.id}/payments`, { method: "cash" })).status).toBe(200);
    const aimed = await pos.post(`${API}/tickets/${a.id}/payments`, { method: "cash" });
    expect([aimed.status, aimed.body.error.code, faultOf(aimed)]).toEqual([423, 2001, "aimed"]);
    pos.sim.faults.remove("aimed");

    const c = (await pos.open()).body;
    const held = await pos.admin("PUT", `/__admin/locations/loc-0001/orders/${orderOf(c.id)?.id}/lock`, {
      terminalId: "term-1",
    });
    expect(held.status).toBe(200);
    const refused = await pos.post(`${API}/tickets/${c.id}/lines`, { lines: [pos.line()] });
    expect(refused.status).toBe(423);
    expect(refused.body.error).toMatchObject({ code: 2001, terminal: { id: "term-1" } });
    expect(refused.body.error.retryAfter).toBeUndefined();
    expect(refused.headers.get("retry-after")).toBeNull();
    expect(faultOf(refused)).toBeNull();
  });

  it("unreachable: a location that is down answers 9002 (503 from the gateway) to every key, before authentication", async () => {
    const pos = setup({
      id: "link-down",
      kind: "unreachable",
      mode: "503",
      scope: { locations: ["loc-0001"] },
    });
    for (const [path, key] of [
      [`${API}/locations/1`, undefined],
      [`${API}/locations?locations=1`, undefined],
      [`${API}/tickets`, pos.keyOf(0)],
      [`${API}/locations/1/articles`, false],
    ] as const) {
      const res = await pos.get(path, { key });
      expect(res.status, path).toBe(503);
      expect(res.body.error).toMatchObject({ code: 9002, type: "LOCATION_OFFLINE", retry: true });
      expect(faultOf(res)).toBe("link-down");
    }
    expect((await pos.get(`${API}/locations/2`)).status).toBe(200);
    expect((await pos.get(`${API}/tickets?locations=2`, { key: pos.keyOf(1) })).status).toBe(200);
    pos.sim.faults.use({
      id: "bad-gateway",
      kind: "unreachable",
      mode: "502",
      scope: { locations: ["loc-0002"] },
    });
    const gateway = await pos.get(`${API}/shifts/2-1`);
    expect([gateway.status, gateway.body.error.code, faultOf(gateway)]).toEqual([502, 9002, "bad-gateway"]);
    pos.sim.faults.use({ id: "slow", kind: "unreachable", mode: "504", scope: { locations: ["loc-0003"] } });
    const slow = await pos.get(`${API}/locations/3`);
    expect([slow.status, slow.body.error.code]).toEqual([504, 9003]);
  });

  it("rate_limit: 1003 TOO_MANY_REQUESTS with Retry-After, per API key", async () => {
    const pos = setup({ id: "throttle", kind: "rate_limit", rate: 0.5, burst: 2 });
    expect((await pos.get(`${API}/locations`)).status).toBe(200);
    expect((await pos.get(`${API}/sales`)).status).toBe(200);
    const limited = await pos.get(`${API}/tickets`);
    expect(limited.status).toBe(429);
    expect(limited.body.error).toMatchObject({
      code: 1003,
      type: "TOO_MANY_REQUESTS",
      retry: true,
      retryAfter: 2,
    });
    expect(limited.headers.get("retry-after")).toBe("2");
    expect(faultOf(limited)).toBe("throttle");
    expect((await pos.get(`${API}/tickets`, { key: pos.keyOf(0) })).status).toBe(200);
    await pos.clock.advance(2_000);
    expect((await pos.get(`${API}/tickets`)).status).toBe(200);
  });

  it("error: 9001 INTERNAL_ERROR (500) and 9003 LOCATION_TIMEOUT (504), retryable, then service again", async () => {
    const pos = setup(
      { id: "boom", kind: "error", times: 1, scope: { operations: ["orders.list"] } },
      { id: "stall", kind: "error", code: "TIMEOUT", times: 1, scope: { operations: ["shift.get"] } },
    );
    const boom = await pos.get(`${API}/sales`);
    expect([boom.status, boom.body.error.code, boom.body.error.type, boom.body.error.retry]).toEqual([
      500,
      9001,
      "INTERNAL_ERROR",
      true,
    ]);
    expect(faultOf(boom)).toBe("boom");
    expect((await pos.get(`${API}/sales`)).status).toBe(200);
    const stall = await pos.get(`${API}/shifts/1-1`);
    expect([stall.status, stall.body.error.code, faultOf(stall)]).toEqual([504, 9003, "stall"]);
    expect(pos.lastEntry()).toMatchObject({ operation: "shift.get", outcome: "TIMEOUT" });
  });

  it("an auth failure on a request a rule already shaped is 1001 and still names the rule", async () => {
    const pos = setup({ id: "lag", kind: "latency", distribution: { type: "fixed", ms: "300ms" } });
    const pending = pos.get(`${API}/locations`, { key: "not-a-key" });
    await pos.clock.advance(300);
    const res = await pending;
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe(1001);
    expect(faultOf(res)).toBe("lag");
    expect(pos.lastEntry()).toMatchObject({ outcome: "UNAUTHORIZED", fault: "lag", latencyMs: 300 });
  });

  it("commit_then_timeout: the answer is lost, the retry with the same Idempotency-Key replays the ticket", async () => {
    const pos = setup({
      id: "lost",
      kind: "commit_then_timeout",
      times: 1,
      scope: { operations: ["order.create"] },
    });
    const before = pos.loc.orders.size;
    const headers = { "idempotency-key": "create-1" };
    const body = { type: "take_away", lines: [pos.line()] };
    await expect(pos.post(`${API}/locations/1/tickets`, body, { headers })).rejects.toThrow();
    expect(pos.loc.orders.size).toBe(before + 1);
    const retry = await pos.post(`${API}/locations/1/tickets`, body, { headers });
    expect(retry.status).toBe(201);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(pos.loc.orders.size).toBe(before + 1);
  });

  it("malformed: the answer drifts from the contract, and says which rule did it", async () => {
    const pos: ElyxPos = setup({ id: "drift", kind: "malformed", mode: "drop_field", field: "online" });
    const res = await pos.app.request(`${API}/locations/1`, { headers: { "x-api-key": pos.keyOf(0) } });
    expect(res.status).toBe(200);
    expect(faultOf(res)).toBe("drift");
    const json = (await res.json()) as Record<string, unknown>;
    expect(json.id).toBe(1);
    expect("online" in json).toBe(false);
  });
});
