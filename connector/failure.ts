import type { z } from "zod";
import type { FailureCode } from "../simulator/domain/errors.ts";

export type { FailureCode };

export interface PosFailureDetails {
  /** HTTP status, 0 when no answer came. */
  status: number;
  /** How long the POS asked us to wait (Retry-After, or a body field), in ms. */
  retryAfterMs?: number;
  /** The dialect's own code, as sent (Elyx `2001`, Sinqro `ORDER_LOCKED`). */
  vendorCode?: string;
  /** A POS order the failure points at (an external id already used names its order). */
  orderId?: string;
}

/**
 * A POS call that did not succeed, in the failure vocabulary of DESIGN.md. Adapters throw it,
 * the engine decides on `code` alone: retry soon, retry slowly, wait for the link, or give up.
 */
export class PosFailure extends Error {
  readonly code: FailureCode;
  readonly details: PosFailureDetails;

  constructor(code: FailureCode, message: string, details: PosFailureDetails) {
    super(message);
    this.name = "PosFailure";
    this.code = code;
    this.details = details;
  }

  /** No answer at all: the request may or may not have reached the POS. */
  get answerLost(): boolean {
    return this.details.status === 0 || this.code === "TIMEOUT";
  }
}

/** Seconds (or an HTTP date) from a Retry-After header, as ms; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (header === null || header.trim() === "") return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * What an adapter reads of a 2xx answer, checked against the lenient schema of what the engine
 * needs: an answer it cannot read is the POS's fault, not ours — a retryable SERVER_ERROR
 * "malformed answer", never a crash.
 */
export function readAnswer<T>(schema: z.ZodType<T>, body: unknown, operation: string): T {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? ` at ${issue.path.join(".")}` : "";
  throw new PosFailure("SERVER_ERROR", `${operation}: malformed answer (${issue?.message}${where})`, {
    status: 200,
  });
}

/**
 * What an answer's status means when its body names no code the adapter knows (a proxy in front of
 * the POS answered, say): one table for every dialect.
 */
export const FAILURE_BY_STATUS: Readonly<Record<number, FailureCode>> = {
  400: "VALIDATION",
  401: "UNAUTHORIZED",
  403: "FORBIDDEN_LOCATION",
  404: "NOT_FOUND",
  405: "METHOD_NOT_ALLOWED",
  413: "PAYLOAD_TOO_LARGE",
  415: "UNSUPPORTED_MEDIA_TYPE",
  423: "LOCKED",
  429: "RATE_LIMITED",
  502: "UNREACHABLE",
  503: "UNREACHABLE",
  504: "TIMEOUT",
};

/** The failure a status means by itself: the table above, else any other 5xx a server error, 4xx a refusal. */
export function failureOfStatus(
  status: number,
  table: Readonly<Record<number, FailureCode>> = FAILURE_BY_STATUS,
): FailureCode {
  return table[status] ?? (status >= 500 ? "SERVER_ERROR" : "VALIDATION");
}
