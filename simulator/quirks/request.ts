import type { Context } from "hono";
import type { AppEnv } from "../http/env.ts";

/**
 * Replaces the request the routes will see: headers dropped or set, the JSON body rewritten.
 * A body that is not JSON goes on as it was sent (the route refuses it as it would anyway).
 */
export async function rewriteRequest(
  c: Context<AppEnv>,
  change: { drop?: string[]; set?: Record<string, string>; json?: (body: unknown) => unknown },
): Promise<void> {
  const old = c.req.raw;
  const headers = new Headers(old.headers);
  for (const name of change.drop ?? []) headers.delete(name);
  for (const [name, value] of Object.entries(change.set ?? {})) headers.set(name, value);
  let body: string | null = null;
  if (old.body !== null && old.method !== "GET" && old.method !== "HEAD") {
    body = await old.text();
    if (change.json) {
      try {
        body = JSON.stringify(change.json(JSON.parse(body)));
        headers.delete("content-length");
      } catch {
        // Not JSON: as sent.
      }
    }
  }
  c.req.raw = new Request(old.url, { method: old.method, headers, body, signal: old.signal });
}

/** Replaces a JSON answer with `rewrite(body)`; any other answer stays as it is. */
export async function rewriteJsonAnswer(
  c: Context<AppEnv>,
  rewrite: (body: unknown) => unknown,
): Promise<void> {
  if (!(c.res.headers.get("content-type") ?? "").includes("json")) return;
  const text = await c.res.clone().text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return;
  }
  const headers = new Headers(c.res.headers);
  headers.delete("content-length");
  c.res = new Response(JSON.stringify(rewrite(body)), { status: c.res.status, headers });
}
