import { notFound } from "./errors.ts";
import { emit } from "./events.ts";
import { isLazy, locationAt } from "./locations.ts";
import type { Chain, Location, Menu, Order, Product } from "./types.ts";

const locationIndex = new WeakMap<Chain, Map<string, Location>>();

/**
 * The id of location `number`: at least four digits (`loc-0001` … `loc-9999`), more only when the
 * number needs them (`loc-10000`), so a location has the same id in a chain of any size.
 */
export function locationId(number: number): string {
  return `loc-${String(number).padStart(4, "0")}`;
}

/** The number in a location id written as {@link locationId} writes it; undefined otherwise. */
export function locationNumberOf(id: string): number | undefined {
  const match = /^loc-(\d{4,9})$/.exec(id);
  if (!match) return undefined;
  const number = Number(match[1]);
  return number >= 1 && locationId(number) === id ? number : undefined;
}

/** Every location id of the chain, in order, without bringing any location into being. */
export function locationIds(chain: Chain): string[] {
  if (!isLazy(chain.locations)) return chain.locations.map((l) => l.id);
  return Array.from({ length: chain.locations.length }, (_, i) => locationId(i + 1));
}

/** Whether the chain has a location with this id, without bringing it into being. */
export function hasLocation(chain: Chain, id: string): boolean {
  if (!isLazy(chain.locations)) return findLocation(chain, id) !== undefined;
  const number = locationNumberOf(id);
  return number !== undefined && number <= chain.locations.length;
}
const productIndex = new WeakMap<Menu, Map<string, Product>>();

/** Looks a location up by id; unknown ids are NOT_FOUND. */
export function getLocation(chain: Chain, id: string): Location {
  const location = findLocation(chain, id);
  if (!location) throw notFound("location", id);
  return location;
}

export function findLocation(chain: Chain, id: string): Location | undefined {
  if (isLazy(chain.locations)) {
    // A lazy chain's ids are canonical: the number says where it is, and only it comes into being.
    const number = locationNumberOf(id);
    return number === undefined ? undefined : locationAt(chain.locations, number);
  }
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
