import { z } from "zod";
import { Duration, LocalTime, toMinutes } from "../../../contracts/admin/fault-primitives.ts";
import { localTime, zonedInstant } from "../../domain/business-day.ts";
import { PosError, retryAfterSeconds } from "../../domain/errors.ts";
import { closeShift } from "../../domain/shifts.ts";
import type { Location } from "../../domain/types.ts";
import type { ActiveRule, FaultEngine } from "../engine.ts";
import { defineFaultKind, keyed, ruleSchema } from "../kind.ts";

const schema = ruleSchema("shift_close", {
  /** Local times at which the running shift closes, every day. */
  at: z.array(LocalTime).min(1),
  /** Writes get SHIFT_CLOSING for this long; then the shift closes and the next opens. */
  window: Duration.default(5 * 60_000),
});

/** A location in a shift-closing window: until when, and which rule closes it. */
export interface Closing {
  until: number;
  rule: string;
}

/** Locations in a shift-closing window, per engine (the console shows them; tests may open one). */
export const closingWindows = keyed((_: FaultEngine) => new Map<string, Closing>());

/** At local times the shift closes: writes get SHIFT_CLOSING for a window, then the next shift opens. */
export const shiftClose = defineFaultKind({
  kind: "shift_close",
  schema,
  summary:
    "at local times the shift closes: writes get SHIFT_CLOSING for a window, then the next shift opens",
  form: [
    { name: "at", label: "at (local HH:MM, comma-separated)", type: "list", placeholder: "00:00, 02:30" },
    { name: "window", label: "window", type: "duration", placeholder: "5m" },
  ],
  describe: (rule, words) => `at ${rule.at.join(", ")}, window ${words.duration(rule.window)}`,
  // A closing refuses writes; reads go on.
  standingSparesReads: () => true,
  standing(request) {
    const { locationId, now } = request;
    if (!request.write || !locationId) return;
    const closing = closingWindows(request.engine).get(locationId);
    if (!closing || closing.until <= now) return;
    request.blameOnly(closing.rule);
    throw new PosError(
      "SHIFT_CLOSING",
      "the shift is closing at this location; writes resume when the next opens",
      {
        retryAfter: retryAfterSeconds(closing.until - now),
      },
    );
  },
  schedule(engine, active) {
    for (const location of engine.locationsOf(active.rule)) scheduleClose(engine, active, location.id);
  },
  deactivate(engine, active) {
    const closing = closingWindows(engine);
    for (const [id, c] of closing) if (c.rule === active.rule.id) closing.delete(id);
  },
  reset: (engine) => closingWindows(engine).clear(),
});

function scheduleClose(
  engine: FaultEngine,
  active: ActiveRule<z.output<typeof schema>>,
  locationId: string,
): void {
  const { at, window } = active.rule;
  const location = engine.locationsOf(active.rule).find((l) => l.id === locationId);
  if (!location) return;
  const now = engine.clock.now();
  const start = nextBoundary(now, location, at);
  active.timers.push(
    engine.clock.setTimeout(() => {
      closingWindows(engine).set(locationId, { until: start + window, rule: active.rule.id });
      active.timers.push(
        engine.clock.setTimeout(() => {
          closingWindows(engine).delete(locationId);
          // The chain may have been regenerated since: act on the location as it is now.
          const current = engine.locationsOf(active.rule).find((l) => l.id === locationId);
          if (current) closeShift(current, engine.clock.now());
          active.hits++;
          scheduleClose(engine, active, locationId);
        }, window),
      );
    }, start - now),
  );
}

/** The next instant after `now` at which the location's local clock reads one of `at`. */
export function nextBoundary(now: number, location: Location, at: string[]): number {
  const today = localTime(now, location.timezone).date;
  const candidates: number[] = [];
  for (const dayOffset of [0, 1, 2]) {
    const date = addDays(today, dayOffset);
    for (const hhmm of at) {
      const minutes = toMinutes(hhmm);
      const instant =
        zonedInstant(date, Math.floor(minutes / 60), location.timezone) + (minutes % 60) * 60_000;
      if (instant > now) candidates.push(instant);
    }
  }
  return Math.min(...candidates);
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
