import { createRoute, z } from "@hono/zod-openapi";
import { body, json } from "../content.ts";
import { ABSENT_FAILURES, admin, FAILURES, Iso } from "./common.ts";

const ScenarioStatus = z
  .object({
    name: z.string(),
    description: z.string().nullable(),
    startedAt: Iso,
    faults: z.array(z.string()),
    verdicts: z.array(z.object({ invariant: z.string(), holds: z.boolean(), detail: z.string() })),
    stats: z.object({
      activity: z.record(z.string(), z.number()).nullable(),
      probe: z.record(z.string(), z.number()).nullable(),
    }),
  })
  .openapi("ScenarioStatus");

export const scenarioGet = createRoute({
  ...admin(
    "adminScenario",
    "The scenario in play: its invariants as of now, and what activity and probe did",
  ),
  method: "get",
  path: "/__admin/scenario",
  responses: { 200: json(ScenarioStatus, "The scenario"), ...ABSENT_FAILURES },
});

/** The route that plays a scenario, for scenarios whose faults are rules of the simulator's kinds. */
export function scenarioPutFor(scenario: z.ZodType) {
  return createRoute({
    ...admin(
      "adminScenarioLoad",
      "Play a scenario (JSON of the scenario file format): its chain replaces the current one, its faults become the baseline; the server's clock stays",
    ),
    method: "put",
    path: "/__admin/scenario",
    request: { body: body(scenario) },
    responses: { 200: json(ScenarioStatus, "The scenario, started"), ...FAILURES },
  });
}

export const scenarioDelete = createRoute({
  ...admin("adminScenarioStop", "Stop the scenario: activity and probe stop, its fault rules leave"),
  method: "delete",
  path: "/__admin/scenario",
  responses: { 200: json(z.object({ stopped: z.string() }), "Stopped"), ...FAILURES },
});
