import { z } from "zod";
import { OPERATIONS } from "../operations.ts";

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Milliseconds from `250ms`, `30s`, `5m`, `1.5h`, or a number of milliseconds. */
export function parseDuration(value: string | number): number {
  if (typeof value === "number") return value;
  const m = value.match(DURATION);
  if (!m?.[1] || !m[2]) throw new RangeError(`'${value}' is not a duration like 250ms, 30s, 5m or 2h`);
  return Math.round(Number(m[1]) * (UNIT_MS[m[2]] ?? 0));
}

export const Duration = z
  .union([
    z.number().int().min(0),
    z.string().regex(DURATION, "a duration like 250ms, 30s, 5m or 2h, or a number of milliseconds"),
  ])
  .transform(parseDuration);

/** An instant: ISO 8601 with offset, or `+<duration>` after the simulator (or scenario) started. */
export const Instant = z.union([
  z.iso.datetime({ offset: true }),
  z.string().regex(/^\+\d+(\.\d+)?(ms|s|m|h)$/, "an ISO date-time, or +<duration> from the start, like +90m"),
]);

export const LocalTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "a local time HH:MM");

export const FaultScope = z
  .object({
    locations: z.array(z.string().min(1)).min(1).optional(),
    operations: z.array(z.enum(OPERATIONS)).min(1).optional(),
    orders: z.array(z.string().min(1)).min(1).optional(),
    tables: z.array(z.string().min(1)).min(1).optional(),
    terminals: z.array(z.string().min(1)).min(1).optional(),
  })
  .strict();

export const FaultWhen = z
  .object({
    from: Instant.optional(),
    to: Instant.optional(),
    /** Local-time windows of the location, every day; `from` after `to` wraps midnight. */
    daily: z
      .array(z.object({ from: LocalTime, to: LocalTime }).strict())
      .min(1)
      .optional(),
    /** Fire on this share of the matching requests, drawn from the rule's own seeded generator. */
    probability: z.number().min(0).max(1).optional(),
  })
  .strict();

export const Distribution = z.discriminatedUnion("type", [
  z.object({ type: z.literal("fixed"), ms: Duration }).strict(),
  z.object({ type: z.literal("uniform"), min: Duration, max: Duration }).strict(),
  z.object({ type: z.literal("lognormal"), p50: Duration, p99: Duration }).strict(),
]);

/** The fields every rule has, whatever its kind: who it is, where and when it acts, how often. */
export const COMMON_FIELDS = {
  id: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, "lower-case letters, digits, . _ - (up to 64)"),
  description: z.string().max(500).optional(),
  scope: FaultScope.default({}),
  when: FaultWhen.default({}),
  /** Fire this many times, then stand down ("fail 3 times, then succeed"). */
  times: z.number().int().min(1).optional(),
};

export type DistributionSpec = z.output<typeof Distribution>;

/** An instant as a rule writes it (ISO, or `+duration` after `origin`), in epoch ms. */
export function resolveInstant(value: string, origin: number): number {
  return value.startsWith("+") ? origin + parseDuration(value.slice(1)) : Date.parse(value);
}

/** Minutes after midnight of a local `HH:MM`. */
export function toMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(":").map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}
