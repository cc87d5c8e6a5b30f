import type { OpenAPIHono, RouteConfig } from "@hono/zod-openapi";
import type { Context, MiddlewareHandler } from "hono";
import type { z } from "zod";
import { PosError } from "../domain/errors.ts";
import type { AppEnv } from "./env.ts";

type HookResult = { success: true } | { success: false; error: z.ZodError; target: string };

const TARGET_NAMES: Record<string, string> = {
  json: "body",
  param: "path",
  header: "header",
  query: "query",
};

/** Turns a failed contract check into one VALIDATION error that names every bad field. */
export function validationHook(result: HookResult, _c: Context): void {
  if (result.success) return;
  const prefix = TARGET_NAMES[result.target] ?? result.target;
  const invalidParams = result.error.issues.map((issue) => ({
    name: prefix + issue.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join(""),
    reason: issue.message,
  }));
  const detail = invalidParams.map((p) => `${p.name}: ${p.reason}`).join("; ");
  throw new PosError("VALIDATION", detail, { invalidParams });
}

/**
 * `route` as a dialect serves it, behind `guard` (its tag, faults and authentication). Its path
 * parameters are checked in one synchronous step after the guard, in place of the asynchronous
 * validator @hono/zod-openapi would add (a promise, a header read and an async parse on every
 * request: a tenth of a hot read's CPU). The document lists the route as its contract declares it;
 * a bad parameter is the same VALIDATION error as before, and `c.req.valid("param")` reads the same
 * (its parsed output). Path parameters are now checked before the query, headers and body (a
 * request wrong in both is named by its path), and always with {@link validationHook}.
 */
export function guardedRoute<R extends RouteConfig>(
  app: OpenAPIHono<AppEnv>,
  route: R,
  guard: MiddlewareHandler<AppEnv>[],
): R {
  const { params, ...request } = route.request ?? {};
  if (!params) return { ...route, middleware: guard };
  app.openAPIRegistry.registerPath(route);
  const check: MiddlewareHandler<AppEnv> = (c, next) => {
    const result = params.safeParse(c.req.param());
    if (!result.success) validationHook({ success: false, error: result.error, target: "param" }, c);
    c.req.addValidatedData("param", result.data as object);
    return next();
  };
  return { ...route, hide: true, request, middleware: [...guard, check] };
}
