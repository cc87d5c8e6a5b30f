import { fileURLToPath } from "node:url";
import { OpenAPIHono, type RouteConfig } from "@hono/zod-openapi";
import { ELYX_DOCUMENT, ELYX_SECURITY_SCHEMES } from "../../../contracts/elyx/document.ts";
import { IDEMPOTENCY_HEADER } from "../../../contracts/elyx/routes.ts";
import { locationAuth } from "../../auth/guard.ts";
import type { AppEnv } from "../../http/env.ts";
import { applyFaults } from "../../http/faults.ts";
import { guardedRoute, validationHook } from "../../http/validation.ts";
import type { Simulator } from "../../state.ts";
import type { DialectDescriptor } from "../descriptor.ts";
import { elyxCredential, requireKey, tagRequest } from "./access.ts";
import { mountReads } from "./reads.ts";
import { elyxErrorRenderer } from "./render.ts";
import { elyxSharedCredential } from "./shared-credential.ts";
import { mountWrites } from "./writes.ts";

/** Adds the middleware every Elyx route runs: tag (operation, location, ticket) → faults → API key. */
export type Guard = <R extends RouteConfig>(route: R) => R;

/**
 * The Elyx-style (PI Electronique-like) POS server over the simulator's chain: its own app,
 * served on its own port (8082 by default), with the vendor's API key, numeric location ids,
 * tickets, a sales feed with cursors, shift reports and numeric error codes.
 */
export const ELYX = {
  name: "elyx",
  title: "the Elyx-style API",
  defaultPort: 8082,
  document: ELYX_DOCUMENT,
  securitySchemes: ELYX_SECURITY_SCHEMES,
  tokenPath: "/api/v1/oauth/token",
  errorBody: { contentType: "application/json", schema: "ElyxError" },
  idempotencyHeader: IDEMPOTENCY_HEADER,
  credentialHeaders: ["x-api-key"],
  renderError: (sim) => elyxErrorRenderer(() => sim.chain),
  journalCredential: (sim, c) => elyxCredential(sim.chain, c),
  sharedCredential: elyxSharedCredential,
  routes: elyxRoutes,
  load: {
    module: fileURLToPath(new URL("../../../load/k6/dialects/elyx.ts", import.meta.url)),
    // The Elyx number of a location is its place in the chain (`loc-0007` is 7).
    credentials: (_, location) => ({ number: location.number }),
  },
} as const satisfies DialectDescriptor<"elyx">;

function elyxRoutes(sim: Simulator): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  const chain = () => sim.chain;
  const auth = locationAuth(sim, requireKey(chain));
  const guard: Guard = (route) =>
    guardedRoute(app, route, [
      applyFaults(() => sim.faults, tagRequest(chain, route["x-mockpos-operation"] as string)),
      auth,
    ]);
  mountReads(app, sim, guard);
  mountWrites(app, sim, guard);
  return app;
}
