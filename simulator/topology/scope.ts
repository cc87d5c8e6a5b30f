import type { Context } from "hono";
import { locationNumberOf } from "../domain/chain.ts";
import { PosError } from "../domain/errors.ts";
import type { Scope } from "./plan.ts";
import { describeShard, shardOf } from "./shard.ts";

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

/** Whether this listener answers for the location: a shard by its range, a location's own server by its id. */
export function servesLocation(c: Context, locationId: string): boolean {
  const scope = scopeOf(c);
  return scope ? inScope(scope, locationId) : true;
}

function inScope(scope: Scope, locationId: string): boolean {
  if (!scope.locations) return true;
  if (scope.shard) {
    const number = locationNumberOf(locationId);
    const { from, to } = scope.shard.range;
    return number !== undefined && number >= from && number <= to;
  }
  return scope.locations.includes(locationId);
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
  if (locationId === null || inScope(scope, locationId)) return;
  if (scope.shard) throw wrongShard(scope.shard, locationId);
  throw new PosError("NOT_FOUND", `this server serves ${scope.locations?.join(", ")}, not '${locationId}'`);
}

// The chain's other shards are other processes: say which one owns the location, so a misrouted
// client (or its router) can be put right.
function wrongShard(shard: NonNullable<Scope["shard"]>, locationId: string): PosError {
  const here = describeShard(shard.shard, shard.chainSize);
  const number = locationNumberOf(locationId);
  if (number === undefined || number > shard.chainSize)
    return new PosError("NOT_FOUND", `this is ${here} of the chain; it has no location '${locationId}'`);
  const owner = { index: shardOf(number, shard.shard.count, shard.chainSize), count: shard.shard.count };
  return new PosError(
    "NOT_FOUND",
    `this is ${here} of the chain; ${locationId} is served by ${describeShard(owner, shard.chainSize)}`,
    { extensions: { shard: `${owner.index}/${owner.count}` } },
  );
}

function scopeOf(c: Context): Scope | undefined {
  return (c.env as Record<string, Scope | undefined> | undefined)?.[KEY];
}
