import { hasLocation } from "../domain/chain.ts";
import type { Chain } from "../domain/types.ts";
import {
  type CompiledCurve,
  compileCurve,
  DEFAULT_CURVE,
  parseLocalTime,
  type TrafficCurve,
} from "./curve.ts";

type Range = readonly [number, number];

/** How the staff of a chain behave through the day. Every field is optional. */
export interface ActivityOptions {
  /**
   * Multiplier of the traffic curve: one number for every location, or a number per location
   * id, with "*" for the ones not named. Default 1; 0 leaves a location untouched.
   */
  intensity?: number | Readonly<Record<string, number>>;
  /** Parties walking in per hour by local time, at intensity 1. Default {@link DEFAULT_CURVE}. */
  curve?: TrafficCurve;
  /** Seed of the activity's randomness. Default the simulator's seed. */
  seed?: string;
  /** Share of parties that order take-away at the counter. Default 0.15. */
  takeAwayShare?: number;
  /** Chance that a waiter holds the order open at the terminal while keying a round or a payment. Default 0.5. */
  lockProbability?: number;
  /** How long such a hold lasts: [shortest, longest] ms. Default [10 s, 60 s]. */
  lockDurationMs?: Range;
  /** Chance per round that a waiter voids a line and keys it again. Default 0.08. */
  editProbability?: number;
  /** Chance that a table's order is voided whole (keyed on the wrong table, guests walked out). Default 0.03. */
  voidProbability?: number;
  /** Chance that a bill is paid with a tip. Default 0.4. */
  tipProbability?: number;
  /** Products that sell out during each day's service: [fewest, most]. Default [1, 3]. */
  sellOutsPerDay?: Range;
  /** Products repriced before each day's service: [fewest, most]. Default [2, 5]. */
  priceChangesPerDay?: Range;
  /** Local time ("HH:MM") of the morning prep: stock comes back and prices change. Default "10:00". */
  prepTime?: string;
  /** Hears unexpected errors caught in an event; they never stop the timers. */
  onError?: (error: unknown) => void;
}

export interface Settings {
  /** Null: the simulator's seed, read whenever activity (re)starts on a chain. */
  seed: string | null;
  intensityOf: (locationId: string) => number;
  curve: CompiledCurve;
  takeAwayShare: number;
  lockProbability: number;
  lockDurationMs: Range;
  editProbability: number;
  voidProbability: number;
  tipProbability: number;
  sellOutsPerDay: Range;
  priceChangesPerDay: Range;
  prepMinute: number;
  onError: (error: unknown) => void;
}

const KEYS = new Set<string>([
  "intensity",
  "curve",
  "seed",
  "takeAwayShare",
  "lockProbability",
  "lockDurationMs",
  "editProbability",
  "voidProbability",
  "tipProbability",
  "sellOutsPerDay",
  "priceChangesPerDay",
  "prepTime",
  "onError",
]);

const MAX_INTENSITY = 100;
const MAX_LOCK_MS = 3_600_000;
const MAX_PER_DAY = 50;

/** Checks options against the chain and fills in defaults; a RangeError names the bad option. */
export function resolveOptions(options: ActivityOptions, chain: Chain): Settings {
  if (typeof options !== "object" || options === null)
    throw new RangeError("activity: options must be an object");
  for (const key of Object.keys(options)) {
    if (!KEYS.has(key)) throw new RangeError(`activity: unknown option "${key}"`);
  }
  const seed = options.seed ?? null;
  if (seed !== null && (typeof seed !== "string" || seed.length === 0))
    throw new RangeError(`activity: "seed" must be a non-empty string, got ${show(seed)}`);
  const prepMinute = parseLocalTime(options.prepTime ?? "10:00");
  if (Number.isNaN(prepMinute))
    throw new RangeError(`activity: "prepTime" must be a local time "HH:MM", got ${show(options.prepTime)}`);
  const onError = options.onError ?? (() => {});
  if (typeof onError !== "function") throw new RangeError(`activity: "onError" must be a function`);
  return {
    seed,
    intensityOf: intensity(options.intensity, chain),
    curve: compileCurve(options.curve ?? DEFAULT_CURVE),
    takeAwayShare: probability("takeAwayShare", options.takeAwayShare, 0.15),
    lockProbability: probability("lockProbability", options.lockProbability, 0.5),
    lockDurationMs: range("lockDurationMs", options.lockDurationMs, [10_000, 60_000], 1, MAX_LOCK_MS),
    editProbability: probability("editProbability", options.editProbability, 0.08),
    voidProbability: probability("voidProbability", options.voidProbability, 0.03),
    tipProbability: probability("tipProbability", options.tipProbability, 0.4),
    sellOutsPerDay: range("sellOutsPerDay", options.sellOutsPerDay, [1, 3], 0, MAX_PER_DAY, true),
    priceChangesPerDay: range("priceChangesPerDay", options.priceChangesPerDay, [2, 5], 0, MAX_PER_DAY, true),
    prepMinute,
    onError,
  };
}

function intensity(value: ActivityOptions["intensity"], chain: Chain): (id: string) => number {
  if (value === undefined) return () => 1;
  if (typeof value === "number") {
    const n = multiplier("intensity", value);
    return () => n;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new RangeError(`activity: "intensity" must be a number or an object by location id`);
  const byId = new Map<string, number>();
  for (const [id, n] of Object.entries(value)) {
    if (id !== "*" && !hasLocation(chain, id))
      throw new RangeError(`activity: "intensity.${id}" names no location of the chain`);
    byId.set(id, multiplier(`intensity.${id}`, n));
  }
  const rest = byId.get("*") ?? 1;
  return (id) => byId.get(id) ?? rest;
}

function multiplier(name: string, n: unknown): number {
  if (typeof n !== "number" || !(n >= 0 && n <= MAX_INTENSITY))
    throw new RangeError(`activity: "${name}" must be a number from 0 to ${MAX_INTENSITY}, got ${show(n)}`);
  return n;
}

function probability(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !(value >= 0 && value <= 1))
    throw new RangeError(`activity: "${name}" must be a probability from 0 to 1, got ${show(value)}`);
  return value;
}

function range(
  name: string,
  value: unknown,
  fallback: Range,
  min: number,
  max: number,
  whole = false,
): Range {
  if (value === undefined) return fallback;
  const ok = (n: unknown) =>
    typeof n === "number" && n >= min && n <= max && (whole ? Number.isInteger(n) : Number.isFinite(n));
  if (!Array.isArray(value) || value.length !== 2 || !ok(value[0]) || !ok(value[1]) || value[0] > value[1]) {
    const kind = whole ? "whole numbers" : "numbers";
    throw new RangeError(
      `activity: "${name}" must be [least, most], ${kind} from ${min} to ${max} with least ≤ most, got ${show(value)}`,
    );
  }
  return [value[0], value[1]];
}

function show(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return JSON.stringify(value);
  return String(value);
}
