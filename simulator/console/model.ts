import { toMinutes } from "../../contracts/admin/fault-primitives.ts";
import { businessDate, localTime, zonedInstant } from "../domain/business-day.ts";
import { currentShift } from "../domain/chain.ts";
import type { Location, Order, OrderLock, Shift } from "../domain/types.ts";
import type { ActiveRule, FaultEngine } from "../faults/engine.ts";
import { isOfKind } from "../faults/kind.ts";
import { closingWindows, nextBoundary, shiftClose } from "../faults/kinds/shift-close.ts";
import { linkDown, unreachable } from "../faults/kinds/unreachable.ts";
import type { Simulator } from "../state.ts";

/**
 * What the console shows of the chain, read straight from the simulator (reading changes
 * nothing: no lock expires, no closing ends, no fault rule draws a number); acting goes
 * through the admin API (actions.ts).
 */

/** Where a location stands for a connector right now, as the POS side knows it. */
export type LinkState = "online" | "unreachable" | "read-only";

export interface LocationState {
  state: LinkState;
  /** What makes it so, in words: the rule, the mode, until when. */
  detail: string | null;
  /** The fault rules behind the state. */
  rules: string[];
  /** Staff closed it for online orders (Sinqro's temporary closing), until when (null: until reopened). */
  closed: { reason: string; until: number | null } | null;
}

export interface LockView {
  order: Order;
  lock: OrderLock;
}

export interface LocationView {
  location: Location;
  link: LocationState;
  shift: Shift;
  businessDate: string;
  open: Order[];
  locks: LockView[];
  soldOut: number;
}

/** A rule whose scope and time window take in this location now (its probability aside). */
function covers(active: ActiveRule, location: Location, now: number): boolean {
  const { rule } = active;
  if (active.exhausted || now < active.from || now >= active.to) return false;
  if (rule.scope.locations && !rule.scope.locations.includes(location.id)) return false;
  if (rule.when.daily) {
    const t = localTime(now, location.timezone);
    const minute = t.hour * 60 + t.minute;
    const inside = rule.when.daily.some(({ from, to }) => {
      const a = toMinutes(from);
      const b = toMinutes(to);
      return a <= b ? minute >= a && minute < b : minute >= a || minute < b;
    });
    if (!inside) return false;
  }
  return true;
}

/** Online, unreachable (a link rule has it down now) or read-only (its shift is closing: writes refused). */
export function locationState(faults: FaultEngine, location: Location, now: number): LocationState {
  const closure = location.closure;
  const closed =
    closure && (closure.until === null || closure.until > now)
      ? { reason: closure.reason, until: closure.until }
      : null;
  for (const active of faults.rules) {
    if (!isOfKind(active, unreachable) || !covers(active, location, now)) continue;
    const rule = active.rule;
    // The same timeline the fault middleware asks (created lazily, seeded per location: asking changes nothing).
    if (!linkDown(faults, active, location.id, now)) continue;
    const only = rule.scope.operations ? ` for ${rule.scope.operations.join(", ")}` : "";
    const chance =
      rule.when.probability === undefined ? "" : `, ${Math.round(rule.when.probability * 100)} % of requests`;
    return {
      state: "unreachable",
      detail: `link down (${rule.mode})${only}${chance}: rule ${rule.id}`,
      rules: [rule.id],
      closed,
    };
  }
  const closing = closingWindows(faults).get(location.id);
  if (closing && closing.until > now) {
    return {
      state: "read-only",
      detail: `shift closing: writes get SHIFT_CLOSING until ${new Date(closing.until).toISOString()} (rule ${closing.rule})`,
      rules: [closing.rule],
      closed,
    };
  }
  if (!location.online) return { state: "unreachable", detail: "the POS is offline", rules: [], closed };
  return { state: "online", detail: null, rules: [], closed };
}

export function locationView(sim: Simulator, location: Location, now: number): LocationView {
  const open: Order[] = [];
  const locks: LockView[] = [];
  for (const order of location.orders.values()) {
    if (order.status !== "open") continue;
    open.push(order);
    const lock = order.lock;
    // activeLock() would clear an expired lock: the console only reads.
    if (lock && (lock.until === null || lock.until > now)) locks.push({ order, lock });
  }
  return {
    location,
    link: locationState(sim.faults, location, now),
    shift: currentShift(location),
    businessDate: businessDate(now, location.timezone, location.closeoutHour),
    open,
    locks,
    soldOut: location.soldOut.size,
  };
}

/** Whether an order is held at a terminal now, without expiring anything. */
export function heldLock(order: Order, now: number): OrderLock | null {
  const lock = order.lock;
  return lock && (lock.until === null || lock.until > now) ? lock : null;
}

export const FLOOR_FILTERS = [
  "all",
  "online",
  "unreachable",
  "read-only",
  "closed",
  "locked",
  "sold-out",
  "open-orders",
] as const;
export type FloorFilter = (typeof FLOOR_FILTERS)[number];

export interface FloorQuery {
  q: string;
  filter: FloorFilter;
  page: number;
  per: number;
}

export const PAGE_SIZES = [25, 50, 100, 250, 1000] as const;

/** Reads the floor's query string, falling back to defaults for anything it does not know. */
export function floorQuery(params: URLSearchParams | Record<string, string | undefined>): FloorQuery {
  const get = (k: string) =>
    params instanceof URLSearchParams ? (params.get(k) ?? undefined) : (params[k] ?? undefined);
  const filter = (FLOOR_FILTERS as readonly string[]).includes(get("filter") ?? "")
    ? (get("filter") as FloorFilter)
    : "all";
  const per = Number(get("per"));
  const page = Number(get("page"));
  return {
    q: (get("q") ?? "").trim().slice(0, 100),
    filter,
    per: (PAGE_SIZES as readonly number[]).includes(per) ? per : 50,
    page: Number.isInteger(page) && page >= 1 ? page : 1,
  };
}

function matches(view: LocationView, filter: FloorFilter): boolean {
  switch (filter) {
    case "all":
      return true;
    case "online":
    case "unreachable":
    case "read-only":
      return view.link.state === filter;
    case "closed":
      return view.link.closed !== null;
    case "locked":
      return view.locks.length > 0;
    case "sold-out":
      return view.soldOut > 0;
    case "open-orders":
      return view.open.length > 0;
  }
}

export interface Floor {
  query: FloorQuery;
  /** Counts over the whole chain, whatever the filter. */
  counts: Record<FloorFilter, number>;
  /** Locations the search and filter keep, before paging. */
  matched: number;
  pages: number;
  rows: LocationView[];
}

/** The floor: every location's view, counted, searched, filtered and paged. */
export function floor(sim: Simulator, query: FloorQuery, now: number): Floor {
  const counts = Object.fromEntries(FLOOR_FILTERS.map((f) => [f, 0])) as Record<FloorFilter, number>;
  const q = query.q.toLowerCase();
  const kept: LocationView[] = [];
  for (const location of sim.chain.locations) {
    const view = locationView(sim, location, now);
    for (const f of FLOOR_FILTERS) if (matches(view, f)) counts[f]++;
    if (!matches(view, query.filter)) continue;
    if (
      q &&
      !location.id.toLowerCase().includes(q) &&
      !location.name.toLowerCase().includes(q) &&
      !location.address.city.toLowerCase().includes(q)
    )
      continue;
    kept.push(view);
  }
  const pages = Math.max(1, Math.ceil(kept.length / query.per));
  const page = Math.min(query.page, pages);
  return {
    query: { ...query, page },
    counts,
    matched: kept.length,
    pages,
    rows: kept.slice((page - 1) * query.per, page * query.per),
  };
}

export interface Boundary {
  at: number;
  /** What happens then, in words. */
  what: string;
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * The next shift boundary anywhere in the chain after `now`: a business day's closeout (the
 * business date rolls over), or a shift-close rule's window opening (writes refused) or ending
 * (the shift closes and the next opens).
 */
export function nextShiftBoundary(sim: Simulator, now: number): Boundary | null {
  let best: Boundary | null = null;
  const consider = (at: number, what: () => string) => {
    if (at > now && (best === null || at < best.at)) best = { at, what: what() };
  };
  const closeouts = new Map<string, number>();
  for (const location of sim.chain.locations) {
    const key = `${location.timezone}|${location.closeoutHour}`;
    let at = closeouts.get(key);
    if (at === undefined) {
      const today = businessDate(now, location.timezone, location.closeoutHour);
      at = zonedInstant(addDays(today, 1), location.closeoutHour, location.timezone);
      closeouts.set(key, at);
    }
    consider(at, () => `${location.id}'s business day closes out (${location.closeoutHour}:00 local)`);
  }
  const closing = closingWindows(sim.faults);
  for (const [locationId, window] of closing) {
    consider(window.until, () => `${locationId}'s shift closes (rule ${window.rule})`);
  }
  for (const active of sim.faults.rules) {
    if (!isOfKind(active, shiftClose) || active.exhausted) continue;
    const rule = active.rule;
    for (const location of sim.faults.locationsOf(rule)) {
      if (closing.has(location.id)) continue;
      consider(
        nextBoundary(now, location, rule.at),
        () => `${location.id}'s shift starts closing (rule ${rule.id})`,
      );
    }
  }
  return best;
}
