import { z } from "@hono/zod-openapi";
import { FAILURE_CODES } from "./vocabulary.ts";

/** RFC 9457 problem details, with the stable machine `code` every mockpos error carries. */
const PROBLEM_FIELDS = {
  type: z.string().openapi({ example: "https://mockpos.dev/problems/locked" }),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  instance: z.string().optional(),
  code: z.enum(FAILURE_CODES),
  retryable: z
    .boolean()
    .openapi({ description: "Whether the same request may succeed later (like Toast's canRetry)." }),
  invalidParams: z.array(z.object({ name: z.string(), reason: z.string() })).optional(),
};

export const Problem = z.object(PROBLEM_FIELDS).catchall(z.unknown()).openapi("Problem");

export type ProblemBody = z.infer<typeof Problem>;

/**
 * The problem body of the POS: the generic dialect and the admin API (the engine's driver and
 * the ingest receiver answer the plain `Problem`). The facts a connector acts on are fields.
 */
export const PosProblem = z
  .object({
    ...PROBLEM_FIELDS,
    retryAfter: z.number().int().min(1).optional().openapi({
      description:
        "Seconds until a retry may succeed, on the simulator's clock (LOCKED with an end, SHIFT_CLOSING, RATE_LIMITED): always the same number as the `Retry-After` header. Under a scaled clock the `X-Mockpos-Clock` header says how fast that clock runs.",
    }),
    orderId: z.string().optional().openapi({
      description:
        "The order the failure is about. On IDEMPOTENCY_CONFLICT for a reused `externalId`: the order that already has it — the create landed earlier, so adopt that order rather than create again. On LOCKED, ORDER_CLOSED, VERSION_CONFLICT: the order refused.",
      example: "loc-0001-ord-00031",
    }),
    terminalId: z
      .string()
      .optional()
      .openapi({ description: "On LOCKED: the staff terminal the order is open at." }),
  })
  .catchall(z.unknown())
  .openapi("Problem");

/** The problem+json response, for any status a route documents (`schema`: the plain Problem unless told). */
export function problemResponse(description: string, schema: z.ZodType = Problem) {
  return { description, content: { "application/problem+json": { schema } } };
}
