import { z } from "@hono/zod-openapi";

import { GENERIC_FAILURES } from "../generic/failures.ts";
import { problemResponse } from "../problem.ts";

export const Id = z.string().min(1).max(100);
export const Iso = z.string().openapi({ format: "date-time" });
export const P = (name: string) => Id.openapi({ param: { name, in: "path" } });
export const LocationParams = z.object({ locationId: P("locationId") });
export const OrderParams = LocationParams.extend({ orderId: P("orderId") });
export const TerminalActor = z.object({ terminalId: Id.openapi({ example: "term-1" }) });

/** The failure responses every admin route documents. */
export const FAILURES = Object.fromEntries(
  (
    [
      "VALIDATION",
      "NOT_FOUND",
      "ORDER_CLOSED",
      "LOCKED",
      "ITEM_UNAVAILABLE",
      "PAYLOAD_TOO_LARGE",
      "UNSUPPORTED_MEDIA_TYPE",
    ] as const
  ).map((code) => [GENERIC_FAILURES[code].status, problemResponse("problem+json")]),
);

/** Metadata of an admin route: journaled as `admin`, tagged for the docs. */
export function admin(operationId: string, summary: string) {
  return { operationId, summary, tags: ["admin"], "x-mockpos-operation": "admin" };
}

export const ClockStatus = z.object({
  kind: z.enum(["real", "scaled", "virtual"]),
  now: Iso,
  pendingTimers: z
    .number()
    .int()
    .nullable()
    .openapi({ description: "Timers waiting on a virtual clock; null otherwise." }),
});
