import { describe, expect, it } from "vitest";
import { createMockPos } from "../../simulator/app.ts";
import { VirtualClock } from "../../simulator/clock/index.ts";
import { listen } from "../../simulator/server.ts";
import { freeTable, simpleProduct } from "../../test/support/menu.ts";
import { MockPosAdmin, MockPosAdminError } from "./index.ts";

const START = Date.UTC(2026, 2, 13, 11, 30); // a Friday lunch in Madrid

function setup() {
  const clock = new VirtualClock(START);
  const mock = createMockPos({ seed: "client", locations: 2, locale: "es", clock });
  const loc = mock.sim.chain.locations[0];
  if (!loc) throw new Error("no location");
  const api = (path: string, init: RequestInit = {}) =>
    mock.app.request(`/v1/locations/${loc.id}${path}`, {
      ...init,
      headers: { "x-api-key": loc.credentials.apiKey, "content-type": "application/json" },
    });
  return { mock, clock, loc, api, admin: MockPosAdmin.inProcess(mock.app) };
}

/** The rejection `promise` ends in, which must be a `MockPosAdminError`. */
async function failure(promise: Promise<unknown>): Promise<MockPosAdminError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof MockPosAdminError)) throw new Error(`expected a MockPosAdminError, got ${err}`);
  return err;
}

describe("MockPosAdmin against a simulator in process", () => {
  it("acts as the staff, and the POS API sees it: an order opened, held, let go, paid", async () => {
    const { admin, loc, api } = setup();
    const table = freeTable(loc);
    const opened = await admin.staff.openOrder(loc.id, {
      terminalId: "term-1",
      tableId: table.id,
      items: [{ productId: simpleProduct(loc).id, quantity: 2 }],
    });
    expect(opened).toMatchObject({ status: "open", terminalId: "term-1", tableId: table.id });

    const held = await admin.staff.lock(loc.id, opened.id, { terminalId: "term-2", durationSeconds: 600 });
    expect(held.locked).toBe(true);
    const round = JSON.stringify({ items: [{ productId: simpleProduct(loc, 1).id, quantity: 1 }] });
    const refused = await api(`/orders/${opened.id}/rounds`, { method: "POST", body: round });
    expect(refused.status).toBe(423);
    expect(await refused.json()).toMatchObject({ code: "LOCKED", terminalId: "term-2" });

    await admin.staff.unlock(loc.id, opened.id);
    expect((await api(`/orders/${opened.id}/rounds`, { method: "POST", body: round })).status).toBe(200);
    const inspected = await admin.chain.order(loc.id, opened.id);
    expect(inspected.rounds.map((r) => r.source)).toEqual(["terminal", "api"]);

    const paid = await admin.staff.pay(loc.id, opened.id, {
      terminalId: "term-1",
      method: "card",
      amount: inspected.order.totals.due,
    });
    expect(paid.status).toBe("paid");
  });

  it("sells an item out and closes a shift, as the location then shows", async () => {
    const { admin, loc } = setup();
    const product = simpleProduct(loc);
    expect(await admin.staff.setSoldOut(loc.id, product.id, true)).toEqual({
      productId: product.id,
      soldOut: true,
    });
    const { closed, opened } = await admin.staff.closeShift(loc.id);
    const detail = await admin.chain.location(loc.id);
    expect(detail.soldOut).toContain(product.id);
    expect(detail.shifts.map((s) => s.id)).toEqual([closed.id, opened.id]);
  });

  it("puts fault rules in force, lists, removes and clears them: the POS API answers by them", async () => {
    const { admin, loc, api } = setup();
    const added = await admin.faults.add([
      { id: "down", kind: "unreachable", mode: "503", scope: { locations: [loc.id] } },
      { id: "slow", kind: "lock", duration: "2m", scope: { locations: ["loc-0002"] } },
    ]);
    expect(added.faults.map((f) => f.id)).toEqual(["down", "slow"]);
    expect((await api("/status")).status).toBe(503);
    expect((await admin.faults.list()).faults.find((f) => f.id === "down")?.hits).toBe(1);

    expect(await admin.faults.remove("down")).toEqual({ removed: "down" });
    expect((await api("/status")).status).toBe(200);
    expect((await admin.faults.clear()).faults).toEqual([]);
    const gone = await failure(admin.faults.remove("slow"));
    expect(gone).toMatchObject({ status: 404, code: "NOT_FOUND" });
  });

  it("steps the virtual clock by a duration and to an instant, never back", async () => {
    const { admin, clock } = setup();
    expect(await admin.clock.get()).toMatchObject({ kind: "virtual", now: new Date(START).toISOString() });
    expect((await admin.clock.advance("5m")).now).toBe(new Date(START + 300_000).toISOString());
    expect((await admin.clock.advance(1000)).now).toBe(new Date(START + 301_000).toISOString());
    const to = new Date(START + 3_600_000);
    expect((await admin.clock.set(to)).now).toBe(to.toISOString());
    expect(clock.now()).toBe(to.getTime());

    const back = await failure(admin.clock.set(new Date(START)));
    expect(back.status).toBe(400);
    expect(back.problem).toMatchObject({ code: "VALIDATION", invalidParams: [{ name: "body.to" }] });
    expect(clock.now()).toBe(to.getTime());
  });

  it("reads the journal as JSON and as the NDJSON export, with the same filters", async () => {
    const { admin, api } = setup();
    await api("/menu");
    await api("/status");
    await api("/menu");
    const listed = await admin.journal.list({ operation: "menu.get" });
    expect(listed.entries.map((e) => e.operation)).toEqual(["menu.get", "menu.get"]);
    expect(listed.total).toBe(3);
    expect(await admin.journal.export({ operation: "menu.get" })).toEqual(listed.entries);
    expect(await admin.journal.list({ after: listed.entries[1]?.seq })).toMatchObject({ entries: [] });
  });

  it("reads the chain a page at a time; reset goes back to the seed", async () => {
    const { admin, loc, api } = setup();
    const chain = await admin.chain.get();
    expect(chain.locations.map((l) => l.id)).toEqual(["loc-0001", "loc-0002"]);
    expect((await admin.chain.get({ offset: 1, limit: 1 })).locations.map((l) => l.id)).toEqual(["loc-0002"]);
    await admin.staff.setSoldOut(loc.id, simpleProduct(loc).id, true);
    await api("/menu");
    expect(await admin.reset()).toMatchObject({ status: "reset", seed: "client", locations: 2 });
    expect((await admin.chain.location(loc.id)).soldOut).not.toContain(simpleProduct(loc).id);
    expect((await admin.health()).journal.size).toBe(0);
    expect(await admin.topology()).toEqual({ listeners: [] });
  });

  it("loads a scenario, reports it and stops it", async () => {
    const { admin, mock } = setup();
    expect(await failure(admin.scenario.get())).toMatchObject({ status: 404, code: "NOT_FOUND" });
    const started = await admin.scenario.load({
      name: "quiet-lunch",
      chain: { seed: "quiet", locations: 1 },
      clock: { start: new Date(START).toISOString() },
      duration: "1h",
      faults: [{ id: "held", kind: "lock", duration: "30s" }],
    });
    expect(started).toMatchObject({ name: "quiet-lunch", faults: ["held"] });
    expect(mock.sim.chain.locations).toHaveLength(1);
    expect((await admin.scenario.get()).name).toBe("quiet-lunch");
    expect(await admin.scenario.stop()).toEqual({ stopped: "quiet-lunch" });
    expect((await admin.faults.list()).faults).toEqual([]);
  });

  it("configures the webhook sender, reads it and stops it", async () => {
    const { admin } = setup();
    const on = await admin.webhooks.configure({
      url: "http://127.0.0.1:9/hooks",
      secret: "shh",
      events: ["order.status_changed"],
      timeout: "1s",
    });
    expect(on).toMatchObject({ configured: true, state: "active", config: { timeoutMs: 1000 } });
    expect(JSON.stringify(await admin.webhooks.get({ limit: 1 }))).not.toContain("shh");
    expect(await admin.webhooks.stop()).toEqual({ stopped: true });
    expect(await admin.webhooks.get()).toMatchObject({ configured: false, state: "off" });
  });

  it("manages the Sinqro staff side: closing for online orders, opening hours, bookings", async () => {
    const { admin, loc } = setup();
    const closed = await admin.staff.closeOnline(loc.id, { reason: "private event" });
    expect(closed).toMatchObject({ locationId: loc.id, closed: true, reason: "private event" });
    expect((await admin.staff.reopenOnline(loc.id)).closed).toBe(false);
    const week = { monday: [{ opens: "12:00", closes: "16:00" }], tuesday: [], wednesday: [] };
    const set = await admin.staff.setSchedule(loc.id, {
      ...week,
      thursday: [],
      friday: [],
      saturday: [],
      sunday: [],
    });
    expect(set.monday).toEqual(week.monday);
    expect(Array.isArray((await admin.staff.reservations(loc.id)).reservations)).toBe(true);
    const missing = await failure(
      admin.staff.setReservationStatus(loc.id, "res-none", { status: "accepted" }),
    );
    expect(missing.status).toBe(404);
  });

  it("sets a Pact provider state up and tears it down", async () => {
    const { admin, mock } = setup();
    expect((await admin.pact.states()).states).toContain("the location is unreachable");
    await admin.pact.setup({ state: "the location is unreachable" });
    expect(mock.sim.faults.rules.map((r) => r.rule.id)).toEqual(["pact-unreachable"]);
    expect(await admin.pact.teardown({ state: "the location is unreachable" })).toEqual({});
    expect(mock.sim.faults.rules).toEqual([]);
  });

  it("puts vendor quirks in force and takes them out; an unknown one is refused by name", async () => {
    const { admin, api } = setup();
    expect((await admin.quirks.set("renamed-field")).active).toBe("renamed-field");
    expect(await (await api("/status")).json()).toHaveProperty("localTime");
    const unknown = await failure(admin.quirks.set(["lock-as-404"]));
    expect(unknown.problem).toMatchObject({ code: "VALIDATION", invalidParams: [{ name: "body.quirks" }] });
    expect(unknown.message).toContain("unknown quirk 'lock-as-404'");
    expect((await admin.quirks.set("")).active).toBe("");
    expect((await admin.quirks.get()).quirks.every((q) => !q.on)).toBe(true);
  });

  it("throws a MockPosAdminError with the status and the problem body on a non-2xx answer", async () => {
    const { admin } = setup();
    const unknown = await failure(admin.chain.location("loc-9999"));
    expect(unknown).toMatchObject({ name: "MockPosAdminError", status: 404, code: "NOT_FOUND" });
    expect(unknown.message).toContain("GET /__admin/locations/loc-9999 answered 404 (NOT_FOUND:");
    // A rule the contract refuses, sent by a caller who got past the types.
    const bad = await failure(admin.faults.add({ id: "x", kind: "lock", duration: "soon" } as never));
    expect(bad.status).toBe(400);
    expect(bad.problem?.invalidParams?.[0]?.name).toBe("body.duration");
  });

  it("keeps a body that is not a problem as text, and sends the token as a bearer", async () => {
    const seen: Headers[] = [];
    const admin = new MockPosAdmin({
      baseUrl: "http://127.0.0.1:8080/",
      token: "s3cret",
      fetch: async (url, init) => {
        seen.push(new Headers(init.headers));
        expect(url).toBe("http://127.0.0.1:8080/__admin/health");
        return new Response("<h1>Bad gateway</h1>", {
          status: 502,
          headers: { "content-type": "text/html" },
        });
      },
    });
    const err = await failure(admin.health());
    expect(err).toMatchObject({ status: 502, problem: null, code: null, text: "<h1>Bad gateway</h1>" });
    expect(seen[0]?.get("authorization")).toBe("Bearer s3cret");
  });
});

describe("MockPosAdmin over a real listener", () => {
  it("reaches a served simulator with the global fetch", async () => {
    const { mock, loc } = setup();
    const server = await listen(mock.app, { port: 0 });
    try {
      const admin = new MockPosAdmin({ baseUrl: server.url });
      expect(await admin.health()).toMatchObject({ status: "ok", seed: "client", clock: "virtual" });
      const held = await admin.faults.add({ id: "held", kind: "lock", scope: { locations: [loc.id] } });
      expect(held.faults[0]).toMatchObject({ id: "held", kind: "lock", hits: 0 });
      expect(await failure(admin.chain.order(loc.id, "no such order"))).toMatchObject({ status: 404 });
    } finally {
      await server.close();
    }
  });
});
