import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { DRIVER_DOCUMENT } from "../../contracts/driver/document.ts";
import * as routes from "../../contracts/driver/routes.ts";
import { DRIVER_PROBLEMS, type DriverProblemStatus } from "../../contracts/driver/routes.ts";
import { problemType } from "../../contracts/generic/failures.ts";
import type { ProblemBody } from "../../contracts/problem.ts";
import { type Driver, DriverRefusal, type RefusedField } from "./protocol.ts";

export interface DriverAppOptions {
  /** Largest request body read (a configuration of many locations is the largest); 4 MiB by default. */
  maxBodyBytes?: number;
  /** Told of every unexpected error the driver throws (answered as a 500); console.error by default. */
  onError?: (err: unknown) => void;
}

type HookResult = { success: true } | { success: false; error: { issues: Issue[] }; target: string };
type Issue = { path: PropertyKey[]; message: string; code?: string; keys?: string[] };

const TARGETS: Record<string, string> = { json: "body", param: "path", query: "query", header: "header" };

/** `body.items[0].quantity`: where an issue is, from the request's side. */
function fieldName(prefix: string, path: readonly PropertyKey[]): string {
  return prefix + path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("");
}

/** Each issue as a refused field; an unknown key is named itself (`body.colour: unknown field`). */
function fields(prefix: string, issues: readonly Issue[]): RefusedField[] {
  return issues.flatMap((issue) =>
    issue.code === "unrecognized_keys" && issue.keys?.length
      ? issue.keys.map((key) => ({ name: fieldName(prefix, [...issue.path, key]), reason: "unknown field" }))
      : [{ name: fieldName(prefix, issue.path), reason: issue.message }],
  );
}

function describe(invalid: RefusedField[]): string {
  return invalid.map((f) => `${f.name}: ${f.reason}`).join("; ");
}

/** A bad request, refused before the driver sees it, naming every bad field. */
function validationHook(result: HookResult): void {
  if (result.success) return;
  const invalid = fields(TARGETS[result.target] ?? result.target, result.error.issues);
  throw new DriverRefusal(400, describe(invalid), invalid);
}

/** A zod error from any zod instance (the engine may bring its own). */
function isZodError(err: unknown): err is Error & { issues: Issue[] } {
  return (
    err instanceof Error && err.name === "ZodError" && Array.isArray((err as { issues?: unknown }).issues)
  );
}

function problem(c: Context, status: DriverProblemStatus, detail: string, invalidParams?: RefusedField[]) {
  const { code, title } = DRIVER_PROBLEMS[status];
  const body: ProblemBody = {
    type: problemType(code),
    title,
    status,
    detail,
    instance: c.req.path,
    code,
    retryable: false,
  };
  if (invalidParams?.length) body.invalidParams = invalidParams;
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/problem+json" },
  });
}

/**
 * The driver protocol over HTTP, in front of any `Driver` (contracts/driver): what the reference
 * engine serves on its control port, and what a suite talks to through `HttpDriver`. A
 * `DriverRefusal` answers its status as problem+json; bad input is a 400 naming each field
 * before the driver is called; anything else the driver throws is a 500 with its message.
 */
export function driverApp(driver: Driver, options: DriverAppOptions = {}): OpenAPIHono {
  const maxBodyBytes = options.maxBodyBytes ?? 4 * 1024 * 1024;
  const report =
    options.onError ?? ((err: unknown) => console.error("mockpos driver: unexpected error", err));
  const app = new OpenAPIHono({ defaultHook: validationHook });

  app.use(
    "*",
    bodyLimit({
      maxSize: maxBodyBytes,
      onError: (c) => problem(c, 413, `request body is larger than ${maxBodyBytes} bytes`),
    }),
  );

  app.openapi(routes.hello, async (c) => c.json(await driver.hello(), 200));

  app.openapi(routes.configure, async (c) => {
    try {
      await driver.configure(c.req.valid("json"));
    } catch (err) {
      // An engine that checks its configuration with zod: its issues are the fields of `config`.
      if (!isZodError(err)) throw err;
      const invalid = fields("body.config", err.issues);
      throw new DriverRefusal(400, describe(invalid), invalid);
    }
    return c.body(null, 204);
  });

  app.openapi(routes.locations, async (c) => c.json(await driver.locations(), 200));

  app.openapi(routes.menu, async (c) => {
    const { locationId } = c.req.valid("param");
    const menu = await driver.menu(locationId);
    if (!menu)
      throw new DriverRefusal(404, `no menu for location '${locationId}' (unknown, or not fetched yet)`);
    return c.json(menu, 200);
  });

  app.openapi(routes.placeOrder, async (c) => c.json(await driver.placeOrder(c.req.valid("json")), 201));

  app.openapi(routes.order, async (c) => {
    const { ref } = c.req.valid("param");
    const order = await driver.order(ref);
    if (!order) throw new DriverRefusal(404, `no order '${ref}'`);
    return c.json(order, 200);
  });

  app.openapi(routes.appendRound, async (c) =>
    c.json(await driver.appendRound(c.req.valid("param").ref, c.req.valid("json")), 200),
  );
  app.openapi(routes.pay, async (c) =>
    c.json(await driver.pay(c.req.valid("param").ref, c.req.valid("json")), 200),
  );
  app.openapi(routes.kitchenMessage, async (c) =>
    c.json(await driver.kitchenMessage(c.req.valid("param").ref, c.req.valid("json")), 200),
  );
  app.openapi(routes.applyLoyalty, async (c) =>
    c.json(await driver.applyLoyalty(c.req.valid("param").ref, c.req.valid("json")), 200),
  );

  app.openapi(routes.stop, async (c) => {
    await driver.stop();
    return c.body(null, 204);
  });

  app.get("/openapi.json", (c) => c.json(app.getOpenAPI31Document({ openapi: "3.1.0", ...DRIVER_DOCUMENT })));

  app.notFound((c) => problem(c, 404, `no route ${c.req.method} ${c.req.path}`));
  app.onError((err, c) => {
    if (err instanceof DriverRefusal) return problem(c, err.status, err.message, err.invalidParams);
    if (err instanceof HTTPException) {
      if (err.status === 400) {
        const reason = /json/i.test(err.message) ? "body is not valid JSON" : err.message || "bad request";
        return problem(c, 400, reason, [{ name: "body", reason }]);
      }
      if (err.status === 413 || err.status === 415) return problem(c, err.status, err.message);
    }
    report(err);
    const message = err instanceof Error ? err.message : String(err);
    return problem(c, 500, `the engine failed: ${message}`);
  });
  return app;
}
