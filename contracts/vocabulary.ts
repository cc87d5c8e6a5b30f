// The words and limits every wire format shares with the simulator's domain. They live here, the
// lower layer, so the contracts describe the simulator without importing it.

/** The failure vocabulary (DESIGN.md) plus the few domain refusals a real POS makes. */
export const FAILURE_CODES = [
  "LOCKED",
  "UNREACHABLE",
  "TIMEOUT",
  "SHIFT_CLOSING",
  "UNAUTHORIZED",
  "FORBIDDEN_LOCATION",
  "RATE_LIMITED",
  "SERVER_ERROR",
  "VALIDATION",
  "PAYLOAD_TOO_LARGE",
  "UNSUPPORTED_MEDIA_TYPE",
  "NOT_FOUND",
  "METHOD_NOT_ALLOWED",
  "IDEMPOTENCY_CONFLICT",
  "ORDER_CLOSED",
  "ITEM_UNAVAILABLE",
  "INVALID_TRANSITION",
  "VERSION_CONFLICT",
] as const;

export type FailureCode = (typeof FAILURE_CODES)[number];

/** Kitchen / fulfilment progress, independent of payment (Deliverect-like). */
export type Fulfilment = "new" | "accepted" | "preparing" | "ready" | "completed" | "canceled";

export type ReservationStatus = "requested" | "accepted" | "seated" | "completed" | "canceled" | "no_show";

/** Bookings further ahead than this are refused: no restaurant plans its floor a season out. */
export const MAX_DAYS_AHEAD = 90;

/** Larger groups book by phone: online booking takes parties up to this size. */
export const MAX_PARTY = 20;
