import { describe, expect, it } from "vitest";
import { elyxPos } from "../simulator/dialects/elyx/test-support.ts";
import { BASE, sinqroPos } from "../simulator/dialects/sinqro/testing.ts";
import { simpleProduct } from "./support/menu.ts";
import { testPos } from "./support/pos.ts";

/**
 * One naming for bad fields in every dialect: a field is named where the request carries it
 * (`body.…`, `query.…`, `path.…`, `header.…`), whether the contract's schema refused it or the
 * POS's rules (an unknown product, an amount that is not what is due) did.
 */

const names = (list: { name?: string; field?: string }[]) => list.map((p) => p.name ?? p.field);

describe("bad fields are named where the request carries them, schema and domain alike", () => {
  it("generic (invalidParams)", async () => {
    const pos = testPos();
    const loc = pos.location(0);
    const url = `/v1/locations/${loc.id}/orders`;
    const good = { productId: simpleProduct(loc).id, quantity: 1 };
    const schema = await pos.request("POST", url, {
      body: { type: "take_away", items: [{ ...good, quantity: 0 }] },
    });
    expect(names(schema.body.invalidParams)).toEqual(["body.items[0].quantity"]);
    const domain = await pos.request("POST", url, {
      body: { type: "take_away", items: [good, { productId: "nope", quantity: 1 }] },
    });
    expect(names(domain.body.invalidParams)).toEqual(["body.items[1].productId"]);
    const waiter = await pos.request("POST", url, {
      body: { type: "take_away", waiterId: "nobody", items: [good] },
    });
    expect(names(waiter.body.invalidParams)).toEqual(["body.waiterId"]);
    const table = await pos.request("POST", url, {
      body: { type: "dine_in", tableId: "t-nope", items: [good] },
    });
    expect(names(table.body.invalidParams)).toEqual(["body.tableId"]);
    const query = await pos.request("GET", `${url}?view=soon`);
    expect(names(query.body.invalidParams)).toEqual(["query.view"]);
    const cursor = await pos.request("GET", `${url}?cursor=forged`);
    expect(names(cursor.body.invalidParams)).toEqual(["query.cursor"]);
    if (pos.sim.chain.loyalty) {
      const card = await pos.request("GET", `/v1/locations/${loc.id}/loyalty/cards/0000`);
      expect(names(card.body.invalidParams)).toEqual(["path.cardNumber"]);
    }
  });

  it("elyx (error.fields, in Elyx's words)", async () => {
    const pos = elyxPos();
    const loc = pos.location(0);
    const url = "/api/v1/locations/1/tickets";
    const good = { articleId: simpleProduct(loc).id, quantity: 1 };
    const schema = await pos.post(url, { type: "take_away", lines: [{ ...good, quantity: 0 }] });
    expect(names(schema.body.error.fields)).toEqual(["body.lines[0].quantity"]);
    const domain = await pos.post(url, {
      type: "take_away",
      lines: [good, { articleId: "nope", quantity: 1 }],
    });
    expect(names(domain.body.error.fields)).toEqual(["body.lines[1].articleId"]);
    const waiter = await pos.post(url, { type: "take_away", waiterId: "nobody", lines: [good] });
    expect(names(waiter.body.error.fields)).toEqual(["body.waiterId"]);
    const ticket = (await pos.post(url, { type: "take_away", lines: [good] })).body;
    const amount = await pos.post(`/api/v1/tickets/${ticket.id}/payments`, {
      method: "cash",
      amount: ticket.totals.due + 1,
    });
    expect(names(amount.body.error.fields)).toEqual(["body.amount"]);
    const shift = await pos.get("/api/v1/tickets?shift=1-x");
    expect(names(shift.body.error.fields)).toEqual(["query.shift"]);
  });

  it("sinqro (error.fields, in Sinqro's words)", async () => {
    const pos = sinqroPos();
    const loc = pos.location(0);
    const url = `${BASE}/orders`;
    const good = { productId: simpleProduct(loc).id, quantity: 1 };
    const order = (items: unknown[], extra = {}) => ({
      type: "TAKE_AWAY",
      payment: { method: "CASH" },
      items,
      ...extra,
    });
    const schema = await pos.request("POST", url, { body: order([{ ...good, quantity: 0 }]) });
    expect(names(schema.body.error.fields)).toEqual(["body.items[0].quantity"]);
    const domain = await pos.request("POST", url, {
      body: order([good, { ...good, options: [{ optionId: "nope" }] }, { productId: "nope", quantity: 1 }]),
    });
    expect(names(domain.body.error.fields)).toEqual([
      "body.items[1].options[0].optionId",
      "body.items[2].productId",
    ]);
    const rule = await pos.request("POST", url, { body: order([good], { type: "DELIVERY" }) });
    expect(names(rule.body.error.fields)).toEqual(["body.customer.address"]);
    const key = await pos.request("POST", url, {
      body: order([good]),
      headers: { "x-idempotency-key": " " },
    });
    expect(new Set(names(key.body.error.fields))).toEqual(new Set(["header.x-idempotency-key"]));
  });
});
