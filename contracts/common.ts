import { z } from "@hono/zod-openapi";
import type { FailureCode } from "./vocabulary.ts";

/** Money: integer minor units (cents) of the location's currency, tax included. */
export const Minor = z
  .number()
  .int()
  .openapi({ description: "Integer minor units (cents) of the location's currency; prices include tax." });

/** An instant on the wire. */
export const Iso = z.string().openapi({ format: "date-time" });

/**
 * The largest integer a request may carry where no smaller bound applies (an amount, a version):
 * the largest a JSON number holds exactly, which is what the server's schemas enforce.
 */
export const MAX_REQUEST_INTEGER = Number.MAX_SAFE_INTEGER;

/** Taking payment for the whole amount due, named `name` in the dialect's contract. */
export function paymentRequest(name: string) {
  return z
    .object({
      method: z.enum(["cash", "card", "epayment", "voucher"]),
      amount: Minor.min(0).max(MAX_REQUEST_INTEGER).optional().openapi({
        description:
          "When given, must equal the amount due (`totals.due`): a connector that disagrees on the total hears so (VALIDATION naming this field) rather than paying the wrong amount.",
      }),
      tip: Minor.min(0).max(10_000_000).optional(),
      reference: z.string().max(100).nullish(),
    })
    .openapi(name);
}

/**
 * A rule OpenAPI 3.1 (JSON Schema 2020-12) can state on a request body: when `when` holds,
 * `then` must too. Published as `if` / `then` (several under `allOf`), so a generated client or
 * a fuzzer knows it; the zod schema checks the same rule with the same words.
 */
export interface BodyRule {
  if: Record<string, unknown>;
  then: Record<string, unknown>;
}

/** When `when` holds, `then` must: one JSON Schema `if` / `then` pair. */
export function rule(when: Record<string, unknown>, must: Record<string, unknown>): BodyRule {
  // biome-ignore lint/suspicious/noThenProperty: `then` is the JSON Schema keyword, not a thenable
  return { if: when, then: must };
}

/** The JSON Schema keywords stating `rules` on an object schema. */
export function bodyRules(...rules: BodyRule[]): Record<string, unknown> {
  if (rules.length === 1) return { ...rules[0] };
  return { allOf: rules };
}

/** `field` is `value` (and present). */
export function whenField(field: string, value: string): Record<string, unknown> {
  return { properties: { [field]: { const: value } }, required: [field] };
}

/** `field` is present and a non-empty string. */
export function requireString(field: string): Record<string, unknown> {
  return { properties: { [field]: { type: "string", minLength: 1 } }, required: [field] };
}

/** Decimal digits, one spelling per number: no sign, spaces, leading zeros, decimal point, exponent or hex. */
const DIGITS = /^(0|[1-9][0-9]{0,14})$/;

/** What the contract says of every integer query parameter. */
export const QUERY_INTEGER_RULE =
  "Decimal digits only (`0`, `42`): no sign, spaces, leading zeros, decimal point, exponent or hex (`+5`, ` 5`, `05`, `5.0`, `1e1`, `0x10` are VALIDATION naming the parameter).";

function strictInteger(min: number, max: number) {
  return z
    .string()
    .regex(DIGITS, "must be an integer in decimal digits (no sign, spaces, leading zeros, point or exponent)")
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));
}

/**
 * An integer query parameter parsed strictly (see {@link QUERY_INTEGER_RULE}) within `min`..`max`,
 * `fallback` when absent; the contract publishes it as an integer with those bounds and default.
 */
export function queryInteger(min: number, max: number, fallback: number, description: string) {
  return strictInteger(min, max)
    .default(fallback)
    .openapi({
      type: "integer",
      minimum: min,
      maximum: max,
      default: fallback,
      description: `${description} ${QUERY_INTEGER_RULE}`,
    });
}

/**
 * The limits of a request every dialect's server enforces, published in each contract as
 * `x-mockpos-limits` so a client knows them before it meets them.
 */
export const REQUEST_LIMITS = {
  body: {
    maxBytes: 256 * 1024,
    status: 413,
    failure: "PAYLOAD_TOO_LARGE",
    description: "A request body over 256 KiB is refused with 413, in the dialect's error format.",
  },
  headers: {
    maxBytes: 16 * 1024,
    status: 431,
    failure: "PAYLOAD_TOO_LARGE",
    description:
      "A request line and header fields together over 16 KiB (16,384 bytes as sent: the method, path and query, every header name and value) are refused with 431 in the dialect's error format (failure PAYLOAD_TOO_LARGE), and the connection is closed. Every parameter's maxLength leaves room for the others within it.",
  },
  queryIntegers: QUERY_INTEGER_RULE,
  idempotencyKeys: {
    maxLength: 255,
    ttlSeconds: 86_400,
    description:
      "A key is remembered 24 h (clock time) from its first use, then forgotten: a retry after that runs again.",
  },
  methods: {
    status: 405,
    failure: "METHOD_NOT_ALLOWED",
    description:
      "A method a path does not declare is refused with 405 and an `Allow` header listing the methods it does (HEAD with GET), in the dialect's error format.",
  },
} as const;

/** What any read can meet, in every dialect: bad input, credentials, an unknown id, and the faults a read gets. */
export const READ_FAILURES: readonly FailureCode[] = [
  "VALIDATION",
  "UNAUTHORIZED",
  "FORBIDDEN_LOCATION",
  "NOT_FOUND",
  "RATE_LIMITED",
  "SERVER_ERROR",
  "UNREACHABLE",
  "TIMEOUT",
];

/** What any write can meet besides: a body refused as such, a reused key, a closing shift. */
export const WRITE_FAILURES: readonly FailureCode[] = [
  ...READ_FAILURES,
  "PAYLOAD_TOO_LARGE",
  "UNSUPPORTED_MEDIA_TYPE",
  "IDEMPOTENCY_CONFLICT",
  "SHIFT_CLOSING",
];

/**
 * The optional idempotency-key request header, as `name`; `conflict` is what the dialect calls
 * the answer to the same key with another body.
 */
export function idempotencyKeyHeader(name: string, conflict: string) {
  return z.object({
    [name]: z
      .string()
      .min(1)
      .max(255)
      .regex(/^[\x21-\x7e]+$/, "printable ASCII without spaces")
      .optional()
      .openapi({
        param: { name, in: "header" },
        description: `Same key + same body replays the first answer (Idempotent-Replayed: true); same key + another body is ${conflict}.`,
      }),
  });
}
