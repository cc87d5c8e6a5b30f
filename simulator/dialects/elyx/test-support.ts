import type { RouteConfig } from "@hono/zod-openapi";
import type { z } from "zod";
import { ELYX_FAILURES, ElyxError } from "../../../contracts/elyx/failures.ts";
import { ELYX_ROUTES } from "../../../contracts/elyx/routes.ts";
import { parseOrThrow, routeMatcher } from "../../../test/support/contract.ts";
import { START } from "../../../test/support/pos.ts";
import { createMockPos } from "../../app.ts";
import { VirtualClock } from "../../clock/index.ts";
import { FAILURE_CODES } from "../../domain/errors.ts";
import type { Location } from "../../domain/types.ts";
import type { SimulatorOptions } from "../../state.ts";

/** Test helpers for the Elyx dialect: requests through `app.request`, each checked against the contract. */

export { START };

export interface Sent {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read response bodies the contract check has already validated
  body: any;
  text: string;
}

export interface ElyxRequest {
  body?: unknown;
  raw?: string;
  headers?: Record<string, string>;
  /** The API key to send: the server's group key by default, false for none. */
  key?: string | false;
}

const matchRoute = routeMatcher(ELYX_ROUTES as RouteConfig[]);

/**
 * Checks a response against the Elyx contract: the route documents the status, the body parses
 * with its schema, and an error's numeric code is one the route lists for that status and
 * matches the failure table. Paths outside the contract must still answer an Elyx error.
 */
export function checkElyxResponse(method: string, path: string, status: number, type: string, body: unknown) {
  const route = matchRoute(method, path);
  const where = `${method} ${path} ${status}`;
  if (!route) {
    if (type !== "application/json") throw new Error(`${where} is in no contract and answered ${type}`);
    checkError(ElyxError.parse(body), status, where);
    return;
  }
  const documented = route.responses[status] as
    | { description: string; content?: Record<string, { schema: z.ZodType }> }
    | undefined;
  if (!documented) throw new Error(`${where}: status not in the contract: ${JSON.stringify(body)}`);
  const schema = documented.content?.[type]?.schema;
  if (!schema) throw new Error(`${where}: answered ${type}, not what the contract documents`);
  parseOrThrow(schema, body, where);
  if (status >= 400) {
    const error = checkError(body as z.infer<typeof ElyxError>, status, where);
    if (!documented.description.includes(`${error.code} ${error.type}`))
      throw new Error(`${where}: error ${error.code} is not documented for this status on this route`);
  }
}

function checkError(body: z.infer<typeof ElyxError>, status: number, where: string) {
  const { error } = body;
  const code = FAILURE_CODES.find((c) => ELYX_FAILURES[c].code === error.code);
  if (!code) throw new Error(`${where}: error code ${error.code} is not in ELYX_FAILURES`);
  const f = ELYX_FAILURES[code];
  const statusOk =
    f.status === status ||
    (code === "UNREACHABLE" && status === 503) ||
    (code === "PAYLOAD_TOO_LARGE" && status === 431);
  if (!statusOk || f.name !== error.type || f.retryable !== error.retry)
    throw new Error(`${where}: ${JSON.stringify(error)} disagrees with ELYX_FAILURES.${code}`);
  return error;
}

/** A simulator on a virtual clock and a request function for its Elyx app. */
export function elyxPos(options: SimulatorOptions = {}) {
  const clock = new VirtualClock(START);
  const mock = createMockPos({ seed: "test", locations: 3, locale: "es", clock, ...options });
  const { sim } = mock;
  const app = mock.dialects.elyx.app;

  async function request(method: string, path: string, o: ElyxRequest = {}): Promise<Sent> {
    const headers: Record<string, string> = { ...o.headers };
    const key = o.key === undefined ? sim.chain.credentials.groupKey : o.key;
    if (key !== false) headers["x-api-key"] = key;
    let body = o.raw;
    if (o.body !== undefined) {
      body = JSON.stringify(o.body);
      headers["content-type"] ??= "application/json";
    }
    const res = await app.request(path, { method, headers, body });
    const text = await res.text();
    const type = (res.headers.get("content-type") ?? "").split(";")[0]?.trim() ?? "";
    const parsed: unknown = type === "application/json" ? JSON.parse(text) : text;
    checkElyxResponse(method, path.split("?")[0] ?? path, res.status, type, parsed);
    return { status: res.status, headers: res.headers, body: parsed, text };
  }

  const get = (path: string, o: ElyxRequest = {}) => request("GET", path, o);
  const post = (path: string, body: unknown, o: ElyxRequest = {}) => request("POST", path, { ...o, body });

  /** The admin API (main app), to act as the restaurant's staff. */
  async function admin(method: string, path: string, body?: unknown) {
    const res = await mock.app.request(path, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    // biome-ignore lint/suspicious/noExplicitAny: the admin API's answers are read loosely, as in test/support
    return { status: res.status, body: (await res.json()) as any };
  }

  const location = (i = 0): Location => {
    const l = sim.chain.locations[i];
    if (!l) throw new Error(`no location ${i}`);
    return l;
  };
  const keyOf = (i = 0) => location(i).credentials.apiKey;
  const lastEntry = () => [...sim.journal.entries()].at(-1);

  return { sim, clock, app, mock, request, get, post, admin, location, keyOf, lastEntry };
}

export type ElyxPos = ReturnType<typeof elyxPos>;
