import type { OpenAPIHono, RouteConfig } from "@hono/zod-openapi";
import * as routes from "../../contracts/admin/faults.ts";
import { clock as clockRoute } from "../../contracts/admin/routes.ts";
import { type Clock, VirtualClock } from "../clock/index.ts";
import { invalid, notFound } from "../domain/errors.ts";
import type { ActiveRule, FaultEngine } from "../faults/engine.ts";
import type { RuleBase } from "../faults/kind.ts";
import type { AppEnv } from "../http/env.ts";

function status(active: ActiveRule) {
  const { rule } = active;
  return {
    id: rule.id,
    kind: rule.kind,
    description: rule.description ?? null,
    hits: active.hits,
    remaining: rule.times === undefined ? null : Math.max(0, rule.times - active.hits),
    rule: { ...rule } as Record<string, unknown>,
  };
}

/** Admin routes for the fault rules in force and for the clock. */
export function mountFaultsAndClock(
  app: OpenAPIHono<AppEnv>,
  sim: { readonly clock: Clock; readonly faults: FaultEngine },
  r: <R extends RouteConfig>(route: R) => R,
): void {
  const clockStatus = () => ({
    kind: sim.clock.kind,
    now: new Date(sim.clock.now()).toISOString(),
    pendingTimers: sim.clock instanceof VirtualClock ? sim.clock.pending : null,
  });

  app.openapi(r(clockRoute), (c) => c.json(clockStatus(), 200));

  app.openapi(r(routes.clockAdvance), async (c) => {
    const clock = sim.clock;
    if (!(clock instanceof VirtualClock))
      throw invalid("clock", `only a virtual clock can be stepped; this one is ${clock.kind}`);
    const { by, to } = c.req.valid("json");
    const target = to === undefined ? clock.now() + (by ?? 0) : Date.parse(to);
    if (target < clock.now()) throw invalid("body.to", "a virtual clock cannot go backwards");
    await clock.advanceTo(target);
    return c.json(clockStatus(), 200);
  });

  app.openapi(r(routes.faultsList), (c) => c.json({ faults: sim.faults.rules.map(status) }, 200));

  // Rules of every kind the simulator knows, added ones too.
  app.openapi(r(routes.faultsAddFor(sim.faults.kinds.schema)), (c) => {
    const body = c.req.valid("json") as RuleBase | RuleBase[];
    // Validated already; the engine validates again because the TypeScript builder and scenarios call it directly.
    const inputs = Array.isArray(body) ? body : [body];
    return c.json({ faults: sim.faults.use(...inputs).map(status) }, 201);
  });

  app.openapi(r(routes.faultsRemove), (c) => {
    const { faultId } = c.req.valid("param");
    if (!sim.faults.remove(faultId)) throw notFound("fault rule", faultId);
    return c.json({ removed: faultId }, 200);
  });

  app.openapi(r(routes.faultsReset), (c) => {
    sim.faults.reset();
    return c.json({ faults: sim.faults.rules.map(status) }, 200);
  });
}
