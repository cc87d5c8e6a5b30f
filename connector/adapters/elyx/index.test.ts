import { describe, expect, it } from "vitest";
import { MockPosAdmin } from "../../../client/admin/index.ts";
import { createMockPos } from "../../../simulator/app.ts";
import { VirtualClock } from "../../../simulator/clock/index.ts";
import { locationNumber } from "../../../simulator/dialects/elyx/ids.ts";
import { orderTotals } from "../../../simulator/domain/money.ts";
import type { Location } from "../../../simulator/domain/types.ts";
import { simpleProducts } from "../../../test/support/menu.ts";
import { START } from "../../../test/support/pos.ts";
import { PosFailure } from "../../failure.ts";
import { type FetchLike, Http, type HttpCall } from "../../http.ts";
import type { LineInput, MenuItem, OrderDraft, OrderPage } from "../../model.ts";
import { ADAPTERS } from "../index.ts";
import type { AdapterContext } from "../types.ts";
import { elyxAdapter } from "./index.ts";

const BASE_URL = "http://elyx.test";

/** The simulator on a virtual clock, and the adapter's line to its Elyx app, in process. */
function setup(wrap: (fetch: FetchLike) => FetchLike = (f) => f) {
  const clock = new VirtualClock(START);
  const mock = createMockPos({ seed: "elyx-adapter", locations: 3, clock });
  const { sim } = mock;
  const app = mock.dialects.elyx.app;
  const sent: { call: HttpCall; status: number }[] = [];
  const http = new Http({
    fetch: wrap(async (url, init) => app.request(url, init)),
    clock,
    baseUrl: BASE_URL,
    timeoutMs: 10_000,
    onSent: (call, status) => sent.push({ call, status }),
  });
  const location = (i = 0): Location => {
    const l = sim.chain.locations[i];
    if (!l) throw new Error(`no location ${i}`);
    return l;
  };
  /** Location `i` as the engine configures it: the group key by default, or the location's own. */
  const ctx = (i = 0, apiKey = sim.chain.credentials.groupKey): AdapterContext<{ apiKey: string }> => ({
    location: {
      id: location(i).id,
      posLocationId: String(locationNumber(location(i))),
      credentials: { apiKey },
    },
    http,
  });
  const admin = MockPosAdmin.inProcess(mock.app);
  /** The ticket as the simulator's Elyx API says it, read directly. */
  const raw = async (ticketId: string) => {
    const res = await app.request(`/api/v1/tickets/${ticketId}`, {
      headers: { "x-api-key": sim.chain.credentials.groupKey },
    });
    return (await res.json()) as {
      totals: { gross: number; due: number; tips: number };
      status: string;
      version: number;
    };
  };
  const domainOrder = (i: number, ticketId: string) => {
    const number = Number(ticketId.split("-")[1]);
    const order = [...location(i).orders.values()].find((o) => o.number === number);
    if (!order) throw new Error(`no order for ticket ${ticketId}`);
    return order;
  };
  const orderable = async (i = 0): Promise<MenuItem[]> =>
    (await elyxAdapter.menu(ctx(i))).items.filter((p) => !p.needsChoice && !p.soldOut);
  let drafts = 0;
  const draft = (items: LineInput[], extra: Partial<OrderDraft> = {}): OrderDraft => ({
    externalId: `app-${++drafts}`,
    flow: "pay_later",
    tableId: null,
    guests: null,
    items,
    note: null,
    ...extra,
  });
  return { clock, mock, sim, app, http, sent, location, ctx, admin, raw, domainOrder, orderable, draft };
}

/** The PosFailure a call threw (fails the test when it resolved or threw something else). */
async function failureOf(p: Promise<unknown>): Promise<PosFailure> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof PosFailure)) throw new Error(`expected a PosFailure, got ${String(err)}`);
  return err;
}

const freeTable = (loc: Location) => {
  const busy = new Set([...loc.orders.values()].filter((o) => o.status === "open").map((o) => o.tableId));
  const table = loc.areas.flatMap((a) => a.tables).find((t) => !busy.has(t.id));
  if (!table) throw new Error("no free table");
  return table;
};

describe("elyx adapter: registry and credentials", () => {
  it("is registered under 'elyx' and takes an API key only", () => {
    expect(ADAPTERS.elyx).toBe(elyxAdapter);
    expect(elyxAdapter.credentials.safeParse({ apiKey: "k" }).success).toBe(true);
    expect(elyxAdapter.credentials.safeParse({}).success).toBe(false);
    expect(elyxAdapter.credentials.safeParse({ apiKey: "k", token: "t" }).success).toBe(false);
    expect([...elyxAdapter.capabilities].sort()).toEqual(["order.append", "order.pay", "orders.list"]);
    expect(elyxAdapter.kitchenMessage).toBeUndefined();
    expect(elyxAdapter.applyLoyalty).toBeUndefined();
    expect(elyxAdapter.findByExternalId).toBeUndefined();
  });
});

describe("elyx adapter: reads", () => {
  it("status: online, timezone and business date of the location, with the group key or its own key", async () => {
    const pos = setup();
    const res = await pos.app.request("/api/v1/locations/2", {
      headers: { "x-api-key": pos.sim.chain.credentials.groupKey },
    });
    const wire = (await res.json()) as { online: boolean; timezone: string; businessDate: string };
    const status = await elyxAdapter.status(pos.ctx(1));
    expect(status).toEqual({ online: true, timezone: wire.timezone, businessDate: wire.businessDate });
    expect(status.timezone).toBe(pos.location(1).timezone);
    expect(await elyxAdapter.status(pos.ctx(1, pos.location(1).credentials.apiKey))).toEqual(status);
    expect(pos.sent.map((s) => [s.call.operation, s.call.method, s.call.path])).toEqual([
      ["location.status", "GET", "/api/v1/locations/2"],
      ["location.status", "GET", "/api/v1/locations/2"],
    ]);
  });

  it("menu: every article with its price and family; needsChoice on combos and required modifier groups", async () => {
    const pos = setup();
    const loc = pos.location(0);
    const menu = await elyxAdapter.menu(pos.ctx(0));
    expect(menu.currency).toBe(loc.currency);
    expect(menu.version).toMatch(/^\d+$/);
    expect(menu.items.map((i) => i.id)).toEqual(loc.menu.products.map((p) => p.id));
    const required = new Set(loc.menu.modifierGroups.filter((g) => g.min > 0).map((g) => g.id));
    for (const product of loc.menu.products) {
      const item = menu.items.find((i) => i.id === product.id);
      expect(item, product.id).toMatchObject({
        name: product.name,
        price: product.price,
        categoryId: product.categoryId,
        soldOut: loc.soldOut.has(product.id),
        needsChoice: product.combo !== null || product.modifierGroupIds.some((g) => required.has(g)),
      });
      expect(item?.variants.map((v) => v.id)).toEqual(product.variants.map((v) => v.id));
    }
    // Both kinds exist in this chain, so the flag is tested both ways.
    expect(menu.items.some((i) => i.needsChoice)).toBe(true);
    expect(menu.items.some((i) => !i.needsChoice)).toBe(true);
    expect(menu.items.filter((i) => !i.needsChoice && !i.soldOut).map((i) => i.id)).toEqual(
      simpleProducts(loc).map((p) => p.id),
    );
    expect(pos.sent.map((s) => s.call.path)).toEqual(["/api/v1/locations/1/articles"]);
  });

  it("availability and menu follow a product sold out (and back) through the admin API", async () => {
    const pos = setup();
    const loc = pos.location(0);
    const [product] = await pos.orderable(0);
    if (!product) throw new Error("nothing orderable");
    const before = await elyxAdapter.availability(pos.ctx(0));
    expect(before.get(product.id)).toBe(false);
    const soldOutBefore = [...before.values()].filter(Boolean).length;
    const put = (soldOut: boolean) => pos.admin.staff.setSoldOut(loc.id, product.id, soldOut);
    expect(await put(true)).toEqual({ productId: product.id, soldOut: true });
    const flags = await elyxAdapter.availability(pos.ctx(0));
    expect(flags.size).toBe(loc.menu.products.length);
    expect(flags.get(product.id)).toBe(true);
    expect([...flags.values()].filter(Boolean)).toHaveLength(soldOutBefore + 1);
    for (const p of loc.menu.products) expect(flags.get(p.id), p.id).toBe(loc.soldOut.has(p.id));
    expect((await elyxAdapter.menu(pos.ctx(0))).items.find((i) => i.id === product.id)?.soldOut).toBe(true);
    // Another location's flags do not move.
    expect((await elyxAdapter.availability(pos.ctx(1))).get(product.id) ?? false).toBe(false);
    expect(await put(false)).toEqual({ productId: product.id, soldOut: false });
    expect((await elyxAdapter.availability(pos.ctx(0))).get(product.id)).toBe(false);
    expect(pos.sent.filter((s) => s.call.operation === "availability.get").map((s) => s.call.path)).toEqual([
      "/api/v1/locations/1/articles",
      "/api/v1/locations/1/articles",
      "/api/v1/locations/2/articles",
      "/api/v1/locations/1/articles",
    ]);
  });

  it("listOrders new: the sales feed — each changed ticket once per change, the cursor carried over", async () => {
    const pos = setup();
    const [a, b] = await pos.orderable(0);
    if (!a || !b) throw new Error("nothing orderable");
    const created = await elyxAdapter.createOrder(
      pos.ctx(0),
      pos.draft([{ productId: a.id, quantity: 1 }]),
      "k1",
    );
    await pos.clock.advance(1); // a change shows once its millisecond is over
    let cursor: string | null = null;
    const seen: string[] = [];
    for (;;) {
      const page: OrderPage | undefined = await elyxAdapter.listOrders?.(pos.ctx(0), "new", cursor);
      if (!page) throw new Error("no listOrders");
      seen.push(...page.orders.map((o) => o.id));
      cursor = page.cursor;
      if (!page.hasMore) break;
    }
    expect(seen).toContain(created.id);
    expect(seen.every((id) => id.startsWith("1-"))).toBe(true);
    expect(new Set(seen).size).toBe(seen.length);
    expect(cursor).not.toBeNull();
    const quiet = await elyxAdapter.listOrders?.(pos.ctx(0), "new", cursor);
    expect(quiet?.orders).toEqual([]);
    await elyxAdapter.appendRound?.(pos.ctx(0), created.id, [{ productId: b.id, quantity: 1 }], "k2");
    await pos.clock.advance(1);
    const next = await elyxAdapter.listOrders?.(pos.ctx(0), "new", quiet?.cursor ?? null);
    expect(next?.orders.map((o) => [o.id, o.lines, o.externalId])).toEqual([
      [created.id, 2, created.externalId],
    ]);
    expect(
      pos.sent
        .filter((s) => s.call.operation === "orders.list")
        .every((s) => s.call.path.startsWith("/api/v1/sales?locations=1&")),
    ).toBe(true);
  });

  it("listOrders in_progress: the change feed with its own cursor, so a ticket paid since shows closed", async () => {
    const pos = setup();
    const [a] = await pos.orderable(0);
    if (!a) throw new Error("nothing orderable");
    const drain = async (cursor: string | null) => {
      const orders: OrderPage["orders"] = [];
      for (;;) {
        const page = await elyxAdapter.listOrders?.(pos.ctx(0), "in_progress", cursor);
        if (!page) throw new Error("no listOrders");
        orders.push(...page.orders);
        cursor = page.cursor;
        if (!page.hasMore) return { orders, cursor };
      }
    };
    const mine = await elyxAdapter.createOrder(
      pos.ctx(0),
      pos.draft([{ productId: a.id, quantity: 1 }]),
      "k1",
    );
    await pos.clock.advance(1);
    const first = await drain(null);
    expect(first.orders.find((o) => o.id === mine.id)?.status).toBe("open");
    await elyxAdapter.pay?.(
      pos.ctx(0),
      mine.id,
      { amount: mine.due, tip: 0, method: "card", reference: null },
      "k2",
    );
    await pos.clock.advance(1);
    const next = await drain(first.cursor);
    expect(next.orders.map((o) => [o.id, o.status])).toEqual([[mine.id, "paid"]]);
    expect((await drain(next.cursor)).orders).toEqual([]);
    expect(pos.sent.at(-1)?.call.path).toMatch(/^\/api\/v1\/sales\?locations=1&/);
  });
});

describe("elyx adapter: writes", () => {
  it("create → append → pay: totals and due match what the simulator says at every step", async () => {
    const pos = setup();
    const loc = pos.location(0);
    const [a, b] = await pos.orderable(0);
    if (!a || !b) throw new Error("nothing orderable");
    const table = freeTable(loc);
    const created = await elyxAdapter.createOrder(
      pos.ctx(0),
      pos.draft([{ productId: a.id, quantity: 2, note: "no ice" }], { tableId: table.id, guests: 2 }),
      "create-1",
    );
    expect(created).toMatchObject({ status: "open", tableId: table.id, lines: 1, version: 1 });
    expect(created.id).toMatch(/^1-\d+$/);
    let wire = await pos.raw(created.id);
    const order = pos.domainOrder(0, created.id);
    expect(created.total).toBe(wire.totals.gross);
    expect(created.total).toBe(orderTotals(order).total);
    expect(created.due).toBe(created.total);
    expect(created.waiterId).toBe(order.waiterId);
    expect(order.lines[0]?.note).toBe("no ice");
    expect(await elyxAdapter.getOrder(pos.ctx(0), created.id)).toEqual(created);

    const appended = await elyxAdapter.appendRound?.(
      pos.ctx(0),
      created.id,
      [{ productId: b.id, quantity: 1 }],
      "append-1",
    );
    wire = await pos.raw(created.id);
    expect(appended).toMatchObject({ id: created.id, lines: 2, version: 2, status: "open" });
    expect(appended?.total).toBe(wire.totals.gross);
    expect(appended?.total).toBe(orderTotals(order).total);
    expect(appended?.total).toBeGreaterThan(created.total);

    const due = appended?.due ?? 0;
    const paid = await elyxAdapter.pay?.(
      pos.ctx(0),
      created.id,
      { amount: due, tip: 150, method: "card", reference: "psp-1" },
      "pay-1",
    );
    wire = await pos.raw(created.id);
    expect(paid).toMatchObject({ status: "paid", due: 0, total: due + 150, lines: 2 });
    expect(wire).toMatchObject({ status: "paid", totals: { gross: due + 150, due: 0, tips: 150 } });
    expect(order.payments.at(-1)).toMatchObject({
      method: "card",
      amount: due + 150,
      tip: 150,
      reference: "psp-1",
    });

    const writes = pos.sent.filter((s) => s.call.method === "POST");
    expect(
      writes.map((s) => [s.call.operation, s.call.path, s.call.headers?.["idempotency-key"], s.status]),
    ).toEqual([
      ["order.create", "/api/v1/locations/1/tickets", "create-1", 201],
      ["order.append", `/api/v1/tickets/${created.id}/lines`, "append-1", 200],
      ["order.pay", `/api/v1/tickets/${created.id}/payments`, "pay-1", 200],
    ]);
    expect(writes[0]?.call.body).toMatchObject({
      type: "dine_in",
      tableId: table.id,
      guests: 2,
      externalId: created.externalId,
    });
  });

  it("the same idempotency key replayed gives the same ticket, no duplicate; another body under it is refused", async () => {
    const pos = setup();
    const loc = pos.location(0);
    const [a, b] = await pos.orderable(0);
    if (!a || !b) throw new Error("nothing orderable");
    const before = loc.orders.size;
    const d = pos.draft([{ productId: a.id, quantity: 1 }]);
    const first = await elyxAdapter.createOrder(pos.ctx(0), d, "same-key");
    const again = await elyxAdapter.createOrder(pos.ctx(0), d, "same-key");
    expect(again).toEqual(first);
    expect(loc.orders.size).toBe(before + 1);

    const round = [{ productId: b.id, quantity: 1 }];
    const r1 = await elyxAdapter.appendRound?.(pos.ctx(0), first.id, round, "round-key");
    const r2 = await elyxAdapter.appendRound?.(pos.ctx(0), first.id, round, "round-key");
    expect(r2).toEqual(r1);
    expect(r2?.lines).toBe(2);
    expect(pos.domainOrder(0, first.id).lines.filter((l) => l.kind === "item")).toHaveLength(2);

    const conflict = await failureOf(
      elyxAdapter.createOrder(pos.ctx(0), pos.draft([{ productId: b.id, quantity: 3 }]), "same-key"),
    );
    expect(conflict).toMatchObject({
      code: "IDEMPOTENCY_CONFLICT",
      details: { status: 409, vendorCode: "1105" },
    });
    expect(loc.orders.size).toBe(before + 1);
  });

  it("an externalId already used under another key is 1105 naming the ticket that has it", async () => {
    const pos = setup();
    const [a] = await pos.orderable(0);
    if (!a) throw new Error("nothing orderable");
    const d = pos.draft([{ productId: a.id, quantity: 1 }]);
    const first = await elyxAdapter.createOrder(pos.ctx(0), d, "key-1");
    const dup = await failureOf(elyxAdapter.createOrder(pos.ctx(0), d, "key-2"));
    expect(dup).toMatchObject({
      code: "IDEMPOTENCY_CONFLICT",
      details: { status: 409, vendorCode: "1105", orderId: first.id },
    });
  });

  it("a closed ticket: append and pay are ORDER_CLOSED (2002)", async () => {
    const pos = setup();
    const [a] = await pos.orderable(0);
    if (!a) throw new Error("nothing orderable");
    const t = await elyxAdapter.createOrder(pos.ctx(0), pos.draft([{ productId: a.id, quantity: 1 }]), "c1");
    await elyxAdapter.pay?.(
      pos.ctx(0),
      t.id,
      { amount: t.due, tip: 0, method: "epayment", reference: null },
      "p1",
    );
    const again = await failureOf(
      elyxAdapter.pay?.(pos.ctx(0), t.id, { amount: 0, tip: 0, method: "card", reference: null }, "p2") ??
        Promise.resolve(),
    );
    expect(again).toMatchObject({ code: "ORDER_CLOSED", details: { status: 409, vendorCode: "2002" } });
    const append = await failureOf(
      elyxAdapter.appendRound?.(pos.ctx(0), t.id, [{ productId: a.id, quantity: 1 }], "a1") ??
        Promise.resolve(),
    );
    expect(append).toMatchObject({ code: "ORDER_CLOSED", details: { vendorCode: "2002" } });
  });

  it("a ticket of another location is refused before anything is sent, even with the group key", async () => {
    const pos = setup();
    const [a] = await pos.orderable(1);
    if (!a) throw new Error("nothing orderable");
    const other = await elyxAdapter.createOrder(
      pos.ctx(1),
      pos.draft([{ productId: a.id, quantity: 1 }]),
      "o1",
    );
    expect(other.id).toMatch(/^2-/);
    const sentBefore = pos.sent.length;
    for (const id of [other.id, "nonsense", "1-x"]) {
      expect(await failureOf(elyxAdapter.getOrder(pos.ctx(0), id)), id).toMatchObject({ code: "NOT_FOUND" });
    }
    expect(pos.sent.length).toBe(sentBefore);
    // A ticket of this location that does not exist: the POS's own 1104.
    expect(await failureOf(elyxAdapter.getOrder(pos.ctx(0), "1-99999"))).toMatchObject({
      code: "NOT_FOUND",
      details: { status: 404, vendorCode: "1104" },
    });
  });
});

describe("elyx adapter: failures in the failure vocabulary", () => {
  it("a lock fault (POST /__admin/faults): LOCKED, vendor code 2001, Retry-After; the write goes through once it lets go", async () => {
    const pos = setup();
    const [a] = await pos.orderable(0);
    if (!a) throw new Error("nothing orderable");
    const t = await elyxAdapter.createOrder(pos.ctx(0), pos.draft([{ productId: a.id, quantity: 1 }]), "c1");
    await pos.admin.faults.add({
      id: "busy-waiter",
      kind: "lock",
      duration: "45s",
      scope: { operations: ["order.append"] },
      times: 1,
    });
    const round = [{ productId: a.id, quantity: 1 }];
    const locked = await failureOf(
      elyxAdapter.appendRound?.(pos.ctx(0), t.id, round, "a1") ?? Promise.resolve(),
    );
    expect(locked).toMatchObject({
      code: "LOCKED",
      details: { status: 423, vendorCode: "2001", retryAfterMs: 45_000, orderId: t.id },
    });
    expect(locked.answerLost).toBe(false);
    await pos.clock.advance(45_000);
    expect(await elyxAdapter.appendRound?.(pos.ctx(0), t.id, round, "a1")).toMatchObject({ lines: 2 });
  });

  it("a waiter holding the ticket (admin lock route): pay is LOCKED 2001 with no retry time", async () => {
    const pos = setup();
    const [a] = await pos.orderable(0);
    if (!a) throw new Error("nothing orderable");
    const t = await elyxAdapter.createOrder(pos.ctx(0), pos.draft([{ productId: a.id, quantity: 1 }]), "c1");
    const order = pos.domainOrder(0, t.id);
    const held = await pos.admin.staff.lock(pos.location(0).id, order.id, { terminalId: "term-1" });
    expect(held.locked).toBe(true);
    const pay = { amount: t.due, tip: 0, method: "card" as const, reference: null };
    const locked = await failureOf(elyxAdapter.pay?.(pos.ctx(0), t.id, pay, "p1") ?? Promise.resolve());
    expect(locked).toMatchObject({ code: "LOCKED", details: { status: 423, vendorCode: "2001" } });
    expect(locked.details.retryAfterMs).toBeUndefined();
    expect(order.status).toBe("open");
    expect((await elyxAdapter.getOrder(pos.ctx(0), t.id)).status).toBe("open");
  });

  it("a wrong key is UNAUTHORIZED (1001); another location's own key is FORBIDDEN_LOCATION (1002)", async () => {
    const pos = setup();
    const wrong = await failureOf(elyxAdapter.status(pos.ctx(0, "not-a-key")));
    expect(wrong).toMatchObject({ code: "UNAUTHORIZED", details: { status: 401, vendorCode: "1001" } });
    const foreign = await failureOf(elyxAdapter.menu(pos.ctx(1, pos.location(0).credentials.apiKey)));
    expect(foreign).toMatchObject({
      code: "FORBIDDEN_LOCATION",
      details: { status: 403, vendorCode: "1002" },
    });
  });

  it("an unreachable location: 9002 from the gateway is UNREACHABLE; a refused connection is UNREACHABLE with no answer", async () => {
    const pos = setup();
    pos.sim.faults.use({
      id: "down",
      kind: "unreachable",
      mode: "503",
      scope: { locations: [pos.location(0).id] },
    });
    const gateway = await failureOf(elyxAdapter.status(pos.ctx(0)));
    expect(gateway).toMatchObject({ code: "UNREACHABLE", details: { status: 503, vendorCode: "9002" } });
    expect(await elyxAdapter.status(pos.ctx(1))).toMatchObject({ online: true });

    await pos.admin.faults.add({
      id: "refused",
      kind: "unreachable",
      mode: "refuse",
      scope: { locations: [pos.location(1).id] },
    });
    const refused = await failureOf(elyxAdapter.availability(pos.ctx(1)));
    expect(refused).toMatchObject({ code: "UNREACHABLE", details: { status: 0 } });
    expect(refused.answerLost).toBe(true);
  });

  it("the rest of the table: 504 TIMEOUT, 500 SERVER_ERROR, 429 RATE_LIMITED and 3001 SHIFT_CLOSING with their waits", async () => {
    const pos = setup();
    pos.sim.faults.use(
      { id: "slow", kind: "unreachable", mode: "504", scope: { locations: [pos.location(2).id] } },
      { id: "boom", kind: "error", times: 1, scope: { operations: ["order.get"] } },
    );
    expect(await failureOf(elyxAdapter.status(pos.ctx(2)))).toMatchObject({
      code: "TIMEOUT",
      details: { status: 504, vendorCode: "9003" },
    });
    expect(await failureOf(elyxAdapter.getOrder(pos.ctx(0), "1-1"))).toMatchObject({
      code: "SERVER_ERROR",
      details: { status: 500, vendorCode: "9001" },
    });
    pos.sim.faults.use({
      id: "throttle",
      kind: "rate_limit",
      rate: 0.5,
      burst: 1,
      scope: { locations: [pos.location(1).id] },
    });
    await elyxAdapter.status(pos.ctx(1));
    expect(await failureOf(elyxAdapter.status(pos.ctx(1)))).toMatchObject({
      code: "RATE_LIMITED",
      details: { status: 429, vendorCode: "1003", retryAfterMs: 2_000 },
    });
    // The running shift closes a minute from now, local time: writes get 3001 for the window.
    const at = new Intl.DateTimeFormat("en-GB", {
      timeZone: pos.location(0).timezone,
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    }).format(START + 60_000);
    pos.sim.faults.use({
      id: "z",
      kind: "shift_close",
      at: [at],
      window: "5m",
      scope: { locations: [pos.location(0).id] },
    });
    await pos.clock.advance(60_000);
    const [a] = await pos.orderable(0);
    if (!a) throw new Error("nothing orderable");
    const closing = await failureOf(
      elyxAdapter.createOrder(pos.ctx(0), pos.draft([{ productId: a.id, quantity: 1 }]), "c1"),
    );
    expect(closing).toMatchObject({ code: "SHIFT_CLOSING", details: { status: 503, vendorCode: "3001" } });
    expect(closing.details.retryAfterMs).toBe(300_000);
  });

  it("a 2xx with a malformed body is a retryable SERVER_ERROR, never a crash", async () => {
    const pos = setup();
    const [a] = await pos.orderable(0);
    if (!a) throw new Error("nothing orderable");
    const t = await elyxAdapter.createOrder(pos.ctx(0), pos.draft([{ productId: a.id, quantity: 1 }]), "c1");
    pos.sim.faults.use(
      {
        id: "drift",
        kind: "malformed",
        mode: "drop_field",
        field: "online",
        scope: { operations: ["location.status"] },
      },
      { id: "cut", kind: "malformed", mode: "truncate", scope: { operations: ["order.get"] } },
      { id: "html", kind: "malformed", mode: "content_type", scope: { operations: ["menu.get"] } },
      {
        id: "extra",
        kind: "malformed",
        mode: "extra_field",
        field: "surprise",
        scope: { operations: ["orders.list"] },
      },
    );
    for (const [what, p] of [
      ["status", elyxAdapter.status(pos.ctx(0))],
      ["getOrder", elyxAdapter.getOrder(pos.ctx(0), t.id)],
      ["menu", elyxAdapter.menu(pos.ctx(0))],
    ] as const) {
      const f = await failureOf(p);
      expect(f.code, what).toBe("SERVER_ERROR");
      expect(f.message, what).toContain("malformed answer");
      expect(f.details.status, what).toBe(200);
    }
    // A field the engine does not read is no harm. (The feed shows a change once its millisecond has passed.)
    await pos.clock.advance(1);
    const page = await elyxAdapter.listOrders?.(pos.ctx(0), "in_progress", null);
    expect(page?.orders.map((o) => o.id)).toContain(t.id);
  });

  it("retryAfterMs falls back to the error body's retryAfter when a proxy strips Retry-After", async () => {
    const pos = setup((fetch) => async (url, init) => {
      const res = await fetch(url, init);
      const headers = new Headers(res.headers);
      headers.delete("retry-after");
      return new Response(await res.text(), { status: res.status, headers });
    });
    pos.sim.faults.use({ id: "throttle", kind: "rate_limit", rate: 0.25, burst: 1 });
    await elyxAdapter.status(pos.ctx(0));
    expect(await failureOf(elyxAdapter.status(pos.ctx(0)))).toMatchObject({
      code: "RATE_LIMITED",
      details: { status: 429, vendorCode: "1003", retryAfterMs: 4_000 },
    });
  });

  it("an answer not in Elyx's words (a proxy's HTML 503) is read by its status alone", async () => {
    const pos = setup(
      () => async () =>
        new Response("<h1>Service Unavailable</h1>", {
          status: 503,
          headers: { "content-type": "text/html" },
        }),
    );
    const f = await failureOf(elyxAdapter.status(pos.ctx(0)));
    expect(f).toMatchObject({ code: "UNREACHABLE", details: { status: 503 } });
    expect(f.details.vendorCode).toBeUndefined();
  });
});
