import { invalid } from "../../domain/errors.ts";
import type { Location, Order } from "../../domain/types.ts";
import { locationNumber } from "./ids.ts";

/**
 * The sales feed's position: the last change delivered, as (time of the change, location,
 * that location's change sequence). Every change gets a key above every earlier one, and a
 * page only holds changes from before the current millisecond, so a change made after a page
 * was served can never sort below its cursor: following cursors sees every change once.
 */
export interface Position {
  t: number;
  loc: number;
  seq: number;
}

const START: Position = { t: -1, loc: 0, seq: 0 };

function after(a: Position, b: Position): boolean {
  return a.t !== b.t ? a.t > b.t : a.loc !== b.loc ? a.loc > b.loc : a.seq > b.seq;
}

/** A short fingerprint of a set of locations: a cursor is only good for the filter it was issued for. */
export function scopeOf(locations: readonly Location[]): string {
  let h = 0x811c9dc5;
  for (const n of locations.map(locationNumber).sort((a, b) => a - b)) {
    for (const ch of `${n},`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, "0");
}

export function encodeCursor(p: Position, scope: string): string {
  return Buffer.from(`e1:${p.t}:${p.loc}:${p.seq}:${scope}`).toString("base64url");
}

export function decodeCursor(cursor: string, scope: string, now: number): Position {
  const m = Buffer.from(cursor, "base64url")
    .toString("utf8")
    .match(/^e1:(-1|\d{1,15}):(\d{1,6}):(\d{1,15}):([0-9a-f]{8})$/);
  if (!m) throw invalid("query.cursor", "not a cursor this server issued");
  const p = { t: Number(m[1]), loc: Number(m[2]), seq: Number(m[3]) };
  if (m[4] !== scope) {
    throw invalid(
      "query.cursor",
      "issued for other locations: send the same `locations` as before, or start over",
    );
  }
  if (p.t > now) throw invalid("query.cursor", "not a cursor this server issued");
  return p;
}

/** Where a sync without a cursor starts: everything held, or the changes at or after `from`. */
export function startAt(from: string | undefined, now: number): Position {
  if (from === undefined) return START;
  const t = Date.parse(from);
  if (t > now) throw invalid("query.from", "is in the future");
  // Past every location of the millisecond before `from`: what changed then is behind.
  return { t: Math.max(-1, t - 1), loc: 999_999, seq: 0 };
}

export interface SalesPage {
  changes: { location: Location; order: Order }[];
  next: Position;
  hasMore: boolean;
}

/** The changed tickets after `from`, oldest change first, at most `limit`. */
export function salesPage(
  locations: readonly Location[],
  from: Position,
  now: number,
  limit: number,
): SalesPage {
  const found: { location: Location; order: Order; key: Position }[] = [];
  for (const location of locations) {
    const loc = locationNumber(location);
    for (const order of location.orders.values()) {
      if (order.updatedAt >= now) continue;
      const key = { t: order.updatedAt, loc, seq: order.changedSeq };
      if (after(key, from)) found.push({ location, order, key });
    }
  }
  found.sort((a, b) => (after(a.key, b.key) ? 1 : after(b.key, a.key) ? -1 : 0));
  const page = found.slice(0, limit);
  return {
    changes: page.map(({ location, order }) => ({ location, order })),
    next: page.at(-1)?.key ?? from,
    hasMore: found.length > page.length,
  };
}
