import { createRoute, z } from "@hono/zod-openapi";
import { body, json } from "../content.ts";
import { admin, ClockStatus, FAILURES, P } from "./common.ts";
import { Duration } from "./fault-primitives.ts";

const FaultStatus = z
  .object({
    id: z.string(),
    kind: z.string(),
    description: z.string().nullable(),
    hits: z.number().int(),
    remaining: z
      .number()
      .int()
      .nullable()
      .openapi({ description: "Fires left for a rule with `times`; null when unlimited." }),
    rule: z.record(z.string(), z.unknown()),
  })
  .openapi("FaultStatus");

const FaultList = z.object({ faults: z.array(FaultStatus) });

export const faultsList = createRoute({
  ...admin("adminFaults", "The fault rules in force, newest first, with their hit counts"),
  method: "get",
  path: "/__admin/faults",
  responses: { 200: json(FaultList, "Rules in force") },
});

/** The route that puts rules in force, for rules of these kinds (the simulator's own, built-in ones and any added). */
export function faultsAddFor<R extends z.ZodType>(rule: R) {
  return createRoute({
    ...admin(
      "adminFaultsAdd",
      "Put one or more fault rules in force, ahead of the others (see the README for the rule format)",
    ),
    method: "post",
    path: "/__admin/faults",
    request: {
      body: body(
        z
          .union([rule, z.array(rule).min(1).max(100)])
          .openapi({ description: "A fault rule or a list of them" }),
      ),
    },
    responses: { 201: json(FaultList, "The rules added"), ...FAILURES },
  });
}

export const faultsRemove = createRoute({
  ...admin("adminFaultsRemove", "Take a fault rule out of force"),
  method: "delete",
  path: "/__admin/faults/{faultId}",
  request: { params: z.object({ faultId: P("faultId") }) },
  responses: { 200: json(z.object({ removed: z.string() }), "Removed"), ...FAILURES },
});

export const faultsReset = createRoute({
  ...admin(
    "adminFaultsReset",
    "Back to the scenario's own rules (none without a scenario), hit counts at zero",
  ),
  method: "post",
  path: "/__admin/faults/reset",
  responses: { 200: json(FaultList, "Rules in force after the reset") },
});

export const clockAdvance = createRoute({
  ...admin("adminClockAdvance", "Step a virtual clock forward: by a duration, or to an instant"),
  method: "post",
  path: "/__admin/clock/advance",
  request: {
    body: body(
      z
        .object({ by: Duration.optional(), to: z.iso.datetime({ offset: true }).optional() })
        .strict()
        .refine((b) => (b.by === undefined) !== (b.to === undefined), "give exactly one of `by` and `to`"),
    ),
  },
  responses: { 200: json(ClockStatus, "The clock after the step"), ...FAILURES },
});
