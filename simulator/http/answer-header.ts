import type { ServerResponse } from "node:http";
import type { Context } from "hono";
import type { AppEnv } from "./env.ts";

/**
 * Adds a header to the answer once the route has made it. Served by node, it goes on node's own
 * response, which sends it with the rest: touching `c.res.headers` would turn the adapter's cheap
 * answer (status, body, a plain header object) into a `Headers` object on every request. In
 * process (`app.request()`), it goes on the Response, copied first if its headers are immutable.
 * So code that calls the app with node's `{ incoming, outgoing }` and reads the returned Response
 * (an outer app mounting this one behind node) finds these headers on the wire, not on it; and a
 * Response that carries the same header itself keeps its own value.
 */
export function answerHeader(c: Context<AppEnv>, name: string, value: string): void {
  const outgoing = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing;
  if (outgoing !== undefined && typeof outgoing.setHeader === "function" && !outgoing.headersSent) {
    outgoing.setHeader(name, value);
    return;
  }
  try {
    c.res.headers.set(name, value);
  } catch {
    c.res = new Response(c.res.body, c.res);
    c.res.headers.set(name, value);
  }
}
