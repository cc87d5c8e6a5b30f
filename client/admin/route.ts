import type { RouteConfig, z } from "@hono/zod-openapi";
import type { PosProblem } from "../../contracts/problem.ts";

/** The route's request part `K` (params, query), when it has one. */
type Part<R extends RouteConfig, K extends string> = R["request"] extends {
  [P in K]: infer S extends z.ZodType;
}
  ? S
  : never;

type JsonSchema<C> = C extends { content: { "application/json": { schema: infer S extends z.ZodType } } }
  ? S
  : never;

/** What a route's path parameters take, as the contract's schema reads them. */
export type ParamsOf<R extends RouteConfig> = z.input<Part<R, "params">>;

/**
 * What a route's query takes: each field optional (the server fills in its defaults), typed as
 * the contract reads it (numbers as numbers, though they travel as text).
 */
export type QueryOf<R extends RouteConfig> = Partial<z.output<Part<R, "query">>>;

/** What a route's JSON body takes: durations as text or milliseconds, defaults left out. */
export type BodyOf<R extends RouteConfig> = z.input<JsonSchema<NonNullable<R["request"]>["body"]>>;

/** What a route answers on success (200, else 201), as JSON. */
export type ResultOf<R extends RouteConfig> = z.output<
  JsonSchema<
    R["responses"] extends { 200: infer A } ? A : R["responses"] extends { 201: infer B } ? B : never
  >
>;

/** The problem+json body every admin failure carries. */
export type AdminProblem = z.infer<typeof PosProblem>;

type Has<T, K extends string, Optional extends boolean> = [T] extends [never]
  ? { [P in K]?: never }
  : Optional extends true
    ? { [P in K]?: T }
    : { [P in K]: T };

/** The parts of one request to route `R`, each typed by the route's own schemas. */
export type RouteInput<R extends RouteConfig> = Has<ParamsOf<R>, "params", false> &
  Has<QueryOf<R>, "query", true> &
  Has<BodyOf<R>, "body", false>;

/**
 * A non-2xx answer of the admin API: its status and, when the body is problem+json (or any
 * JSON), that body; `text` keeps it as sent.
 */
export class MockPosAdminError extends Error {
  override readonly name = "MockPosAdminError";
  readonly status: number;
  readonly method: string;
  readonly path: string;
  /** The parsed problem body, or null when the answer was not JSON (a proxy's page, an empty 404). */
  readonly problem: AdminProblem | null;
  readonly text: string;

  constructor(options: {
    status: number;
    method: string;
    path: string;
    problem: AdminProblem | null;
    text: string;
  }) {
    const { status, method, path, problem, text } = options;
    const why = problem ? `${problem.code}: ${problem.detail}` : text.slice(0, 200) || "no body";
    super(`${method} ${path} answered ${status} (${why})`);
    this.status = status;
    this.method = method;
    this.path = path;
    this.problem = problem;
    this.text = text;
  }

  /** The stable failure code (`VALIDATION`, `NOT_FOUND`, `LOCKED`, …), when the body named one. */
  get code(): string | null {
    return this.problem?.code ?? null;
  }
}

/** The path of a route with its `{name}` parameters filled in (each URI-encoded). */
export function routePath(template: string, params: Record<string, string> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new TypeError(`${template}: no value for {${name}}`);
    return encodeURIComponent(value);
  });
}

/** A query string (with its `?`) of the values that are set; empty when none is. */
export function queryString(query: Record<string, unknown> = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : "";
}
