import { describe, expect, it } from "vitest";
import { createMockPos } from "../../../simulator/app.ts";
import { VirtualClock } from "../../../simulator/clock/index.ts";
import { changePrice } from "../../../simulator/domain/menu.ts";
import { payOrder, voidOrder } from "../../../simulator/domain/orders.ts";
import { closeTemporarily } from "../../../simulator/domain/schedule.ts";
import { setSoldOut } from "../../../simulator/domain/staff.ts";
import type { Location } from "../../../simulator/domain/types.ts";
import type { FaultRuleInput } from "../../../simulator/faults/schema.ts";
import { freeTable, productWithExtra, simpleProduct } from "../../../test/support/menu.ts";
import { START } from "../../../test/support/pos.ts";
import { PosFailure } from "../../failure.ts";
import { Http } from "../../http.ts";
import type { OrderDraft } from "../../model.ts";
import { ADAPTERS } from "../index.ts";
import type { AdapterContext } from "../types.ts";
import { sinqroAdapter, sinqroFailure } from "./index.ts";

type Credentials = { userToken: string; serverToken: string };

/** A 3-location simulator on a virtual clock, and the adapter's context for a location, in process. */
function setup(...faults: FaultRuleInput[]) {
  const clock = new VirtualClock(START);
  const pos = createMockPos({ seed: "sinqro-adapter", locations: 3, locale: "es", clock });
  const { sim } = pos;
  const app = pos.dialects.sinqro.app;
  if (faults.length > 0) sim.faults.use(...faults);
  const sent: { operation: string; status: number }[] = [];
  const http = new Http({
    fetch: async (url, init) => app.request(url, init),
    clock,
    baseUrl: "http://sinqro.test",
    timeoutMs: 10_000,
    onSent: (call, status) => sent.push({ operation: call.operation, status }),
  });
  const location = (i = 0): Location => {
    const l = sim.chain.locations[i];
    if (!l) throw new Error(`no location ${i}`);
    return l;
  };
  const ctx = (i = 0, credentials?: Partial<Credentials>): AdapterContext<Credentials> => ({
    location: {
      id: location(i).id,
      posLocationId: location(i).id,
      credentials: {
        userToken: location(i).credentials.apiKey,
        serverToken: sim.chain.credentials.serverToken,
        ...credentials,
      },
    },
    http,
  });
  const loc = location(0);
  const draft = (over: Partial<OrderDraft> = {}): OrderDraft => ({
    externalId: "eng-0001",
    flow: "pay_first",
    tableId: null,
    guests: null,
    items: [{ productId: simpleProduct(loc).id, quantity: 2 }],
    note: null,
    ...over,
  });
  return { pos, sim, clock, app, http, sent, ctx, location, loc, draft };
}

async function failureOf(promise: Promise<unknown>): Promise<PosFailure> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof PosFailure) return err;
    throw err;
  }
  throw new Error("expected a PosFailure, got an answer");
}

describe("sinqro adapter: registration and contract", () => {
  it("is registered as `sinqro`, passive (webhooks; no list, append or pay), with both tokens as credentials", () => {
    expect(ADAPTERS.sinqro).toBe(sinqroAdapter);
    expect([...sinqroAdapter.capabilities]).toEqual(["webhooks"]);
    expect(sinqroAdapter.listOrders).toBeUndefined();
    expect(sinqroAdapter.appendRound).toBeUndefined();
    expect(sinqroAdapter.pay).toBeUndefined();
    expect(sinqroAdapter.findByExternalId).toBeUndefined();
    expect(sinqroAdapter.credentials.safeParse({ userToken: "a", serverToken: "b" }).success).toBe(true);
    expect(sinqroAdapter.credentials.safeParse({ userToken: "a" }).success).toBe(false);
    expect(sinqroAdapter.credentials.safeParse({ apiKey: "a", serverToken: "b" }).success).toBe(false);
  });
});

describe("sinqro adapter: reads", () => {
  it("status: the POS link, timezone and business day of the restaurant the user token picks", async () => {
    const t = setup();
    expect(await sinqroAdapter.status(t.ctx(0))).toEqual({
      online: true,
      timezone: t.loc.timezone,
      businessDate: "2026-03-13",
    });
    t.location(1).online = false;
    expect((await sinqroAdapter.status(t.ctx(1))).online).toBe(false);
    expect((await sinqroAdapter.status(t.ctx(2))).online).toBe(true);
    expect(t.sent.at(-1)).toEqual({ operation: "location.status", status: 200 });
  });

  it("status stays online through a temporary closing (it is a business state, shown as availability)", async () => {
    const t = setup();
    closeTemporarily(t.loc, { reason: "kitchen overwhelmed" }, t.clock.now());
    expect((await sinqroAdapter.status(t.ctx())).online).toBe(true);
    const availability = await sinqroAdapter.availability(t.ctx());
    expect([...availability.values()].every((soldOut) => soldOut)).toBe(true);
  });

  it("menu: every product with its section, price, variants, sold-out flag and whether it needs a choice", async () => {
    const t = setup();
    const soldOut = simpleProduct(t.loc, 1);
    setSoldOut(t.loc, soldOut.id, true, t.clock.now());
    const menu = await sinqroAdapter.menu(t.ctx());
    expect(menu.currency).toBe(t.loc.currency);
    expect(menu.version).toBe(String(t.loc.menu.version));
    expect(menu.items.map((i) => i.id)).toEqual(t.loc.menu.products.map((p) => p.id));
    const required = new Set(t.loc.menu.modifierGroups.filter((g) => g.min > 0).map((g) => g.id));
    for (const p of t.loc.menu.products) {
      const item = menu.items.find((i) => i.id === p.id);
      expect(item, p.id).toEqual({
        id: p.id,
        name: p.name,
        categoryId: p.categoryId,
        price: p.price,
        soldOut: p.id === soldOut.id,
        variants: p.variants.map((v) => ({ id: v.id, name: v.name, price: v.price })),
        needsChoice: p.combo != null || p.modifierGroupIds.some((g) => required.has(g)),
      });
    }
    // The seed has both kinds, so the flag is not trivially constant.
    expect(new Set(menu.items.map((i) => i.needsChoice))).toEqual(new Set([true, false]));
    expect(menu.items.some((i) => i.variants.length > 1)).toBe(true);
    const previous = menu.version;
    changePrice(t.loc, { productId: soldOut.id, price: soldOut.price + 100 }, t.clock.now());
    expect((await sinqroAdapter.menu(t.ctx())).version).not.toBe(previous);
  });

  it("menu: a temporary closing makes every item sold out", async () => {
    const t = setup();
    closeTemporarily(t.loc, { reason: "power cut", until: START + 3_600_000 }, t.clock.now());
    const menu = await sinqroAdapter.menu(t.ctx());
    expect(menu.items.every((i) => i.soldOut)).toBe(true);
    await t.clock.advance(3_600_000);
    expect((await sinqroAdapter.menu(t.ctx())).items.some((i) => !i.soldOut)).toBe(true);
  });

  it("availability: products' sold-out flags, and the sold-out flags of another restaurant are its own", async () => {
    const t = setup();
    const product = simpleProduct(t.loc, 2);
    setSoldOut(t.loc, product.id, true, t.clock.now());
    const mine = await sinqroAdapter.availability(t.ctx(0));
    expect(mine.size).toBe(t.loc.menu.products.length);
    expect([...mine].filter(([, soldOut]) => soldOut).map(([id]) => id)).toEqual([product.id]);
    const other = await sinqroAdapter.availability(t.ctx(1));
    expect(other.get(product.id) ?? false).toBe(false);
    expect(t.sent.slice(-2).map((s) => s.operation)).toEqual(["menu.get", "availability.get"]);
  });
});

describe("sinqro adapter: orders", () => {
  it("pay_first: a take-away paid online (EPAYMENT), read back by getOrder", async () => {
    const t = setup();
    const { product, option } = productWithExtra(t.loc);
    const created = await sinqroAdapter.createOrder(
      t.ctx(),
      t.draft({
        items: [
          { productId: product.id, quantity: 1, modifiers: [{ optionId: option.id }], note: "no salt" },
        ],
        note: "ring twice",
      }),
      "key-1",
    );
    const unit = product.variants[0]?.price ?? product.price;
    expect(created).toMatchObject({
      externalId: "eng-0001",
      status: "open",
      total: unit + option.price,
      lines: 1,
      waiterId: null,
      tableId: null,
      version: 1,
    });
    const held = t.loc.orders.get(created.id);
    expect(held).toMatchObject({ type: "take_away", paymentMode: "prepaid", note: "ring twice" });
    expect(held?.online?.paymentMethod).toBe("epayment");
    expect(held?.lines[0]?.note).toBe("no salt");
    expect(await sinqroAdapter.getOrder(t.ctx(), created.id)).toEqual(created);
  });

  it("pay_later: dine-in at the table, paid at the restaurant (CASH, settled by staff at the POS)", async () => {
    const t = setup();
    const table = freeTable(t.loc);
    const created = await sinqroAdapter.createOrder(
      t.ctx(),
      t.draft({ flow: "pay_later", tableId: table.id, guests: 3 }),
      "key-later",
    );
    expect(created).toMatchObject({ status: "open", tableId: table.id });
    expect(created.due).toBe(created.total);
    const held = t.loc.orders.get(created.id);
    expect(held).toMatchObject({ type: "dine_in", paymentMode: "pay_at_counter", guests: 3 });
    expect(held?.online?.paymentMethod).toBe("cash");
    // Without a table it is a take-away paid at the counter.
    const away = await sinqroAdapter.createOrder(
      t.ctx(),
      t.draft({ flow: "pay_later", externalId: "eng-2" }),
      "k2",
    );
    expect(t.loc.orders.get(away.id)).toMatchObject({ type: "take_away", paymentMode: "pay_at_counter" });
  });

  it("getOrder follows the POS: paid when staff settle it, voided when canceled, lines without void ones", async () => {
    const t = setup();
    const a = await sinqroAdapter.createOrder(t.ctx(), t.draft({ externalId: "a" }), "ka");
    const b = await sinqroAdapter.createOrder(t.ctx(), t.draft({ externalId: "b" }), "kb");
    const orderA = t.loc.orders.get(a.id);
    const orderB = t.loc.orders.get(b.id);
    if (!orderA || !orderB) throw new Error("orders not held");
    payOrder(t.loc, orderA, { method: "card" }, { source: "terminal", terminalId: "term-1" }, t.clock.now());
    voidOrder(t.loc, orderB, { source: "terminal", terminalId: "term-1" }, t.clock.now());
    expect(await sinqroAdapter.getOrder(t.ctx(), a.id)).toMatchObject({ status: "paid", due: 0, version: 2 });
    expect(await sinqroAdapter.getOrder(t.ctx(), b.id)).toMatchObject({ status: "voided" });
  });

  it("create is idempotent: the same key replays the same order; the POS holds one", async () => {
    const t = setup();
    const before = t.loc.orders.size;
    const first = await sinqroAdapter.createOrder(t.ctx(), t.draft(), "same-key");
    const again = await sinqroAdapter.createOrder(t.ctx(), t.draft(), "same-key");
    expect(again).toEqual(first);
    expect(t.loc.orders.size).toBe(before + 1);
    // Same key, another body: refused, not a second order.
    const conflict = await failureOf(
      sinqroAdapter.createOrder(t.ctx(), t.draft({ externalId: "eng-other" }), "same-key"),
    );
    expect(conflict).toMatchObject({
      code: "IDEMPOTENCY_CONFLICT",
      details: { status: 409, vendorCode: "DUPLICATE_REFERENCE" },
    });
    expect(t.loc.orders.size).toBe(before + 1);
  });

  it("a lost answer to a create is UNREACHABLE with no status; the retry with the same key finds the one order", async () => {
    const t = setup({ id: "lost", kind: "commit_then_timeout", mode: "drop", times: 1 });
    const before = t.loc.orders.size;
    const lost = await failureOf(sinqroAdapter.createOrder(t.ctx(), t.draft(), "retry-me"));
    expect(lost.code).toBe("UNREACHABLE");
    expect(lost.answerLost).toBe(true);
    const retry = await sinqroAdapter.createOrder(t.ctx(), t.draft(), "retry-me");
    expect(t.loc.orders.size).toBe(before + 1);
    expect(t.loc.orders.get(retry.id)?.externalId).toBe("eng-0001");
  });

  it("an external id used before, under another key, is IDEMPOTENCY_CONFLICT naming the order that has it", async () => {
    const t = setup();
    const first = await sinqroAdapter.createOrder(t.ctx(), t.draft(), "k-1");
    const again = await failureOf(sinqroAdapter.createOrder(t.ctx(), t.draft(), "k-2"));
    expect(again).toMatchObject({
      code: "IDEMPOTENCY_CONFLICT",
      details: { vendorCode: "DUPLICATE_REFERENCE", orderId: first.id },
    });
  });
});

describe("sinqro adapter: failures in the canonical vocabulary", () => {
  it("a bad user or server token is UNAUTHORIZED (INVALID_ACCESS_TOKEN)", async () => {
    const t = setup();
    for (const creds of [{ userToken: "mpk_nope" }, { serverToken: "mps_nope" }]) {
      const failure = await failureOf(sinqroAdapter.status(t.ctx(0, creds)));
      expect(failure).toMatchObject({
        code: "UNAUTHORIZED",
        details: { status: 401, vendorCode: "INVALID_ACCESS_TOKEN" },
      });
    }
  });

  it("an unknown order is NOT_FOUND, and another restaurant's order is too", async () => {
    const t = setup();
    const mine = await sinqroAdapter.createOrder(t.ctx(0), t.draft(), "k");
    expect(await failureOf(sinqroAdapter.getOrder(t.ctx(0), "nope"))).toMatchObject({ code: "NOT_FOUND" });
    expect(await failureOf(sinqroAdapter.getOrder(t.ctx(1), mine.id))).toMatchObject({
      code: "NOT_FOUND",
      details: { vendorCode: "NOT_FOUND" },
    });
  });

  it("a lock at a terminal (lock rule) is LOCKED with the hold's Retry-After", async () => {
    // No adapter method writes to an existing Sinqro order (no append, no pay), so the lock is
    // met on the dialect's status change, sent through the same line, and read by the adapter's mapping.
    const t = setup({
      id: "busy",
      kind: "lock",
      duration: "45s",
      scope: { operations: ["order.status.set"] },
    });
    const order = await sinqroAdapter.createOrder(t.ctx(), t.draft(), "k");
    const answer = await t.http.send({
      operation: "order.status.set",
      method: "POST",
      path: `/sinqro/v1/orders/${order.id}/status`,
      headers: {
        "x-api-user-access-token": t.loc.credentials.apiKey,
        "x-api-server-access-token": t.sim.chain.credentials.serverToken,
      },
      body: { status: "ACCEPTED" },
    });
    expect(answer.status).toBe(423);
    expect(sinqroFailure("order.status.set", answer)).toMatchObject({
      code: "LOCKED",
      details: { status: 423, vendorCode: "ORDER_LOCKED", retryAfterMs: 45_000 },
    });
    // Reads go on while the order is held.
    expect(await sinqroAdapter.getOrder(t.ctx(), order.id)).toMatchObject({ status: "open" });
  });

  it("an unreachable POS is UNREACHABLE: a gateway's 503 POS_UNREACHABLE, or no answer at all", async () => {
    const t = setup({ id: "down", kind: "unreachable", mode: "503", scope: { locations: ["loc-0001"] } });
    expect(await failureOf(sinqroAdapter.status(t.ctx(0)))).toMatchObject({
      code: "UNREACHABLE",
      details: { status: 503, vendorCode: "POS_UNREACHABLE" },
    });
    expect((await sinqroAdapter.status(t.ctx(1))).online).toBe(true);
    t.sim.faults.remove("down");
    t.sim.faults.use({ id: "refused", kind: "unreachable", mode: "refuse" });
    const refused = await failureOf(sinqroAdapter.availability(t.ctx(0)));
    expect(refused).toMatchObject({ code: "UNREACHABLE", details: { status: 0 } });
    expect(refused.details.vendorCode).toBeUndefined();
  });

  it("a closed restaurant refuses orders as ITEM_UNAVAILABLE (RESTAURANT_CLOSED), a sold-out product too", async () => {
    const t = setup();
    const product = simpleProduct(t.loc, 3);
    setSoldOut(t.loc, product.id, true, t.clock.now());
    const soldOut = await failureOf(
      sinqroAdapter.createOrder(t.ctx(), t.draft({ items: [{ productId: product.id, quantity: 1 }] }), "k1"),
    );
    expect(soldOut).toMatchObject({
      code: "ITEM_UNAVAILABLE",
      details: { vendorCode: "PRODUCT_UNAVAILABLE" },
    });
    closeTemporarily(t.loc, { reason: "private event" }, t.clock.now());
    const closed = await failureOf(sinqroAdapter.createOrder(t.ctx(), t.draft(), "k2"));
    expect(closed).toMatchObject({
      code: "ITEM_UNAVAILABLE",
      details: { status: 409, vendorCode: "RESTAURANT_CLOSED" },
    });
  });

  it("a malformed 2xx is a retryable SERVER_ERROR, never a crash (truncated body, or data dropped)", async () => {
    for (const rule of [
      { id: "cut", kind: "malformed", mode: "truncate" },
      { id: "no-data", kind: "malformed", mode: "drop_field", field: "data" },
      { id: "text", kind: "malformed", mode: "content_type" },
    ] as FaultRuleInput[]) {
      const t = setup(rule);
      const failure = await failureOf(sinqroAdapter.menu(t.ctx()));
      expect(failure, rule.id).toMatchObject({ code: "SERVER_ERROR", details: { status: 200 } });
      expect(failure.message, rule.id).toMatch(/malformed answer/);
    }
    // Lenient: an envelope without its redundant `success` still reads.
    const t = setup({ id: "no-success", kind: "malformed", mode: "drop_field", field: "success" });
    expect((await sinqroAdapter.status(t.ctx())).online).toBe(true);
  });

  it("rate limits are RATE_LIMITED with Retry-After; a shift close refuses the create as SHIFT_CLOSING", async () => {
    const t = setup({ id: "limit", kind: "rate_limit", rate: 1, burst: 1 });
    await sinqroAdapter.status(t.ctx());
    expect(await failureOf(sinqroAdapter.status(t.ctx()))).toMatchObject({
      code: "RATE_LIMITED",
      details: { status: 429, vendorCode: "TOO_MANY_REQUESTS", retryAfterMs: 1000 },
    });
    const s = setup({ id: "close", kind: "shift_close", at: ["13:00"], window: "5m" });
    await s.clock.advance(31 * 60_000);
    expect(await failureOf(sinqroAdapter.createOrder(s.ctx(), s.draft(), "k"))).toMatchObject({
      code: "SHIFT_CLOSING",
      details: { status: 503, vendorCode: "CASH_CLOSING", retryAfterMs: 240_000 },
    });
  });

  it("a refused order body is VALIDATION: a table that does not exist", async () => {
    const t = setup();
    const failure = await failureOf(
      sinqroAdapter.createOrder(t.ctx(), t.draft({ flow: "pay_later", tableId: "no-such-table" }), "k"),
    );
    expect(failure).toMatchObject({
      code: "VALIDATION",
      details: { status: 400, vendorCode: "VALIDATION_ERROR" },
    });
  });
});
