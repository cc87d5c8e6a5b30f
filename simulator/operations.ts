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
