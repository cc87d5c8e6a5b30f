import { SINQRO_ORDER_STATUS } from "../../contracts/sinqro/orders.ts";
import { SINQRO_RESERVATION_STATUS } from "../../contracts/sinqro/reservations.ts";
import type { SinqroWebhookEvent } from "../../contracts/sinqro/webhooks.ts";
import { findProduct } from "../domain/chain.ts";
import type { DomainEvent } from "../domain/events.ts";
import { touchedLocations } from "../domain/locations.ts";
import type { Chain, Location, Order, Reservation, ReservationStatus } from "../domain/types.ts";

type WithoutId<E> = E extends unknown ? Omit<E, "id"> : never;

/** A webhook before it has an id: what changed, where, and when. */
export type WebhookDraft = WithoutId<SinqroWebhookEvent>;

type OrderState = ReturnType<typeof stateOf>;

/**
 * Turns domain events into webhook drafts. It remembers the status it last announced per
 * order and booking, so a change that moves neither the status nor payment (a round, a lock)
 * is no status webhook; a new order or booking is announced with no previous status.
 */
export class Announcer {
  // Keyed by the object: what the domain forgets, or a regenerated chain's, costs nothing here.
  #orders = new WeakMap<Order, OrderState>();
  #reservations = new WeakMap<Reservation, ReservationStatus>();
  #availability = new WeakMap<Location, { restaurant: string; soldOut: Set<string> }>();

  /** Takes what `chain` holds as already announced (it predates the sender, or the reset). */
  snapshot(chain: Chain): void {
    this.#orders = new WeakMap();
    this.#reservations = new WeakMap();
    this.#availability = new WeakMap();
    // Untouched locations are as generated: announced as they are when they first change.
    for (const location of touchedLocations(chain.locations)) {
      const restaurant = JSON.stringify(availability(location, null));
      this.#availability.set(location, { restaurant, soldOut: new Set(location.soldOut.keys()) });
      for (const order of location.orders.values()) this.#orders.set(order, stateOf(order));
      for (const r of location.reservations.values()) this.#reservations.set(r, r.status);
    }
  }

  /** The webhooks an event makes, read from the chain as it is now (after the operation). */
  announce(event: DomainEvent): WebhookDraft[] {
    const base = { createdAt: new Date(event.at).toISOString(), restaurantId: event.location.id };
    switch (event.type) {
      case "order.created":
      case "order.changed": {
        const { order } = event;
        const now = stateOf(order);
        const before = event.type === "order.created" ? undefined : this.#orders.get(order);
        if (before && before.status === now.status && before.paid === now.paid) return [];
        this.#orders.set(order, now);
        return [{ type: "order.status_changed", ...base, data: orderData(order, before ?? null) }];
      }
      case "reservation.changed": {
        const reservation = event.location.reservations.get(event.reservationId);
        if (!reservation) return [];
        const previous = this.#reservations.get(reservation) ?? null;
        if (previous === reservation.status) return [];
        this.#reservations.set(reservation, reservation.status);
        return [
          { type: "reservation.status_changed", ...base, data: reservationData(reservation, previous) },
        ];
      }
      case "catalog.changed":
        return [...new Set(event.productIds)].map((productId) => ({
          type: "catalog.element_changed" as const,
          ...base,
          data: {
            element: "product" as const,
            elementId: productId,
            change: findProduct(event.location.menu, productId) ? ("updated" as const) : ("deleted" as const),
            menuVersion: event.location.menu.version,
          },
        }));
      case "availability.changed": {
        const data = availability(event.location, event.productId);
        if (!this.#availabilityMoved(event.location, data)) return [];
        return [{ type: "availability.changed", ...base, data }];
      }
    }
  }
  // Only a real change is news: a sold-out flag or a closing set and undone before anyone heard is not.
  #availabilityMoved(location: Location, data: ReturnType<typeof availability>): boolean {
    let known = this.#availability.get(location);
    if (!known) {
      known = { restaurant: "", soldOut: new Set() };
      this.#availability.set(location, known);
    }
    if (data.productId === null) {
      const key = JSON.stringify(data);
      if (key === known.restaurant) return false;
      known.restaurant = key;
      return true;
    }
    if (known.soldOut.has(data.productId) === !data.available) return false;
    if (data.available) known.soldOut.delete(data.productId);
    else known.soldOut.add(data.productId);
    return true;
  }
}

function stateOf(order: Order) {
  const { name, code } = SINQRO_ORDER_STATUS[order.fulfilment];
  return { status: name, statusCode: code, paid: order.status === "paid" };
}

function orderData(order: Order, previous: OrderState | null) {
  return {
    ...stateOf(order),
    orderId: order.id,
    externalReference: order.externalId,
    number: order.number,
    type: TYPES[order.type],
    previous: previous && { ...previous },
    version: order.version,
    updatedAt: new Date(order.updatedAt).toISOString(),
  };
}

const TYPES = { dine_in: "DINE_IN", take_away: "TAKE_AWAY", delivery: "DELIVERY" } as const;

function reservationData(r: Reservation, previous: ReservationStatus | null) {
  return {
    reservationId: r.id,
    externalReference: r.externalId,
    status: SINQRO_RESERVATION_STATUS[r.status],
    previousStatus: previous === null ? null : SINQRO_RESERVATION_STATUS[previous],
    partySize: r.partySize,
    reservedFor: new Date(r.reservedFor).toISOString(),
    tableId: r.tableId,
    version: r.version,
    updatedAt: new Date(r.updatedAt).toISOString(),
  };
}

function availability(location: Location, productId: string | null) {
  if (productId !== null)
    return {
      scope: "product" as const,
      productId,
      available: !location.soldOut.has(productId),
      reason: null,
      until: null,
    };
  const closure = location.closure;
  return {
    scope: "restaurant" as const,
    productId: null,
    available: closure === null && location.online,
    reason: closure?.reason ?? null,
    until: closure?.until == null ? null : new Date(closure.until).toISOString(),
  };
}
