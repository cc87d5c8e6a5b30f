import { describe, expect, it } from "vitest";
import { freeTable, productWithExtra, simpleProduct } from "../../../test/support/menu.ts";
import { type ElyxPos, elyxPos, START } from "./test-support.ts";

const API = "/api/v1";

function openTicket(
  pos: ElyxPos,
  i = 0,
  extra: Record<string, unknown> = {},
  headers?: Record<string, string>,
) {
  const loc = pos.location(i);
  return pos.post(
    `${API}/locations/${i + 1}/tickets`,
    {
      type: "dine_in",
      tableId: freeTable(loc).id,
      lines: [{ articleId: simpleProduct(loc).id, quantity: 2 }],
      ...extra,
    },
    { headers },
  );
}

describe("elyx: locations and articles", () => {
  it("location.status lists every location the server key sees, by numeric id, with business date and shift", async () => {
    const pos = elyxPos();
    const res = await pos.get(`${API}/locations`);
    expect(res.status).toBe(200);
    expect(res.body.serverTime).toBe(new Date(START).toISOString());
    expect(res.body.locations.map((l: { id: number }) => l.id)).toEqual([1, 2, 3]);
    expect(res.body.locations[0]).toMatchObject({
      name: pos.location(0).name,
      online: true,
      timezone: "Europe/Madrid",
      currency: "EUR",
      businessDate: "2026-03-13",
      shiftId: "1-1",
    });
    const one = await pos.get(`${API}/locations/2`);
    expect(one.body).toEqual(res.body.locations[1]);
    expect(
      (await pos.get(`${API}/locations?locations=3,1`)).body.locations.map((l: { id: number }) => l.id),
    ).toEqual([1, 3]);
  });

  it("menu.get gives articles with families, integer prices, VAT in percent, modifiers and sold-out flags", async () => {
    const pos = elyxPos();
    const loc = pos.location(0);
    const product = simpleProduct(loc);
    expect(
      (await pos.admin("PUT", `/__admin/locations/${loc.id}/availability/${product.id}`, { soldOut: true }))
        .status,
    ).toBe(200);
    const res = await pos.get(`${API}/locations/1/articles`);
    expect(res.status).toBe(200);
    expect(res.body.articles).toHaveLength(loc.menu.products.length);
    const families = new Set(res.body.families.map((f: { id: string }) => f.id));
    for (const a of res.body.articles) {
      expect(Number.isInteger(a.price)).toBe(true);
      expect(families.has(a.familyId)).toBe(true);
    }
    const article = res.body.articles.find((a: { id: string }) => a.id === product.id);
    expect(article).toMatchObject({ price: product.price, vatRate: product.taxRate / 100, soldOut: true });
    const groups = new Set(res.body.modifierGroups.map((g: { id: string }) => g.id));
    const referenced = res.body.articles.flatMap((a: { modifierGroupIds: string[] }) => a.modifierGroupIds);
    expect(referenced.length).toBeGreaterThan(0);
    for (const id of referenced) expect(groups.has(id)).toBe(true);
  });
});

describe("elyx: the ticket lifecycle", () => {
  it("opens a ticket, adds lines, settles it with a tip; totals reconcile with the lines", async () => {
    const pos = elyxPos();
    const loc = pos.location(0);
    const { product, option } = productWithExtra(loc);
    const table = freeTable(loc);
    const created = await pos.post(`${API}/locations/1/tickets`, {
      type: "dine_in",
      tableId: table.id,
      guests: 2,
      externalId: "app-1",
      lines: [{ articleId: product.id, quantity: 2, modifiers: [{ optionId: option.id }] }],
    });
    expect(created.status).toBe(201);
    const t = created.body;
    expect(t).toMatchObject({
      locationId: 1,
      status: "open",
      externalId: "app-1",
      terminal: { id: "term-api" },
      table: { id: table.id, name: table.name },
      shiftId: "1-1",
      openedShiftId: "1-1",
      businessDate: "2026-03-13",
      locked: null,
      version: 1,
    });
    expect(t.id).toBe(`1-${t.number}`);
    const unit = product.variants[0]?.price ?? product.price;
    expect(t.lines[0]).toMatchObject({
      type: "article",
      articleId: product.id,
      total: (unit + option.price) * 2,
    });
    expect(t.totals.gross).toBe(t.lines[0].total);
    expect(t.totals.net + t.totals.vat).toBe(t.totals.gross);
    expect(await pos.get(`${API}/tickets/${t.id}`)).toMatchObject({ status: 200, body: t });

    const second = simpleProduct(loc, 3);
    const added = await pos.post(`${API}/tickets/${t.id}/lines`, {
      lines: [{ articleId: second.id, quantity: 1 }],
      version: 1,
    });
    expect(added.status).toBe(200);
    expect(added.body.lines.at(-1)).toMatchObject({ articleId: second.id, round: 2 });
    expect(added.body.version).toBe(2);

    const due = added.body.totals.due;
    const paid = await pos.post(`${API}/tickets/${t.id}/payments`, { method: "card", amount: due, tip: 300 });
    expect(paid.status).toBe(200);
    const p = paid.body;
    expect(p.status).toBe("paid");
    expect(p.lines.at(-1)).toMatchObject({ type: "tip", total: 300, vat: 0 });
    expect(p.totals).toMatchObject({ tips: 300, gross: due + 300, paid: due + 300, due: 0 });
    expect(p.payments).toEqual([
      expect.objectContaining({ method: "card", amount: due + 300, tip: 300, shiftId: "1-1" }),
    ]);
    const lineSum = p.lines.reduce((s: number, l: { total: number }) => s + l.total, 0);
    expect(p.totals.gross).toBe(lineSum);
    expect(p.totals.net + p.totals.vat + p.totals.tips).toBe(p.totals.gross);
    const byRate = p.totals.vatByRate as { net: number; vat: number }[];
    expect(byRate.reduce((s, r) => s + r.vat, 0)).toBe(p.totals.vat);
    expect(byRate.reduce((s, r) => s + r.net, 0)).toBe(p.totals.net);

    const late = await pos.post(`${API}/tickets/${t.id}/lines`, {
      lines: [{ articleId: second.id, quantity: 1 }],
    });
    expect(late.status).toBe(409);
    expect(late.body.error).toMatchObject({
      code: 2002,
      type: "TICKET_CLOSED",
      ticketId: t.id,
      ticketStatus: "paid",
    });
    expect(late.body.error.message).toBe(`ticket ${t.id} is paid`);
    const again = await pos.post(`${API}/tickets/${t.id}/payments`, { method: "cash" });
    expect(again.body.error.code).toBe(2002);
  });

  it("refuses a stale version (2003), a sold-out article (2004) and a wrong amount (1100 naming the field)", async () => {
    const pos = elyxPos();
    const loc = pos.location(0);
    const t = (await openTicket(pos)).body;
    const stale = await pos.post(`${API}/tickets/${t.id}/lines`, {
      lines: [{ articleId: simpleProduct(loc).id, quantity: 1 }],
      version: 7,
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 2003, type: "TICKET_CHANGED", version: 1 });
    const product = simpleProduct(loc, 2);
    await pos.admin("PUT", `/__admin/locations/${loc.id}/availability/${product.id}`, { soldOut: true });
    const out = await openTicket(pos, 0, { lines: [{ articleId: product.id, quantity: 1 }] });
    expect(out.status).toBe(409);
    expect(out.body.error).toMatchObject({ code: 2004, type: "ARTICLE_SOLD_OUT", articleIds: [product.id] });
    const unknown = await openTicket(pos, 0, { lines: [{ articleId: "no-such-article", quantity: 1 }] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.fields).toEqual([
      { field: "body.lines[0].articleId", reason: expect.any(String) },
    ]);
    const wrong = await pos.post(`${API}/tickets/${t.id}/payments`, {
      method: "cash",
      amount: t.totals.due - 1,
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.fields[0].field).toBe("body.amount");
    expect((await pos.get(`${API}/tickets/${t.id}`)).body.status).toBe("open");
  });

  it("replays a write with the same Idempotency-Key and refuses the key with another body (1105)", async () => {
    const pos = elyxPos();
    const headers = { "idempotency-key": "k-1" };
    const same = { tableId: freeTable(pos.location(0)).id };
    const first = await openTicket(pos, 0, same, headers);
    const count = pos.location(0).orders.size;
    const replay = await openTicket(pos, 0, same, headers);
    expect(pos.location(0).orders.size).toBe(count);
    expect(replay.status).toBe(201);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(replay.body).toEqual(first.body);
    const other = await openTicket(pos, 0, { ...same, guests: 4 }, headers);
    expect(other.status).toBe(409);
    expect(other.body.error).toMatchObject({ code: 1105, type: "DUPLICATE_REQUEST" });
    const dup = await openTicket(pos, 0, { externalId: "x-1" });
    expect(dup.status).toBe(201);
    const again = await openTicket(pos, 0, { externalId: "x-1" });
    expect(again.body.error).toMatchObject({ code: 1105, ticketId: dup.body.id });
    expect(again.body.error.message).toContain(`ticket ${dup.body.id}`);

    // A retry may spell the ticket with a leading zero: it names the same ticket, so it replays.
    const [n, t] = (first.body.id as string).split("-");
    const lines = { lines: [{ articleId: first.body.lines[0].articleId, quantity: 1 }] };
    const added = await pos.post(`/api/v1/tickets/${n}-${t}/lines`, lines, {
      headers: { "idempotency-key": "k-2" },
    });
    const respelled = await pos.post(`/api/v1/tickets/0${n}-${t}/lines`, lines, {
      headers: { "idempotency-key": "k-2" },
    });
    expect([added.status, respelled.status]).toEqual([200, 200]);
    expect(respelled.headers.get("idempotent-replayed")).toBe("true");
    expect(respelled.body).toEqual(added.body);
  });
});

describe("elyx: tickets list", () => {
  it("filters by location, status, business date, shift and time, and pages with offset", async () => {
    const pos = elyxPos();
    const a = (await openTicket(pos, 0)).body;
    await pos.clock.advance(60_000);
    const b = (await openTicket(pos, 1)).body;
    await pos.post(`${API}/tickets/${b.id}/payments`, { method: "cash" });
    const all = (await pos.get(`${API}/tickets?limit=500`)).body;
    const expected = pos.sim.chain.locations.reduce((s, l) => s + l.orders.size, 0);
    expect(all.total).toBe(expected);
    expect(all.tickets.map((t: { id: string }) => t.id)).toEqual(expect.arrayContaining([a.id, b.id]));
    const order = all.tickets.map(
      (t: { locationId: number; number: number }) => t.locationId * 1e6 + t.number,
    );
    expect(order).toEqual([...order].sort((x: number, y: number) => x - y));

    const mine = (await pos.get(`${API}/tickets?locations=2&status=paid`)).body.tickets;
    expect(mine.map((t: { id: string }) => t.id)).toContain(b.id);
    expect(
      mine.every((t: { locationId: number; status: string }) => t.locationId === 2 && t.status === "paid"),
    ).toBe(true);

    const since = new Date(START + 30_000).toISOString();
    const recent = (await pos.get(`${API}/tickets?from=${since}`)).body.tickets.map(
      (t: { id: string }) => t.id,
    );
    expect(recent).toEqual([b.id]);
    const before = (await pos.get(`${API}/tickets?to=${since}&locations=1`)).body.tickets.map(
      (t: { id: string }) => t.id,
    );
    expect(before).toContain(a.id);
    expect(before).not.toContain(b.id);
    expect((await pos.get(`${API}/tickets?businessDate=2026-03-12`)).body.total).toBe(0);
    expect((await pos.get(`${API}/tickets?businessDate=2026-03-13`)).body.total).toBe(expected);
    expect(
      (await pos.get(`${API}/tickets?shift=2-1&status=paid`)).body.tickets.map((t: { id: string }) => t.id),
    ).toContain(b.id);

    const page1 = (await pos.get(`${API}/tickets?limit=2`)).body;
    const page2 = (await pos.get(`${API}/tickets?limit=2&offset=2`)).body;
    expect([...page1.tickets, ...page2.tickets]).toEqual(all.tickets.slice(0, 4));
    expect(page2).toMatchObject({ total: expected, offset: 2, limit: 2 });
    const bad = await pos.get(`${API}/tickets?from=${since}&to=${since}`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].field).toBe("query.to");
    expect((await pos.get(`${API}/tickets?shift=1-99`)).status).toBe(404);
    expect((await pos.get(`${API}/tickets/1-99999`)).body.error).toMatchObject({ code: 1104 });
  });
});

describe("elyx: the contract it serves", () => {
  it("serves its OpenAPI document and a docs page, outside the journal", async () => {
    const pos = elyxPos();
    const doc = await pos.app.request("/openapi.json");
    expect(doc.status).toBe(200);
    const json = (await doc.json()) as any;
    expect(json.info.title).toMatch(/Elyx/);
    expect(json.components.securitySchemes.apiKey).toMatchObject({ in: "header", name: "X-API-KEY" });
    const html = await (await pos.app.request("/docs")).text();
    expect(html).toContain("/api/v1/sales");
    expect(html).toContain("TICKET_LOCKED");
    expect(html).toContain(
      "<td><code>LOCKED</code></td><td><code>2001</code> TICKET_LOCKED</td><td>423</td>",
    );
    expect(html).not.toContain("problem+json");
    expect([...pos.sim.journal.entries()]).toEqual([]);
    await pos.get(`${API}/locations/1`);
    expect(pos.lastEntry()).toMatchObject({
      dialect: "elyx",
      operation: "location.status",
      locationId: "loc-0001",
    });
  });
});
