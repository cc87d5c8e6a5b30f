import type { OpenAPIHono, RouteConfig } from "@hono/zod-openapi";
import * as routes from "../../contracts/admin/scenario.ts";
import { PosError } from "../domain/errors.ts";
import type { FaultEngine } from "../faults/engine.ts";
import type { RuleBase } from "../faults/kind.ts";
import type { AppEnv } from "../http/env.ts";
import type { ScenarioController, ScenarioRun } from "../scenario/runtime.ts";
import { type Scenario, scenarioSchema } from "../scenario/schema.ts";

/** Admin routes to load, inspect and stop a scenario on a running server. */
export function mountScenario(
  app: OpenAPIHono<AppEnv>,
  sim: { readonly faults: FaultEngine },
  scenarios: ScenarioController,
  r: <R extends RouteConfig>(route: R) => R,
): void {
  const status = (run: ScenarioRun) => ({
    name: run.scenario.name,
    description: run.scenario.description ?? null,
    startedAt: new Date(run.startedAt).toISOString(),
    faults: sim.faults.rules.map((f) => f.rule.id),
    verdicts: run.verdicts(),
    stats: run.stats(),
  });
  const current = () => {
    const run = scenarios.current;
    if (!run) throw new PosError("NOT_FOUND", "no scenario is playing; PUT one to /__admin/scenario");
    return run;
  };

  app.openapi(r(routes.scenarioGet), (c) => c.json(status(current()), 200));
  // Scenarios may use every kind the simulator knows, added ones too.
  const put = routes.scenarioPutFor(scenarioSchema(sim.faults.kinds.schema));
  app.openapi(r(put), (c) => c.json(status(scenarios.load(c.req.valid("json") as Scenario<RuleBase>)), 200));
  app.openapi(r(routes.scenarioDelete), (c) => {
    const { name } = current().scenario;
    scenarios.unload();
    return c.json({ stopped: name }, 200);
  });
}
