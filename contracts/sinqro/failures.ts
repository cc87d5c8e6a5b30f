import type { FailureCode } from "../vocabulary.ts";

export interface SinqroFailure {
  /** Sinqro's machine code, sent as `error.code`. */
  code: string;
  status: number;
  title: string;
  /** Whether the same request may succeed later unchanged (sent as `error.retryable`). */
  retryable: boolean;
}

/**
 * How the Sinqro-passive dialect renders each failure: one Sinqro code per canonical failure,
 * read by the error renderer and published as `x-mockpos-failures`, so what is served is what
 * is documented. RATE_LIMITED and SHIFT_CLOSING carry Retry-After, and LOCKED does when the
 * terminal's hold has an end.
 */
export const SINQRO_FAILURES: Record<FailureCode, SinqroFailure> = {
  LOCKED: {
    code: "ORDER_LOCKED",
    status: 423,
    title: "A waiter has the order open at a terminal",
    retryable: true,
  },
  UNREACHABLE: {
    code: "POS_UNREACHABLE",
    status: 502,
    title: "The restaurant's POS cannot be reached (503 when a gateway says so)",
    retryable: true,
  },
  TIMEOUT: {
    code: "POS_TIMEOUT",
    status: 504,
    title: "The restaurant's POS did not answer in time",
    retryable: true,
  },
  SHIFT_CLOSING: {
    code: "CASH_CLOSING",
    status: 503,
    title: "The till is being closed (end of shift); writes resume after Retry-After",
    retryable: true,
  },
  UNAUTHORIZED: {
    code: "INVALID_ACCESS_TOKEN",
    status: 401,
    title: "x-api-server-access-token or x-api-user-access-token missing or not valid",
    retryable: false,
  },
  FORBIDDEN_LOCATION: {
    code: "RESTAURANT_NOT_ALLOWED",
    status: 403,
    title: "The tokens do not grant this restaurant",
    retryable: false,
  },
  RATE_LIMITED: {
    code: "TOO_MANY_REQUESTS",
    status: 429,
    title: "Too many requests (see Retry-After)",
    retryable: true,
  },
  SERVER_ERROR: {
    code: "INTERNAL_ERROR",
    status: 500,
    title: "The POS failed to process the request",
    retryable: true,
  },
  VALIDATION: {
    code: "VALIDATION_ERROR",
    status: 400,
    title: "The request is not valid (see error.fields)",
    retryable: false,
  },
  PAYLOAD_TOO_LARGE: {
    code: "PAYLOAD_TOO_LARGE",
    status: 413,
    title: "Request body (413) or headers (431) too large",
    retryable: false,
  },
  UNSUPPORTED_MEDIA_TYPE: {
    code: "UNSUPPORTED_MEDIA_TYPE",
    status: 415,
    title: "The body must be application/json",
    retryable: false,
  },
  NOT_FOUND: {
    code: "NOT_FOUND",
    status: 404,
    title: "No such resource at this restaurant",
    retryable: false,
  },
  METHOD_NOT_ALLOWED: {
    code: "METHOD_NOT_ALLOWED",
    status: 405,
    title: "Method not allowed",
    retryable: false,
  },
  IDEMPOTENCY_CONFLICT: {
    code: "DUPLICATE_REFERENCE",
    status: 409,
    title: "The externalReference or X-Idempotency-Key was already used for another request",
    retryable: false,
  },
  ORDER_CLOSED: {
    code: "ORDER_CLOSED",
    status: 409,
    title: "The order is already paid or voided",
    retryable: false,
  },
  ITEM_UNAVAILABLE: {
    code: "PRODUCT_UNAVAILABLE",
    status: 409,
    title: "A product is sold out (error.details.productIds)",
    retryable: false,
  },
  INVALID_TRANSITION: {
    code: "INVALID_STATUS_TRANSITION",
    status: 409,
    title: "The status machine does not allow that change (error.details.from, to, allowed)",
    retryable: false,
  },
  VERSION_CONFLICT: {
    code: "VERSION_CONFLICT",
    status: 409,
    title: "The resource changed meanwhile",
    retryable: false,
  },
};

/**
 * The one refusal that is narrower than its canonical failure: ITEM_UNAVAILABLE because the
 * whole restaurant is temporarily closed (an order, or a booking inside the closing).
 */
export const SINQRO_RESTAURANT_CLOSED: SinqroFailure & { failure: FailureCode } = {
  failure: "ITEM_UNAVAILABLE",
  code: "RESTAURANT_CLOSED",
  status: 409,
  title: "The restaurant is temporarily closed (error.details.closedUntil, reason)",
  retryable: false,
};

/** Every `error.code` the dialect can send. */
export const SINQRO_ERROR_CODES: readonly string[] = [
  ...new Set([...Object.values(SINQRO_FAILURES).map((f) => f.code), SINQRO_RESTAURANT_CLOSED.code]),
];
