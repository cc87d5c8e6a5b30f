import { z } from "@hono/zod-openapi";
import {
  READ_FAILURES as COMMON_READ,
  WRITE_FAILURES as COMMON_WRITE,
  Iso,
  idempotencyKeyHeader,
  Minor,
} from "../common.ts";
import type { Operation } from "../operations.ts";
import type { FailureCode } from "../vocabulary.ts";
import { SINQRO_ERROR_CODES, SINQRO_FAILURES } from "./failures.ts";

export { Iso, Minor };
export const Id = z.string().min(1).max(100);
export const Reference = z
  .string()
  .min(1)
  .max(100)
  .openapi({ description: "Sinqro's own id for the order or booking; unique per restaurant." });
export const Channel = z
  .string()
  .min(1)
  .max(50)
  .openapi({ description: "Where the guest ordered: web, app, or a marketplace.", example: "glovo" });

/** A path parameter. */
export const P = (name: string) => Id.openapi({ param: { name, in: "path" } });

export const SinqroFieldError = z
  .object({
    field: z.string().openapi({
      example: "body.items[0].quantity",
      description: "Where the request carries it: `body.…`, `query.…`, `path.…` or `header.…`.",
    }),
    message: z.string(),
  })
  .openapi("SinqroFieldError");

/** Sinqro's error envelope: `success: false`, and one error with a stable code. */
export const SinqroError = z
  .object({
    success: z.literal(false),
    error: z.object({
      code: z.enum(SINQRO_ERROR_CODES as [string, ...string[]]),
      message: z.string(),
      retryable: z.boolean(),
      retryAfter: z.number().int().optional().openapi({ description: "Seconds; also sent as Retry-After." }),
      fields: z.array(SinqroFieldError).optional(),
      details: z
        .object({
          orderId: z.string().optional().openapi({
            description:
              "The order the error is about. On DUPLICATE_REFERENCE for a reused `externalReference`: the order that already has it — the create landed earlier, so adopt that order rather than create again.",
          }),
          reservationId: z.string().optional().openapi({
            description:
              "The booking the error is about; on DUPLICATE_REFERENCE, the booking that already has the reference.",
          }),
        })
        .catchall(z.unknown())
        .optional()
        .openapi({ description: "Machine-readable facts of the error, beside the message." }),
    }),
  })
  .openapi("SinqroError");

/** A success envelope around one entity. */
export function one<T extends z.ZodType>(schema: T, name: string) {
  return z.object({ success: z.literal(true), data: schema }).openapi(name);
}

/** A success envelope around a whole collection (catalogs are small: no paging). */
export function many<T extends z.ZodType>(schema: T, name: string) {
  return z.object({ success: z.literal(true), data: z.array(schema), count: z.number().int() }).openapi(name);
}

// A restaurant is picked by its own token, so no Sinqro route can name another restaurant's.
export const READ_FAILURES = COMMON_READ.filter((code) => code !== "FORBIDDEN_LOCATION");
export const WRITE_FAILURES = COMMON_WRITE.filter((code) => code !== "FORBIDDEN_LOCATION");

/** The error responses of a route, grouped by status, each naming the Sinqro codes it may carry. */
export function failures(codes: readonly FailureCode[], extra: string[] = []) {
  const byStatus = new Map<number, string[]>();
  const add = (status: number, code: string) => byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  for (const code of codes) add(SINQRO_FAILURES[code].status, SINQRO_FAILURES[code].code);
  for (const code of extra) add(409, code);
  // A gateway in front of an unreachable POS may say 503 rather than 502.
  if (codes.includes("UNREACHABLE")) add(503, SINQRO_FAILURES.UNREACHABLE.code);
  // Any request whose request line and headers overflow the limit (x-mockpos-limits).
  add(431, SINQRO_FAILURES.PAYLOAD_TOO_LARGE.code);
  return Object.fromEntries(
    [...byStatus].map(([status, cs]) => [
      status,
      {
        description: `Sinqro error, code ${[...new Set(cs)].join(" | ")}`,
        content: { "application/json": { schema: SinqroError } },
      },
    ]),
  );
}

const SECURITY: Record<string, string[]>[] = [{ serverToken: [], userToken: [] }];

/** Route metadata: operationId, the canonical operation in `x-mockpos-operation`, both tokens required. */
export function meta(operationId: string, operation: Operation, summary: string, tag = "sinqro") {
  return { operationId, summary, tags: [tag], security: SECURITY, "x-mockpos-operation": operation };
}

/** The request header of Sinqro writes' idempotency key. */
export const IDEMPOTENCY_HEADER = "x-idempotency-key";
export const IdempotencyHeaders = idempotencyKeyHeader(IDEMPOTENCY_HEADER, "DUPLICATE_REFERENCE");
