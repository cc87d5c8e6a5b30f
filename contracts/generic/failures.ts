import type { FailureCode } from "../vocabulary.ts";

export interface FailureTemplate {
  status: number;
  title: string;
  /** Whether the same request may succeed later without being changed. */
  retryable: boolean;
}

/**
 * How the generic dialect renders each failure: status, title, retryability. One table, read
 * by the error renderer and by the OpenAPI document, so what is served is what is published.
 */
export const GENERIC_FAILURES: Record<FailureCode, FailureTemplate> = {
  LOCKED: { status: 423, title: "Order is open at a terminal", retryable: true },
  UNREACHABLE: { status: 502, title: "Location POS is unreachable", retryable: true },
  TIMEOUT: { status: 504, title: "Location POS did not answer in time", retryable: true },
  SHIFT_CLOSING: { status: 503, title: "Shift is closing", retryable: true },
  UNAUTHORIZED: { status: 401, title: "Missing or invalid credentials", retryable: false },
  FORBIDDEN_LOCATION: { status: 403, title: "Credentials do not grant this location", retryable: false },
  RATE_LIMITED: { status: 429, title: "Too many requests", retryable: true },
  SERVER_ERROR: { status: 500, title: "POS internal error", retryable: true },
  VALIDATION: { status: 400, title: "Request is not valid", retryable: false },
  PAYLOAD_TOO_LARGE: {
    status: 413,
    title: "Request body (413) or headers (431) too large",
    retryable: false,
  },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: "Body must be application/json", retryable: false },
  NOT_FOUND: { status: 404, title: "Not found", retryable: false },
  METHOD_NOT_ALLOWED: { status: 405, title: "Method not allowed", retryable: false },
  IDEMPOTENCY_CONFLICT: {
    status: 409,
    title: "Idempotency key or external id reused with a different request",
    retryable: false,
  },
  ORDER_CLOSED: { status: 409, title: "Order is closed", retryable: false },
  ITEM_UNAVAILABLE: { status: 409, title: "Item is sold out", retryable: false },
  INVALID_TRANSITION: { status: 409, title: "Status change not allowed", retryable: false },
  VERSION_CONFLICT: { status: 409, title: "Order changed since the given version", retryable: false },
};

/** The problem type URI of a code: stable, documented, and the same in every response. */
export function problemType(code: FailureCode): string {
  return `https://mockpos.dev/problems/${code.toLowerCase().replaceAll("_", "-")}`;
}
