import { isLazy, touchedLocations } from "../../domain/locations.ts";
import type { Chain, Location, Order, Shift } from "../../domain/types.ts";

/** Elyx names locations by number, and tickets and shifts as `<location>-<number>`. */

const byNumber = new WeakMap<Chain, Map<number, Location>>();
const numbers = new WeakMap<Location, number>();

/** The numeric Elyx id of a location: mockpos `loc-0007` is 7. */
export function locationNumber(location: Location): number {
  let n = numbers.get(location);
  if (n === undefined) {
    n = Number(location.id.match(/(\d+)$/)?.[1]);
    if (!Number.isSafeInteger(n)) throw new Error(`location id ${location.id} has no number`);
    numbers.set(location, n);
  }
  return n;
}

export function locationByNumber(chain: Chain, n: number): Location | undefined {
  // A generated chain's location n is its nth: found without bringing the others into being.
  if (isLazy(chain.locations)) return Number.isInteger(n) && n >= 1 ? chain.locations[n - 1] : undefined;
  let index = byNumber.get(chain);
  if (!index) {
    index = new Map(chain.locations.map((l) => [locationNumber(l), l]));
    byNumber.set(chain, index);
  }
  return index.get(n);
}

export interface Ref {
  location: number;
  number: number;
}

/** `7-42` as { location: 7, number: 42 }; null when it is not such a reference. */
export function parseRef(ref: string): Ref | null {
  const m = ref.match(/^(\d{1,6})-(\d{1,9})$/);
  if (!m) return null;
  return { location: Number(m[1]), number: Number(m[2]) };
}

export function ticketRef(location: Location, order: Order): string {
  return `${locationNumber(location)}-${order.number}`;
}

/** The Elyx id of a mockpos shift id of this location. */
export function shiftRef(location: Location, shiftId: string): string {
  const shift = location.shifts.find((s) => s.id === shiftId);
  const number = shift?.number ?? Number(shiftId.match(/(\d+)$/)?.[1] ?? 0);
  return `${locationNumber(location)}-${number}`;
}

export function findTicket(location: Location, number: number): Order | undefined {
  // Order ids embed the number; look there first and fall back to a scan so a format change cannot hide one.
  const direct = location.orders.get(`${location.id}-ord-${String(number).padStart(5, "0")}`);
  if (direct?.number === number) return direct;
  for (const order of location.orders.values()) if (order.number === number) return order;
  return undefined;
}

export function findShift(location: Location, number: number): Shift | undefined {
  return location.shifts.find((s) => s.number === number);
}

/** The Elyx ticket id of a mockpos order id, wherever in the chain it is. */
export function ticketRefOf(chain: Chain, orderId: string): string | undefined {
  for (const location of touchedLocations(chain.locations)) {
    const order = location.orders.get(orderId);
    if (order) return ticketRef(location, order);
  }
  return undefined;
}
