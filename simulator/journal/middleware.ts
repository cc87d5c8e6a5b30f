import type { MiddlewareHandler } from "hono";
import type { Clock } from "../clock/index.ts";
import type { AppEnv } from "../http/env.ts";
import type { Journal } from "./index.ts";

/** Records every request that passes through as one journal entry, failures included. */
export function journalRequests(journal: Journal, clock: Clock, dialect: string): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const start = clock.now();
    try {
      await next();
    } catch (err) {
      // No response at all (a dropped connection): recorded with status 0.
      record(0);
      throw err;
    }
    record(c.res.status);

    function record(status: number) {
      journal.record({
        time: new Date(start).toISOString(),
        locationId: c.get("location")?.id ?? c.get("locationId") ?? null,
        operation: c.get("operation") ?? null,
        dialect,
        method: c.req.method,
        path: c.req.path,
        status,
        outcome: c.get("outcome") ?? "OK",
        latencyMs: clock.now() - start,
        idempotencyKey: c.get("idempotencyKey") ?? null,
        replayed: c.get("replayed") ?? false,
        fault: c.get("fault") ?? null,
      });
    }
  };
}
