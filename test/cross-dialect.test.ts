import { describe, expect, it } from "vitest";
import type { Location } from "../simulator/domain/types.ts";
import { allDialects } from "./support/dialects.ts";
import { freeTable, productWithExtra, simpleProduct } from "./support/menu.ts";

// One chain, three vendor styles: whatever dialect an order goes in through, every dialect reads
// the same lines, totals and status, and a fault breaks all of them the same way, each in its words.

type Pos = ReturnType<typeof allDialects>;

const locNumber = (l: Location) => Number(l.id.slice(4));

/** The three views of one order, reduced to what must agree. */
async function views(pos: Pos, location: Location, orderId: string) {
  const generic = (await pos.request("GET", `/v1/locations/${location.id}/orders/${orderId}`)).body;
  const elyxRes = await pos.elyx("GET", `/tickets/${locNumber(location)}-${generic.number}`);
  if (elyxRes.status !== 200) throw new Error(elyxRes.text);
  const elyx = elyxRes.body;
  const sinqroRes = await pos.sinqro("GET", `/orders/${orderId}`, { as: location });
  if (sinqroRes.status !== 200) throw new Error(sinqroRes.text);
  const sinqro = sinqroRes.body.data;
  const lines = {
    generic: generic.lines
      .filter((l: any) => l.kind === "item" && !l.voided)
      .map((l: any) => [l.productId, l.name, l.quantity, l.unitPrice, l.total]),
    elyx: elyx.lines
      .filter((l: any) => l.type === "article" && !l.voided)
      .map((l: any) => [l.articleId, l.name, l.quantity, l.unitPrice, l.total]),
    sinqro: sinqro.items
      .filter((l: any) => !l.canceled)
      .map((l: any) => [l.productId, l.name, l.quantity, l.unitPrice, l.total]),
  };
  const totals = {
    generic: [generic.totals.total, generic.totals.tax, generic.totals.tip, generic.totals.paid],
    elyx: [elyx.totals.gross, elyx.totals.vat, elyx.totals.tips, elyx.totals.paid],
    sinqro: [sinqro.totals.total, sinqro.totals.tax, sinqro.totals.tip, sinqro.totals.paid],
  };
  const status = {
    generic: [generic.status, generic.fulfilment, generic.version],
    elyx: [elyx.status, elyx.version],
    sinqro: [sinqro.payment.paid, sinqro.status, sinqro.version],
  };
  return { generic, elyx, sinqro, lines, totals, status };
}

function expectAgreement(v: Awaited<ReturnType<typeof views>>) {
  expect(v.lines.generic.length).toBeGreaterThan(0);
  expect(v.lines.elyx).toEqual(v.lines.generic);
  expect(v.lines.sinqro).toEqual(v.lines.generic);
  expect(v.totals.elyx).toEqual(v.totals.generic);
  expect(v.totals.sinqro).toEqual(v.totals.generic);
  const [status, fulfilment, version] = v.status.generic;
  expect(v.status.elyx).toEqual([status, version]);
  const sinqroStatus = { new: "NEW", accepted: "ACCEPTED", preparing: "PREPARING", canceled: "CANCELED" }[
    fulfilment as string
  ];
  expect(v.status.sinqro).toEqual([status === "paid", sinqroStatus, version]);
}

describe("one chain, many dialects", () => {
  it("an order created in the generic API reads the same in Elyx and Sinqro, through a round and a payment", async () => {
    const pos = allDialects();
    const loc = pos.location(0);
    const extra = productWithExtra(loc);
    const created = await pos.request("POST", `/v1/locations/${loc.id}/orders`, {
      body: {
        type: "dine_in",
        tableId: freeTable(loc).id,
        guests: 2,
        items: [
          { productId: simpleProduct(loc).id, quantity: 2 },
          { productId: extra.product.id, quantity: 1, modifiers: [{ optionId: extra.option.id }] },
        ],
      },
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    expectAgreement(await views(pos, loc, id));

    const round = await pos.elyx("POST", `/tickets/${locNumber(loc)}-${created.body.number}/lines`, {
      body: { lines: [{ articleId: simpleProduct(loc, 1).id, quantity: 3 }] },
    });
    expect(round.status).toBe(200);
    expectAgreement(await views(pos, loc, id));

    const accepted = await pos.sinqro("POST", `/orders/${id}/status`, {
      as: loc,
      body: { status: "ACCEPTED" },
    });
    expect(accepted.status).toBe(200);
    const paid = await pos.request("POST", `/v1/locations/${loc.id}/orders/${id}/payments`, {
      body: { method: "card", tip: 150 },
    });
    expect(paid.status).toBe(200);
    const after = await views(pos, loc, id);
    expectAgreement(after);
    expect(after.status.generic).toEqual(["paid", "accepted", after.generic.version]);
    expect(after.totals.generic[2]).toBe(150);
  });

  it("an Elyx ticket and a Sinqro order read the same everywhere", async () => {
    const pos = allDialects();
    const loc = pos.location(1);
    const ticket = await pos.elyx("POST", `/locations/${locNumber(loc)}/tickets`, {
      body: {
        type: "take_away",
        externalId: "elyx-1",
        lines: [{ articleId: simpleProduct(loc).id, quantity: 1 }],
      },
    });
    expect(ticket.status).toBe(201);
    const listed = await pos.request("GET", `/v1/locations/${loc.id}/orders?externalId=elyx-1`);
    expect(listed.body.orders).toHaveLength(1);
    expectAgreement(await views(pos, loc, listed.body.orders[0].id));

    const online = await pos.sinqro("POST", "/orders", {
      as: loc,
      body: {
        externalReference: "sinqro-1",
        type: "TAKE_AWAY",
        payment: { method: "CASH" },
        customer: { name: "Ana", phone: "+34600000000" },
        items: [{ productId: simpleProduct(loc, 2).id, quantity: 2 }],
      },
    });
    expect(online.status).toBe(201);
    expectAgreement(await views(pos, loc, online.body.data.id));
    const canceled = await pos.sinqro("PATCH", `/orders/${online.body.data.id}/status`, {
      as: loc,
      body: { status: "CANCELED" },
    });
    expect(canceled.status).toBe(200);
    const after = await views(pos, loc, online.body.data.id);
    expectAgreement(after);
    expect(after.status.generic.slice(0, 2)).toEqual(["voided", "canceled"]);
  });
});

describe("one fault, every dialect", () => {
  it("a terminal lock refuses the write in each dialect's words, naming the rule", async () => {
    const pos = allDialects();
    const loc = pos.location(0);
    const order = (
      await pos.request("POST", `/v1/locations/${loc.id}/orders`, {
        body: { type: "take_away", items: [{ productId: simpleProduct(loc).id, quantity: 1 }] },
      })
    ).body;
    pos.sim.faults.use({ id: "waiter", kind: "lock", duration: "5m" });
    const generic = await pos.request("POST", `/v1/locations/${loc.id}/orders/${order.id}/payments`, {
      body: { method: "cash" },
    });
    const elyx = await pos.elyx("POST", `/tickets/${locNumber(loc)}-${order.number}/payments`, {
      body: { method: "cash" },
    });
    const sinqro = await pos.sinqro("POST", `/orders/${order.id}/status`, {
      as: loc,
      body: { status: "ACCEPTED" },
    });
    expect([generic.status, elyx.status, sinqro.status]).toEqual([423, 423, 423]);
    expect(generic.body.code).toBe("LOCKED");
    expect(elyx.body.error.code).toBe(2001);
    expect(sinqro.body.error.code).toBe("ORDER_LOCKED");
    for (const r of [generic, elyx, sinqro]) expect(r.headers.get("x-mockpos-fault")).toBe("waiter");
    // One lock, placed once, whichever dialect asked first.
    expect(pos.sim.faults.rules[0]?.hits).toBe(1);
  });

  it("a flapping link and a rate limit reach every dialect; each Sinqro restaurant has its own bucket", async () => {
    const pos = allDialects();
    const [a, b] = [pos.location(0), pos.location(1)];
    pos.sim.faults.use({ id: "down", kind: "unreachable", mode: "503", scope: { locations: [a.id] } });
    const generic = await pos.request("GET", `/v1/locations/${a.id}/status`);
    const elyx = await pos.elyx("GET", `/locations/${locNumber(a)}`);
    const sinqro = await pos.sinqro("GET", "/menus", { as: a });
    expect([generic.status, elyx.status, sinqro.status]).toEqual([503, 503, 503]);
    expect([generic.body.code, elyx.body.error.code, sinqro.body.error.code]).toEqual([
      "UNREACHABLE",
      9002,
      "POS_UNREACHABLE",
    ]);
    // A location-scoped outage does not take down the Elyx server's chain-wide reads.
    expect((await pos.elyx("GET", "/locations")).status).toBe(200);
    pos.sim.faults.reset();

    pos.sim.faults.use({ id: "server-down", kind: "unreachable", mode: "503" });
    const chainWide = await pos.elyx("GET", "/tickets");
    expect([chainWide.status, chainWide.body.error.code]).toEqual([503, 9002]);
    pos.sim.faults.reset();

    pos.sim.faults.use({ id: "slow-down", kind: "rate_limit", rate: 1, burst: 1 });
    expect((await pos.sinqro("GET", "/menus", { as: a })).status).toBe(200);
    expect((await pos.sinqro("GET", "/menus", { as: b })).status).toBe(200);
    const limited = await pos.sinqro("GET", "/menus", { as: a });
    expect([limited.status, limited.body.error.code]).toEqual([429, "TOO_MANY_REQUESTS"]);
    expect(limited.headers.get("retry-after")).toBe("1");
  });
});
