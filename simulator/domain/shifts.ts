import { businessDate, lastCloseout } from "./business-day.ts";
import { currentShift } from "./chain.ts";
import { notFound } from "./errors.ts";
import { itemTaxByRate, orderTotals } from "./money.ts";
import type { Location, Order, Shift, ShiftTotals } from "./types.ts";

/**
 * A shift's totals as its Z-report would show them: sales count where the payment was taken,
 * which is why an order opened late in one shift and paid in the next lands in the next.
 */
export function shiftTotals(location: Location, shift: Shift): ShiftTotals {
  if (shift.report) return shift.report;
  const totals: ShiftTotals = {
    ordersOpened: 0,
    ordersPaid: 0,
    ordersVoided: 0,
    gross: 0,
    tips: 0,
    tax: 0,
    taxByRate: [],
    byMethod: {},
    openOrders: 0,
  };
  const paid: Order[] = [];
  const end = shift.closedAt ?? Number.POSITIVE_INFINITY;
  for (const order of location.orders.values()) {
    if (order.shiftId === shift.id) totals.ordersOpened++;
    if (
      order.status === "voided" &&
      order.closedAt !== null &&
      order.closedAt >= shift.openedAt &&
      order.closedAt < end
    ) {
      totals.ordersVoided++;
    }
    if (order.openedAt < end && (order.closedAt === null || order.closedAt >= end)) totals.openOrders++;
    const inShift = order.payments.filter((p) => p.shiftId === shift.id);
    if (inShift.length === 0) continue;
    totals.ordersPaid++;
    paid.push(order);
    totals.tax += orderTotals(order).tax;
    for (const p of inShift) {
      totals.gross += p.amount;
      totals.tips += p.tip;
      totals.byMethod[p.method] = (totals.byMethod[p.method] ?? 0) + p.amount;
    }
  }
  totals.taxByRate = itemTaxByRate(paid.flatMap((o) => o.lines));
  return totals;
}

export function getShift(location: Location, id: string): Shift {
  const shift = location.shifts.find((s) => s.id === id);
  if (!shift) throw notFound("shift", id);
  return shift;
}

/** Closes the running shift and opens the next; unpaid orders stay open and carry over. */
export function closeShift(location: Location, now: number): { closed: Shift; opened: Shift } {
  const closed = currentShift(location);
  closed.closedAt = now;
  closed.report = shiftTotals(location, closed);
  const number = ++location.counters.shift;
  const opened: Shift = {
    id: `shift-${number}`,
    number,
    businessDate: businessDate(now, location.timezone, location.closeoutHour),
    openedAt: now,
    closedAt: null,
  };
  location.shifts.push(opened);
  return { closed, opened };
}

/**
 * Forgets the shifts (and their Z-reports) that closed before `before`, as orders are forgotten
 * `retainDays` after they closed; a shift an order still held counts in (opened, paid or voided
 * in it) stays, so every ticket shown still names a shift that can be read. The running shift
 * always stays.
 */
export function forgetShifts(location: Location, before: number): void {
  const old = location.shifts.filter((s) => s.closedAt !== null && s.closedAt < before);
  if (old.length === 0) return;
  const used = new Set<string>();
  for (const order of location.orders.values()) {
    used.add(order.shiftId);
    for (const p of order.payments) used.add(p.shiftId);
  }
  const drop = new Set(old.filter((s) => !used.has(s.id)));
  // A void names no shift of its own: keep the shift it fell in while the order is held.
  for (const order of location.orders.values()) {
    if (order.status !== "voided" || order.closedAt === null) continue;
    const at = order.closedAt;
    for (const s of drop) if (at >= s.openedAt && s.closedAt !== null && at < s.closedAt) drop.delete(s);
  }
  if (drop.size > 0) location.shifts = location.shifts.filter((s) => !drop.has(s));
}

/**
 * The shift taking sales at `now`. A POS closes the day at closeout even when nobody ran the
 * Z-report: if the running shift belongs to an earlier business day, it is closed at the last
 * closeout and the next one opened, so every order and payment lands in its own day's shift.
 */
export function shiftAt(location: Location, now: number): Shift {
  const shift = currentShift(location);
  if (shift.businessDate >= businessDate(now, location.timezone, location.closeoutHour)) return shift;
  const closeout = Math.max(shift.openedAt, lastCloseout(now, location.timezone, location.closeoutHour));
  return closeShift(location, closeout).opened;
}
