/** Canonical operations (DESIGN.md): every dialect, fault, journal entry and check speaks in these. */
export const OPERATIONS = [
  "location.status",
  "menu.get",
  "modifiers.get",
  "availability.get",
  "tables.get",
  "orders.list",
  "order.get",
  "order.create",
  "order.append",
  "order.pay",
  "order.status.get",
  "order.status.set",
  "kitchen.message",
  "loyalty.apply",
  "shifts.list",
  "shift.get",
  "catalog.push",
  "sales.push",
  "webhook.order_status",
  "webhook.catalog",
  "webhook.availability",
] as const;

export type Operation = (typeof OPERATIONS)[number];

/** Requests that are not a POS operation (admin, docs) are journaled under this name. */
export const ADMIN_OPERATION = "admin";

/** The HTTP methods that change the POS. GET and HEAD read; so does anything else (OPTIONS). */
const WRITE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Whether a request changes the POS — the one answer every part of mockpos gives (fault
 * middleware, console, quirks, judges). It comes from the route's HTTP method, never from the
 * operation's name: `loyalty.apply` names both the card look-up (`GET …/loyalty/cards/{number}`,
 * a read) and applying the card to an order (`POST …/orders/{orderId}/loyalty`, a write).
 */
export function isWriteMethod(method: string): boolean {
  return WRITE_METHODS.has(method.toUpperCase());
}
