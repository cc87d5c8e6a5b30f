import type { Location, Order, OrderStatus } from "./types.ts";

/** What a poll asks for: orders opened, in progress (with their closing), or changed since a position. */
export type OrderView = "new" | "in_progress" | "changed";

/**
 * Where a poll stands in the location's change sequence: after `seq`. `closedAfter`, when above
 * `seq`, is where closings start to count for `in_progress` — the position of a listing that
 * began without a cursor, carried by its later pages so they report no closing older than it.
 */
export interface ListPosition {
  seq: number;
  closedAfter?: number;
}

export interface ListQuery {
  view: OrderView;
  /** Absent: from the start (`in_progress`: the orders open now, no closing). */
  after?: ListPosition;
  status?: OrderStatus;
  externalId?: string;
  limit: number;
}

export interface OrderPage {
  orders: Order[];
  /** Where the next poll (or page) starts. */
  next: ListPosition;
  hasMore: boolean;
}

/**
 * A page of a location's orders for a poll, oldest change first:
 *
 * - `new`: opened after the position;
 * - `changed`: changed after it, closings included;
 * - `in_progress`: open and changed after it, and those closed (paid or voided) after it — so a
 *   void or a payment at a terminal reaches the in-progress refresh once, as the order's last
 *   state. Without a position, the open orders only.
 *
 * Each order is placed by one sequence number (its creation, last change, or for a closed order
 * in `in_progress` its closing), distinct across orders; a page ends at its last order's number,
 * so paging on `next` loses and repeats nothing.
 */
export function listOrders(location: Location, q: ListQuery): OrderPage {
  const after = q.after?.seq ?? 0;
  // Without a position, closings count from now: what closed before the first poll is not news.
  const closedAfter = Math.max(after, q.after ? (q.after.closedAfter ?? 0) : location.counters.change);
  const key = keyOf(q.view, after, closedAfter);
  const matching: { order: Order; key: number }[] = [];
  for (const order of location.orders.values()) {
    const k = key(order);
    if (k === null) continue;
    if (q.status !== undefined && order.status !== q.status) continue;
    if (q.externalId !== undefined && order.externalId !== q.externalId) continue;
    matching.push({ order, key: k });
  }
  matching.sort((a, b) => a.key - b.key);
  const page = matching.slice(0, q.limit);
  const hasMore = matching.length > page.length;
  const last = page.at(-1);
  const next: ListPosition =
    hasMore && last
      ? { seq: last.key, ...(closedAfter > last.key ? { closedAfter } : {}) }
      : { seq: Math.max(after, location.counters.change) };
  return { orders: page.map((m) => m.order), next, hasMore };
}

/** The sequence number placing an order in the view after `after`, or null when it is not in it. */
function keyOf(view: OrderView, after: number, closedAfter: number): (order: Order) => number | null {
  if (view === "new") return (o) => (o.createdSeq > after ? o.createdSeq : null);
  if (view === "changed") return (o) => (o.changedSeq > after ? o.changedSeq : null);
  return (o) => {
    if (o.status === "open") return o.changedSeq > after ? o.changedSeq : null;
    return o.closedSeq !== null && o.closedSeq > closedAfter ? o.closedSeq : null;
  };
}
