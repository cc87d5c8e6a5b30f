import { describe, expect, it } from "vitest";
import { freeTable, simpleProduct } from "../../test/support/menu.ts";
import { START, testPos } from "../../test/support/pos.ts";
import { createReservation } from "../domain/reservations.ts";

function setup() {
  const pos = testPos();
  const loc = pos.location(0);
  return { ...pos, loc, admin: (p: string) => `/__admin${p}`, loc0: `/__admin/locations/${loc.id}` };
}

describe("admin API", () => {
  it("health reports the clock, seed and journal", async () => {
    const pos = setup();
    const res = await pos.request("GET", pos.admin("/health"));
    expect(res.body).toMatchObject({
      status: "ok",
      clock: "virtual",
      seed: "test",
      locations: 2,
      time: new Date(START).toISOString(),
    });
    expect(res.body.journal).toMatchObject({ capacity: 10_000 });
    const clock = await pos.request("GET", pos.admin("/clock"));
    expect(clock.body).toMatchObject({ kind: "virtual", now: new Date(START).toISOString() });
  });

  it("the chain summary gives every location's credentials, which work", async () => {
    const pos = setup();
    const res = await pos.request("GET", pos.admin("/chain"));
    expect(res.body.locationCount).toBe(2);
    const [first] = res.body.locations;
    const status = await pos.app.request(`/v1/locations/${first.id}/status`, {
      headers: { "x-api-key": first.credentials.apiKey },
    });
    expect(status.status).toBe(200);
    const page = await pos.request("GET", pos.admin("/chain?offset=1&limit=1"));
    expect(page.body.locations.map((l: { id: string }) => l.id)).toEqual([res.body.locations[1].id]);
  });

  it("inspects a location and an order, including where each round came from", async () => {
    const pos = setup();
    const loc = await pos.request("GET", pos.loc0);
    expect(loc.body.terminals.some((t: { kind: string }) => t.kind === "integration")).toBe(true);
    expect(loc.body.shifts).toHaveLength(1);
    const table = freeTable(pos.loc);
    const opened = await pos.request("POST", `${pos.loc0}/orders`, {
      body: {
        terminalId: "term-1",
        tableId: table.id,
        items: [{ productId: simpleProduct(pos.loc).id, quantity: 1 }],
      },
    });
    expect(opened.status).toBe(201);
    await pos.request("POST", `/v1/locations/${pos.loc.id}/orders/${opened.body.id}/rounds`, {
      body: { items: [{ productId: simpleProduct(pos.loc, 1).id, quantity: 1 }] },
    });
    const inspected = await pos.request("GET", `${pos.loc0}/orders/${opened.body.id}`);
    expect(inspected.body.rounds.map((r: { source: string }) => r.source)).toEqual(["terminal", "api"]);
    expect(inspected.body.order.terminalId).toBe("term-1");
  });

  it("staff add items, void a line, take payment, and void an order", async () => {
    const pos = setup();
    const product = simpleProduct(pos.loc);
    const opened = await pos.request("POST", `${pos.loc0}/orders`, {
      body: { terminalId: "term-1", type: "take_away", items: [{ productId: product.id, quantity: 1 }] },
    });
    const id = opened.body.id;
    const added = await pos.request("POST", `${pos.loc0}/orders/${id}/items`, {
      body: { terminalId: "term-1", items: [{ productId: product.id, quantity: 2 }] },
    });
    expect(added.body.lines).toHaveLength(2);
    const voided = await pos.request(
      "POST",
      `${pos.loc0}/orders/${id}/lines/${added.body.lines[0].id}/void`,
      { body: { terminalId: "term-1" } },
    );
    expect(voided.body.totals.total).toBe(added.body.lines[1].total);
    const paid = await pos.request("POST", `${pos.loc0}/orders/${id}/pay`, {
      body: { terminalId: "term-1", method: "cash", tip: 100 },
    });
    expect(paid.body).toMatchObject({ status: "paid", totals: { due: 0, tip: 100 } });

    const other = await pos.request("POST", `${pos.loc0}/orders`, {
      body: { terminalId: "term-1", type: "take_away", items: [{ productId: product.id, quantity: 1 }] },
    });
    const gone = await pos.request("POST", `${pos.loc0}/orders/${other.body.id}/void`, {
      body: { terminalId: "term-1" },
    });
    expect(gone.body.status).toBe("voided");
  });

  it("the terminal holding a lock may still write; another terminal may not take it", async () => {
    const pos = setup();
    const product = simpleProduct(pos.loc);
    const opened = await pos.request("POST", `${pos.loc0}/orders`, {
      body: { terminalId: "term-1", type: "take_away", items: [{ productId: product.id, quantity: 1 }] },
    });
    const id = opened.body.id;
    await pos.request("PUT", `${pos.loc0}/orders/${id}/lock`, { body: { terminalId: "term-1" } });
    const own = await pos.request("POST", `${pos.loc0}/orders/${id}/items`, {
      body: { terminalId: "term-1", items: [{ productId: product.id, quantity: 1 }] },
    });
    expect(own.status).toBe(200);
    const steal = await pos.request("PUT", `${pos.loc0}/orders/${id}/lock`, {
      body: { terminalId: "term-2" },
    });
    expect(steal.status).toBe(423);
    const api = await pos.request("PUT", `${pos.loc0}/orders/${id}/lock`, {
      body: { terminalId: "term-api" },
    });
    expect(api.status).toBe(400);
  });

  it("reset puts the chain back to what the seed gives", async () => {
    const pos = setup();
    const summary = async () => (await pos.request("GET", pos.admin("/chain"))).body;
    const before = await summary();
    await pos.request("POST", `/v1/locations/${pos.loc.id}/orders`, {
      body: { type: "take_away", items: [{ productId: simpleProduct(pos.loc).id, quantity: 1 }] },
    });
    expect((await summary()).locations[0].orders).toBe(before.locations[0].orders + 1);
    await pos.request("POST", pos.admin("/reset"));
    expect(await summary()).toEqual(before);
    expect(pos.sim.journal.size).toBe(0);
  });
});

describe("admin API: the journal", () => {
  async function traffic() {
    const pos = setup();
    const url = `/v1/locations/${pos.loc.id}`;
    await pos.request("GET", `${url}/status`);
    await pos.clock.advance(60_000);
    await pos.request("GET", `${url}/menu`);
    await pos.request("GET", `${url}/menu`, { as: false });
    await pos.clock.advance(60_000);
    await pos.request("GET", `/v1/locations/${pos.location(1).id}/status`);
    await pos.request("POST", `${url}/orders`, {
      body: { type: "take_away", items: [{ productId: simpleProduct(pos.loc).id, quantity: 1 }] },
      headers: { "idempotency-key": "k-1" },
    });
    return pos;
  }

  it("records each request as an operation with its outcome, and leaves admin calls out", async () => {
    const pos = await traffic();
    const res = await pos.request("GET", pos.admin("/journal"));
    expect(res.body.total).toBe(5);
    expect(
      res.body.entries.map((e: { operation: string; outcome: string; status: number }) => [
        e.operation,
        e.outcome,
        e.status,
      ]),
    ).toEqual([
      ["location.status", "OK", 200],
      ["menu.get", "OK", 200],
      ["menu.get", "UNAUTHORIZED", 401],
      ["location.status", "OK", 200],
      ["order.create", "OK", 201],
    ]);
    expect(res.body.entries[4]).toMatchObject({
      idempotencyKey: "k-1",
      locationId: pos.loc.id,
      dialect: "generic",
      latencyMs: 0,
    });
  });

  it("filters by location, operation, outcome and time range", async () => {
    const pos = await traffic();
    const q = async (query: string) =>
      (await pos.request("GET", pos.admin(`/journal?${query}`))).body.entries;
    expect(await q(`locationId=${pos.location(1).id}`)).toHaveLength(1);
    expect(await q("operation=menu.get")).toHaveLength(2);
    expect(await q("outcome=UNAUTHORIZED")).toHaveLength(1);
    const from = new Date(START + 60_000).toISOString();
    const to = new Date(START + 60_000).toISOString();
    expect((await q(`from=${from}&to=${to}`)).map((e: { operation: string }) => e.operation)).toEqual([
      "menu.get",
      "menu.get",
    ]);
    expect(await q("limit=2")).toHaveLength(2);
  });

  it("exports NDJSON, one entry a line", async () => {
    const pos = await traffic();
    const res = await pos.request("GET", pos.admin("/journal/export?operation=menu.get"));
    expect(res.headers.get("content-type")).toBe("application/x-ndjson");
    const lines = res.text
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.map((e) => e.operation)).toEqual(["menu.get", "menu.get"]);
  });

  it("keeps only the newest entries when the ring is full", async () => {
    const pos = testPos({ journalSize: 3 });
    const loc = pos.location(0);
    for (let i = 0; i < 5; i++) await pos.request("GET", `/v1/locations/${loc.id}/status`);
    const res = await pos.request("GET", "/__admin/journal");
    expect(res.body).toMatchObject({ total: 5, capacity: 3 });
    expect(res.body.entries.map((e: { seq: number }) => e.seq)).toEqual([3, 4, 5]);
  });
});

describe("retention", () => {
  it("forgets paid and voided orders some days after they closed, and keeps open ones", async () => {
    const pos = testPos({ retainDays: 1 });
    const loc = pos.location(0);
    const open = [...loc.orders.values()].filter((o) => o.status === "open").map((o) => o.id);
    const closed = [...loc.orders.values()].filter((o) => o.status !== "open").map((o) => o.id);
    expect(closed.length).toBeGreaterThan(0);
    await pos.clock.advance(26 * 3_600_000);
    for (const id of closed)
      expect((await pos.request("GET", `/__admin/locations/${loc.id}/orders/${id}`)).status).toBe(404);
    for (const id of open)
      expect((await pos.request("GET", `/__admin/locations/${loc.id}/orders/${id}`)).status).toBe(200);
  });

  it("forgets bookings some days after their time, answered or not", async () => {
    const pos = testPos({ retainDays: 1 });
    const loc = pos.location(0);
    const booking = createReservation(
      loc,
      { partySize: 2, reservedFor: START + 90 * 60_000, customer: { name: "Ana", phone: "+34600000000" } },
      pos.clock.now(),
    );
    await pos.clock.advance(2 * 3_600_000);
    expect(loc.reservations.has(booking.id)).toBe(true);
    await pos.clock.advance(25 * 3_600_000);
    expect(loc.reservations.has(booking.id)).toBe(false);
  });

  it("keeps a closed shift's Z-report after its orders are forgotten", async () => {
    const pos = testPos({ retainDays: 1 });
    const loc = pos.location(0);
    const shiftOf = async (id: string) =>
      (await pos.request("GET", `/v1/locations/${loc.id}/shifts/${id}`)).body.totals;
    const closedShift = loc.shifts[0]?.id ?? "";
    expect((await pos.request("POST", `/__admin/locations/${loc.id}/shifts/close`)).status).toBe(200);
    const atClose = await shiftOf(closedShift);
    expect(atClose.gross).toBeGreaterThan(0);
    expect(
      atClose.taxByRate.reduce((sum: number, r: { net: number; tax: number }) => sum + r.net + r.tax, 0),
    ).toBe(atClose.gross - atClose.tips);
    await pos.clock.advance(26 * 3_600_000);
    expect([...loc.orders.values()].some((o) => o.shiftId === closedShift && o.status !== "open")).toBe(
      false,
    );
    expect(await shiftOf(closedShift)).toEqual(atClose);
  });
});
