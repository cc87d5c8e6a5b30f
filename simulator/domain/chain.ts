import { notFound } from "./errors.ts";
import { emit } from "./events.ts";
import type { Chain, Location, Menu, Order, Product } from "./types.ts";

const locationIndex = new WeakMap<Chain, Map<string, Location>>();
const productIndex = new WeakMap<Menu, Map<string, Product>>();

/** Looks a location up by id; unknown ids are NOT_FOUND. */
export function getLocation(chain: Chain, id: string): Location {
  const location = findLocation(chain, id);
  if (!location) throw notFound("location", id);
  return location;
}

export function findLocation(chain: Chain, id: string): Location | undefined {
  let index = locationIndex.get(chain);
  if (!index || index.size !== chain.locations.length) {
    index = new Map(chain.locations.map((l) => [l.id, l]));
    locationIndex.set(chain, index);
  }
  return index.get(id);
}

export function getOrder(location: Location, id: string): Order {
  const order = location.orders.get(id);
  if (!order) throw notFound("order", id);
  return order;
}

export function findProduct(menu: Menu, id: string): Product | undefined {
  let index = productIndex.get(menu);
  if (!index || index.size !== menu.products.length) {
    index = new Map(menu.products.map((p) => [p.id, p]));
    productIndex.set(menu, index);
  }
  return index.get(id);
}

export function getProduct(menu: Menu, id: string): Product {
  const product = findProduct(menu, id);
  if (!product) throw notFound("product", id);
  return product;
}

/** The shift taking sales now: the last one, which stays open until staff close it. */
export function currentShift(location: Location) {
  const shift = location.shifts.at(-1);
  if (!shift) throw new Error(`location ${location.id} has no shift`);
  return shift;
}

/**
 * Records a change to an order: bumps its version and moves it past every cursor. The first
 * change after it was paid or voided is its closing (`closedSeq`), which `in_progress` reports.
 */
export function touch(location: Location, order: Order, now: number): void {
  order.version += 1;
  order.updatedAt = now;
  order.changedSeq = ++location.counters.change;
  if (order.status !== "open" && order.closedSeq === null) order.closedSeq = order.changedSeq;
  emit({ type: "order.changed", location, order, at: now });
}
