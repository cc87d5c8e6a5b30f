import type { Context, MiddlewareHandler } from "hono";
import { type Clock, isoTime } from "../clock/index.ts";
import { clip, type Journal, type JournalEntry, MAX_KEY, MAX_QUERY } from "../journal/index.ts";
import type { AppEnv } from "./env.ts";

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
      recordRequest(journal, clock, start, {
        locationId: c.get("location")?.id ?? c.get("locationId") ?? null,
        operation: c.get("operation") ?? null,
        dialect: options.dialect,
        method: c.req.method,
        path: c.req.path,
        query: queryOf(requestTarget(c)),
        credential,
        status,
        outcome: c.get("outcome") ?? "OK",
        idempotencyKey: key ? clip(key, MAX_KEY) : null,
        replayed: c.get("replayed") ?? false,
        fault: c.get("fault") ?? null,
      });
    }
  };
}

/**
 * Records one request that began at `start` (clock time) and is answered now: its entry's time
 * and latency come from the clock, the rest as given. Every way a request is answered (the
 * journal middleware, the hot-read lane) records through here.
 */
export function recordRequest(
  journal: Journal,
  clock: Clock,
  start: number,
  entry: Omit<JournalEntry, "seq" | "time" | "latencyMs">,
): void {
  // In the entry's own order (its export, the console): the time first, the latency after the outcome.
  journal.record({
    seq: 0,
    time: isoTime(start),
    locationId: entry.locationId,
    operation: entry.operation,
    dialect: entry.dialect,
    method: entry.method,
    path: entry.path,
    query: entry.query,
    credential: entry.credential,
    status: entry.status,
    outcome: entry.outcome,
    latencyMs: clock.now() - start,
    idempotencyKey: entry.idempotencyKey,
    replayed: entry.replayed,
    fault: entry.fault,
  });
}

/** The request line's target as sent (node's), or the URL (a request with no socket, `app.request()`). */
function requestTarget(c: Context<AppEnv>): string {
  return (c.env as { incoming?: { url?: string } } | undefined)?.incoming?.url ?? c.req.url;
}

/**
 * The raw query string of a URL, as sent (no decoding), or null when it has none. A parameter
 * whose name says it carries a secret (`token`, `apiKey`, `password`, `signature`, …) keeps its
 * name and loses its value: a client that puts a credential in the URL does not leak it into the
 * journal, its export or the console.
 */
export function queryOf(url: string): string | null {
  const at = url.indexOf("?");
  if (at < 0) return null;
  const hash = url.indexOf("#", at);
  const query = hash < 0 ? url.slice(at + 1) : url.slice(at + 1, hash);
  if (query === "") return null;
  const redacted = query
    .split("&")
    .map((part) => {
      const eq = part.indexOf("=");
      return eq >= 0 && isSecretName(part.slice(0, eq)) ? `${part.slice(0, eq)}=${REDACTED}` : part;
    })
    .join("&");
  return clip(redacted, MAX_QUERY);
}

/** What stands for a secret's value in the journal. */
export const REDACTED = "REDACTED";

const SECRET_WORDS = /(token|apikey|secret|password|passwd|signature|authorization|credentials?)$/;
const SECRET_NAMES = new Set(["key", "sig", "auth", "pwd", "pass"]);

/** Whether a query parameter's name (raw, maybe percent-encoded) says its value is a secret. */
function isSecretName(raw: string): boolean {
  let name = raw;
  try {
    name = decodeURIComponent(raw.replaceAll("+", " "));
  } catch {
    // A malformed escape: judge the name as sent.
  }
  const flat = name.toLowerCase().replace(/[^a-z]/g, "");
  return SECRET_NAMES.has(flat) || SECRET_WORDS.test(flat);
}
