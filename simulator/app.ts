import type { OpenAPIHono } from "@hono/zod-openapi";
import { MockPosAdmin } from "../client/admin/index.ts";
import { GENERIC_DOCUMENT } from "../contracts/generic/document.ts";
import { adminApi } from "./admin/index.ts";
import { mountAuth } from "./auth/index.ts";
import type { DialectDescriptor } from "./dialects/descriptor.ts";
import { createDialects } from "./dialects/index.ts";
import { type BuiltinDialect, DIALECTS, dialectRegistry, MAIN_DIALECT } from "./dialects/registry.ts";
import type { Shell } from "./dialects/shell.ts";
import type { AppEnv } from "./http/env.ts";
import { quirksAdmin } from "./quirks/admin.ts";
import { ScenarioController } from "./scenario/runtime.ts";
import { Simulator, type SimulatorOptions } from "./state.ts";

export { MAX_BODY_BYTES } from "./dialects/shell.ts";

export interface MockPos {
  /** The generic dialect and the admin API: what `mockpos serve` answers on its main port. */
  app: OpenAPIHono<AppEnv>;
  sim: Simulator;
  /** The scenario in play, loaded with `scenarios.load()` or through the admin API. */
  scenarios: ScenarioController;
  /** Every vendor style over the same simulator, each an app of its own (`generic` is `app`). */
  dialects: Record<BuiltinDialect, Shell> & Record<string, Shell>;
  /** The descriptors of those dialects: the built-in ones, then the ones given in options. */
  registry: readonly DialectDescriptor[];
}

export interface MockPosOptions extends SimulatorOptions {
  /** Dialects to serve beside the built-in ones, each one descriptor (a test's own vendor style, say). */
  dialects?: readonly DialectDescriptor[];
}

/** Builds the simulator and its HTTP apps: every dialect, the admin API, the contracts and their docs. */
export function createMockPos(options: MockPosOptions = {}): MockPos {
  const { dialects: extra, ...simulatorOptions } = options;
  const registry = dialectRegistry(extra);
  const sim = new Simulator(simulatorOptions);
  let main: OpenAPIHono<AppEnv> | undefined;
  // The probe connector of a scenario calls the app in-process, like any client would.
  const scenarios = new ScenarioController(sim, async (path, init) =>
    (main as OpenAPIHono<AppEnv>).request(path, init),
  );
  const dialects = createDialects(sim, registry) as MockPos["dialects"];
  mountAuth(sim, registry, dialects);
  const app = (dialects[MAIN_DIALECT] as Shell).app;
  main = app;
  // Pact provider states act through the admin API and the dialects' own routes, in process.
  const pact = {
    admin: MockPosAdmin.inProcess(app),
    dialects: Object.fromEntries(
      DIALECTS.map((d) => [
        d,
        async (path: string, init?: RequestInit) => dialects[d].app.request(path, init),
      ]),
    ) as Record<BuiltinDialect, (path: string, init?: RequestInit) => Promise<Response>>,
  };
  // Liveness for container health checks and orchestrators: outside /__admin, so it needs no admin
  // token (a probe inside a container cannot know a generated one) and tells nothing about the chain.
  main.get("/__health", (c) => c.json({ status: "ok" }));
  main.route("/", adminApi(sim, scenarios, pact));
  // Vendor quirks (`serve --quirks`, verify's proof that it can fail): GET / PUT /__admin/quirks.
  main.route("/", quirksAdmin(sim));
  return { app: main, sim, scenarios, dialects, registry };
}

/** The OpenAPI 3.1 document of the main app (generic dialect and admin API). */
export function openApiDocument(app: OpenAPIHono<AppEnv>) {
  return app.getOpenAPI31Document({ openapi: "3.1.0", ...GENERIC_DOCUMENT });
}
