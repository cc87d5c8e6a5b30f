import { GENERIC_FAILURES, problemType } from "../../contracts/generic/failures.ts";
import type { ProblemBody } from "../../contracts/problem.ts";
import type { PosError } from "../domain/errors.ts";
import type { ErrorRenderer } from "./errors.ts";

// RFC 9457 problem+json as the generic contract words a failure: the generic dialect, the admin
// API and the ingest receiver all answer in it, so it belongs to the shared HTTP code.

/** The problem+json body for a failure, as the generic dialect (and the admin API) words it. */
export function genericProblem(err: PosError, instance: string): ProblemBody {
  const template = GENERIC_FAILURES[err.code];
  const body: ProblemBody = {
    ...err.details.extensions,
    type: problemType(err.code),
    title: template.title,
    status: err.details.status ?? template.status,
    detail: err.message,
    instance,
    code: err.code,
    retryable: template.retryable,
  };
  if (err.details.invalidParams) body.invalidParams = err.details.invalidParams;
  if (err.details.retryAfter !== undefined) body.retryAfter = err.details.retryAfter;
  return body;
}

/** The generic dialect's rendering: RFC 9457 problem+json, Retry-After and WWW-Authenticate where they apply. */
export const renderProblem: ErrorRenderer = (err, c) => {
  const body = genericProblem(err, c.req.path);
  const headers: Record<string, string> = { "content-type": "application/problem+json" };
  if (err.details.retryAfter !== undefined) headers["retry-after"] = String(err.details.retryAfter);
  if (err.code === "UNAUTHORIZED") headers["www-authenticate"] = 'Basic realm="mockpos", charset="UTF-8"';
  return new Response(JSON.stringify(body), { status: body.status, headers });
};
