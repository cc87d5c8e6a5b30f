import type { RouteConfig } from "@hono/zod-openapi";
import type { z } from "zod";
import { SinqroError } from "../../../contracts/sinqro/common.ts";
import { SINQRO_ROUTES } from "../../../contracts/sinqro/routes.ts";
import { parseOrThrow, routeMatcher } from "../../../test/support/contract.ts";
import { START } from "../../../test/support/pos.ts";
import { createMockPos } from "../../app.ts";
import { VirtualClock } from "../../clock/index.ts";
import type { Location } from "../../domain/types.ts";
import type { SimulatorOptions } from "../../state.ts";

/** Test support for the Sinqro dialect (imported by its tests only). */

export { START };
export const BASE = "/sinqro/v1";

export interface SinqroRequest {
  body?: unknown;
  /** Raw body text, sent as is. */
  raw?: string;
  headers?: Record<string, string>;
  /** Whose user token to send (default the first location), or false for none. */
  as?: Location | false;
  /** The server token to send instead of the chain's, or false for none. */
  server?: string | false;
}

export interface Answer {
  status: number;
  headers: Headers;
  /** Parsed JSON, already checked against the contract. */
  // biome-ignore lint/suspicious/noExplicitAny: tests read answers loosely; checkSinqro has validated them
  body: any;
  text: string;
}

const matchRoute = routeMatcher(SINQRO_ROUTES as RouteConfig[]);

/** Every (operationId, status) the Sinqro tests have seen. */
export const seen = new Map<string, Set<number>>();

/** Checks an answer against the Sinqro contract: a documented status, and a body its schema parses. */
export function checkSinqro(
  method: string,
  path: string,
  status: number,
  contentType: string,
  body: unknown,
): void {
  const route = matchRoute(method, path);
  const type = contentType.split(";")[0]?.trim() ?? "";
  if (type !== "application/json") throw new Error(`${method} ${path} answered ${status} ${type}`);
  if (!route) {
    parseOrThrow(SinqroError, body, `${method} ${path} ${status}`);
    return;
  }
  const id = String(route.operationId);
  seen.set(id, (seen.get(id) ?? new Set()).add(status));
  const documented = route.responses[status] as
    | { content?: Record<string, { schema: z.ZodType }> }
    | undefined;
  const schema = documented?.content?.[type]?.schema;
  if (!schema)
    throw new Error(
      `${id} answered ${status}, which its contract does not document: ${JSON.stringify(body)}`,
    );
  parseOrThrow(schema, body, `${id} ${status}`);
}

/** A simulator on a virtual clock and a request function through the Sinqro app, contract-checked. */
export function sinqroPos(options: SimulatorOptions = {}) {
  const clock = new VirtualClock(START);
  const pos = createMockPos({ seed: "test", locations: 2, locale: "es", clock, ...options });
  const { sim } = pos;
  const app = pos.dialects.sinqro.app;
  const location = (i = 0): Location => {
    const l = sim.chain.locations[i];
    if (!l) throw new Error(`no location ${i}`);
    return l;
  };

  async function request(method: string, path: string, o: SinqroRequest = {}): Promise<Answer> {
    const headers: Record<string, string> = {};
    const server = o.server === undefined ? sim.chain.credentials.serverToken : o.server;
    if (server !== false) headers["x-api-server-access-token"] = server;
    const who = o.as === undefined ? location(0) : o.as;
    if (who) headers["x-api-user-access-token"] = who.credentials.apiKey;
    let body = o.raw;
    if (o.body !== undefined) {
      body = JSON.stringify(o.body);
      headers["content-type"] = "application/json";
    }
    const res = await app.request(path, { method, headers: { ...headers, ...o.headers }, body });
    const text = await res.text();
    const contentType = res.headers.get("content-type") ?? "";
    const parsed = /json/.test(contentType) ? JSON.parse(text) : text;
    checkSinqro(method, path.split("?")[0] ?? path, res.status, contentType, parsed);
    return { status: res.status, headers: res.headers, body: parsed, text };
  }

  return { ...pos, app, sim, clock, request, location, generic: pos.app };
}
