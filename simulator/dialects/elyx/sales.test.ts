import { describe, expect, it } from "vitest";
import { freeTable, simpleProduct } from "../../../test/support/menu.ts";
import { startActivity } from "../../activity/index.ts";
import { type ElyxPos, elyxPos, START } from "./test-support.ts";

const API = "/api/v1";
type Ticket = { id: string; version: number; updatedAt: string; locationId: number; status: string };

// More pages than any sync here needs: a feed that keeps saying hasMore fails, it does not spin.
const MAX_PAGES = 1_000;

/** A connector that follows the cursor of `GET /sales` page by page, as the Elyx connector does. */
function follower(pos: ElyxPos, query = "", limit = 500) {
  let cursor: string | undefined;
  const seen: Ticket[] = [];
  return {
    seen,
    async sync(): Promise<Ticket[]> {
      const got: Ticket[] = [];
      for (let page = 1; ; page++) {
        if (page > MAX_PAGES) throw new Error(`the sales feed still had more after ${MAX_PAGES} pages`);
        const q = `${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`;
        const res = await pos.get(`${API}/sales?${q}`);
        expect(res.status, res.text).toBe(200);
        got.push(...res.body.tickets);
        cursor = res.body.cursor;
        if (!res.body.hasMore) break;
      }
      seen.push(...got);
      return got;
    },
  };
}

function open(pos: ElyxPos, i = 0) {
  const loc = pos.location(i);
  return pos.post(`${API}/locations/${i + 1}/tickets`, {
    type: "dine_in",
    tableId: freeTable(loc).id,
    lines: [{ articleId: simpleProduct(loc).id, quantity: 1 }],
  });
}

describe("elyx: the sales feed", () => {
  it("delivers every ticket once, then each change once more, and nothing when nothing changed", async () => {
    const pos = elyxPos();
    await pos.clock.advance(1);
    const sync = follower(pos);
    const first = await sync.sync();
    const held = pos.sim.chain.locations.reduce((s, l) => s + l.orders.size, 0);
    expect(first).toHaveLength(held);
    expect(await sync.sync()).toEqual([]);

    const t = (await open(pos, 1)).body;
    // A change shows once the millisecond it happened in has passed, so a later one cannot slip behind the cursor.
    expect(await sync.sync()).toEqual([]);
    await pos.clock.advance(1);
    expect((await sync.sync()).map((x) => [x.id, x.version])).toEqual([[t.id, 1]]);
    await pos.post(`${API}/tickets/${t.id}/payments`, { method: "cash" });
    await pos.clock.advance(1_000);
    const paid = await sync.sync();
    expect(paid.map((x) => [x.id, x.status])).toEqual([[t.id, "paid"]]);
    expect(await sync.sync()).toEqual([]);
  });

  it("pages across locations in a stable order (time of change, location, sequence)", async () => {
    const pos = elyxPos();
    for (let i = 0; i < 6; i++) {
      await open(pos, i % 3);
      if (i % 2) await pos.clock.advance(10_000);
    }
    await pos.clock.advance(1);
    const small = follower(pos, "", 2);
    const paged = await small.sync();
    const whole = await follower(pos).sync();
    expect(paged).toEqual(whole);
    const keys = whole.map((t) => [Date.parse(t.updatedAt), t.locationId]);
    const sorted = [...keys].sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0) || (a[1] ?? 0) - (b[1] ?? 0));
    expect(keys).toEqual(sorted);
    expect(new Set(whole.map((t) => t.id)).size).toBe(whole.length);
  });

  it("over a living service day, a connector following cursors sees every change exactly once", async () => {
    const pos = elyxPos({ locations: 3 });
    const activity = startActivity(pos.sim);
    const sync = follower(pos, "locations=1,3", 7);
    for (let t = 0; t < 3 * 3_600_000; t += 37_000) {
      await pos.clock.advance(37_000);
      await sync.sync();
    }
    activity.stop();
    await pos.clock.advance(1);
    await sync.sync();
    const last = new Map<string, number>();
    for (const t of sync.seen) {
      expect(t.locationId === 1 || t.locationId === 3).toBe(true);
      // Every delivery is a new version of its ticket: no change is delivered twice.
      expect(t.version, t.id).toBeGreaterThan(last.get(t.id) ?? 0);
      last.set(t.id, t.version);
    }
    const tickets = [pos.location(0), pos.location(2)].flatMap((l) => [...l.orders.values()]);
    expect(tickets.length).toBeGreaterThan(40);
    for (const o of tickets)
      expect(last.get(`${o.locationId === "loc-0001" ? 1 : 3}-${o.number}`)).toBe(o.version);
    expect(sync.seen.length).toBeGreaterThan(tickets.length);
  });

  it("starts from `from` without a cursor, and refuses a cursor it did not issue or issued for other locations", async () => {
    const pos = elyxPos();
    await pos.clock.advance(60_000);
    const t = (await open(pos, 2)).body;
    await pos.clock.advance(1);
    const since = new Date(START + 30_000).toISOString();
    const fresh = await pos.get(`${API}/sales?from=${since}`);
    expect(fresh.body.tickets.map((x: Ticket) => x.id)).toEqual([t.id]);

    const issued = (await pos.get(`${API}/sales?locations=1,2`)).body.cursor;
    const elsewhere = await pos.get(`${API}/sales?locations=1&cursor=${issued}`);
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body.error).toMatchObject({ code: 1100, fields: [{ field: "query.cursor" }] });
    expect((await pos.get(`${API}/sales?locations=2,1&cursor=${issued}`)).status).toBe(200);
    const forged = Buffer.from("e1:99999999999999:1:1:00000000").toString("base64url");
    for (const cursor of ["bogus", forged, issued.slice(0, -2)]) {
      const res = await pos.get(`${API}/sales?locations=1,2&cursor=${cursor}`);
      expect(res.status, cursor).toBe(400);
      expect(res.body.error.fields[0].field).toBe("query.cursor");
    }
    const both = await pos.get(`${API}/sales?from=${since}&cursor=${issued}`);
    expect(both.body.error.fields[0].field).toBe("query.from");
    const future = await pos.get(`${API}/sales?from=${new Date(START + 86_400_000).toISOString()}`);
    expect(future.body.error.fields[0].field).toBe("query.from");
  });
});
