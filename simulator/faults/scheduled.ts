import { localTime, zonedInstant } from "../domain/business-day.ts";
import { closeShift } from "../domain/shifts.ts";
import { rotateCredentials } from "../domain/staff.ts";
import type { Location } from "../domain/types.ts";
import type { ActiveRule, FaultEngine } from "./engine.ts";
import { resolveInstant, toMinutes } from "./engine.ts";

/**
 * Rules that change state on the clock rather than per request: shift closes at local times
 * and credential rotation. Their timers belong to the rule, so removing it cancels them.
 */
export function scheduleRule(engine: FaultEngine, active: ActiveRule): void {
  const { rule } = active;
  if (rule.kind === "rotate_credentials") {
    const at = resolveInstant(rule.at, engine.origin);
    const rotate = () => {
      for (const location of engine.locationsOf(rule)) {
        active.hits++;
        engine.retired.set(location.credentials.apiKey, rule.id);
        rotateCredentials(location, () => active.rng.next());
      }
    };
    active.timers.push(engine.clock.setTimeout(rotate, Math.max(0, at - engine.clock.now())));
  }
  if (rule.kind === "shift_close") {
    for (const location of engine.locationsOf(rule))
      scheduleClose(engine, active, location.id, rule.at, rule.window);
  }
}

function scheduleClose(
  engine: FaultEngine,
  active: ActiveRule,
  locationId: string,
  at: string[],
  window: number,
): void {
  const location = engine.locationsOf(active.rule).find((l) => l.id === locationId);
  if (!location) return;
  const now = engine.clock.now();
  const start = nextBoundary(now, location, at);
  active.timers.push(
    engine.clock.setTimeout(() => {
      engine.closing.set(locationId, { until: start + window, rule: active.rule.id });
      active.timers.push(
        engine.clock.setTimeout(() => {
          engine.closing.delete(locationId);
          // The chain may have been regenerated since: act on the location as it is now.
          const current = engine.locationsOf(active.rule).find((l) => l.id === locationId);
          if (current) closeShift(current, engine.clock.now());
          active.hits++;
          scheduleClose(engine, active, locationId, at, window);
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
