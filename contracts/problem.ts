import { z } from "@hono/zod-openapi";
import { FAILURE_CODES } from "../simulator/domain/errors.ts";

/** RFC 9457 problem details, with the stable machine `code` every mockpos error carries. */
export const Problem = z
  .object({
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
  })
  .catchall(z.unknown())
  .openapi("Problem");

export type ProblemBody = z.infer<typeof Problem>;

/** The problem+json response, for any status a route documents. */
export function problemResponse(description: string) {
  return { description, content: { "application/problem+json": { schema: Problem } } };
}
