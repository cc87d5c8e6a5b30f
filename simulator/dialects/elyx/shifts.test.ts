import { describe, expect, it } from "vitest";
import { freeTable, simpleProduct } from "../../../test/support/menu.ts";
import { startActivity } from "../../activity/index.ts";
import { type ElyxPos, elyxPos } from "./test-support.ts";

const API = "/api/v1";
type Money = { gross: number; vat: number; tips: number; net: number };
type Ticket = { id: string; shiftId: string; openedShiftId: string; businessDate: string; totals: Money };
type Report = { id: string; totals: Money & { tickets: number; payments: { amount: number }[] } };

function open(pos: ElyxPos, i = 0) {
  const loc = pos.location(i);
  return pos.post(`${API}/locations/${i + 1}/tickets`, {
    type: "dine_in",
    tableId: freeTable(loc).id,
    lines: [{ articleId: simpleProduct(loc, 1).id, quantity: 2 }],
  });
}

const sum = (xs: Money[], k: keyof Money) => xs.reduce((s, x) => s + x[k], 0);

async function paidTickets(pos: ElyxPos, query: string): Promise<Ticket[]> {
  const res = await pos.get(`${API}/tickets?status=paid&limit=500&${query}`);
  expect(res.body.total).toBe(res.body.tickets.length);
  return res.body.tickets;
}

/** Each report equals the tickets counted in it, and its own parts add up. */
async function expectReconciled(pos: ElyxPos, report: Report) {
  const tickets = await paidTickets(pos, `shift=${report.id}`);
  const t = report.totals;
  expect(t.tickets, report.id).toBe(tickets.length);
  for (const k of ["gross", "vat", "tips", "net"] as const)
    expect(t[k], `${report.id} ${k}`).toBe(
      sum(
        tickets.map((x) => x.totals),
        k,
      ),
    );
  expect(t.net + t.vat + t.tips).toBe(t.gross);
  expect(t.payments.reduce((s, p) => s + p.amount, 0)).toBe(t.gross);
}

describe("elyx: shift reports", () => {
  it("books a ticket paid after the shift change in the next shift; two consecutive shifts reconcile", async () => {
    const pos = elyxPos();
    const early = (await open(pos)).body;
    const straddling = (await open(pos)).body;
    await pos.post(`${API}/tickets/${early.id}/payments`, { method: "cash" });
    await pos.clock.advance(20 * 60_000);
    const closed = await pos.admin("POST", `/__admin/locations/${pos.location(0).id}/shifts/close`);
    expect(closed.status).toBe(200);
    await pos.clock.advance(60_000);
    const paid = (await pos.post(`${API}/tickets/${straddling.id}/payments`, { method: "card", tip: 150 }))
      .body;
    const late = (await open(pos)).body;
    await pos.post(`${API}/tickets/${late.id}/payments`, { method: "card" });

    expect(paid).toMatchObject({ openedShiftId: "1-1", shiftId: "1-2", payments: [{ shiftId: "1-2" }] });
    const shifts = (await pos.get(`${API}/shifts?locations=1`)).body.shifts as Report[];
    expect(shifts.map((s) => s.id)).toEqual(["1-1", "1-2"]);
    expect(
      (await pos.get(`${API}/shifts?locations=1&status=closed`)).body.shifts.map((s: Report) => s.id),
    ).toEqual(["1-1"]);
    expect(await pos.get(`${API}/shifts/1-2`)).toMatchObject({ body: shifts[1] });
    for (const report of shifts) await expectReconciled(pos, report);

    // A connector grouping the same tickets by the shift they were opened in disagrees per shift…
    const all = await paidTickets(pos, "locations=1");
    const byOpening = (id: string) =>
      sum(
        all.filter((t) => t.openedShiftId === id).map((t) => t.totals),
        "gross",
      );
    const [first, second] = shifts as [Report, Report];
    expect(byOpening("1-1")).not.toBe(first.totals.gross);
    // …but over the two consecutive shifts both add up to the same sales.
    expect(byOpening("1-1") + byOpening("1-2")).toBe(first.totals.gross + second.totals.gross);
    expect(second.totals.tickets).toBe(2);
    expect((await pos.get(`${API}/shifts/1-9`)).status).toBe(404);
  });

  it("closes at the shift_close time: writes get 3001 with Retry-After, then sales land in the next shift", async () => {
    const pos = elyxPos();
    pos.sim.faults.use({
      id: "close-13",
      kind: "shift_close",
      at: ["13:00"],
      window: "5m",
      scope: { locations: ["loc-0001"] },
    });
    const t = (await open(pos)).body;
    await pos.clock.advance(31 * 60_000);
    const refused = await pos.post(`${API}/tickets/${t.id}/payments`, { method: "cash" });
    expect(refused.status).toBe(503);
    expect(refused.body.error).toMatchObject({
      code: 3001,
      type: "SHIFT_CLOSING",
      retry: true,
      retryAfter: 240,
    });
    expect(refused.headers.get("retry-after")).toBe("240");
    expect(refused.headers.get("x-mockpos-fault")).toBe("close-13");
    expect((await pos.get(`${API}/tickets/${t.id}`)).status).toBe(200);
    expect((await open(pos, 1)).status).toBe(201);
    await pos.clock.advance(4 * 60_000);
    const paid = (await pos.post(`${API}/tickets/${t.id}/payments`, { method: "cash" })).body;
    expect(paid).toMatchObject({ openedShiftId: "1-1", shiftId: "1-2" });
    const shifts = (await pos.get(`${API}/shifts?locations=1`)).body.shifts as Report[];
    expect(shifts.map((s) => s.id)).toEqual(["1-1", "1-2"]);
    expect(shifts[0]?.totals).not.toMatchObject({ ticketsOpen: 0 });
    for (const report of shifts) await expectReconciled(pos, report);
  });

  it("over a service day with shift changes, every report matches its tickets and consecutive pairs reconcile", async () => {
    const pos = elyxPos();
    pos.sim.faults.use({ id: "changes", kind: "shift_close", at: ["16:00", "19:30", "22:45"], window: "2m" });
    const activity = startActivity(pos.sim);
    await pos.clock.advance(12 * 3_600_000);
    activity.stop();
    const reports = (await pos.get(`${API}/shifts`)).body.shifts as (Report & { locationId: number })[];
    expect(reports.length).toBe(3 * 4);
    for (const report of reports) await expectReconciled(pos, report);
    for (const l of [1, 2, 3]) {
      const mine = reports.filter((r) => r.locationId === l);
      const all = await paidTickets(pos, `locations=${l}`);
      for (let i = 0; i + 1 < mine.length; i++) {
        const pair = [mine[i]?.id, mine[i + 1]?.id];
        const counted = all.filter((t) => pair.includes(t.shiftId));
        expect(
          sum(
            counted.map((t) => t.totals),
            "gross",
          ),
        ).toBe((mine[i]?.totals.gross ?? 0) + (mine[i + 1]?.totals.gross ?? 0));
      }
      expect(all.some((t) => t.shiftId !== t.openedShiftId)).toBe(true);
    }
  });

  it("dates a ticket paid after closeout by the business day of its payment", async () => {
    const pos = elyxPos();
    const t = (await open(pos)).body;
    expect(t.businessDate).toBe("2026-03-13");
    const closeout = Date.UTC(2026, 2, 14, pos.location(0).closeoutHour - 1);
    await pos.clock.advanceTo(closeout + 3_600_000);
    const paid = (await pos.post(`${API}/tickets/${t.id}/payments`, { method: "cash" })).body;
    expect(paid).toMatchObject({ businessDate: "2026-03-14", shiftId: "1-2", openedShiftId: "1-1" });
    const saturday = (await pos.get(`${API}/tickets?locations=1&businessDate=2026-03-14`)).body.tickets;
    expect(saturday.map((x: Ticket) => x.id)).toEqual([t.id]);
    const byDate = (await pos.get(`${API}/shifts?locations=1&businessDate=2026-03-14`)).body.shifts;
    expect(byDate.map((s: Report) => s.id)).toEqual(["1-2"]);
  });
});
