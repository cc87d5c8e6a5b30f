import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { GENERIC_FAILURES, problemType } from "../../contracts/generic/failures.ts";
import type { ProblemBody } from "../../contracts/problem.ts";
import { type FailureCode, PosError } from "../domain/errors.ts";
import { ConnectionDropped } from "../faults/connection.ts";
import type { AppEnv } from "./env.ts";

const HTTP_STATUS_CODES: Record<number, FailureCode> = {
  401: "UNAUTHORIZED",
  403: "FORBIDDEN_LOCATION",
  404: "NOT_FOUND",
  405: "METHOD_NOT_ALLOWED",
  413: "PAYLOAD_TOO_LARGE",
  415: "UNSUPPORTED_MEDIA_TYPE",
  429: "RATE_LIMITED",
};

/** Whatever was thrown, as a PosError; anything unexpected is a SERVER_ERROR and is logged, since it is a bug. */
export function toPosError(err: unknown): PosError {
  if (err instanceof PosError) return err;
  if (err instanceof HTTPException) {
    const code = HTTP_STATUS_CODES[err.status] ?? (err.status < 500 ? "VALIDATION" : "SERVER_ERROR");
    const message = err.status === 400 && /json/i.test(err.message) ? "body is not valid JSON" : err.message;
    return new PosError(
      code,
      message || code,
      code === "VALIDATION" ? { invalidParams: [{ name: "body", reason: message }] } : {},
    );
  }
  console.error("mockpos: unexpected error", err);
  return new PosError("SERVER_ERROR", "unexpected error in the simulator");
}

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

/** The one place errors become responses. */
export function onError(err: unknown, c: Context<AppEnv>): Response {
  // A dropped connection has no response: it travels on to the server, which cuts the socket.
  if (err instanceof ConnectionDropped) throw err;
  const pos = toPosError(err);
  c.set("outcome", pos.code);
  const body = genericProblem(pos, c.req.path);
  const headers: Record<string, string> = { "content-type": "application/problem+json" };
  if (pos.details.retryAfter !== undefined) headers["retry-after"] = String(pos.details.retryAfter);
  if (pos.code === "UNAUTHORIZED") headers["www-authenticate"] = 'Basic realm="mockpos", charset="UTF-8"';
  return new Response(JSON.stringify(body), { status: body.status, headers });
}
