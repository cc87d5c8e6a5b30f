import { businessDate } from "./business-day.ts";
import { touch } from "./chain.ts";
import { invalid, PosError, retryAfterSeconds } from "./errors.ts";
import { emit } from "./events.ts";
import { buildLines, type ItemInput } from "./lines.ts";
import { orderTotals } from "./money.ts";
import { shiftAt } from "./shifts.ts";
import type {
  Chain,
  Fulfilment,
  Location,
  Order,
  OrderLock,
  OrderType,
  PaymentMethod,
  PaymentMode,
} from "./types.ts";

/** Who is acting: a connector through the API, or staff at a terminal. */
export type Actor = { source: "api" } | { source: "terminal"; terminalId: string };

export interface CreateOrderInput {
  externalId?: string | null;
  type: OrderType;
  paymentMode?: PaymentMode;
  tableId?: string | null;
  guests?: number | null;
  waiterId?: string | null;
  items: ItemInput[];
  note?: string | null;
  loyaltyCard?: string | null;
}

const INTEGRATION_TERMINAL = "term-api";

/** Opens an order exactly as a terminal would: same numbering, shift, table and waiter rules. */
export function createOrder(
  chain: Chain,
  location: Location,
  input: CreateOrderInput,
  actor: Actor,
  now: number,
): Order {
  const terminalId = actor.source === "api" ? INTEGRATION_TERMINAL : actor.terminalId;
  if (!location.terminals.some((t) => t.id === terminalId))
    throw invalid("body.terminalId", `no terminal '${terminalId}' here`);
  if (input.externalId) {
    for (const existing of location.orders.values()) {
      if (existing.externalId === input.externalId) {
        throw new PosError(
          "IDEMPOTENCY_CONFLICT",
          `externalId '${input.externalId}' is already order ${existing.id}`,
          {
            extensions: { orderId: existing.id },
          },
        );
      }
    }
  }
  const tableId = input.tableId ?? null;
  const tables = location.areas.flatMap((a) => a.tables);
  const tableIndex = tableId === null ? -1 : tables.findIndex((t) => t.id === tableId);
  if (tableId !== null && tableIndex < 0)
    throw invalid("body.tableId", `no table '${tableId}' at ${location.id}`);
  if (input.type === "dine_in" && tableId === null)
    throw invalid("body.tableId", "a dine_in order needs a table");
  const waiterId = input.waiterId ?? defaultWaiter(location, tableIndex);
  if (!location.staff.some((s) => s.id === waiterId))
    throw invalid("body.waiterId", `no staff member '${waiterId}' here`);
  if (input.loyaltyCard) findCard(chain, input.loyaltyCard, "body.loyaltyCard");
  const lines = buildLines(location, input.items, 1, Boolean(input.loyaltyCard));
  const shift = shiftAt(location, now);
  const number = ++location.counters.order;
  const seq = ++location.counters.change;
  const order: Order = {
    id: `${location.id}-ord-${String(number).padStart(5, "0")}`,
    locationId: location.id,
    number,
    terminalId,
    externalId: input.externalId ?? null,
    type: input.type,
    paymentMode: input.paymentMode ?? "pay_at_counter",
    tableId,
    guests: input.guests ?? null,
    waiterId,
    status: "open",
    fulfilment: "new",
    lines,
    rounds: [{ number: 1, at: now, source: actor.source }],
    payments: [],
    kitchenMessages: [],
    loyaltyCard: input.loyaltyCard ?? null,
    note: input.note ?? null,
    lock: null,
    openedAt: now,
    updatedAt: now,
    closedAt: null,
    businessDate: businessDate(now, location.timezone, location.closeoutHour),
    shiftId: shift.id,
    version: 1,
    createdSeq: seq,
    changedSeq: seq,
    closedSeq: null,
  };
  location.orders.set(order.id, order);
  emit({ type: "order.created", location, order, at: now });
  return order;
}

function defaultWaiter(location: Location, tableIndex: number): string {
  const waiters = location.staff.filter((s) => s.role === "waiter");
  const pool = waiters.length > 0 ? waiters : location.staff;
  const staff = pool[Math.max(0, tableIndex) % pool.length];
  if (!staff) throw new Error(`location ${location.id} has no staff`);
  return staff.id;
}

/** The lock holding the order, if any; a lock whose time is up lets go by itself. */
export function activeLock(order: Order, now: number): OrderLock | null {
  if (order.lock && order.lock.until !== null && order.lock.until <= now) order.lock = null;
  return order.lock;
}

/** Refuses a write the order cannot take: closed, or open at a terminal other than the actor's. */
export function assertWritable(order: Order, actor: Actor, now: number): void {
  if (order.status !== "open") {
    throw new PosError("ORDER_CLOSED", `order ${order.id} is ${order.status}`, {
      extensions: { orderId: order.id, status: order.status },
    });
  }
  assertNotHeld(order, actor, now);
}

/**
 * Refuses any write while a waiter holds the order at a terminal other than the actor's:
 * LOCKED, naming the terminal (and Retry-After when the hold has an end).
 */
export function assertNotHeld(order: Order, actor: Actor, now: number): void {
  const lock = activeLock(order, now);
  if (lock && !(actor.source === "terminal" && actor.terminalId === lock.terminalId)) {
    const retryAfter = lock.until === null ? undefined : retryAfterSeconds(lock.until - now);
    throw new PosError("LOCKED", `order ${order.id} is open at terminal ${lock.terminalId}`, {
      retryAfter,
      extensions: {
        orderId: order.id,
        terminalId: lock.terminalId,
        lockedSince: new Date(lock.since).toISOString(),
      },
    });
  }
}

export interface AppendInput {
  items: ItemInput[];
  /** When given, the order must still be at this version (optimistic concurrency). */
  expectedVersion?: number;
}

/** Appends a round of items to an open order (pay-later dine-in). */
export function appendRound(
  location: Location,
  order: Order,
  input: AppendInput,
  actor: Actor,
  now: number,
): Order {
  assertWritable(order, actor, now);
  if (input.expectedVersion !== undefined && input.expectedVersion !== order.version) {
    throw new PosError(
      "VERSION_CONFLICT",
      `order ${order.id} is at version ${order.version}, not ${input.expectedVersion}`,
      {
        extensions: { orderId: order.id, version: order.version },
      },
    );
  }
  const round = order.rounds.length + 1;
  const lines = buildLines(location, input.items, round, order.loyaltyCard !== null);
  order.lines.push(...lines);
  order.rounds.push({ number: round, at: now, source: actor.source });
  touch(location, order, now);
  return order;
}

export interface PayInput {
  method: PaymentMethod;
  /** When given, must equal what is due: a connector that disagrees on the total should hear so. */
  amount?: number;
  tip?: number;
  reference?: string | null;
}

/** Marks an order paid in full; a tip goes to the order's designated tip line. */
export function payOrder(
  location: Location,
  order: Order,
  input: PayInput,
  actor: Actor,
  now: number,
): Order {
  assertWritable(order, actor, now);
  const due = orderTotals(order).due;
  if (due === 0 && order.lines.every((l) => l.voided))
    throw invalid("path.orderId", "nothing to pay: every line is void");
  if (input.amount !== undefined && input.amount !== due)
    throw invalid("body.amount", `amount due is ${due}, not ${input.amount}`);
  const tip = input.tip ?? 0;
  if (tip > 0) {
    order.lines.push({
      id: `ln-${++location.counters.line}`,
      kind: "tip",
      round: order.rounds.length,
      productId: null,
      variantId: null,
      name: "Tip",
      quantity: 1,
      unitPrice: tip,
      listPrice: tip,
      taxRate: 0,
      modifiers: [],
      comboSelections: [],
      note: null,
      voided: false,
      voidedAt: null,
    });
  }
  order.payments.push({
    id: `${order.id}-pay-${order.payments.length + 1}`,
    method: input.method,
    amount: due + tip,
    tip,
    reference: input.reference ?? null,
    at: now,
    shiftId: shiftAt(location, now).id,
  });
  order.status = "paid";
  order.closedAt = now;
  order.lock = null;
  touch(location, order, now);
  return order;
}

/** Staff voids one line at a terminal; the order stays open. */
export function voidLine(location: Location, order: Order, lineId: string, actor: Actor, now: number): Order {
  assertWritable(order, actor, now);
  const line = order.lines.find((l) => l.id === lineId);
  if (!line) throw new PosError("NOT_FOUND", `order ${order.id} has no line '${lineId}'`);
  if (line.voided) throw new PosError("ORDER_CLOSED", `line ${lineId} is already void`);
  line.voided = true;
  line.voidedAt = now;
  touch(location, order, now);
  return order;
}

/** Voids the whole order (staff at a terminal, or a cancel before the kitchen starts). */
export function voidOrder(location: Location, order: Order, actor: Actor, now: number): Order {
  assertWritable(order, actor, now);
  order.status = "voided";
  order.fulfilment = "canceled";
  order.closedAt = now;
  order.lock = null;
  touch(location, order, now);
  return order;
}

const NEXT: Record<Fulfilment, readonly Fulfilment[]> = {
  new: ["accepted", "canceled"],
  accepted: ["preparing", "ready", "canceled"],
  preparing: ["ready"],
  ready: ["completed"],
  completed: [],
  canceled: [],
};

/** Moves the kitchen status along; cancelling voids an order nobody has started cooking. */
export function setFulfilment(
  location: Location,
  order: Order,
  next: Fulfilment,
  actor: Actor,
  now: number,
): Order {
  if (!NEXT[order.fulfilment].includes(next)) {
    throw new PosError(
      "INVALID_TRANSITION",
      `order ${order.id} cannot go from ${order.fulfilment} to ${next}`,
      {
        extensions: { orderId: order.id, from: order.fulfilment, to: next, allowed: NEXT[order.fulfilment] },
      },
    );
  }
  if (next === "canceled") {
    if (order.status === "paid")
      throw new PosError("ORDER_CLOSED", `order ${order.id} is paid; refunds happen at the POS`);
    return voidOrder(location, order, actor, now);
  }
  // The kitchen moves on after payment (prepaid orders), but not past a waiter holding the order.
  assertNotHeld(order, actor, now);
  order.fulfilment = next;
  touch(location, order, now);
  return order;
}

/**
 * A note printed in the kitchen for this order (also once it is paid: a prepaid order is
 * still being cooked), refused on a voided order and, like every write, while a waiter holds
 * the order at a terminal.
 */
export function sendKitchenMessage(
  location: Location,
  order: Order,
  text: string,
  actor: Actor,
  now: number,
) {
  if (order.status === "voided") throw new PosError("ORDER_CLOSED", `order ${order.id} is voided`);
  assertNotHeld(order, actor, now);
  const message = { id: `${location.id}-msg-${++location.counters.message}`, text, at: now };
  order.kitchenMessages.push(message);
  touch(location, order, now);
  return message;
}

export function findCard(chain: Chain, number: string, field = "body.cardNumber") {
  if (!chain.loyalty) throw new PosError("NOT_FOUND", "this chain runs no loyalty programme");
  const card = chain.loyalty.cards.find((c) => c.number === number);
  if (!card)
    throw new PosError("NOT_FOUND", `no loyalty card '${number}'`, {
      invalidParams: [{ name: field, reason: "unknown card" }],
    });
  if (!card.active) throw new PosError("FORBIDDEN_LOCATION", `loyalty card '${number}' is blocked`);
  return card;
}

/** Applies a loyalty card: open item lines are repriced at loyalty prices. */
export function applyLoyalty(
  chain: Chain,
  location: Location,
  order: Order,
  cardNumber: string,
  actor: Actor,
  now: number,
): Order {
  assertWritable(order, actor, now);
  findCard(chain, cardNumber);
  if (order.loyaltyCard === cardNumber) return order;
  if (order.loyaltyCard !== null)
    throw invalid("body.cardNumber", `order already carries card ${order.loyaltyCard}`);
  order.loyaltyCard = cardNumber;
  for (const line of order.lines) {
    if (line.kind !== "item" || line.productId === null) continue;
    const product = location.menu.products.find((p) => p.id === line.productId);
    if (product?.loyaltyPrice != null)
      line.unitPrice = Math.max(0, line.listPrice - (product.price - product.loyaltyPrice));
  }
  touch(location, order, now);
  return order;
}
