import { beforeAll, describe, expect, it } from "vitest";
import { VirtualClock } from "../clock/index.ts";
import { PosError } from "../domain/errors.ts";
import { orderTotals } from "../domain/money.ts";
import { activeLock, appendRound, createOrder } from "../domain/orders.ts";
import type { Order } from "../domain/types.ts";
import { Simulator } from "../state.ts";
import { type ActivityStats, startActivity } from "./index.ts";
import { localClock } from "./local-time.ts";

const MINUTE = 60_000;
// 04:00 in Madrid on a Friday: after closeout, before the morning prep.
const START = Date.UTC(2026, 2, 13, 3, 0);
const madrid = localClock("Europe/Madrid");
const localMinute = (at: number) => madrid.minuteOfDay(at);
const hhmm = (h: number, m = 0) => h * 60 + m;

interface Day {
  sim: Simulator;
  stats: ActivityStats;
  orders: Order[];
  // Orders seen held at a terminal, and what an API write to each of them met.
  held: Map<string, { at: number; terminalId: string; apiWrite: string }>;
  // Each location's sold-out products, minute by minute.
  stock: Map<string, string[][]>;
  // The order a connector placed before service, and its lines then.
  apiOrder: Order;
  apiLines: unknown;
  menuBefore: Map<string, { version: number; prices: Map<string, number> }>;
}

let day: Day;

beforeAll(async () => {
  const clock = new VirtualClock(START);
  const sim = new Simulator({ seed: "day", locations: 4, locale: "es", clock, openService: false });
  const first = sim.chain.locations[0];
  if (!first) throw new Error("no location");
  const product = first.menu.products.find((p) => !p.combo && p.modifierGroupIds.length === 0);
  if (!product) throw new Error("no simple product");
  const apiOrder = createOrder(
    sim.chain,
    first,
    { type: "take_away", items: [{ productId: product.id, quantity: 2 }] },
    { source: "api" },
    START,
  );
  const apiLines = structuredClone(apiOrder.lines);
  const menuBefore = new Map(
    sim.chain.locations.map((l) => [
      l.id,
      { version: l.menu.version, prices: new Map(l.menu.products.map((p) => [p.id, p.price])) },
    ]),
  );
  const activity = startActivity(sim);
  const held: Day["held"] = new Map();
  const stock: Day["stock"] = new Map(sim.chain.locations.map((l) => [l.id, []]));
  for (let minute = 0; minute < 24 * 60; minute++) {
    await clock.advance(MINUTE);
    const now = clock.now();
    for (const location of sim.chain.locations) {
      stock.get(location.id)?.push([...location.soldOut.keys()]);
      for (const order of location.orders.values()) {
        const lock = order.status === "open" ? activeLock(order, now) : null;
        if (!lock || held.has(order.id)) continue;
        let apiWrite = "accepted";
        try {
          appendRound(
            location,
            order,
            { items: [{ productId: product.id, quantity: 1 }] },
            { source: "api" },
            now,
          );
        } catch (error) {
          apiWrite = error instanceof PosError ? error.code : String(error);
        }
        held.set(order.id, { at: now, terminalId: lock.terminalId, apiWrite });
      }
    }
  }
  const stats = activity.stats();
  activity.stop();
  const orders = sim.chain.locations.flatMap((l) => [...l.orders.values()]).filter((o) => o !== apiOrder);
  day = { sim, stats, orders, held, stock, apiOrder, apiLines, menuBefore };
});

describe("a virtual day of activity", () => {
  it("opens orders along the curve: mostly in the peaks, a quiet afternoon, none at night", () => {
    const opened = day.orders.map((o) => localMinute(o.openedAt));
    const within = (from: number, to: number) => opened.filter((m) => m >= from && m < to).length;
    expect(opened.length).toBeGreaterThan(200);
    const peaks = within(hhmm(12, 30), hhmm(14, 30)) + within(hhmm(20), hhmm(22, 30));
    expect(peaks / opened.length).toBeGreaterThan(0.45);
    // Per hour, the afternoon lull has less than half the dinner peak's traffic.
    expect(within(hhmm(16), hhmm(18)) / 2).toBeLessThan(within(hhmm(20), hhmm(22, 30)) / 2.5 / 2);
    expect(within(hhmm(1), hhmm(11))).toBe(0);
    expect(within(hhmm(4), hhmm(5))).toBe(0);
  });

  it("seats tables and sells take-away, adding rounds while tables sit", () => {
    const dineIn = day.orders.filter((o) => o.type === "dine_in");
    expect(dineIn.every((o) => o.tableId !== null && o.terminalId !== "term-api")).toBe(true);
    expect(day.orders.some((o) => o.type === "take_away")).toBe(true);
    expect(dineIn.filter((o) => o.rounds.length >= 3).length).toBeGreaterThan(dineIn.length / 3);
    expect(day.stats.events.roundsAdded).toBeGreaterThan(dineIn.length);
    // A table is never given to two open orders at once: seatings on a table do not overlap.
    const byTable = new Map<string, Order[]>();
    for (const o of dineIn)
      byTable.set(`${o.locationId}/${o.tableId}`, [
        ...(byTable.get(`${o.locationId}/${o.tableId}`) ?? []),
        o,
      ]);
    for (const seated of byTable.values()) {
      seated.sort((a, b) => a.openedAt - b.openedAt);
      for (let i = 1; i < seated.length; i++)
        expect(seated[i]?.openedAt).toBeGreaterThanOrEqual(
          seated[i - 1]?.closedAt ?? Number.POSITIVE_INFINITY,
        );
    }
  });

  it("pays every table it served, each paid in full, by card or cash, some with tips", () => {
    const paid = day.orders.filter((o) => o.status === "paid");
    expect(day.orders.filter((o) => o.status === "open")).toEqual([]);
    expect(paid.length).toBeGreaterThan(day.orders.length * 0.9);
    for (const order of paid) {
      const totals = orderTotals(order);
      expect(totals.paid).toBe(totals.total);
      expect(totals.due).toBe(0);
    }
    const methods = new Set(paid.flatMap((o) => o.payments.map((p) => p.method)));
    expect([...methods].sort()).toEqual(["card", "cash"]);
    expect(paid.filter((o) => orderTotals(o).tip > 0).length).toBeGreaterThan(paid.length / 5);
    // Stays are realistic: most tables sit between half an hour and two and a half hours.
    const stays = paid
      .filter((o) => o.type === "dine_in")
      .map((o) => ((o.closedAt ?? 0) - o.openedAt) / MINUTE);
    expect(stays.filter((m) => m >= 30 && m <= 150).length).toBeGreaterThan(stays.length * 0.8);
  });

  it("voids some lines (keyed again) and some whole orders", () => {
    const voided = day.orders.filter((o) => o.status === "voided");
    expect(voided.length).toBeGreaterThan(0);
    expect(voided.every((o) => o.fulfilment === "canceled")).toBe(true);
    const edited = day.orders.filter((o) => o.status === "paid" && o.lines.some((l) => l.voided));
    expect(edited.length).toBeGreaterThan(0);
    expect(day.stats.events.linesVoided).toBeGreaterThanOrEqual(edited.length);
  });

  it("holds orders at a terminal while keying: API writes meet LOCKED, and the holds let go", () => {
    expect(day.held.size).toBeGreaterThan(50);
    expect(new Set([...day.held.values()].map((h) => h.apiWrite))).toEqual(new Set(["LOCKED"]));
    for (const [id, held] of day.held) {
      expect(held.terminalId).not.toBe("term-api");
      const order = day.orders.find((o) => o.id === id);
      expect(order?.lock).toBeNull();
    }
    expect(day.stats.events.locks).toBeGreaterThanOrEqual(day.held.size);
  });

  it("sells dishes out during service and brings them back", () => {
    let outs = 0;
    let backs = 0;
    for (const minutes of day.stock.values()) {
      for (let i = 1; i < minutes.length; i++) {
        const before = new Set(minutes[i - 1]);
        const now = new Set(minutes[i]);
        const out = [...now].filter((p) => !before.has(p));
        if (out.length > 0) {
          outs += out.length;
          // During service, not while closed.
          const at = localMinute(START + (i + 1) * MINUTE);
          expect(at < hhmm(0, 30) || at >= hhmm(11)).toBe(true);
        }
        backs += [...before].filter((p) => !now.has(p)).length;
      }
    }
    expect(outs).toBe(day.stats.events.soldOut);
    expect(outs).toBeGreaterThanOrEqual(4);
    expect(backs).toBe(day.stats.events.backInStock);
    expect(backs).toBeGreaterThan(0);
  });

  it("changes prices before service: the menu version moves, lines already sold keep their price", () => {
    for (const location of day.sim.chain.locations) {
      const before = day.menuBefore.get(location.id);
      expect(location.menu.version).toBe((before?.version ?? 0) + 1);
      const at = localMinute(location.menu.updatedAt);
      expect(at).toBeGreaterThanOrEqual(hhmm(10));
      expect(at).toBeLessThan(hhmm(10, 30));
      const changed = location.menu.products.filter((p) => before?.prices.get(p.id) !== p.price);
      expect(changed.length).toBeGreaterThanOrEqual(1);
      // Nothing was sold in between: service starts after the change.
      const first = Math.min(
        ...day.orders.filter((o) => o.locationId === location.id).map((o) => o.openedAt),
      );
      expect(first).toBeGreaterThan(location.menu.updatedAt);
    }
    expect(day.apiOrder.lines).toEqual(day.apiLines);
    expect(day.stats.events.menuUpdates).toBe(4);
  });

  it("met no unexpected error", () => {
    expect(day.stats.errors).toBe(0);
    expect(day.stats.refused).toEqual({});
  });
});
