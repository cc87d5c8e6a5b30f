import { type RouteConfig, z } from "@hono/zod-openapi";
import { GENERIC_FAILURES } from "../generic/failures.ts";
import { PosProblem, problemResponse } from "../problem.ts";
import type { FailureCode } from "../vocabulary.ts";

export const Id = z.string().min(1).max(100);
export const Iso = z.string().openapi({ format: "date-time" });
export const P = (name: string) => Id.openapi({ param: { name, in: "path" } });
export const LocationParams = z.object({ locationId: P("locationId") });
export const OrderParams = LocationParams.extend({ orderId: P("orderId") });
export const TerminalActor = z.object({
  terminalId: Id.openapi({
    example: "term-1",
    description:
      "Required: the staff terminal the waiter acts at — one of the location's `terminals` of a kind other than `integration` (GET /__admin/locations/{locationId}). `term-api`, where API orders land, is refused (VALIDATION naming `body.terminalId`).",
  }),
});

/** Failure responses grouped by status as the admin API renders them, each naming its codes. */
function failures(...codes: FailureCode[]) {
  const byStatus = new Map<number, FailureCode[]>();
  for (const code of codes) {
    const { status } = GENERIC_FAILURES[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return Object.fromEntries(
    [...byStatus].map(([status, cs]) => [
      status,
      problemResponse(`problem+json, code ${cs.join(" | ")}`, PosProblem),
    ]),
  );
}

/** The failure responses an admin write documents: what acting as the staff can meet. */
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
  ).map((code) => [GENERIC_FAILURES[code].status, problemResponse("problem+json", PosProblem)]),
);

/** An admin read of something named in its path (a location, an order): a bad parameter, or nothing by that name. */
export const READ_FAILURES = failures("VALIDATION", "NOT_FOUND");

/** An admin read with a query and nothing to look up: only a bad parameter. */
export const QUERY_FAILURES = failures("VALIDATION");

/** An admin read of what may not be there (the scenario in play). */
export const ABSENT_FAILURES = failures("NOT_FOUND");

/**
 * What the listener's access rules answer on any admin route before it runs (simulator/admin/access.ts):
 * the admin's problem format, with codes of their own (they are no POS failures).
 */
export const AdminAccessProblem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string(),
    code: z.enum(["UNAUTHORIZED", "CROSS_SITE_REQUEST", "MISDIRECTED_REQUEST", "UNSUPPORTED_MEDIA_TYPE"]),
    retryable: z.literal(false),
  })
  .openapi("AdminAccessProblem");

const access = (description: string) => problemResponse(description, AdminAccessProblem);

/** The access refusals every admin route documents; a state-changing one also the cross-site and media-type ones. */
export function accessFailures(method: string) {
  const reads = {
    401: access(
      "UNAUTHORIZED: the admin token is missing or wrong (required beyond loopback, or whenever `--admin-token` is set): `Authorization: Bearer <token>` or `X-Mockpos-Admin-Token`",
    ),
    421: access(
      "MISDIRECTED_REQUEST: `Host` is not one of the listener's names (`--allowed-hosts` adds names)",
    ),
  };
  if (["get", "head", "options"].includes(method.toLowerCase())) return reads;
  return {
    ...reads,
    403: access("CROSS_SITE_REQUEST: `Origin` or `Sec-Fetch-Site` says another site sent it"),
    415: access(
      "UNSUPPORTED_MEDIA_TYPE: a body that is not JSON (a form, text/plain), or the route's own 415",
    ),
  };
}

/** `route` with the access refusals it does not document itself (every admin route may meet them). */
export function withAccessFailures<R extends RouteConfig>(route: R): R {
  const extra = Object.entries(accessFailures(route.method)).filter(
    ([status]) => !(status in route.responses),
  );
  return { ...route, responses: { ...route.responses, ...Object.fromEntries(extra) } };
}

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
