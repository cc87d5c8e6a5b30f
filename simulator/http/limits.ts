import { REQUEST_LIMITS } from "../../contracts/common.ts";

/** Largest request body accepted; a real POS gateway refuses more too. */
export const MAX_BODY_BYTES = REQUEST_LIMITS.body.maxBytes;

/** Largest request head (request line and header fields, as sent) a served dialect reads; more is 431. */
export const MAX_HEADER_BYTES = REQUEST_LIMITS.headers.maxBytes;

/**
 * Set in the `env` of a request the server made up for a client whose headers overflowed
 * {@link MAX_HEADER_BYTES}: the dialect answers it with its own 431 (and journals it) without
 * running a route. Only the server can set it; no header a client sends can.
 */
export const HEADER_OVERFLOW = Symbol.for("mockpos.headerOverflow");
