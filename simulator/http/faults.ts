import type { Socket } from "node:net";
import type { Context, MiddlewareHandler } from "hono";
import { isWriteMethod } from "../../contracts/operations.ts";
import { ConnectionDropped } from "../faults/connection.ts";
import type { ActiveRule, FaultEngine, RequestFacts } from "../faults/engine.ts";
import type { FaultResponse } from "../faults/kind.ts";
import { enforceScope } from "../topology/scope.ts";
import type { AppEnv } from "./env.ts";

type Ctx = Context<AppEnv>;

/** The secret a request identifies itself with, in its dialect's own headers (the shell reads them). */
function credentialOf(c: Ctx): string {
  return c.get("secret") ?? "";
}

function socketOf(c: Ctx): Socket | undefined {
  return (c.env as { incoming?: { socket?: Socket } } | undefined)?.incoming?.socket;
}

/** Names a rule as having shaped this response (X-Mockpos-Fault, the journal). */
function blame(c: Ctx, ruleId: string): void {
  const before = c.get("fault");
  if (before?.split(",").includes(ruleId)) return;
  c.set("fault", before ? `${before},${ruleId}` : ruleId);
}

/** The request as the fault kinds see it (simulator/faults/kind.ts). */
function faultRequest(c: Ctx, facts: RequestFacts, engine: FaultEngine): FaultResponse {
  return {
    ...facts,
    now: engine.clock.now(),
    credential: credentialOf(c),
    engine,
    fire(active) {
      active.hits++;
      blame(c, active.rule.id);
    },
    blame: (ruleId) => blame(c, ruleId),
    blameOnly: (ruleId) => c.set("fault", ruleId),
    outcome: (code) => c.set("outcome", code),
    drop(mode) {
      throw new ConnectionDropped(mode, socketOf(c));
    },
    holdUntilGivenUp: (ms) => holdUntilGivenUp(c, engine, ms),
    get response() {
      return c.res;
    },
    set response(res: Response) {
      c.res = res;
    },
  };
}

/**
 * Applies the fault rules to a request of any dialect. It runs after the operation is known
 * and before authentication: a dead link answers nobody, whatever their credentials. What each
 * rule does is its kind's (simulator/faults/kinds): its standing state first, then each rule
 * that applies before the handler, then after it.
 */
export function applyFaults(engine: () => FaultEngine): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const faults = engine();
    const operation = c.get("operation");
    // Every dialect's routes tag the request with the location (and order) it is about.
    const locationId = c.get("locationId") || null;
    const orderId = c.get("orderId") || null;
    // A request this listener does not serve (per-location, hybrid) never reaches this POS at all.
    enforceScope(c, operation, locationId);
    // Locks, shift closes and lost commits act on writes: what the route's method says, not its operation.
    const facts = { operation, locationId, orderId, write: isWriteMethod(c.req.method) };
    const request = faultRequest(c, facts, faults);
    for (const kind of faults.kinds.all) kind.standing?.(request);

    const after: ActiveRule[] = [];
    for (const active of faults.applicable(facts)) {
      const kind = faults.kindOf(active);
      await kind.before?.(request, active);
      if (kind.after) after.push(active);
    }

    await next();

    for (const active of after) await faults.kindOf(active).after?.(request, active);
  };
}

/** A black hole answers nothing: wait until the client hangs up or `hold` passes. */
function holdUntilGivenUp(c: Ctx, faults: FaultEngine, hold: number): Promise<void> {
  return new Promise((resolve) => {
    const signal = c.req.raw.signal;
    const timer = faults.clock.setTimeout(resolve, hold);
    signal.addEventListener(
      "abort",
      () => {
        faults.clock.clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}
