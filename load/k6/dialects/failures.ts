// The vendor error codes as canonical failures, as plain data: k6 loads this file as it is, so
// it cannot import the contracts' tables (they pull in zod). load/test/dialects.test.ts checks
// that these agree with ELYX_FAILURES and SINQRO_FAILURES.

/** Elyx numeric `error.code` → canonical failure (contracts/elyx/failures.ts). */
export const ELYX_CODES: Readonly<Record<number, string>> = {
  1001: "UNAUTHORIZED",
  1002: "FORBIDDEN_LOCATION",
  1003: "RATE_LIMITED",
  1100: "VALIDATION",
  1101: "PAYLOAD_TOO_LARGE",
  1102: "UNSUPPORTED_MEDIA_TYPE",
  1103: "METHOD_NOT_ALLOWED",
  1104: "NOT_FOUND",
  1105: "IDEMPOTENCY_CONFLICT",
  2001: "LOCKED",
  2002: "ORDER_CLOSED",
  2003: "VERSION_CONFLICT",
  2004: "ITEM_UNAVAILABLE",
  2005: "INVALID_TRANSITION",
  3001: "SHIFT_CLOSING",
  9001: "SERVER_ERROR",
  9002: "UNREACHABLE",
  9003: "TIMEOUT",
};

/** Sinqro `error.code` → canonical failure (contracts/sinqro/failures.ts). */
export const SINQRO_CODES: Readonly<Record<string, string>> = {
  ORDER_LOCKED: "LOCKED",
  POS_UNREACHABLE: "UNREACHABLE",
  POS_TIMEOUT: "TIMEOUT",
  CASH_CLOSING: "SHIFT_CLOSING",
  INVALID_ACCESS_TOKEN: "UNAUTHORIZED",
  RESTAURANT_NOT_ALLOWED: "FORBIDDEN_LOCATION",
  TOO_MANY_REQUESTS: "RATE_LIMITED",
  INTERNAL_ERROR: "SERVER_ERROR",
  VALIDATION_ERROR: "VALIDATION",
  PAYLOAD_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  UNSUPPORTED_MEDIA_TYPE: "UNSUPPORTED_MEDIA_TYPE",
  NOT_FOUND: "NOT_FOUND",
  METHOD_NOT_ALLOWED: "METHOD_NOT_ALLOWED",
  DUPLICATE_REFERENCE: "IDEMPOTENCY_CONFLICT",
  ORDER_CLOSED: "ORDER_CLOSED",
  PRODUCT_UNAVAILABLE: "ITEM_UNAVAILABLE",
  // Narrower than its failure: the whole restaurant is temporarily closed.
  RESTAURANT_CLOSED: "ITEM_UNAVAILABLE",
  INVALID_STATUS_TRANSITION: "INVALID_TRANSITION",
  VERSION_CONFLICT: "VERSION_CONFLICT",
};
