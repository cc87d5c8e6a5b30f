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

const common = {
  id: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, "lower-case letters, digits, . _ - (up to 64)"),
  description: z.string().max(500).optional(),
  scope: FaultScope.default({}),
  when: FaultWhen.default({}),
  /** Fire this many times, then stand down ("fail 3 times, then succeed"). */
  times: z.number().int().min(1).optional(),
};

const Lock = z
  .object({
    ...common,
    kind: z.literal("lock"),
    /** How long the terminal holds the order. */
    duration: Duration.default(60_000),
  })
  .strict();

const Unreachable = z
  .object({
    ...common,
    kind: z.literal("unreachable"),
    mode: z.enum(["refuse", "reset", "blackhole", "502", "503", "504"]),
    /** Without a pattern the link is down whenever the rule is active. */
    pattern: z
      .discriminatedUnion("type", [
        z.object({ type: z.literal("fixed"), up: Duration, down: Duration }).strict(),
        z.object({ type: z.literal("random"), mtbf: Duration, mttr: Duration }).strict(),
      ])
      .optional(),
    /** Black hole: how long a request is held before the connection is dropped. */
    hold: Duration.default(120_000),
  })
  .strict();

export const Distribution = z.discriminatedUnion("type", [
  z.object({ type: z.literal("fixed"), ms: Duration }).strict(),
  z.object({ type: z.literal("uniform"), min: Duration, max: Duration }).strict(),
  z.object({ type: z.literal("lognormal"), p50: Duration, p99: Duration }).strict(),
]);

const Latency = z.object({ ...common, kind: z.literal("latency"), distribution: Distribution }).strict();

const CommitThenTimeout = z
  .object({
    ...common,
    kind: z.literal("commit_then_timeout"),
    /** drop: the connection is cut after the write is applied; hold: the answer comes after `hold`. */
    mode: z.enum(["drop", "hold"]).default("drop"),
    hold: Duration.default(30_000),
  })
  .strict();

const ShiftClose = z
  .object({
    ...common,
    kind: z.literal("shift_close"),
    /** Local times at which the running shift closes, every day. */
    at: z.array(LocalTime).min(1),
    /** Writes get SHIFT_CLOSING for this long; then the shift closes and the next opens. */
    window: Duration.default(5 * 60_000),
  })
  .strict();

const ErrorRule = z
  .object({
    ...common,
    kind: z.literal("error"),
    code: z.enum(["SERVER_ERROR", "TIMEOUT"]).default("SERVER_ERROR"),
  })
  .strict();

const RateLimit = z
  .object({
    ...common,
    kind: z.literal("rate_limit"),
    /** Tokens added per second, per credential. */
    rate: z.number().positive().max(100_000),
    burst: z.number().int().min(1).max(1_000_000),
  })
  .strict();

const RotateCredentials = z
  .object({ ...common, kind: z.literal("rotate_credentials"), at: Instant })
  .strict();

const Malformed = z
  .object({
    ...common,
    kind: z.literal("malformed"),
    mode: z.enum(["truncate", "content_type", "drop_field", "extra_field"]),
    /** drop_field: which top-level field (default the first); extra_field: its name. */
    field: z.string().min(1).max(100).optional(),
  })
  .strict();

const Webhook = z
  .object({
    ...common,
    kind: z.literal("webhook"),
    /**
     * What happens to a delivery attempt: it goes out late (`delay`), twice (`duplicate`), not at
     * all (`drop`), after the restaurant's next event (`reorder`), or with a wrong signature.
     */
    mode: z.enum(["delay", "duplicate", "drop", "reorder", "bad_signature"]),
    /** delay: how late the attempt goes out. */
    distribution: Distribution.default({ type: "fixed", ms: 30_000 }),
    /** drop: lose the event for good, instead of only this attempt (which the sender then retries). */
    permanent: z.boolean().default(false),
    /** reorder: the longest an attempt waits for a later event of its restaurant to overtake it. */
    hold: Duration.default(60_000),
  })
  .strict();

/** One fault rule, as scenarios and the admin API declare it. */
export const FaultRule = z.discriminatedUnion("kind", [
  Lock,
  Unreachable,
  Latency,
  CommitThenTimeout,
  ShiftClose,
  ErrorRule,
  RateLimit,
  RotateCredentials,
  Malformed,
  Webhook,
]);

export type FaultRuleInput = z.input<typeof FaultRule>;
export type FaultRule = z.output<typeof FaultRule>;
export type FaultKind = FaultRule["kind"];
export type DistributionSpec = z.output<typeof Distribution>;
