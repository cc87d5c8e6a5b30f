import { OpenAPIHono, type RouteConfig } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { withAccessFailures } from "../../contracts/admin/common.ts";
import * as routes from "../../contracts/admin/quirks.ts";
import { ADMIN_OPERATION } from "../../contracts/operations.ts";
import { invalid } from "../domain/errors.ts";
import type { AppEnv } from "../http/env.ts";
import { validationHook } from "../http/validation.ts";
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

/**
 * `GET /__admin/quirks` lists the quirks and which are on; `PUT /__admin/quirks` with
 * `{ "quirks": "lock-as-500,slow-writes=1500" }` (or a list of such entries; empty for none)
 * puts exactly those in force. Like every admin route, behind the listener's access rules
 * (simulator/admin/access.ts).
 */
export function quirksAdmin(sim: Simulator): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  const tag: MiddlewareHandler<AppEnv> = async (c, next) => {
    c.set("operation", ADMIN_OPERATION);
    await next();
  };
  const r = <R extends RouteConfig>(route: R): R => ({ ...withAccessFailures(route), middleware: [tag] });

  app.openapi(r(routes.quirksGet), (c) => c.json(listing(sim), 200));

  app.openapi(r(routes.quirksPut), (c) => {
    const { quirks } = c.req.valid("json");
    try {
      setQuirks(sim, parseQuirks(quirks));
    } catch (err) {
      if (err instanceof QuirkError) throw invalid("body.quirks", err.message);
      throw err;
    }
    return c.json(listing(sim), 200);
  });
  return app;
}
