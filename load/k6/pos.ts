// POS requests as k6 sends them, whatever the dialect. Every request carries its canonical
// operation as the `operation` tag, a URL template as `name` (one time series per route, not one
// per location), and the phase it belongs to; every failure is counted under its canonical code,
// read from the error body the dialect's way.
import http, { type RefinedResponse, type ResponseType } from "k6/http";
import { Counter, Rate } from "k6/metrics";
import type { LoadOperation } from "./cadence.ts";
import { readConfig } from "./config.ts";
import type { LocationCredentials } from "./credentials.ts";
import { dialectOf } from "./dialects/index.ts";
import type { Step, StepInput } from "./dialects/types.ts";
import { ERRORS_METRIC, FAILURE_CODES, INJECTED_METRIC, UNEXPECTED_METRIC } from "./thresholds.ts";

/** The phase a request belongs to: the daily refresh, service's warm-up, or service itself. */
export type Phase = "pre-service" | "warm-up" | "service";

const errors = new Counter(ERRORS_METRIC);
const injected = new Counter(INJECTED_METRIC);
const unexpected = new Rate(UNEXPECTED_METRIC);
const CONFIG = readConfig(__ENV);
const DIALECT = dialectOf(CONFIG.dialect);
// Only a run with fault rules pays for telling their outcomes apart.
const INJECTED_FAULTS = CONFIG.injectedFaults;
const KNOWN_CODES: ReadonlySet<string> = new Set(FAILURE_CODES);
// Critical-path writes "complete in seconds"; an answer later than this is a failure, not a wait.
const REQUEST_TIMEOUT = "10s";

/** A request for http.batch or http.request: method, URL, body and params with all the tags. */
export interface PosRequest {
  method: "GET" | "POST";
  url: string;
  body: string | null;
  params: {
    headers: Record<string, string>;
    tags: Record<string, string>;
    responseType: "text";
    timeout: string;
  };
  operation: LoadOperation;
  expected: number;
  /** Parse the body: only answers the script reads (lists, menus, orders) are worth the CPU. */
  parse: boolean;
}

/**
 * Builds one step of the run's dialect for a location; throws for a step the dialect lacks (the
 * plan never schedules one).
 */
export function posRequest(
  step: Step,
  loc: LocationCredentials,
  baseUrl: string,
  phase: Phase,
  input: StepInput = {},
): PosRequest {
  const build = DIALECT.steps[step];
  if (build === undefined) throw new Error(`the ${DIALECT.name} dialect has no ${step}`);
  const r = build(loc, baseUrl, input);
  return {
    method: r.method,
    url: r.url,
    body: r.body,
    params: {
      headers: r.headers,
      tags: { operation: r.operation, name: r.name, phase },
      responseType: "text",
      timeout: REQUEST_TIMEOUT,
    },
    operation: r.operation,
    expected: r.expected,
    parse: r.parse,
  };
}

/**
 * Sends one request and judges it: undefined when it failed, else the parsed JSON body (or `true`
 * for a request that is not parsed).
 */
export function send(req: PosRequest): unknown {
  return judge(req, http.request(req.method, req.url, req.body, req.params));
}

/** Sends requests together (at most as many in flight as given) and judges each. */
export function sendAll(reqs: PosRequest[]): unknown[] {
  const responses = http.batch(reqs.map((r) => [r.method, r.url, r.body, r.params] as const));
  return reqs.map((r, i) => judge(r, responses[i] as RefinedResponse<ResponseType>));
}

function judge(req: PosRequest, res: RefinedResponse<ResponseType>): unknown {
  // No check(): http_req_failed and pos_errors already say it, and k6 runs on the same cores.
  if (res.status !== req.expected) {
    const tags = { operation: req.operation, code: failureCode(res) };
    // A rule that shaped the answer names itself; the failure is then what the scenario asked for.
    const intended = INJECTED_FAULTS && res.headers["X-Mockpos-Fault"] !== undefined;
    if (intended) injected.add(1, tags);
    else errors.add(1, tags);
    if (INJECTED_FAULTS) unexpected.add(!intended, { operation: req.operation });
    return undefined;
  }
  if (INJECTED_FAULTS) unexpected.add(false, { operation: req.operation });
  if (!req.parse) return true;
  try {
    return JSON.parse(String(res.body));
  } catch {
    errors.add(1, { operation: req.operation, code: "OTHER" });
    return undefined;
  }
}

// The dialect reads its own error body (problem+json `code`, Elyx's numeric code, Sinqro's code).
function failureCode(res: RefinedResponse<ResponseType>): string {
  if (res.status === 0) return "NETWORK";
  try {
    const code = DIALECT.failure(JSON.parse(String(res.body)));
    return code !== undefined && KNOWN_CODES.has(code) ? code : "OTHER";
  } catch {
    return "OTHER";
  }
}
