import type { JournalEntry } from "../../simulator/journal/index.ts";
import type { Evidence, Run } from "../types.ts";

/** The writes of the connector contract: what a connector sends the POS on a guest's behalf. */
export const WRITE_OPERATIONS = new Set([
  "order.create",
  "order.append",
  "order.pay",
  "kitchen.message",
  "loyalty.apply",
]);

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
      e.method !== "GET" &&
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
