import type { Socket } from "node:net";
import type { Context, MiddlewareHandler } from "hono";
import { isWriteMethod } from "../../contracts/operations.ts";
import { ConnectionDropped, type DropMode } from "../faults/connection.ts";
import type { ActiveRule, FaultEngine } from "../faults/engine.ts";
import type { FaultResponse } from "../faults/kind.ts";
import { enforceScope } from "../topology/scope.ts";
import type { AppEnv } from "./env.ts";

type Ctx = Context<AppEnv>;

function socketOf(c: Ctx): Socket | undefined {
  return (c.env as { incoming?: { socket?: Socket } } | undefined)?.incoming?.socket;
}

/** Names a rule as having shaped this response (X-Mockpos-Fault, the journal). */
function blame(c: Ctx, ruleId: string): void {
  const before = c.get("fault");
  if (before?.split(",").includes(ruleId)) return;
  c.set("fault", before ? `${before},${ruleId}` : ruleId);
}

/**
 * The request as the fault kinds see it (simulator/faults/kind.ts). One object per request, its
 * methods on the prototype: every request meets the kinds' standing state, and a request's
 * garbage is what a hot read pays for most.
 */
class RequestUnderFaults implements FaultResponse {
  readonly operation: string;
  readonly locationId: string | null;
  readonly orderId: string | null;
  readonly write: boolean;
  readonly now: number;
  readonly credential: string;
  readonly engine: FaultEngine;
  readonly #c: Ctx;

  constructor(
    c: Ctx,
    engine: FaultEngine,
    operation: string,
    locationId: string | null,
    orderId: string | null,
  ) {
    this.#c = c;
    this.engine = engine;
    this.operation = operation;
    this.locationId = locationId;
    this.orderId = orderId;
    // Locks, shift closes and lost commits act on writes: what the route's method says, not its operation.
    this.write = isWriteMethod(c.req.method);
    this.now = engine.clock.now();
    // The secret the request identifies itself with, in its dialect's own headers (the shell reads them).
    this.credential = c.get("secret") ?? "";
  }

  fire(active: ActiveRule): void {
    active.hits++;
    blame(this.#c, active.rule.id);
  }

  blame(ruleId: string): void {
    blame(this.#c, ruleId);
  }

  blameOnly(ruleId: string): void {
    this.#c.set("fault", ruleId);
  }

  outcome(code: "TIMEOUT" | "UNREACHABLE"): void {
    this.#c.set("outcome", code);
  }

  drop(mode: DropMode): never {
    throw new ConnectionDropped(mode, socketOf(this.#c));
  }

  holdUntilGivenUp(ms: number): Promise<void> {
    return holdUntilGivenUp(this.#c, this.engine, ms);
  }

  get response(): Response {
    return this.#c.res;
  }

  set response(res: Response) {
    this.#c.res = res;
  }
}

/**
 * Applies the fault rules to a request of any dialect. It runs after the operation is known
 * and before authentication: a dead link answers nobody, whatever their credentials. `tag`, run
 * first in the same step, names what the request is about (`operation`, and `locationId` and
 * `orderId` when it names them). What each rule does is its kind's (simulator/faults/kinds): its
 * standing state first, then each rule that applies before the handler, then after it.
 */
export function applyFaults(engine: () => FaultEngine, tag?: (c: Ctx) => void): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    tag?.(c);
    const faults = engine();
    const operation = c.get("operation");
    // Every dialect's routes tag the request with the location (and order) it is about.
    const locationId = c.get("locationId") || null;
    const orderId = c.get("orderId") || null;
    // A request this listener does not serve (per-location, hybrid) never reaches this POS at all.
    enforceScope(c, operation, locationId);
    const request = new RequestUnderFaults(c, faults, operation, locationId, orderId);
    for (const kind of faults.kinds.all) kind.standing?.(request);

    const applicable = faults.applicable(request);
    // Most requests meet no rule: they allocate nothing more.
    if (applicable.length === 0) return next();
    const after: ActiveRule[] = [];
    for (const active of applicable) {
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
