import { createRoute, z } from "@hono/zod-openapi";
import { body, json } from "../content.ts";
import { admin, FAILURES } from "./common.ts";

const StateValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const pactStatesList = createRoute({
  ...admin(
    "adminPactStates",
    "The Pact provider states this simulator can set up (simulator/admin/provider-states)",
  ),
  method: "get",
  path: "/__admin/pact/provider-states",
  responses: { 200: json(z.object({ states: z.array(z.string()) }), "State names, as pacts name them") },
});

export const pactStateChange = createRoute({
  ...admin(
    "adminPactStateChange",
    "Set up or tear down a Pact provider state: the state-change URL of a Pact verifier in any language",
  ),
  description:
    "Takes what Pact verifiers send (`{ consumer?, state, params, action }`). A setup resets the chain, " +
    "arranges the state through the admin API and answers the values the verifier injects where a pact " +
    "says `fromProviderState` (credentials, ids, amounts, cursors). An unknown state, or one this chain " +
    "cannot give (a loyalty state on a seed without a programme), is 400.",
  method: "post",
  path: "/__admin/pact/provider-states",
  request: {
    body: body(
      z.object({
        consumer: z.string().optional(),
        state: z.string().min(1).max(500),
        params: z.record(z.string(), z.unknown()).nullable().optional(),
        action: z.enum(["setup", "teardown"]).default("setup"),
      }),
    ),
  },
  responses: {
    200: json(
      z
        .record(z.string(), StateValue)
        .openapi({ example: { apiKey: "mpk_…", orderId: "loc-0001-ord-00004" } }),
      "The state is in force (setup: its values; teardown: {})",
    ),
    ...FAILURES,
  },
});
