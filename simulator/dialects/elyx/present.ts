import { itemTaxByRate, lineTotals, orderTotals } from "../../domain/money.ts";
import { activeLock } from "../../domain/orders.ts";
import { shiftTotals } from "../../domain/shifts.ts";
import type { BasisPoints, Location, Order, OrderLine, Shift } from "../../domain/types.ts";
import { locationNumber, shiftRef, ticketRef } from "./ids.ts";

/** Wire shapes of the Elyx dialect, built from the domain; contracts/elyx holds their schemas. */

const iso = (t: number) => new Date(t).toISOString();
const isoOrNull = (t: number | null) => (t === null ? null : iso(t));
// Elyx prints VAT in percent: 1000 basis points → 10, 550 → 5.5.
const percent = (rate: BasisPoints) => rate / 100;

function named(id: string, list: readonly { id: string; name: string }[]) {
  return { id, name: list.find((x) => x.id === id)?.name ?? id };
}

/**
 * The shift a ticket counts in, as a Z-report counts it: its payment's when paid, its void's
 * when voided, its opening's while open.
 */
export function accountingShift(location: Location, order: Order): Shift | undefined {
  const paidIn = order.payments.at(-1)?.shiftId;
  const at = order.status === "voided" ? order.closedAt : null;
  if (paidIn) return location.shifts.find((s) => s.id === paidIn);
  if (at !== null) {
    const voidedIn = location.shifts.find(
      (s) => s.openedAt <= at && (s.closedAt === null || at < s.closedAt),
    );
    if (voidedIn) return voidedIn;
  }
  return location.shifts.find((s) => s.id === order.shiftId);
}

/** VAT by rate in Elyx's percent notation. */
function vatByRate(rates: ReturnType<typeof itemTaxByRate>) {
  return rates.map((r) => ({ rate: percent(r.rate), net: r.net, vat: r.tax }));
}

function presentLine(line: OrderLine) {
  const { total, tax } = lineTotals(line);
  return {
    id: line.id,
    type: line.kind === "tip" ? ("tip" as const) : ("article" as const),
    round: line.round,
    articleId: line.productId,
    variantId: line.variantId,
    name: line.name,
    quantity: line.quantity,
    unitPrice: line.unitPrice,
    vatRate: percent(line.taxRate),
    modifiers: line.modifiers.map((m) => ({
      optionId: m.optionId,
      name: m.name,
      quantity: m.quantity,
      price: m.price,
    })),
    combo: line.comboSelections.map((s) => ({
      componentId: s.componentId,
      articleId: s.productId,
      name: s.name,
      upcharge: s.upcharge,
    })),
    note: line.note,
    voided: line.voided,
    total,
    vat: tax,
  };
}

export function presentTicket(location: Location, order: Order, now: number) {
  const totals = orderTotals(order);
  const shift = accountingShift(location, order);
  const lock = activeLock(order, now);
  const table =
    order.tableId === null
      ? null
      : named(
          order.tableId,
          location.areas.flatMap((a) => a.tables),
        );
  return {
    id: ticketRef(location, order),
    number: order.number,
    locationId: locationNumber(location),
    externalId: order.externalId,
    type: order.type,
    status: order.status,
    terminal: named(order.terminalId, location.terminals),
    waiter: named(order.waiterId, location.staff),
    table,
    guests: order.guests,
    openedAt: iso(order.openedAt),
    closedAt: isoOrNull(order.closedAt),
    updatedAt: iso(order.updatedAt),
    shiftId: shiftRef(location, shift?.id ?? order.shiftId),
    businessDate: shift?.businessDate ?? order.businessDate,
    openedShiftId: shiftRef(location, order.shiftId),
    locked: lock && {
      terminal: named(lock.terminalId, location.terminals),
      since: iso(lock.since),
      until: isoOrNull(lock.until),
    },
    lines: order.lines.map(presentLine),
    payments: order.payments.map((p) => ({
      id: p.id,
      method: p.method,
      amount: p.amount,
      tip: p.tip,
      reference: p.reference,
      at: iso(p.at),
      shiftId: shiftRef(location, p.shiftId),
    })),
    totals: {
      net: totals.items - totals.tax,
      vat: totals.tax,
      tips: totals.tip,
      gross: totals.total,
      paid: totals.paid,
      due: totals.due,
      vatByRate: vatByRate(itemTaxByRate(order.lines)),
    },
    currency: location.currency,
    version: order.version,
  };
}

export function presentShift(location: Location, shift: Shift) {
  const t = shiftTotals(location, shift);
  return {
    id: shiftRef(location, shift.id),
    locationId: locationNumber(location),
    number: shift.number,
    businessDate: shift.businessDate,
    openedAt: iso(shift.openedAt),
    closedAt: isoOrNull(shift.closedAt),
    status: shift.closedAt === null ? ("open" as const) : ("closed" as const),
    currency: location.currency,
    totals: {
      tickets: t.ordersPaid,
      ticketsOpened: t.ordersOpened,
      ticketsVoided: t.ordersVoided,
      ticketsOpen: t.openOrders,
      net: t.gross - t.tips - t.tax,
      vat: t.tax,
      tips: t.tips,
      gross: t.gross,
      payments: Object.entries(t.byMethod)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([method, amount]) => ({ method, amount: amount ?? 0 })),
      vatByRate: vatByRate(t.taxByRate),
    },
  };
}

export function presentStatus(location: Location, now: number) {
  const shift = location.shifts.at(-1);
  return {
    id: locationNumber(location),
    name: location.name,
    online: location.online,
    time: iso(now),
    timezone: location.timezone,
    currency: location.currency,
    businessDate: shift?.businessDate ?? "",
    shiftId: shift ? shiftRef(location, shift.id) : "",
    address: { ...location.address },
  };
}

export function presentArticles(location: Location) {
  const { menu } = location;
  return {
    locationId: locationNumber(location),
    currency: location.currency,
    version: menu.version,
    updatedAt: iso(menu.updatedAt),
    families: menu.categories.map((c) => ({ id: c.id, name: c.name, position: c.position })),
    articles: menu.products.map((p) => ({
      id: p.id,
      familyId: p.categoryId,
      name: p.name,
      description: p.description,
      price: p.price,
      vatRate: percent(p.taxRate),
      variants: p.variants.map((v) => ({ id: v.id, name: v.name, price: v.price })),
      modifierGroupIds: [...p.modifierGroupIds],
      combo:
        p.combo?.map((c) => ({
          id: c.id,
          name: c.name,
          articleIds: [...c.productIds],
          upcharges: { ...c.upcharges },
        })) ?? null,
      soldOut: location.soldOut.has(p.id),
    })),
    modifierGroups: menu.modifierGroups.map((g) => ({
      id: g.id,
      name: g.name,
      min: g.min,
      max: g.max,
      options: g.options.map((o) => ({ id: o.id, name: o.name, kind: o.kind, price: o.price })),
    })),
  };
}
