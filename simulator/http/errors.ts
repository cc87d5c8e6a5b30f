import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
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

/**
 * How one dialect words a failure: the whole response, so a vendor style can pick its own
 * status, body shape, content type and headers. It must not throw.
 */
export type ErrorRenderer = (err: PosError, c: Context<AppEnv>) => Response;

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

/** The one place errors become responses, in the words of the dialect `render` speaks for. */
export function errorHandler(render: ErrorRenderer) {
  return (err: unknown, c: Context<AppEnv>): Response => {
    // A dropped connection has no response: it travels on to the server, which cuts the socket.
    if (err instanceof ConnectionDropped) throw err;
    const pos = toPosError(err);
    c.set("outcome", pos.code);
    const res = render(pos, c);
    for (const [name, value] of Object.entries(pos.details.headers ?? {})) res.headers.set(name, value);
    return res;
  };
}
