import type { Context } from "hono";
import { PosError } from "../domain/errors.ts";
import type { Scope } from "./plan.ts";

const KEY = "mockposScope";

/**
 * A fetch handler that answers as `app` does, limited to `scope`: the listener of one location
 * (or of the menus only) in a per-location or hybrid deployment. The scope travels in the
 * request's env, so one app serves every listener.
 */
export function scoped(
  app: { fetch: (req: Request, env?: unknown) => Response | Promise<Response> },
  scope: Scope,
) {
  return {
    fetch: (req: Request, env?: unknown) => app.fetch(req, { ...(env as object | undefined), [KEY]: scope }),
  };
}

/** The locations this listener answers for; null when it serves every location. */
export function servedLocations(c: Context): readonly string[] | null {
  return scopeOf(c)?.locations ?? null;
}

/**
 * Refuses a request this listener does not serve, as a real deployment does: the location's
 * server knows nothing of other locations, the central menu server nothing of orders.
 */
export function enforceScope(c: Context, operation: string, locationId: string | null): void {
  const scope = scopeOf(c);
  if (!scope) return;
  if (scope.operations && !scope.operations.includes(operation)) {
    const elsewhere = scope.locations ? "the chain's central server" : "the location's own server";
    throw new PosError("NOT_FOUND", `this server does not answer ${operation}; ask ${elsewhere}`);
  }
  if (scope.locations && locationId !== null && !scope.locations.includes(locationId)) {
    throw new PosError("NOT_FOUND", `this server serves ${scope.locations.join(", ")}, not '${locationId}'`);
  }
}

function scopeOf(c: Context): Scope | undefined {
  return (c.env as Record<string, Scope | undefined> | undefined)?.[KEY];
}
