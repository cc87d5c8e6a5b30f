import { localTime } from "./business-day.ts";
import { type InvalidParam, PosError } from "./errors.ts";
import { emit } from "./events.ts";
import type { Closure, Location, OperatingSchedule, ServiceWindow, Weekday } from "./types.ts";

/** Monday first, as European rotas are written. */
export const WEEKDAYS: readonly Weekday[] = [
  "monday",
  "tuesday",
  "wednesday",
  "thursday",
  "friday",
  "saturday",
  "sunday",
];

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;
const MAX_REASON = 200;

function minutes(hhmm: string): number {
  const m = HH_MM.exec(hhmm);
  return m ? Number(m[1]) * 60 + Number(m[2]) : Number.NaN;
}

/** The local weekday and minute of the day at `at` in `timezone`. */
export function localMoment(at: number, timezone: string): { weekday: Weekday; minute: number } {
  const local = localTime(at, timezone);
  // getUTCDay: 0 is Sunday; WEEKDAYS starts on Monday.
  const day = new Date(`${local.date}T00:00:00Z`).getUTCDay();
  return { weekday: WEEKDAYS[(day + 6) % 7] as Weekday, minute: local.hour * 60 + local.minute };
}

/** Whether the weekly schedule has the restaurant open at `at` (temporary closings aside). */
export function isScheduledOpen(location: Location, at: number): boolean {
  const { weekday, minute } = localMoment(at, location.timezone);
  return location.schedule[weekday].some((w) => minutes(w.opens) <= minute && minute < minutes(w.closes));
}

/** Why `at` is outside opening hours, or null when the restaurant serves then. */
export function outsideOpeningHours(location: Location, at: number): string | null {
  if (isScheduledOpen(location, at)) return null;
  const { weekday } = localMoment(at, location.timezone);
  const windows = location.schedule[weekday];
  const hours = windows.map((w) => `${w.opens}–${w.closes}`).join(", ");
  return windows.length === 0
    ? `the restaurant is closed on ${weekday}s`
    : `outside opening hours (${weekday}: ${hours}, ${location.timezone})`;
}

/** The temporary closing in force at `now`; one whose time is up ends by itself, and says so. */
export function activeClosure(location: Location, now: number): Closure | null {
  const closure = location.closure;
  if (closure && closure.until !== null && closure.until <= now) {
    location.closure = null;
    emit({ type: "availability.changed", location, productId: null, at: closure.until });
  }
  return location.closure;
}

/** Whether a temporary closing covers the instant `at` (now or later). */
export function closedAt(location: Location, at: number, now: number): boolean {
  const closure = activeClosure(location, now);
  return closure !== null && at >= closure.since && (closure.until === null || at < closure.until);
}

export interface ClosingInput {
  /** When it ends by itself; null or absent: until staff reopen. */
  until?: number | null;
  reason: string;
}

/**
 * Staff switch online ordering off for a while (kitchen overwhelmed, a power cut). Closing
 * again while closed changes the end or the reason and keeps when it began.
 */
export function closeTemporarily(location: Location, input: ClosingInput, now: number): Closure {
  const problems: InvalidParam[] = [];
  const reason = input.reason.trim();
  if (reason.length === 0 || reason.length > MAX_REASON)
    problems.push({ name: "body.reason", reason: `must be 1 to ${MAX_REASON} characters` });
  const until = input.until ?? null;
  if (until !== null && !(Number.isFinite(until) && until > now))
    problems.push({ name: "body.until", reason: "must be in the future" });
  if (problems.length > 0) throw validation(problems);
  const since = activeClosure(location, now)?.since ?? now;
  location.closure = { since, until, reason };
  emit({ type: "availability.changed", location, productId: null, at: now });
  return location.closure;
}

/** Staff switch online ordering back on; false when it was not off. */
export function reopen(location: Location, now: number): boolean {
  if (activeClosure(location, now) === null) return false;
  location.closure = null;
  emit({ type: "availability.changed", location, productId: null, at: now });
  return true;
}

/** Refuses an online order while the restaurant is temporarily closed. */
export function assertTakingOrders(location: Location, now: number): void {
  const closure = activeClosure(location, now);
  if (!closure) return;
  const until =
    closure.until === null ? "until staff reopen it" : `until ${new Date(closure.until).toISOString()}`;
  throw new PosError(
    "ITEM_UNAVAILABLE",
    `the restaurant is temporarily closed (${closure.reason}) ${until}`,
    {
      extensions: {
        restaurantClosed: true,
        closedSince: new Date(closure.since).toISOString(),
        closedUntil: closure.until === null ? null : new Date(closure.until).toISOString(),
        reason: closure.reason,
      },
    },
  );
}

/** Whether a refusal is the restaurant being closed rather than one product sold out. */
export function isClosedRefusal(err: PosError): boolean {
  return err.code === "ITEM_UNAVAILABLE" && err.details.extensions?.restaurantClosed === true;
}

/** Replaces the weekly opening hours, as a manager edits them at the POS; a bad week changes nothing. */
export function setSchedule(location: Location, schedule: OperatingSchedule): OperatingSchedule {
  const problems: InvalidParam[] = [];
  const next = {} as OperatingSchedule;
  for (const day of WEEKDAYS) {
    const windows: ServiceWindow[] = (schedule[day] ?? []).map((w) => ({ opens: w.opens, closes: w.closes }));
    let previousEnd = -1;
    windows.forEach((w, i) => {
      const opens = minutes(w.opens);
      const closes = minutes(w.closes);
      const at = `body.${day}[${i}]`;
      if (Number.isNaN(opens) || Number.isNaN(closes))
        problems.push({ name: at, reason: "opens and closes are local times HH:MM" });
      else if (opens >= closes)
        problems.push({ name: at, reason: "must close after it opens, the same day" });
      else if (opens < previousEnd)
        problems.push({ name: at, reason: "services must be in order and not overlap" });
      else previousEnd = closes;
    });
    next[day] = windows;
  }
  if (problems.length > 0) throw validation(problems);
  location.schedule = next;
  return next;
}

function validation(problems: InvalidParam[]): PosError {
  return new PosError("VALIDATION", problems.map((p) => `${p.name}: ${p.reason}`).join("; "), {
    invalidParams: problems,
  });
}
