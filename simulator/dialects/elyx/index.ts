import { OpenAPIHono, type RouteConfig } from "@hono/zod-openapi";
import { ELYX_DOCUMENT, ELYX_SECURITY_SCHEMES } from "../../../contracts/elyx/document.ts";
import { IDEMPOTENCY_HEADER } from "../../../contracts/elyx/routes.ts";
import { applyFaults } from "../../faults/middleware.ts";
import type { AppEnv } from "../../http/env.ts";
import { dialectShell, type Shell } from "../../http/shell.ts";
import { validationHook } from "../../http/validation.ts";
import type { Simulator } from "../../state.ts";
import { elyxCredential, requireKey, tagRequest } from "./access.ts";
import { mountReads } from "./reads.ts";
import { elyxErrorRenderer } from "./render.ts";
import { mountWrites } from "./writes.ts";

/** Adds the middleware every Elyx route runs: tag (operation, location, ticket) → faults → API key. */
export type Guard = <R extends RouteConfig>(route: R) => R;

/**
 * The Elyx-style (PI Electronique-like) POS server over the simulator's chain: its own app,
 * served on its own port (8082 by default), with the vendor's API key, numeric location ids,
 * tickets, a sales feed with cursors, shift reports and numeric error codes.
 */
export function createElyx(sim: Simulator): Shell {
  const shell = dialectShell(sim, {
    dialect: "elyx",
    render: elyxErrorRenderer(() => sim.chain),
    document: ELYX_DOCUMENT,
    securitySchemes: ELYX_SECURITY_SCHEMES,
    idempotencyHeader: IDEMPOTENCY_HEADER,
    credential: (c) => elyxCredential(sim.chain, c),
    errorBody: { contentType: "application/json", schema: "ElyxError" },
  });
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  const chain = () => sim.chain;
  const faults = applyFaults(() => sim.faults);
  const auth = requireKey(chain);
  const guard: Guard = (route) => ({
    ...route,
    middleware: [tagRequest(chain, route["x-mockpos-operation"] as string), faults, auth],
  });
  mountReads(app, sim, guard);
  mountWrites(app, sim, guard);
  shell.app.route("/", app);
  return shell;
}
