import type { RouteConfig } from "@hono/zod-openapi";
import {
  type AdminProblem,
  MockPosAdminError,
  queryString,
  type ResultOf,
  type RouteInput,
  routePath,
} from "./route.ts";

/** How the client sends a request: `fetch`, or anything shaped like it (`app.request`). */
export type AdminFetch = (url: string, init: RequestInit) => Promise<Response>;

export interface TransportOptions {
  baseUrl: string;
  token?: string;
  fetch?: AdminFetch;
}

/** One request to a route of the contract, answered by its parsed 2xx body or a `MockPosAdminError`. */
export interface Transport {
  json<R extends RouteConfig>(route: R, input: RouteInput<R>): Promise<ResultOf<R>>;
  text<R extends RouteConfig>(route: R, input: RouteInput<R>): Promise<string>;
}

function problemOf(text: string, contentType: string): AdminProblem | null {
  if (!/json/.test(contentType)) return null;
  try {
    const body: unknown = JSON.parse(text);
    // Only a body that names its failure is a problem; any other JSON stays in `text`.
    return body !== null && typeof body === "object" && typeof (body as { code?: unknown }).code === "string"
      ? (body as AdminProblem)
      : null;
  } catch {
    return null;
  }
}

export function createTransport(options: TransportOptions): Transport {
  const base = options.baseUrl.replace(/\/+$/, "");
  const send: AdminFetch = options.fetch ?? ((url, init) => fetch(url, init));

  async function exchange<R extends RouteConfig>(route: R, input: RouteInput<R>): Promise<string> {
    const { params, query, body } = input as {
      params?: Record<string, string>;
      query?: object;
      body?: unknown;
    };
    const method = route.method.toUpperCase();
    const path = `${routePath(route.path, params)}${queryString(query as Record<string, unknown>)}`;
    const headers: Record<string, string> = { accept: "application/json, application/x-ndjson" };
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
    if (body !== undefined) headers["content-type"] = "application/json";
    const res = await send(`${base}${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    if (res.status < 200 || res.status > 299) {
      const problem = problemOf(text, res.headers.get("content-type") ?? "");
      throw new MockPosAdminError({ status: res.status, method, path, problem, text });
    }
    return text;
  }

  return {
    async json(route, input) {
      return JSON.parse(await exchange(route, input));
    },
    text: exchange,
  };
}
