import { isWriteMethod } from "../../contracts/operations.ts";
import type { JournalEntry } from "../../simulator/journal/index.ts";
import type { Evidence, Run } from "../types.ts";

/**
 * The writes of the connector contract: what a connector sends the POS on a guest's behalf. An
 * entry is a write when its method says so (`isWriteMethod`); this set only narrows which writes.
 */
export const WRITE_OPERATIONS = new Set([
  "order.create",
  "order.append",
  "order.pay",
  "kitchen.message",
  "loyalty.apply",
]);

/** Whether an entry is a write: its method says so (the one answer, from contracts/operations.ts). */
export { isWriteMethod };

/** When an entry arrived, epoch ms. */
export const at = (e: JournalEntry): number => Date.parse(e.time);

/** The connector's requests to one location (optionally one operation), oldest first. */
export function requests(run: Run, locationId: string, operation?: string): JournalEntry[] {
  return run.journal.filter(
    (e) => e.locationId === locationId && (operation === undefined || e.operation === operation),
  );
}

/** Writes that reached the POS (whatever the answer), oldest first. */
export function writes(run: Run, locationId?: string): JournalEntry[] {
  return run.journal.filter(
    (e) =>
      isWriteMethod(e.method) &&
      WRITE_OPERATIONS.has(e.operation ?? "") &&
      (locationId === undefined || e.locationId === locationId),
  );
}

/** A query parameter of an entry (`view`, `cursor`), or null. */
export function param(e: JournalEntry, name: string): string | null {
  return e.query === null ? null : new URLSearchParams(e.query).get(name);
}

/** Time between consecutive instants. */
export function gaps(times: readonly number[]): number[] {
  return times.slice(1).map((t, i) => t - (times[i] as number));
}

/** One journal entry as evidence: `12:03:07 POST /v1/…/rounds → 423 LOCKED (key k1)`. */
export function cite(e: JournalEntry, note?: string): Evidence {
  const key = e.idempotencyKey === null ? "no key" : `key ${e.idempotencyKey}`;
  const what = `${e.method} ${e.path}${e.query ? `?${e.query}` : ""} → ${e.status || "no answer"} ${e.outcome} (${e.operation ?? "no route"}, ${key})`;
  return { at: at(e), seq: e.seq, text: note ? `${note}: ${what}` : what };
}

/** Minutes and seconds after the run began, for summaries: `+12:30`. */
export function offset(run: Run, ms: number): string {
  const s = Math.round((ms - run.start) / 1000);
  return `+${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

/** Failures a later attempt can overcome: what a connector retries, with the same key. */
export const RETRYABLE_OUTCOMES = new Set([
  "LOCKED",
  "SERVER_ERROR",
  "UNREACHABLE",
  "TIMEOUT",
  "RATE_LIMITED",
  "SHIFT_CLOSING",
]);

/**
 * The attempts of one logical write, found from one of them: the connector's requests with the
 * same location, operation and path (one order's round, its payment), from `first` on, oldest
 * first. A scenario that keeps one such write in flight at a time makes these its retries.
 */
export function attemptsFrom(run: Run, first: JournalEntry): JournalEntry[] {
  return run.journal.filter(
    (e) =>
      e.seq >= first.seq &&
      e.locationId === first.locationId &&
      e.operation === first.operation &&
      e.method === first.method &&
      e.path === first.path,
  );
}

/** The most of `times` (epoch ms, any order) that fall in one window [t, t + width), and where it starts. */
export function maxInWindow(times: readonly number[], width: number): { count: number; from: number } {
  const sorted = [...times].sort((a, b) => a - b);
  let best = { count: 0, from: sorted[0] ?? 0 };
  let lo = 0;
  for (let hi = 0; hi < sorted.length; hi++) {
    while ((sorted[hi] as number) - (sorted[lo] as number) >= width) lo++;
    if (hi - lo + 1 > best.count) best = { count: hi - lo + 1, from: sorted[lo] as number };
  }
  return best;
}

/**
 * The connector's own status period at a location: the median gap between its status checks
 * before `before` (epoch ms), or `fallback` when it made fewer than two.
 */
export function statusPeriod(run: Run, locationId: string, before: number, fallback = 60_000): number {
  const times = requests(run, locationId, "location.status")
    .map(at)
    .filter((t) => t < before);
  const sorted = gaps(times).sort((a, b) => a - b);
  return sorted.length === 0 ? fallback : (sorted[Math.floor(sorted.length / 2)] as number);
}

/**
 * When a location was known to be down: from a request that got no answer (UNREACHABLE, TIMEOUT)
 * to the next status check answered 200 (or the end of the run). The contract has a connector
 * stop polling a POS it knows is down, all but the online check: a cadence is owed again from the
 * moment the POS is back, not across the outage.
 */
export function outages(run: Run, locationId: string): { from: number; to: number }[] {
  const spans: { from: number; to: number }[] = [];
  let from: number | null = null;
  for (const e of run.journal) {
    if (e.locationId !== locationId) continue;
    if (from === null && (e.outcome === "UNREACHABLE" || e.outcome === "TIMEOUT")) from = at(e);
    else if (from !== null && e.operation === "location.status" && e.status === 200) {
      spans.push({ from, to: at(e) });
      from = null;
    }
  }
  if (from !== null) spans.push({ from, to: run.end });
  return spans;
}

/**
 * The time a poll due after `since` waited: the gap to `next`, less any outage it spans (a poll
 * is owed a full period after the POS came back).
 */
export function waitedOutside(
  since: number,
  next: number,
  down: readonly { from: number; to: number }[],
): number {
  const overlapping = down.filter((d) => d.to > since && d.from < next);
  const back = Math.max(since, ...overlapping.map((d) => d.to));
  return overlapping.length === 0 ? next - since : next - back;
}
