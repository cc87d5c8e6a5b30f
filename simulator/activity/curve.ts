import type { Random } from "../random/index.ts";
import { DAY, type LocalClock, MINUTE } from "./local-time.ts";

const HOUR = 60 * MINUTE;

/** A point of a traffic curve: at local time `at` ("HH:MM"), `perHour` parties walk in per hour. */
export interface TrafficPoint {
  at: string;
  perHour: number;
}

/**
 * Arrivals through the local day, at intensity 1: straight lines between the points, wrapping
 * from the last point round midnight to the first.
 */
export type TrafficCurve = readonly TrafficPoint[];

/**
 * A mid-size restaurant's day: a lunch peak 12:30–14:30, a quiet afternoon, a dinner peak
 * 20:00–22:30, last guests around midnight, closed 00:30–11:00. About 105 parties a day.
 */
export const DEFAULT_CURVE: TrafficCurve = [
  { at: "00:00", perHour: 1.5 },
  { at: "00:30", perHour: 0 },
  { at: "11:00", perHour: 0 },
  { at: "11:45", perHour: 4 },
  { at: "12:30", perHour: 12 },
  { at: "14:30", perHour: 12 },
  { at: "15:30", perHour: 3 },
  { at: "18:00", perHour: 3 },
  { at: "19:30", perHour: 7 },
  { at: "20:00", perHour: 14 },
  { at: "22:30", perHour: 14 },
  { at: "23:30", perHour: 4 },
];

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
const MAX_PER_HOUR = 10_000;

/** Minutes after local midnight of an "HH:MM" time, or NaN when it is not one. */
export function parseLocalTime(text: unknown): number {
  const match = typeof text === "string" ? TIME.exec(text) : null;
  return match ? Number(match[1]) * 60 + Number(match[2]) : Number.NaN;
}

/** A curve ready to sample: times in ms after local midnight, covering a whole day with no gaps. */
export interface CompiledCurve {
  readonly times: readonly number[];
  readonly rates: readonly number[];
  readonly peak: number;
}

/** Checks a curve and compiles it; a RangeError names the first bad point. */
export function compileCurve(curve: unknown, name = "curve"): CompiledCurve {
  if (!Array.isArray(curve) || curve.length === 0)
    throw new RangeError(`activity: "${name}" must be a non-empty list of { at: "HH:MM", perHour }`);
  const times: number[] = [];
  const rates: number[] = [];
  curve.forEach((point: Partial<TrafficPoint> | null, i) => {
    const minute = parseLocalTime(point?.at);
    if (Number.isNaN(minute))
      throw new RangeError(
        `activity: "${name}[${i}].at" must be a local time "HH:MM", got ${show(point?.at)}`,
      );
    if (i > 0 && minute * MINUTE <= (times.at(-1) as number))
      throw new RangeError(`activity: "${name}[${i}].at" must come after "${name}[${i - 1}].at"`);
    const perHour = point?.perHour;
    if (typeof perHour !== "number" || !(perHour >= 0 && perHour <= MAX_PER_HOUR))
      throw new RangeError(
        `activity: "${name}[${i}].perHour" must be a number from 0 to ${MAX_PER_HOUR}, got ${show(perHour)}`,
      );
    times.push(minute * MINUTE);
    rates.push(perHour);
  });
  // Close the day: the last point carries on into the first one of the next day.
  const first = { time: times[0] as number, rate: rates[0] as number };
  const last = { time: times.at(-1) as number, rate: rates.at(-1) as number };
  if (first.time > 0) {
    times.unshift(last.time - DAY);
    rates.unshift(last.rate);
  }
  times.push(first.time + DAY);
  rates.push(first.rate);
  return { times, rates, peak: Math.max(...rates) };
}

function show(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}

/** Parties per hour at `msOfDay` after local midnight. */
export function rateAt(curve: CompiledCurve, msOfDay: number): number {
  const i = segmentOf(curve, msOfDay);
  const t0 = curve.times[i] as number;
  const t1 = curve.times[i + 1] as number;
  const r0 = curve.rates[i] as number;
  const r1 = curve.rates[i + 1] as number;
  return r0 + ((r1 - r0) * (msOfDay - t0)) / (t1 - t0);
}

function segmentOf(curve: CompiledCurve, msOfDay: number): number {
  let i = 0;
  while (i < curve.times.length - 2 && (curve.times[i + 1] as number) <= msOfDay) i++;
  return i;
}

/**
 * The next arrival after `from` (epoch ms), or null when the curve never brings anyone.
 *
 * Arrivals are a non-homogeneous Poisson process, drawn by thinning one straight segment of
 * the curve at a time: candidates come at the segment's highest rate and each is kept with
 * probability rate(t) / highest. Bounding by the segment rather than the whole day wastes few
 * candidates, and a segment with no traffic (the night) is skipped in one step, so a closed
 * restaurant costs one timer, not a stream of rejected ones. Restarting at a segment's end is
 * exact because a Poisson process has no memory. Exact arrival instants (not per-minute
 * counts) keep each location's timer idle between guests.
 */
export function nextArrival(
  curve: CompiledCurve,
  intensity: number,
  from: number,
  local: LocalClock,
  rng: Random,
): number | null {
  if (!(curve.peak * intensity > 0)) return null;
  let wall = local.toWall(from);
  // Segments of a day, and then some: the loop ends well before unless a rate is tiny.
  for (let step = 0; step < 10_000; step++) {
    const day = Math.floor(wall / DAY) * DAY;
    const i = segmentOf(curve, wall - day);
    const end = day + (curve.times[i + 1] as number);
    const upper = (Math.max(curve.rates[i] as number, curve.rates[i + 1] as number) * intensity) / HOUR;
    if (upper <= 0) {
      wall = end;
      continue;
    }
    wall += -Math.log(1 - rng.next()) / upper;
    if (wall >= end) {
      wall = end;
      continue;
    }
    if (rng.next() * upper < (rateAt(curve, wall - day) * intensity) / HOUR) {
      return Math.max(from, Math.round(local.fromWall(wall)));
    }
  }
  return null;
}
