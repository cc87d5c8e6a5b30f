import { OpenAPIHono } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import { GENERIC_FAILURES } from "../contracts/generic/failures.ts";
import { adminApi } from "./admin/index.ts";
import { genericDialect } from "./dialects/generic/index.ts";
import { PosError } from "./domain/errors.ts";
import { renderDocs } from "./http/docs.ts";
import type { AppEnv } from "./http/env.ts";
import { onError } from "./http/errors.ts";
import { journalRequests } from "./journal/middleware.ts";
import { ScenarioController } from "./scenario/runtime.ts";
import { Simulator, type SimulatorOptions } from "./state.ts";

/** Largest request body accepted; a real POS gateway refuses more too. */
export const MAX_BODY_BYTES = 256 * 1024;

const NOT_JOURNALED = /^\/(__admin|openapi\.json|docs)(\/|$)/;

export interface MockPos {
  app: OpenAPIHono<AppEnv>;
  sim: Simulator;
  /** The scenario in play, loaded with `scenarios.load()` or through the admin API. */
  scenarios: ScenarioController;
}

/** Builds the simulator and its HTTP app: the generic dialect, the admin API, the contract and its docs. */
export function createMockPos(options: SimulatorOptions = {}): MockPos {
  const sim = new Simulator(options);
  const app = new OpenAPIHono<AppEnv>();
  // The probe connector of a scenario calls the app in-process, like any client would.
  const scenarios = new ScenarioController(sim, async (path, init) => app.request(path, init));
  mountApp(app, sim, scenarios);
  return { app, sim, scenarios };
}

function mountApp(app: OpenAPIHono<AppEnv>, sim: Simulator, scenarios: ScenarioController): void {
  const journal = journalRequests(sim.journal, sim.clock, "generic");
  app.use("*", (c, next) => (NOT_JOURNALED.test(c.req.path) ? next() : journal(c, next)));
  app.use(
    "*",
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new PosError("PAYLOAD_TOO_LARGE", `request body is larger than ${MAX_BODY_BYTES} bytes`);
      },
    }),
  );
  app.route("/", genericDialect(sim));
  app.route("/", adminApi(sim, scenarios));
  app.openAPIRegistry.registerComponent("securitySchemes", "apiKey", {
    type: "apiKey",
    in: "header",
    name: "X-Api-Key",
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "basic", {
    type: "http",
    scheme: "basic",
    description: "User name and password of the location (see /__admin/chain).",
  });
  app.get("/openapi.json", (c) => c.json(openApiDocument(app)));
  app.get("/docs", (c) => c.html(renderDocs(openApiDocument(app))));
  app.notFound((c) => onError(new PosError("NOT_FOUND", `no route ${c.req.method} ${c.req.path}`), c));
  app.onError(onError);
}

/** The OpenAPI 3.1 document of everything the app serves, generated from the zod contracts. */
export function openApiDocument(app: OpenAPIHono<AppEnv>) {
  return app.getOpenAPI31Document({
    openapi: "3.1.0",
    info: {
      title: "mockpos — generic POS API",
      version: "1.0.0",
      description:
        "A simulated restaurant POS. Each location has its own credentials (X-Api-Key or HTTP Basic) and sees only its own data. Money is in integer minor units; prices include tax. Writes accept an Idempotency-Key. Each operation names its canonical mockpos operation in x-mockpos-operation.",
    },
    tags: [
      { name: "generic", description: "The generic POS dialect" },
      { name: "admin", description: "Simulator control: inspect state and act as restaurant staff" },
    ],
    "x-mockpos-failures": GENERIC_FAILURES,
  });
}
