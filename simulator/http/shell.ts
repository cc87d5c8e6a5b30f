import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { DialectName } from "../dialects/names.ts";
import { PosError } from "../domain/errors.ts";
import { markFaults } from "../faults/middleware.ts";
import { journalRequests } from "../journal/middleware.ts";
import type { Simulator } from "../state.ts";
import { renderDocs } from "./docs.ts";
import type { AppEnv } from "./env.ts";
import { type ErrorRenderer, errorHandler } from "./errors.ts";
import { validationHook } from "./validation.ts";

/** Largest request body accepted; a real POS gateway refuses more too. */
export const MAX_BODY_BYTES = 256 * 1024;

type OpenApiConfig = Parameters<OpenAPIHono["getOpenAPI31Document"]>[0];

export interface ShellOptions {
  /** Journal name of the requests this app serves. */
  dialect: DialectName;
  /** How the dialect words a failure (status, body, headers). */
  render: ErrorRenderer;
  /** Title, description, tags and extensions (such as x-mockpos-failures) of the published contract. */
  document: Omit<OpenApiConfig, "openapi">;
  /** Security schemes the contract's routes name. */
  securitySchemes?: Record<string, Record<string, unknown>>;
  /** The request header of the dialect's idempotency key, which the journal records. */
  idempotencyHeader: string;
  /** Names the credential a request carries for the journal, never the secret (`JournalEntry.credential`). */
  credential: (c: Context<AppEnv>) => string | null;
}

export interface Shell {
  app: OpenAPIHono<AppEnv>;
  /** The OpenAPI 3.1 document of everything the app serves, generated from its zod contracts. */
  document(): ReturnType<OpenAPIHono["getOpenAPI31Document"]>;
}

const NOT_JOURNALED = /^\/(__admin|openapi\.json|docs)(\/|$)/;

/**
 * The plumbing every dialect's app shares, so a dialect is only its routes: the journal, the
 * fault marker header, the body limit, `/openapi.json` and `/docs`, and one error path that
 * renders every failure (including unknown routes) in the dialect's own words.
 */
export function dialectShell(sim: Simulator, options: ShellOptions): Shell {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  const journal = journalRequests(sim.journal, sim.clock, {
    dialect: options.dialect,
    idempotencyHeader: options.idempotencyHeader,
    credential: options.credential,
  });
  app.use("*", (c, next) => (NOT_JOURNALED.test(c.req.path) ? next() : journal(c, next)));
  app.use("*", markFaults());
  app.use(
    "*",
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new PosError("PAYLOAD_TOO_LARGE", `request body is larger than ${MAX_BODY_BYTES} bytes`);
      },
    }),
  );
  for (const [name, scheme] of Object.entries(options.securitySchemes ?? {})) {
    app.openAPIRegistry.registerComponent("securitySchemes", name, scheme as never);
  }
  const document = () => app.getOpenAPI31Document({ openapi: "3.1.0", ...options.document });
  app.get("/openapi.json", (c) => c.json(document()));
  app.get("/docs", (c) => c.html(renderDocs(document())));
  const onError = errorHandler(options.render);
  app.notFound((c) => onError(new PosError("NOT_FOUND", `no route ${c.req.method} ${c.req.path}`), c));
  app.onError(onError);
  return { app, document };
}
