import type { Context } from "hono";
import type { Location } from "../domain/types.ts";
import type { Simulator } from "../state.ts";
import type { AppEnv } from "./env.ts";

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
  sim: Simulator,
  c: Context<AppEnv>,
  request: unknown,
  run: (location: Location) => T,
  options: IdempotencyOptions = {},
): Promise<T> {
  const location = c.var.location;
  const key = c.req.header(options.header ?? "idempotency-key");
  if (!key) return run(location);
  const fingerprint = { method: c.req.method, path: options.resource ?? c.req.path, body: request };
  const result = await sim.idempotency.run(location.id, key, fingerprint, sim.clock.now(), () =>
    run(location),
  );
  if (result.replayed) {
    c.set("replayed", true);
    c.header("idempotent-replayed", "true");
  }
  return result.body;
}
