import type { Context, MiddlewareHandler } from "hono";
import type { Clock } from "../clock/index.ts";
import type { AppEnv } from "../http/env.ts";
import { clip, type Journal, MAX_KEY, MAX_QUERY } from "./index.ts";

export interface JournalOptions {
  /** Journal name of the requests this app serves. */
  dialect: string;
  /** The request header the dialect reads its idempotency key from. */
  idempotencyHeader: string;
  /** Names the credential a request carries, never the secret itself (see `JournalEntry.credential`). */
  credential: (c: Context<AppEnv>) => string | null;
}

/**
 * Records every request that passes through as one journal entry, failures included. What the
 * client sent (query, credential, idempotency key) is read from the request as it arrived, so a
 * request a fault cut off or authentication refused is recorded with it too.
 */
export function journalRequests(
  journal: Journal,
  clock: Clock,
  options: JournalOptions,
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const start = clock.now();
    const credential = options.credential(c);
    const key = c.req.header(options.idempotencyHeader);
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
        seq: 0,
        time: new Date(start).toISOString(),
        locationId: c.get("location")?.id ?? c.get("locationId") ?? null,
        operation: c.get("operation") ?? null,
        dialect: options.dialect,
        method: c.req.method,
        path: c.req.path,
        query: queryOf(c.req.url),
        credential,
        status,
        outcome: c.get("outcome") ?? "OK",
        latencyMs: clock.now() - start,
        idempotencyKey: key ? clip(key, MAX_KEY) : null,
        replayed: c.get("replayed") ?? false,
        fault: c.get("fault") ?? null,
      });
    }
  };
}

/** The raw query string of a URL, as sent (no decoding), or null when it has none. */
export function queryOf(url: string): string | null {
  const at = url.indexOf("?");
  if (at < 0) return null;
  const hash = url.indexOf("#", at);
  const query = hash < 0 ? url.slice(at + 1) : url.slice(at + 1, hash);
  return query === "" ? null : clip(query, MAX_QUERY);
}
