import { getProduct, touch } from "./chain.ts";
import { invalid, PosError } from "./errors.ts";
import { emit } from "./events.ts";
import { activeLock } from "./orders.ts";
import type { Location, Order } from "./types.ts";

/** A waiter opens the order on a terminal: until released, writes from elsewhere are LOCKED. */
export function lockOrder(
  location: Location,
  order: Order,
  terminalId: string,
  now: number,
  durationMs: number | null = null,
): Order {
  if (!location.terminals.some((t) => t.id === terminalId && t.kind !== "integration")) {
    throw invalid("body.terminalId", `no staff terminal '${terminalId}' at ${location.id}`);
  }
  if (order.status !== "open") throw new PosError("ORDER_CLOSED", `order ${order.id} is ${order.status}`);
  const held = activeLock(order, now);
  if (held && held.terminalId !== terminalId) {
    throw new PosError("LOCKED", `order ${order.id} is already open at terminal ${held.terminalId}`, {
      extensions: { orderId: order.id, terminalId: held.terminalId },
    });
  }
  order.lock = {
    terminalId,
    since: held?.since ?? now,
    until: durationMs === null ? null : now + durationMs,
  };
  touch(location, order, now);
  return order;
}

export function unlockOrder(location: Location, order: Order, now: number): Order {
  if (activeLock(order, now) === null) return order;
  order.lock = null;
  touch(location, order, now);
  return order;
}

/** Marks a product sold out (or back in stock). Sold-out flags are live state, read through availability; the menu version tracks what the menu offers and at what price. */
export function setSoldOut(location: Location, productId: string, soldOut: boolean, now: number): void {
  getProduct(location.menu, productId);
  if (soldOut === location.soldOut.has(productId)) return;
  if (soldOut) location.soldOut.set(productId, { since: now });
  else location.soldOut.delete(productId);
  emit({ type: "availability.changed", location, productId, at: now });
}

let rotations = 0;

/** How many times credentials were rotated in this process: a credential index older than this is stale. */
export function credentialRotations(): number {
  return rotations;
}

/** Issues a location new credentials, as an operator rotating keys would; the old ones stop working. */
export function rotateCredentials(location: Location, draw: () => number): void {
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(draw() * 16).toString(16)).join("");
  location.credentials = { ...location.credentials, apiKey: `mpk_${hex(24)}`, password: hex(16) };
  rotations++;
}
