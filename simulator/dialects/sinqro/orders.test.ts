import { describe, expect, it } from "vitest";
import { freeTable, productWithExtra, simpleProduct } from "../../../test/support/menu.ts";
import { closeTemporarily } from "../../domain/schedule.ts";
import { setSoldOut } from "../../domain/staff.ts";
import { BASE, START, sinqroPos } from "./testing.ts";

function setup() {
  const pos = sinqroPos();
  const loc = pos.location(0);
  const item = (i = 0) => ({ productId: simpleProduct(loc, i).id, quantity: 1 });
  const create = (body: Record<string, unknown> = {}, headers?: Record<string, string>) =>
    pos.request("POST", `${BASE}/orders`, {
      body: { type: "TAKE_AWAY", payment: { method: "CASH" }, items: [item()], ...body },
      headers,
    });
  const setStatus = (id: string, body: unknown, method = "POST") =>
    pos.request(method, `${BASE}/orders/${id}/status`, { body });
  return { ...pos, loc, item, create, setStatus };
}

describe("sinqro: order injection", () => {
  it("creates a delivery order with options, customer and channel, and reads it back", async () => {
    const pos = setup();
    const { product, group, option } = productWithExtra(pos.loc);
    const created = await pos.create({
      externalReference: "SQ-1001",
      channel: "glovo",
      type: "DELIVERY",
      payment: { method: "EPAYMENT" },
      customer: {
        name: "Ana Ruiz",
        phone: "+34 611 222 333",
        email: "ana@example.com",
        address: "Calle Mayor 1, 2ºB",
      },
      items: [
        { productId: product.id, quantity: 2, options: [{ optionId: option.id }], comment: "well done" },
      ],
      comment: "ring twice",
    });
    expect(created.status).toBe(201);
    const order = created.body.data;
    const unit = product.variants[0]?.price ?? product.price;
    expect(order).toMatchObject({
      restaurantId: pos.loc.id,
      externalReference: "SQ-1001",
      channel: "glovo",
      origin: "API",
      type: "DELIVERY",
      status: "NEW",
      statusCode: 10,
      payment: { method: "EPAYMENT", prepaid: true, paid: false },
      customer: { name: "Ana Ruiz", address: "Calle Mayor 1, 2ºB" },
      comment: "ring twice",
      currency: "EUR",
      locked: false,
    });
    expect(order.items).toEqual([
      expect.objectContaining({
        productId: product.id,
        quantity: 2,
        comment: "well done",
        options: [
          expect.objectContaining({ optionId: option.id, optionCategoryId: group.id, price: option.price }),
        ],
        total: (unit + option.price) * 2,
      }),
    ]);
    expect(order.totals.total).toBe((unit + option.price) * 2);
    const got = await pos.request("GET", `${BASE}/orders/${order.id}`);
    expect(got.body).toEqual({ success: true, data: order });
    const domain = pos.loc.orders.get(order.id);
    expect(domain).toMatchObject({
      type: "delivery",
      paymentMode: "prepaid",
      externalId: "SQ-1001",
      terminalId: "term-api",
    });
  });

  it("takes a dine-in order at a table, and a combo with one product per component", async () => {
    const pos = setup();
    const table = freeTable(pos.loc);
    const dineIn = await pos.create({ type: "DINE_IN", tableId: table.id, guests: 3 });
    expect(dineIn.body.data).toMatchObject({
      type: "DINE_IN",
      tableId: table.id,
      guests: 3,
      payment: { method: "CASH" },
    });
    const combo = pos.loc.menu.products.find((p) => p.combo && p.modifierGroupIds.length === 0);
    if (!combo?.combo) throw new Error("no combo");
    const comboItems = combo.combo.map((c) => ({ componentId: c.id, productId: c.productIds[0] as string }));
    for (const c of comboItems) pos.loc.soldOut.delete(c.productId);
    pos.loc.soldOut.delete(combo.id);
    const res = await pos.create({ items: [{ productId: combo.id, quantity: 1, comboItems }] });
    expect(res.status).toBe(201);
    expect(res.body.data.items[0].comboItems.map((s: { productId: string }) => s.productId)).toEqual(
      comboItems.map((c) => c.productId),
    );
  });

  it("names every bad field in Sinqro's words and creates nothing", async () => {
    const pos = setup();
    const before = pos.loc.counters.order;
    const res = await pos.create({
      type: "DELIVERY",
      payment: { method: "COD" },
      items: [{ productId: "nope", quantity: 1 }],
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("VALIDATION_ERROR");
    expect(res.body.error.fields.map((f: { field: string }) => f.field)).toEqual(["body.customer.address"]);
    const menu = await pos.create({
      items: [
        { productId: "nope", quantity: 1 },
        { ...pos.item(), options: [{ optionId: "x" }] },
      ],
    });
    expect(menu.body.error.fields.map((f: { field: string }) => f.field)).toEqual([
      "body.items[0].productId",
      "body.items[1].options[0].optionId",
    ]);
    const table = await pos.create({ type: "DINE_IN" });
    expect(table.body.error.fields).toEqual([
      { field: "body.tableId", message: "a DINE_IN order needs a table" },
    ]);
    expect(pos.loc.counters.order).toBe(before);
  });

  it("refuses a sold-out product and, while temporarily closed, any order", async () => {
    const pos = setup();
    const item = pos.item();
    setSoldOut(pos.loc, item.productId, true, START);
    const sold = await pos.create({ items: [item] });
    expect(sold.status).toBe(409);
    expect(sold.body.error).toMatchObject({
      code: "PRODUCT_UNAVAILABLE",
      details: { productIds: [item.productId] },
    });
    closeTemporarily(pos.loc, { reason: "kitchen overwhelmed", until: START + 3_600_000 }, START);
    const closed = await pos.create({ items: [pos.item(1)] });
    expect(closed.status).toBe(409);
    expect(closed.body.error).toMatchObject({
      code: "RESTAURANT_CLOSED",
      retryable: false,
      details: { reason: "kitchen overwhelmed", closedUntil: new Date(START + 3_600_000).toISOString() },
    });
    await pos.clock.advance(3_600_000);
    expect((await pos.create({ items: [pos.item(1)] })).status).toBe(201);
  });

  it("replays a write with the same X-Idempotency-Key; another body or a reused externalReference is DUPLICATE_REFERENCE", async () => {
    const pos = setup();
    const key = { "x-idempotency-key": "sq-req-1" };
    const first = await pos.create({ externalReference: "SQ-7" }, key);
    const again = await pos.create({ externalReference: "SQ-7" }, key);
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.body).toEqual(first.body);
    const other = await pos.create({ externalReference: "SQ-8" }, key);
    expect(other.status).toBe(409);
    expect(other.body.error).toMatchObject({
      code: "DUPLICATE_REFERENCE",
      fields: [{ field: "header.x-idempotency-key" }],
    });
    const reused = await pos.create({ externalReference: "SQ-7" });
    expect(reused.status).toBe(409);
    expect(reused.body.error).toMatchObject({
      code: "DUPLICATE_REFERENCE",
      details: { orderId: first.body.data.id },
    });
  });
});

describe("sinqro: order status", () => {
  it("accepts and progresses by name (POST) or code (PATCH) to COMPLETED", async () => {
    const pos = setup();
    const id = (await pos.create()).body.data.id;
    const status = await pos.request("GET", `${BASE}/orders/${id}/status`);
    expect(status.body.data).toMatchObject({
      orderId: id,
      status: "NEW",
      statusCode: 10,
      paid: false,
      locked: false,
    });
    expect((await pos.setStatus(id, { status: "ACCEPTED" })).body.data).toMatchObject({
      status: "ACCEPTED",
      statusCode: 20,
    });
    expect((await pos.setStatus(id, { statusCode: 50 }, "PATCH")).body.data.status).toBe("PREPARING");
    expect((await pos.setStatus(id, { status: "READY", statusCode: 70 }, "PATCH")).body.data.status).toBe(
      "READY",
    );
    const done = await pos.setStatus(id, { status: "COMPLETED" });
    expect(done.body.data).toMatchObject({ status: "COMPLETED", statusCode: 90 });
    expect(pos.loc.orders.get(id)?.fulfilment).toBe("completed");
  });

  it("refuses an illegal transition with 409, naming from, to and what is allowed, in Sinqro statuses", async () => {
    const pos = setup();
    const id = (await pos.create()).body.data.id;
    const res = await pos.setStatus(id, { status: "COMPLETED" });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({
      code: "INVALID_STATUS_TRANSITION",
      retryable: false,
      details: { orderId: id, from: "NEW", to: "COMPLETED", allowed: ["ACCEPTED", "CANCELED"] },
    });
    expect(res.body.error.message).toBe(
      `order ${id} cannot go from NEW to COMPLETED; allowed: ACCEPTED, CANCELED`,
    );
    expect(pos.loc.orders.get(id)?.version).toBe(1);
  });

  it("cancelling voids the order; a mismatched name and code, or NEW, is refused as bad input", async () => {
    const pos = setup();
    const id = (await pos.create()).body.data.id;
    for (const body of [{ status: "ACCEPTED", statusCode: 110 }, { status: "NEW" }, { statusCode: 40 }, {}]) {
      const res = await pos.setStatus(id, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe("VALIDATION_ERROR");
    }
    const canceled = await pos.setStatus(id, { statusCode: 110 }, "PATCH");
    expect(canceled.body.data).toMatchObject({ status: "CANCELED", statusCode: 110 });
    expect(pos.loc.orders.get(id)?.status).toBe("voided");
    expect((await pos.setStatus(id, { status: "ACCEPTED" })).body.error.details.allowed).toEqual([]);
  });

  it("unknown orders, and another restaurant's, are NOT_FOUND", async () => {
    const pos = setup();
    const id = (await pos.create()).body.data.id;
    const mine = await pos.request("GET", `${BASE}/orders/${id}`, { as: pos.location(1) });
    expect(mine.status).toBe(404);
    expect(mine.body.error).toMatchObject({ code: "NOT_FOUND", details: { resource: "order", id } });
    expect((await pos.request("GET", `${BASE}/orders/nope/status`)).status).toBe(404);
    expect((await pos.setStatus("nope", { status: "ACCEPTED" })).status).toBe(404);
  });
});

describe("sinqro: orders from elsewhere", () => {
  it("reads an order keyed in at a terminal, or made through the generic API, with the same lines, totals and status", async () => {
    const pos = setup();
    const terminal = [...pos.loc.orders.values()][0];
    if (!terminal) throw new Error("the opening service must leave orders");
    const res = await pos.request("GET", `${BASE}/orders/${terminal.id}`);
    expect(res.body.data).toMatchObject({
      origin: "POS",
      type: "DINE_IN",
      payment: { method: null },
      customer: null,
    });
    const headers = { "x-api-key": pos.loc.credentials.apiKey, "content-type": "application/json" };
    const generic = await pos.generic.request(`/v1/locations/${pos.loc.id}/orders`, {
      method: "POST",
      headers,
      body: JSON.stringify({ type: "take_away", items: [pos.item(2)] }),
    });
    const g = (await generic.json()) as any;
    await pos.generic.request(`/v1/locations/${pos.loc.id}/orders/${g.id}/status`, {
      method: "POST",
      headers,
      body: JSON.stringify({ status: "accepted" }),
    });
    const s = (await pos.request("GET", `${BASE}/orders/${g.id}`)).body.data;
    expect(s.items.map((l: { id: string }) => l.id)).toEqual(g.lines.map((l: { id: string }) => l.id));
    expect(s.totals.total).toBe(g.totals.total);
    expect(s).toMatchObject({ status: "ACCEPTED", statusCode: 20, origin: "API", channel: null });
  });
});
