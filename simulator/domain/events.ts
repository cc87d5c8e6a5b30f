import type { Location, Order } from "./types.ts";

/**
 * What changed in the chain, as the POS would announce it to a listener (webhooks, a push
 * feed). Events are raised in the middle of an operation: a listener that reads the order
 * should do so once the operation has returned (e.g. on the next microtask).
 */
export type DomainEvent =
  | { type: "order.created"; location: Location; order: Order; at: number }
  | { type: "order.changed"; location: Location; order: Order; at: number }
  /** Product sold out or back (`productId`), or the whole location closed or reopened (`productId` null). */
  | { type: "availability.changed"; location: Location; productId: string | null; at: number }
  /** Something on the menu changed: prices, products, sections, options. */
  | { type: "catalog.changed"; location: Location; productIds: string[]; at: number }
  | { type: "reservation.changed"; location: Location; reservationId: string; at: number };

export type DomainListener = (event: DomainEvent) => void;

// Keyed by location so the domain functions, which only see a location, need no bus passed in.
const listeners = new WeakMap<Location, DomainListener>();

/** Sends every event of `location` to `listener` (one per location; the Simulator's bus). */
export function observe(location: Location, listener: DomainListener): void {
  listeners.set(location, listener);
}

// Counted here, not by a subscriber, so a location nobody observes still moves its revision.
const catalogRevisions = new WeakMap<Location, number>();

/**
 * How many times what a location's menu shows (prices, products, sold-out flags, whether it is
 * taking orders) has changed: every `catalog.changed` and `availability.changed` moves it. Anything
 * derived from the menu stays valid while this and `menu.version` stay the same.
 */
export function catalogRevision(location: Location): number {
  return catalogRevisions.get(location) ?? 0;
}

/** Announces a change; a location nobody observes (a bare test chain) ignores it. */
export function emit(event: DomainEvent): void {
  if (event.type === "catalog.changed" || event.type === "availability.changed") {
    catalogRevisions.set(event.location, catalogRevision(event.location) + 1);
  }
  listeners.get(event.location)?.(event);
}

/** Fan-out of every location's events to any number of subscribers. */
export class EventBus {
  readonly #subscribers = new Set<DomainListener>();

  /** Calls `listener` on every event until the returned function is called. */
  subscribe(listener: DomainListener): () => void {
    this.#subscribers.add(listener);
    return () => this.#subscribers.delete(listener);
  }

  publish(event: DomainEvent): void {
    for (const listener of this.#subscribers) {
      try {
        listener(event);
      } catch (err) {
        // A broken subscriber must never fail the POS operation that raised the event.
        console.error("mockpos: event subscriber failed", err);
      }
    }
  }
}
