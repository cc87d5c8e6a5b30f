import { Hono } from "hono";
import type { AppEnv } from "../http/env.ts";
import type { Simulator } from "../state.ts";
import { parseQuirks, QUIRKS, QuirkError, quirksOf, quirksText, setQuirks } from "./index.ts";

function listing(sim: Simulator) {
  return {
    active: quirksText(quirksOf(sim)),
    quirks: Object.values(QUIRKS).map((q) => ({
      name: q.name,
      summary: q.summary,
      on: quirksOf(sim).has(q.name),
      ...(q.setting ? { setting: q.setting } : {}),
    })),
  };
}

const problem = (detail: string) =>
  new Response(
    JSON.stringify({
      type: "https://mockpos.dev/problems/validation",
      title: "Request is not valid",
      status: 400,
      detail,
      code: "VALIDATION",
      retryable: false,
      invalidParams: [{ name: "body.quirks", reason: detail }],
    }),
    { status: 400, headers: { "content-type": "application/problem+json" } },
  );

/**
 * `GET /__admin/quirks` lists the quirks and which are on; `PUT /__admin/quirks` with
 * `{ "quirks": "lock-as-500,slow-writes=1500" }` (or a list of such entries; empty for none)
 * puts exactly those in force. Like every admin route, behind the listener's access rules
 * (simulator/admin/access.ts).
 */
export function quirksAdmin(sim: Simulator): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/__admin/quirks", (c) => c.json(listing(sim), 200));
  app.put("/__admin/quirks", async (c) => {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return problem('the body must be JSON: { "quirks": "name,name=setting" }');
    }
    const quirks = (body as { quirks?: unknown } | null)?.quirks;
    const list =
      typeof quirks === "string" || (Array.isArray(quirks) && quirks.every((q) => typeof q === "string"))
        ? (quirks as string | string[])
        : undefined;
    if (list === undefined) return problem("quirks must be a string or a list of strings");
    try {
      setQuirks(sim, parseQuirks(list));
    } catch (err) {
      if (err instanceof QuirkError) return problem(err.message);
      throw err;
    }
    return c.json(listing(sim), 200);
  });
  return app;
}
