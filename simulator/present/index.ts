import { lineTotals, orderTotals } from "../domain/money.ts";
import { activeLock } from "../domain/orders.ts";
import { shiftTotals } from "../domain/shifts.ts";
import type { Location, Order, OrderLine, Shift } from "../domain/types.ts";

// Wire shapes of the generic contract, built from the domain; contracts/generic holds their
// schemas. The generic dialect answers with them, and so does the admin API (its inspect and
// terminal routes speak the generic Order and Shift), so they live outside both.

const iso = (t: number) => new Date(t).toISOString();
const isoOrNull = (t: number | null) => (t === null ? null : iso(t));

function presentLine(line: OrderLine) {
  const { total, tax } = lineTotals(line);
  return {
    id: line.id,
    kind: line.kind,
    round: line.round,
    productId: line.productId,
    variantId: line.variantId,
    name: line.name,
    quantity: line.quantity,
    unitPrice: line.unitPrice,
    listPrice: line.listPrice,
    taxRate: line.taxRate,
    modifiers: line.modifiers.map((m) => ({ ...m })),
    combo: line.comboSelections.map((s) => ({ ...s })),
    note: line.note,
    voided: line.voided,
    total,
    tax,
  };
}

export function presentOrder(location: Location, order: Order, now: number) {
  const lock = activeLock(order, now);
  return {
    id: order.id,
    number: order.number,
    locationId: order.locationId,
    externalId: order.externalId,
    terminalId: order.terminalId,
    type: order.type,
    paymentMode: order.paymentMode,
    tableId: order.tableId,
    guests: order.guests,
    waiterId: order.waiterId,
    status: order.status,
    fulfilment: order.fulfilment,
    locked: lock !== null,
    lock: lock && { terminalId: lock.terminalId, since: iso(lock.since), until: isoOrNull(lock.until) },
    lines: order.lines.map(presentLine),
    rounds: order.rounds.map((r) => ({ number: r.number, at: iso(r.at) })),
    payments: order.payments.map((p) => ({
      id: p.id,
      method: p.method,
      amount: p.amount,
      tip: p.tip,
      reference: p.reference,
      at: iso(p.at),
    })),
    kitchenMessages: order.kitchenMessages.map((m) => ({ id: m.id, text: m.text, at: iso(m.at) })),
    loyaltyCard: order.loyaltyCard,
    note: order.note,
    currency: location.currency,
    totals: orderTotals(order),
    openedAt: iso(order.openedAt),
    updatedAt: iso(order.updatedAt),
    closedAt: isoOrNull(order.closedAt),
    businessDate: order.businessDate,
    shiftId: order.shiftId,
    version: order.version,
  };
}

export function presentOrderStatus(order: Order, now: number) {
  const lock = activeLock(order, now);
  return {
    orderId: order.id,
    status: order.status,
    fulfilment: order.fulfilment,
    locked: lock !== null,
    lockedBy: lock?.terminalId ?? null,
    version: order.version,
  };
}

export function presentMenu(location: Location) {
  const { menu } = location;
  return {
    locationId: location.id,
    currency: location.currency,
    version: menu.version,
    updatedAt: iso(menu.updatedAt),
    categories: menu.categories.map((c) => ({ ...c })),
    products: menu.products.map((p) => ({
      id: p.id,
      categoryId: p.categoryId,
      name: p.name,
      description: p.description,
      price: p.price,
      loyaltyPrice: p.loyaltyPrice,
      taxRate: p.taxRate,
      variants: p.variants.map((v) => ({ ...v })),
      modifierGroupIds: [...p.modifierGroupIds],
      combo:
        p.combo === null
          ? null
          : p.combo.map((c) => ({ ...c, productIds: [...c.productIds], upcharges: { ...c.upcharges } })),
      soldOut: location.soldOut.has(p.id),
    })),
  };
}

export function presentShift(location: Location, shift: Shift) {
  return {
    id: shift.id,
    number: shift.number,
    businessDate: shift.businessDate,
    openedAt: iso(shift.openedAt),
    closedAt: isoOrNull(shift.closedAt),
    status: shift.closedAt === null ? ("open" as const) : ("closed" as const),
    totals: shiftTotals(location, shift),
  };
}

export function presentTables(location: Location) {
  const open = new Map<string, string[]>();
  for (const order of location.orders.values()) {
    if (order.status !== "open" || order.tableId === null) continue;
    open.set(order.tableId, [...(open.get(order.tableId) ?? []), order.id]);
  }
  return {
    locationId: location.id,
    tables: location.areas.flatMap((area) =>
      area.tables.map((t) => {
        const openOrderIds = open.get(t.id) ?? [];
        return {
          id: t.id,
          name: t.name,
          area: area.name,
          seats: t.seats,
          state: openOrderIds.length > 0 ? ("occupied" as const) : ("free" as const),
          openOrderIds,
        };
      }),
    ),
  };
}
