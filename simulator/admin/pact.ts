import type { OpenAPIHono, RouteConfig } from "@hono/zod-openapi";
import * as routes from "../../contracts/admin/pact.ts";
import { invalid } from "../domain/errors.ts";
import type { AppEnv } from "../http/env.ts";
import { changeState, PROVIDER_STATES, type StateHost } from "./provider-states/states.ts";

/**
 * Pact provider states over HTTP: the state-change URL a verifier in any language is given
 * (`--state-change-url …/__admin/pact/provider-states`). The states act on this simulator through
 * its own admin API and dialect apps, in process.
 */
export function mountPactStates(
  app: OpenAPIHono<AppEnv>,
  host: StateHost,
  r: <R extends RouteConfig>(route: R) => R,
): void {
  app.openapi(r(routes.pactStatesList), (c) => c.json({ states: Object.keys(PROVIDER_STATES) }, 200));

  app.openapi(r(routes.pactStateChange), async (c) => {
    const { state, params, action } = c.req.valid("json");
    if (!Object.hasOwn(PROVIDER_STATES, state))
      throw invalid(
        "body.state",
        `unknown provider state; known: ${Object.keys(PROVIDER_STATES).join(" | ")}`,
      );
    try {
      return c.json(await changeState(host, { state, params: params ?? {}, action }), 200);
    } catch (err) {
      throw invalid(
        "body.state",
        `'${state}' (${action}) failed: ${err instanceof Error ? err.message : err}`,
      );
    }
  });
}
