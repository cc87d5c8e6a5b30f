import { FAILURE_CODES, type FailureCode } from "../../contracts/vocabulary.ts";

// The codes are part of the wire contracts (contracts/vocabulary.ts). Domain code throws
// PosError; each dialect renders it once, in its own words.
export { FAILURE_CODES, type FailureCode };

export interface InvalidParam {
  /** Where the problem is: `body.items[0].quantity`, `query.view`, `header.Idempotency-Key`. */
  name: string;
  reason: string;
}

export interface PosErrorDetails {
  invalidParams?: InvalidParam[];
  /** Seconds until a retry may succeed (Retry-After). */
  retryAfter?: number;
  /** A status other than the dialect's usual one for this code (a gateway answering 503 instead of 502). */
  status?: number;
  /** Extra machine-readable facts, e.g. the terminal holding a lock. */
  extensions?: Record<string, unknown>;
  /** Response headers the failure carries in every dialect (`Allow` on a 405). */
  headers?: Record<string, string>;
}

/**
 * A wait told to a client (`Retry-After`, a body's `retryAfter`) in whole seconds of the
 * simulator's clock: rounded up, at least 1. Every refusal with a time to wait — a lock, a
 * closing shift, a rate limit — in every dialect goes through this one rounding.
 */
export function retryAfterSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

export class PosError extends Error {
  readonly code: FailureCode;
  readonly details: PosErrorDetails;

  constructor(code: FailureCode, message: string, details: PosErrorDetails = {}) {
    super(message);
    this.name = "PosError";
    this.code = code;
    this.details = details;
  }
}

/** Shorthand for a VALIDATION error about one field, named where the request carries it (`body.tableId`). */
export function invalid(name: string, reason: string): PosError {
  return new PosError("VALIDATION", `${name}: ${reason}`, { invalidParams: [{ name, reason }] });
}

export function notFound(what: string, id: string): PosError {
  return new PosError("NOT_FOUND", `${what} '${id}' does not exist`, { extensions: { resource: what, id } });
}
