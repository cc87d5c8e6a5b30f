import { SINQRO_ORDER_STATUS } from "../../../contracts/sinqro/orders.ts";
import { SINQRO_RESERVATION_STATUS } from "../../../contracts/sinqro/reservations.ts";
import { lineTotals, orderTotals } from "../../domain/money.ts";
import { activeLock } from "../../domain/orders.ts";
import { RESERVATION_NEXT } from "../../domain/reservations.ts";
import type { Customer, Location, Order, OrderLine, OrderType, Reservation } from "../../domain/types.ts";

/** Wire shapes of the Sinqro-passive dialect, built from the domain; contracts/sinqro holds their schemas. */

const iso = (t: number) => new Date(t).toISOString();
const isoOrNull = (t: number | null) => (t === null ? null : iso(t));

export const ORDER_TYPES = {
  take_away: "TAKE_AWAY",
  delivery: "DELIVERY",
  dine_in: "DINE_IN",
} as const satisfies Record<OrderType, string>;
const PAYMENT_METHODS = { epayment: "EPAYMENT", cash: "CASH", cod: "COD" } as const;

/** A success envelope. */
export const ok = <T>(data: T) => ({ success: true as const, data });
/** A success envelope around a collection. */
export const all = <T>(data: T[]) => ({ success: true as const, data, count: data.length });

function presentLine(line: OrderLine) {
  return {
    id: line.id,
    productId: line.productId,
    variantId: line.variantId,
    name: line.name,
    quantity: line.quantity,
    unitPrice: line.unitPrice,
    options: line.modifiers.map((m) => ({
      optionId: m.optionId,
      optionCategoryId: m.groupId,
      name: m.name,
      quantity: m.quantity,
      price: m.price,
    })),
    comboItems: line.comboSelections.map((s) => ({ ...s })),
    comment: line.note,
    canceled: line.voided,
    total: lineTotals(line).total,
  };
}

function presentCustomer(customer: Customer | null | undefined) {
  return customer ? { ...customer } : null;
}

export function presentOrder(location: Location, order: Order, now: number) {
  const lock = activeLock(order, now);
  const status = SINQRO_ORDER_STATUS[order.fulfilment];
  const { items, tip, tax, total, paid, due } = orderTotals(order);
  return {
    id: order.id,
    number: order.number,
    restaurantId: order.locationId,
    externalReference: order.externalId,
    channel: order.online?.channel ?? null,
    origin: order.rounds[0]?.source === "terminal" ? ("POS" as const) : ("API" as const),
    type: ORDER_TYPES[order.type],
    status: status.name,
    statusCode: status.code,
    payment: {
      method: order.online ? PAYMENT_METHODS[order.online.paymentMethod] : null,
      prepaid: order.paymentMode === "prepaid",
      paid: order.status === "paid",
    },
    customer: presentCustomer(order.online?.customer),
    tableId: order.tableId,
    guests: order.guests,
    // The tip is a line of its own at the POS; here it is only a total.
    items: order.lines.filter((l) => l.kind === "item").map(presentLine),
    comment: order.note,
    currency: location.currency,
    totals: { items, tip, tax, total, paid, due },
    locked: lock !== null,
    lockedBy: lock?.terminalId ?? null,
    createdAt: iso(order.openedAt),
    updatedAt: iso(order.updatedAt),
    closedAt: isoOrNull(order.closedAt),
    version: order.version,
  };
}

export function presentOrderStatus(order: Order, now: number) {
  const lock = activeLock(order, now);
  const status = SINQRO_ORDER_STATUS[order.fulfilment];
  return {
    orderId: order.id,
    externalReference: order.externalId,
    status: status.name,
    statusCode: status.code,
    paid: order.status === "paid",
    locked: lock !== null,
    lockedBy: lock?.terminalId ?? null,
    updatedAt: iso(order.updatedAt),
    version: order.version,
  };
}

export function presentReservation(reservation: Reservation) {
  const { name, phone, email } = reservation.customer;
  return {
    id: reservation.id,
    number: reservation.number,
    restaurantId: reservation.locationId,
    externalReference: reservation.externalId,
    channel: reservation.channel,
    partySize: reservation.partySize,
    reservedFor: iso(reservation.reservedFor),
    customer: { name, phone, email },
    comment: reservation.note,
    status: SINQRO_RESERVATION_STATUS[reservation.status],
    tableId: reservation.tableId,
    createdAt: iso(reservation.createdAt),
    updatedAt: iso(reservation.updatedAt),
    version: reservation.version,
  };
}

export function presentReservationStatus(reservation: Reservation) {
  return {
    reservationId: reservation.id,
    externalReference: reservation.externalId,
    status: SINQRO_RESERVATION_STATUS[reservation.status],
    allowed: RESERVATION_NEXT[reservation.status].map((s) => SINQRO_RESERVATION_STATUS[s]),
    tableId: reservation.tableId,
    updatedAt: iso(reservation.updatedAt),
    version: reservation.version,
  };
}
