import type { RouteConfig } from "@hono/zod-openapi";
import type { z } from "zod";
import { ADMIN_ROUTES } from "../../client/admin/routes.ts";
import { GENERIC_ROUTES } from "../../contracts/generic/routes.ts";
import { Problem } from "../../contracts/problem.ts";

/** The route of a contract a request went to, by method and concrete path; every dialect's checker uses it. */
export function routeMatcher(routes: readonly RouteConfig[]) {
  const compiled = routes.map((route) => ({
    route,
    method: route.method.toUpperCase(),
    pattern: new RegExp(`^${route.path.replace(/\{[^}]+\}/g, "[^/]+")}$`),
  }));
  return (method: string, path: string): RouteConfig | undefined =>
    compiled.find((r) => r.method === method && r.pattern.test(path))?.route;
}

const matchRoute = routeMatcher([...GENERIC_ROUTES, ...ADMIN_ROUTES] as RouteConfig[]);

/** Every (operationId, status) the suite has seen, for the coverage check. */
export const seen = new Map<string, Set<number>>();

/**
 * Checks one response against the contract: the route must document the status, and the
 * body must parse with the schema of its content type. Paths outside the contract (404s)
 * must still be problem+json.
 */
export function checkResponse(
  method: string,
  path: string,
  status: number,
  contentType: string,
  body: unknown,
): void {
  const route = matchRoute(method, path);
  const type = contentType.split(";")[0]?.trim() ?? "";
  if (!route) {
    if (type !== "application/problem+json")
      throw new Error(`${method} ${path} is in no contract and answered ${status} ${type}`);
    parseOrThrow(Problem, body, `${method} ${path} ${status}`);
    return;
  }
  const id = String(route.operationId);
  seen.set(id, (seen.get(id) ?? new Set()).add(status));
  const documented = route.responses[status] as
    | { content?: Record<string, { schema: z.ZodType }> }
    | undefined;
  if (!documented) {
    // Failures the contract lists only by family (any route may be rate limited or fail) are still problems.
    if (type === "application/problem+json" && status >= 400) {
      parseOrThrow(Problem, body, `${id} ${status}`);
      throw new Error(
        `${id} answered ${status}, which its contract does not document: ${JSON.stringify(body)}`,
      );
    }
    throw new Error(`${id} answered ${status} (${type}), which its contract does not document`);
  }
  const schema = documented.content?.[type]?.schema;
  if (!schema)
    throw new Error(
      `${id} ${status} answered ${type}, the contract documents ${Object.keys(documented.content ?? {}).join(", ")}`,
    );
  if (type === "application/json" || type === "application/problem+json")
    parseOrThrow(schema, body, `${id} ${status}`);
}

/** Parses `body` with `schema`, or throws naming `where` and every issue. */
export function parseOrThrow(schema: z.ZodType, body: unknown, where: string): void {
  const result = schema.safeParse(body);
  if (!result.success) {
    throw new Error(
      `${where}: response does not match the contract:\n${JSON.stringify(result.error.issues, null, 2)}`,
    );
  }
}
