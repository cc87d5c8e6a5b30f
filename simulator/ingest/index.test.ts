import { describe, expect, it } from "vitest";
import { PushResult, ReportList, StoredCatalog, StoredOrders } from "../../contracts/push/results.ts";
import { basic, catalog, order, receiver } from "./testing.ts";

describe("the ingest receiver", () => {
  it("stores a good batch and upserts by externalID: a resend updates, never duplicates", async () => {
    const r = receiver();
    const first = await r.send("POST", "/orders/", { body: { orders: [order("t-1"), order("t-2")] } });
    expect(PushResult.parse(first.body)).toEqual({
      batch: "b-000001",
      kind: "sales",
      received: 2,
      created: 2,
      updated: 0,
      venues: [{ venueID: "mad", created: 2, updated: 0 }],
    });
    await r.clock.advance(60_000);
    const again = await r.send("POST", "/orders", {
      body: { orders: [order("t-2", { seats: 4 }), order("t-3")] },
    });
    expect(again.body).toMatchObject({ created: 1, updated: 1 });
    const stored = await r.send("GET", "/venues/mad/orders");
    StoredOrders.parse(stored.body);
    expect(stored.body.orders.map((o: any) => [o.order.externalID, o.revision])).toEqual([
      ["t-1", 1],
      ["t-2", 2],
      ["t-3", 1],
    ]);
    expect(stored.body.orders[1]).toMatchObject({
      createdAt: "2026-03-13T11:30:00.000Z",
      updatedAt: "2026-03-13T11:31:00.000Z",
      batch: "b-000002",
      order: { seats: 4 },
    });
  });

  it("rejects a broken push with a report naming every problem, and stores none of the batch", async () => {
    const r = receiver();
    const broken = {
      orders: [
        order("ok-1"),
        order("bad-1", { payments: [{ method: "card", base: 900, tax: 90, total: 1000 }] }),
        order("bad-2", { date: "2026-03-13 13:45", channel: "takeaway" }),
        { ...order("bad-3"), externalID: undefined, externalId: "bad-3" },
        order("ok-1"),
        order("bad-4", {
          items: [{ externalID: "p", name: "Caña", quantity: 3, pricePerUnit: 250, total: 700 }],
          payments: [{ method: "cash", base: 636, tax: 64, total: 700 }],
        }),
        order("bad-5", { payments: [{ method: "card", base: "1000", tax: 100, total: 1100.5 }] }),
      ],
    };
    const res = await r.send("POST", "/orders/", { body: broken });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: "VALIDATION", retryable: false, batch: "b-000001" });
    const problems = res.body.invalidParams.map((p: any) => `${p.name}: ${p.reason}`);
    expect(problems).toEqual([
      "orders[1].payments[0].total: base 900 + tax 90 != total 1000",
      "orders[1].payments: payments total 1000 != items total 1100",
      "orders[2].date: must be an ISO 8601 date-time with an offset, e.g. 2026-03-13T12:30:00+01:00",
      'orders[2].channel: Invalid option: expected one of "dining-room"|"bar"|"terrace"|"delivery"|"justeat"|"events"|"any"',
      "orders[3].externalID: Invalid input: expected string, received undefined",
      "orders[3].externalId: unknown field: did you mean 'externalID'?",
      "orders[4].externalID: 'ok-1' is already orders[0] of this batch",
      "orders[5].items[0].total: quantity 3 × pricePerUnit 250 = 750 != total 700",
      "orders[6].payments[0].base: Invalid input: expected number, received string",
      "orders[6].payments[0].total: Invalid input: expected int, received number",
    ]);
    expect(res.body.detail).toMatch(
      /^10 problem\(s\), nothing was stored: orders\[1\]\.payments\[0\]\.total: base 900/,
    );
    expect(r.store.orders("mad")).toEqual([]);
    const reports = await r.send("GET", "/reports");
    ReportList.parse(reports.body);
    expect(reports.body.batches).toEqual([
      {
        id: "b-000001",
        at: "2026-03-13T11:30:00.000Z",
        kind: "sales",
        credential: "madrid",
        status: 400,
        accepted: false,
        received: 7,
        created: 0,
        updated: 0,
        venues: [],
        problems,
      },
    ]);
  });

  it("routes by venueID: a routing credential names the venue, and may only name its own", async () => {
    const r = receiver();
    const routed = await r.send("POST", "/orders/", {
      as: "chain",
      body: { orders: [order("t-1", { venueID: "mad" }), order("t-1", { venueID: "bcn" })] },
    });
    expect(routed.body.venues).toEqual([
      { venueID: "bcn", created: 1, updated: 0 },
      { venueID: "mad", created: 1, updated: 0 },
    ]);
    const unrouted = await r.send("POST", "/orders/", { as: "chain", body: { orders: [order("t-2")] } });
    expect(unrouted.body.invalidParams).toEqual([
      { name: "orders[0].venueID", reason: "required: credential 'chain' routes to venues mad, bcn" },
    ]);
    const elsewhere = await r.send("POST", "/orders/", {
      as: "chain",
      body: { orders: [order("t-3", { venueID: "mad" }), order("t-4", { venueID: "sev" })] },
    });
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.body).toMatchObject({
      code: "FORBIDDEN_LOCATION",
      invalidParams: [{ name: "orders[1].venueID" }],
    });
    const own = await r.send("POST", "/orders/", { body: { orders: [order("t-5", { venueID: "bcn" })] } });
    expect(own.status).toBe(403);
    expect((await r.send("GET", "/venues/bcn/orders")).status).toBe(403);
    expect((await r.send("GET", "/venues/sev/orders", { as: "any" })).body.orders).toEqual([]);
    expect(r.store.orders("mad").map((o) => o.order.externalID)).toEqual(["t-1"]);
    expect(r.store.orders("sev")).toEqual([]);
  });

  it("answers 401 with WWW-Authenticate to missing or wrong credentials, and records nothing", async () => {
    const r = receiver();
    for (const authorization of [
      undefined,
      basic("madrid", "nope"),
      basic("nobody", "x"),
      "Bearer abc",
      "Basic !!",
    ]) {
      const res = await r.send("POST", "/orders/", {
        as: false,
        body: { orders: [order("t-1")] },
        headers: authorization ? { authorization } : {},
      });
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toMatch(/^Basic realm="mockpos-ingest"/);
    }
    expect((await r.send("GET", "/reports", { as: false })).status).toBe(401);
    expect(r.store.reports()).toEqual([]);
    expect(r.store.venues()).toEqual([]);
  });

  it("stores a catalog, resolves references against what the venue already has, and reports dangling ones", async () => {
    const r = receiver();
    expect((await r.send("POST", "/catalog/", { body: catalog })).body).toMatchObject({
      received: 4,
      created: 4,
    });
    const later = await r.send("POST", "/catalog/", {
      body: {
        items: [
          {
            externalID: "prod-2",
            name: "Fideuà",
            categoryID: "cat-1",
            price: 500,
            modifierGroupIDs: ["mg-1"],
          },
        ],
      },
    });
    expect(later.body).toMatchObject({ created: 1, updated: 0 });
    const dangling = await r.send("POST", "/catalog/", {
      body: {
        categories: [
          { externalID: "cat-2", name: "Drinks" },
          { externalID: "cat-2", name: "Bebidas" },
        ],
        items: [
          {
            externalID: "prod-3",
            name: "Caña",
            categoryID: "cat-9",
            price: 250,
            modifierGroupIDs: ["mg-1", "mg-9"],
          },
        ],
        menus: [{ externalID: "main", name: "Carta", categoryIDs: ["cat-1", "cat-7"] }],
        modifierGroups: [{ externalID: "mg-2", name: "Size", min: 2, max: 1, options: [] }],
      },
    });
    expect(dangling.body.invalidParams.map((p: any) => `${p.name}: ${p.reason}`)).toEqual([
      "categories[1].externalID: 'cat-2' is already categories[0]",
      "items[0].categoryID: no category 'cat-9'",
      "items[0].modifierGroupIDs[1]: no modifier group 'mg-9'",
      "menus[0].categoryIDs[1]: no category 'cat-7'",
      "modifierGroups[0].min: min 2 > max 1",
    ]);
    const stored = await r.send("GET", "/venues/mad/catalog");
    StoredCatalog.parse(stored.body);
    expect(stored.body.items.map((i: any) => i.externalID)).toEqual(["prod-1", "prod-2"]);
    expect(stored.body.categories).toHaveLength(1);
    const routed = await r.send("POST", "/catalog/", { as: "any", body: catalog });
    expect(routed.body.invalidParams).toEqual([
      { name: "venueID", reason: "required: credential 'any' routes to any venue" },
    ]);
  });
});
