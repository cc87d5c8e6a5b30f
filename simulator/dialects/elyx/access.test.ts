import { describe, expect, it } from "vitest";
import { freeTable, simpleProduct } from "../../../test/support/menu.ts";
import { elyxPos } from "./test-support.ts";

const API = "/api/v1";
const ids = (res: { body: { locations: { id: number }[] } }) => res.body.locations.map((l) => l.id);

describe("elyx: API keys and the location filter", () => {
  it("the server key sees every location; `locations` narrows it, empty means all, duplicates count once", async () => {
    const pos = elyxPos();
    expect(ids(await pos.get(`${API}/locations`))).toEqual([1, 2, 3]);
    expect(ids(await pos.get(`${API}/locations?locations=`))).toEqual([1, 2, 3]);
    expect(ids(await pos.get(`${API}/locations?locations=2,%201,2`))).toEqual([1, 2]);
    const shifts = (await pos.get(`${API}/shifts?locations=3`)).body.shifts;
    expect(shifts.map((s: { locationId: number }) => s.locationId)).toEqual([3]);
  });

  it("a location's own key is an on-premise server: it sees only that location", async () => {
    const pos = elyxPos();
    const key = pos.keyOf(1);
    expect(ids(await pos.get(`${API}/locations`, { key }))).toEqual([2]);
    expect(ids(await pos.get(`${API}/locations?locations=2`, { key }))).toEqual([2]);
    const tickets = (await pos.get(`${API}/tickets?limit=500`, { key })).body;
    expect(tickets.total).toBe(pos.location(1).orders.size);
    expect(tickets.tickets.every((t: { locationId: number }) => t.locationId === 2)).toBe(true);
    const shifts = (await pos.get(`${API}/shifts`, { key })).body.shifts;
    expect(shifts.map((s: { id: string }) => s.id)).toEqual(["2-1"]);
    const sales = (await pos.get(`${API}/sales?limit=500`, { key })).body.tickets;
    expect(new Set(sales.map((t: { locationId: number }) => t.locationId))).toEqual(new Set([2]));
  });

  it("refuses another location with 1002 (403), whether or not it exists, and writes nothing", async () => {
    const pos = elyxPos();
    const key = pos.keyOf(1);
    const other = [...pos.location(0).orders.values()][0];
    const before = pos.location(0).orders.size;
    const refusals = [
      await pos.get(`${API}/locations?locations=1`, { key }),
      await pos.get(`${API}/locations?locations=2,1`, { key }),
      await pos.get(`${API}/locations?locations=99`, { key }),
      await pos.get(`${API}/locations/1`, { key }),
      await pos.get(`${API}/locations/99/articles`, { key }),
      await pos.get(`${API}/tickets/1-${other?.number}`, { key }),
      await pos.get(`${API}/shifts/1-1`, { key }),
      await pos.post(
        `${API}/locations/1/tickets`,
        {
          type: "dine_in",
          tableId: freeTable(pos.location(0)).id,
          lines: [{ articleId: simpleProduct(pos.location(0)).id, quantity: 1 }],
        },
        { key },
      ),
      await pos.post(`${API}/tickets/1-${other?.number}/payments`, { method: "cash" }, { key }),
    ];
    for (const res of refusals) {
      expect(res.status).toBe(403);
      expect(res.body.error).toMatchObject({ code: 1002, type: "LOCATION_NOT_ALLOWED", retry: false });
      expect(res.body.error.message).toContain("location 2 only");
    }
    expect(pos.location(0).orders.size).toBe(before);
  });

  it("names unknown ids for the server key (1104) and malformed ones (1100 naming the parameter)", async () => {
    const pos = elyxPos();
    const unknown = await pos.get(`${API}/locations?locations=1,9`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({ code: 1104, message: "no location 9 on this server" });
    expect((await pos.get(`${API}/locations/9`)).status).toBe(404);
    expect((await pos.get(`${API}/tickets/9-1`)).status).toBe(404);
    for (const bad of ["1,x", "1,,2", "-1", "loc-0001", "1;2", "1.5"]) {
      const res = await pos.get(`${API}/tickets?locations=${encodeURIComponent(bad)}`);
      expect(res.status, bad).toBe(400);
      expect(res.body.error.fields, bad).toEqual([{ field: "query.locations", reason: expect.any(String) }]);
    }
    const path = await pos.get(`${API}/locations/loc-0001`);
    expect(path.status).toBe(400);
    expect(path.body.error.fields[0].field).toBe("path.locationId");
  });

  it("is 1001 (401) with no key, a wrong key, another dialect's token or a location's password", async () => {
    const pos = elyxPos();
    const loc = pos.location(0);
    for (const key of [
      false,
      "",
      "mpk_000000000000000000000000",
      pos.sim.chain.credentials.serverToken,
      loc.credentials.password,
    ] as const) {
      const res = await pos.get(`${API}/locations`, { key });
      expect(res.status).toBe(401);
      expect(res.body.error).toMatchObject({ code: 1001, type: "API_KEY_INVALID", retry: false });
    }
    const basic = `Basic ${Buffer.from(`${loc.credentials.username}:${loc.credentials.password}`).toString("base64")}`;
    expect(
      (await pos.get(`${API}/locations`, { key: false, headers: { authorization: basic } })).status,
    ).toBe(401);
    expect(pos.lastEntry()).toMatchObject({ dialect: "elyx", outcome: "UNAUTHORIZED", status: 401 });
  });

  it("honours a rotated location key: the old one is 1001 naming the rule, the new one works", async () => {
    const pos = elyxPos();
    const old = pos.keyOf(0);
    pos.sim.faults.use({
      id: "rotate",
      kind: "rotate_credentials",
      at: "+1m",
      scope: { locations: ["loc-0001"] },
    });
    expect((await pos.get(`${API}/locations`, { key: old })).status).toBe(200);
    await pos.clock.advance(60_000);
    const refused = await pos.get(`${API}/locations`, { key: old });
    expect(refused.status).toBe(401);
    expect(refused.headers.get("x-mockpos-fault")).toBe("rotate");
    const fresh = pos.keyOf(0);
    expect(fresh).not.toBe(old);
    expect(ids(await pos.get(`${API}/locations`, { key: fresh }))).toEqual([1]);
    expect((await pos.get(`${API}/locations`)).status).toBe(200);
  });
});
