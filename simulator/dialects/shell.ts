import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { REQUEST_LIMITS } from "../../contracts/common.ts";
import { CLOCK_HEADER, clockHeader } from "../clock/index.ts";
import { PosError } from "../domain/errors.ts";
import { hotReadLane, type Lane } from "../hot-reads/index.ts";
import { answerHeader } from "../http/answer-header.ts";
import { renderDocs } from "../http/docs.ts";
import type { AppEnv } from "../http/env.ts";
import { errorHandler } from "../http/errors.ts";
import { markFault } from "../http/fault-header.ts";
import { journalRequests } from "../http/journal.ts";
import { HEADER_OVERFLOW, MAX_BODY_BYTES, MAX_HEADER_BYTES } from "../http/limits.ts";
import { validationHook } from "../http/validation.ts";
import { applyQuirks, quirksOn } from "../quirks/index.ts";
import type { Simulator } from "../state.ts";
import type { DialectDescriptor } from "./descriptor.ts";

export { MAX_BODY_BYTES, MAX_HEADER_BYTES };

export interface ShellOptions {
  /** Every header any served dialect reads a credential from: a request sending one sent a credential. */
  credentialHeaders: readonly string[];
}

export interface Shell {
  app: OpenAPIHono<AppEnv>;
  /** The OpenAPI 3.1 document of everything the app serves, generated from its zod contracts. */
  document(): ReturnType<OpenAPIHono["getOpenAPI31Document"]>;
  /**
   * The dialect's hot reads answered from node's request (simulator/hot-reads), for `listen()` to
   * put in front of the app on a listener that serves the whole chain; undefined when it has none.
   */
  lane: Lane | undefined;
}

const BODILESS = new Set(["GET", "HEAD"]);
const NOT_JOURNALED = /^\/(__admin|openapi\.json|docs)(\/|$)/;

/**
 * The plumbing every dialect's app shares, so a dialect is only its routes: the journal, the
 * fault marker header, the header and body limits, `/openapi.json` and `/docs`, and one error
 * path that renders every failure (unknown routes, and methods a path does not declare, with
 * `Allow`) in the dialect's own words.
 */
export function dialectShell(sim: Simulator, dialect: DialectDescriptor, options: ShellOptions): Shell {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  // Two layers around every route, not one per concern: each layer of Hono's middleware costs a
  // promise and a closure on every request, and a hot read is mostly what it allocates.
  const readCredential = presentedCredential(dialect.credentialHeaders, options.credentialHeaders);
  const journal = journalRequests(sim.journal, sim.clock, {
    dialect: dialect.name,
    idempotencyHeader: dialect.idempotencyHeader,
    credential: (c) => dialect.journalCredential(sim, c),
  });
  const stampClock = announceClock(sim);
  const onError = errorHandler(dialect.renderError(sim));
  // What the client presented, then the journal; the answer's own headers (the fault that shaped
  // it, the scaled clock) go on last.
  app.use("*", async (c, next) => {
    try {
      readCredential(c);
      await (NOT_JOURNALED.test(c.req.path) ? next() : journal(c, next));
    } catch (err) {
      // A failure of this layer's own (reading the credential, the journal) is answered here, as
      // Hono would one layer out, so the answer still gets its headers. A dropped connection goes on.
      c.res = onError(err, c);
    }
    markFault(c);
    stampClock(c);
  });
  const quirks = applyQuirks(sim, dialect);
  const limitBody = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw new PosError("PAYLOAD_TOO_LARGE", `request body is larger than ${MAX_BODY_BYTES} bytes`);
    },
  });
  // The request's size, then the vendor quirks (`serve --quirks`, off unless switched on). A
  // refusal thrown here becomes the dialect's answer in this layer, inside the journal.
  app.use("*", (c, next) => {
    // The server read too much of the request head to serve it (see server.ts): answer 431 here.
    if ((c.env as Record<symbol, unknown> | undefined)?.[HEADER_OVERFLOW]) {
      throw new PosError(
        "PAYLOAD_TOO_LARGE",
        `the request line and headers are larger than ${MAX_HEADER_BYTES} bytes`,
        { status: 431, extensions: { maxHeaderBytes: MAX_HEADER_BYTES } },
      );
    }
    const inner =
      !quirksOn(sim) || NOT_JOURNALED.test(c.req.path) ? next : async () => void (await quirks(c, next));
    // A GET or HEAD has no body to limit (fetch drops it), and merely asking makes the node adapter
    // build a whole Request per read.
    return BODILESS.has(c.req.method) ? inner() : limitBody(c, inner);
  });
  for (const [name, scheme] of Object.entries(dialect.securitySchemes ?? {})) {
    app.openAPIRegistry.registerComponent("securitySchemes", name, scheme as never);
  }
  for (const webhook of dialect.webhooks ?? []) app.openAPIRegistry.registerWebhook(webhook);
  registerTransportResponses(app, dialect.errorBody);
  const document = () => app.getOpenAPI31Document({ openapi: "3.1.0", ...dialect.document });
  app.get("/openapi.json", (c) => c.json(document()));
  app.get("/docs", (c) => c.html(renderDocs(document())));
  const allowed = allowedMethods(app);
  app.notFound((c) => {
    const allow = allowed(c.req.path);
    if (allow.length === 0)
      return onError(new PosError("NOT_FOUND", `no route ${c.req.method} ${c.req.path}`), c);
    const methods = allow.join(", ");
    return onError(
      new PosError(
        "METHOD_NOT_ALLOWED",
        `${c.req.method} is not allowed on ${c.req.path}; it takes ${methods}`,
        {
          extensions: { allow },
          headers: { allow: methods },
        },
      ),
      c,
    );
  });
  app.onError(onError);
  app.route("/", dialect.routes(sim));
  const lane = dialect.hotReads
    ? hotReadLane(sim, {
        dialect: dialect.name,
        idempotencyHeader: dialect.idempotencyHeader,
        spec: dialect.hotReads(sim),
        // The lane records the journal entry and sends the clock's header itself; it cannot apply a quirk.
        shellIdle: () => !quirksOn(sim),
      })
    : undefined;
  return { app, document, lane };
}

/**
 * Puts what the request presents as a credential on the context, so the shared middleware needs
 * no dialect's header names: the secret (in the dialect's own headers) that fault rules key on,
 * and whether any dialect's credential header was sent at all.
 */
function presentedCredential(own: readonly string[], any: readonly string[]): (c: Context<AppEnv>) => void {
  return (c) => {
    for (const name of own) {
      const value = c.req.header(name);
      if (value) {
        c.set("secret", value);
        break;
      }
    }
    c.set(
      "sentCredential",
      any.some((name) => Boolean(c.req.header(name))),
    );
  };
}

/**
 * Under a scaled clock, every answer says so (`X-Mockpos-Clock: scaled; factor=60; now=<ISO>`):
 * the durations it tells are in simulated time, and a client running in real time converts them
 * with it (README "Time under a scaled clock").
 */
function announceClock(sim: Simulator): (c: Context<AppEnv>) => void {
  return (c) => {
    const value = clockHeader(sim.clock);
    if (value !== null) answerHeader(c, CLOCK_HEADER, value);
  };
}

/**
 * The answers no operation lists because any request can get them (a method the path does not
 * declare, headers over the limit), as reusable responses in the dialect's own error format.
 */
function registerTransportResponses(app: OpenAPIHono<AppEnv>, body: DialectDescriptor["errorBody"]): void {
  const content = { [body.contentType]: { schema: { $ref: `#/components/schemas/${body.schema}` } } };
  app.openAPIRegistry.registerComponent("responses", "MethodNotAllowed", {
    description: `405 on any declared path for a method it does not declare: ${REQUEST_LIMITS.methods.description}`,
    headers: {
      Allow: {
        description: "The methods the path takes, e.g. `GET, HEAD`.",
        schema: { type: "string" },
      },
    },
    content,
  } as never);
  app.openAPIRegistry.registerComponent("responses", "HeadersTooLarge", {
    description: `431 on any request: ${REQUEST_LIMITS.headers.description}`,
    content,
  } as never);
}

/**
 * The methods `app` declares for a concrete path (HEAD wherever GET is, as Hono answers it),
 * read from its routes when asked, so routes mounted after the shell count too.
 */
function allowedMethods(app: OpenAPIHono<AppEnv>): (path: string) => string[] {
  let compiled: { method: string; pattern: RegExp }[] = [];
  let seen = -1;
  return (path) => {
    if (seen !== app.routes.length) {
      seen = app.routes.length;
      compiled = app.routes
        .filter((r) => r.method !== "ALL")
        .map((r) => ({
          method: r.method.toUpperCase(),
          pattern: new RegExp(
            `^${r.path
              .split("/")
              .map((part) => (part.startsWith(":") ? "[^/]+" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
              .join("/")}$`,
          ),
        }));
    }
    const methods = new Set(compiled.filter((r) => r.pattern.test(path)).map((r) => r.method));
    if (methods.has("GET")) methods.add("HEAD");
    const order = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];
    return [...methods].sort((a, b) => order.indexOf(a) - order.indexOf(b));
  };
}
