import type { Context } from "hono";
import type { Clock } from "../clock/index.ts";
import type { Location } from "../domain/types.ts";
import type { IdempotencyStore } from "../idempotency/index.ts";
import type { AppEnv } from "./env.ts";

/** What a write needs to run once per key: the key store and the time it is kept by. */
export interface IdempotencyHost {
  readonly idempotency: IdempotencyStore;
  readonly clock: Pick<Clock, "now">;
}

export interface IdempotencyOptions {
  /** The request header carrying the key. Default `idempotency-key`. */
  header?: string;
  /** What the write acts on, when a dialect accepts several spellings of it in the path. Default the path. */
  resource?: string;
}

/**
 * Runs a write once per Idempotency-Key (scoped to the authenticated location) and answers
 * replays with the stored result, marked `Idempotent-Replayed: true`. Without a key the write
 * just runs. Every dialect's writes go through here, so a retry is safe in any of them.
 */
export async function idempotentWrite<T extends object>(
  host: IdempotencyHost,
  c: Context<AppEnv>,
  request: unknown,
  run: (location: Location) => T,
  options: IdempotencyOptions = {},
): Promise<T> {
  const location = c.get("location");
  const key = c.req.header(options.header ?? "idempotency-key");
  if (!key) return run(location);
  const fingerprint = { method: c.req.method, path: options.resource ?? c.req.path, body: request };
  const result = await host.idempotency.run(location.id, key, fingerprint, host.clock.now(), () =>
    run(location),
  );
  if (result.replayed) {
    c.set("replayed", true);
    c.header("idempotent-replayed", "true");
  }
  return result.body;
}
