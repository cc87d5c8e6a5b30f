import { z } from "@hono/zod-openapi";
import type { FailureCode } from "../simulator/domain/errors.ts";

/** Money: integer minor units (cents) of the location's currency, tax included. */
export const Minor = z
  .number()
  .int()
  .openapi({ description: "Integer minor units (cents) of the location's currency; prices include tax." });

/** An instant on the wire. */
export const Iso = z.string().openapi({ format: "date-time" });

/** Taking payment for the whole amount due, named `name` in the dialect's contract. */
export function paymentRequest(name: string) {
  return z
    .object({
      method: z.enum(["cash", "card", "epayment", "voucher"]),
      amount: Minor.min(0).optional().openapi({ description: "When given, must equal the amount due." }),
      tip: Minor.min(0).max(10_000_000).optional(),
      reference: z.string().max(100).nullish(),
    })
    .openapi(name);
}

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
