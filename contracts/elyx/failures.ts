import { z } from "@hono/zod-openapi";
import type { FailureCode } from "../vocabulary.ts";

export interface ElyxFailure {
  /** The vendor's numeric error code: 1xxx request and access, 2xxx tickets, 3xxx shifts, 9xxx server and link. */
  code: number;
  /** The vendor's symbolic name for the code, sent beside it as `type`. */
  name: string;
  status: number;
  title: string;
  /** Whether the same request may succeed later without being changed (sent as `retry`). */
  retryable: boolean;
}

/**
 * How the Elyx-style dialect renders each failure. One table, read by the error renderer and
 * published in the contract as `x-mockpos-failures`, so what is served is what is documented.
 */
export const ELYX_FAILURES: Record<FailureCode, ElyxFailure> = {
  UNAUTHORIZED: {
    code: 1001,
    name: "API_KEY_INVALID",
    status: 401,
    title: "API key missing or not valid",
    retryable: false,
  },
  FORBIDDEN_LOCATION: {
    code: 1002,
    name: "LOCATION_NOT_ALLOWED",
    status: 403,
    title: "This API key does not grant that location",
    retryable: false,
  },
  RATE_LIMITED: {
    code: 1003,
    name: "TOO_MANY_REQUESTS",
    status: 429,
    title: "Too many requests (see Retry-After)",
    retryable: true,
  },
  VALIDATION: {
    code: 1100,
    name: "INVALID_REQUEST",
    status: 400,
    title: "Request is not valid",
    retryable: false,
  },
  PAYLOAD_TOO_LARGE: {
    code: 1101,
    name: "REQUEST_TOO_LARGE",
    status: 413,
    title: "Request body (413) or headers (431) too large",
    retryable: false,
  },
  UNSUPPORTED_MEDIA_TYPE: {
    code: 1102,
    name: "UNSUPPORTED_CONTENT_TYPE",
    status: 415,
    title: "Body must be application/json",
    retryable: false,
  },
  METHOD_NOT_ALLOWED: {
    code: 1103,
    name: "METHOD_NOT_ALLOWED",
    status: 405,
    title: "Method not allowed",
    retryable: false,
  },
  NOT_FOUND: { code: 1104, name: "NOT_FOUND", status: 404, title: "No such resource", retryable: false },
  IDEMPOTENCY_CONFLICT: {
    code: 1105,
    name: "DUPLICATE_REQUEST",
    status: 409,
    title: "Idempotency-Key or externalId already used for another request",
    retryable: false,
  },
  LOCKED: {
    code: 2001,
    name: "TICKET_LOCKED",
    status: 423,
    title: "Ticket is open at a terminal (the terminal is named)",
    retryable: true,
  },
  ORDER_CLOSED: {
    code: 2002,
    name: "TICKET_CLOSED",
    status: 409,
    title: "Ticket is paid or voided",
    retryable: false,
  },
  VERSION_CONFLICT: {
    code: 2003,
    name: "TICKET_CHANGED",
    status: 409,
    title: "Ticket changed since the given version",
    retryable: false,
  },
  ITEM_UNAVAILABLE: {
    code: 2004,
    name: "ARTICLE_SOLD_OUT",
    status: 409,
    title: "Article is sold out",
    retryable: false,
  },
  INVALID_TRANSITION: {
    code: 2005,
    name: "INVALID_TICKET_STATE",
    status: 409,
    title: "Ticket cannot change to that state",
    retryable: false,
  },
  SHIFT_CLOSING: {
    code: 3001,
    name: "SHIFT_CLOSING",
    status: 503,
    title: "Shift is closing: writes resume when the next opens (see Retry-After)",
    retryable: true,
  },
  SERVER_ERROR: {
    code: 9001,
    name: "INTERNAL_ERROR",
    status: 500,
    title: "POS internal error",
    retryable: true,
  },
  UNREACHABLE: {
    code: 9002,
    name: "LOCATION_OFFLINE",
    status: 502,
    title: "The location's POS cannot be reached (502, or 503 from a gateway)",
    retryable: true,
  },
  TIMEOUT: {
    code: 9003,
    name: "LOCATION_TIMEOUT",
    status: 504,
    title: "The location's POS did not answer in time",
    retryable: true,
  },
};

/** The Elyx error envelope: `{"error": {...}}`, with the numeric code and its symbolic name. */
export const ElyxError = z
  .object({
    error: z.object({
      code: z.number().int().openapi({ example: 2001, description: "Numeric code (x-mockpos-failures)." }),
      type: z.string().openapi({ example: "TICKET_LOCKED" }),
      message: z.string(),
      retry: z.boolean().openapi({ description: "Whether the same request may succeed later." }),
      retryAfter: z.number().int().optional().openapi({ description: "Seconds; also in Retry-After." }),
      fields: z
        .array(z.object({ field: z.string(), reason: z.string() }))
        .optional()
        .openapi({
          description:
            "Each bad field, named where the request carries it: `body.lines[0].articleId`, `query.locations`, `path.ticketId`, `header.Idempotency-Key`.",
        }),
      ticketId: z.string().optional().openapi({
        description:
          "The ticket the error is about (`<location>-<number>`). On 1105 for a reused `externalId`: the ticket that already has it — the create landed earlier, so adopt that ticket rather than open another. On 2001, 2002, 2003: the ticket refused.",
        example: "1-42",
      }),
      ticketStatus: z.string().optional(),
      terminal: z
        .object({ id: z.string(), name: z.string() })
        .optional()
        .openapi({ description: "The terminal holding a locked ticket." }),
      lockedSince: z.string().optional().openapi({ format: "date-time" }),
      version: z.number().int().optional().openapi({ description: "The ticket's current version." }),
      articleIds: z.array(z.string()).optional().openapi({ description: "The sold-out articles." }),
    }),
  })
  .openapi("ElyxError");

export type ElyxErrorBody = z.infer<typeof ElyxError>;

/** The error responses of a route, one per status, each naming the numeric codes it carries. */
export function elyxFailureResponses(codes: readonly FailureCode[]) {
  const byStatus = new Map<number, string[]>();
  const add = (status: number, code: FailureCode) => {
    const f = ELYX_FAILURES[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), `${f.code} ${f.name}`]);
  };
  for (const code of codes) add(ELYX_FAILURES[code].status, code);
  // A gateway in front of an offline location may say 503 rather than 502.
  if (codes.includes("UNREACHABLE")) add(503, "UNREACHABLE");
  // Any request whose request line and headers overflow the limit (x-mockpos-limits).
  add(431, "PAYLOAD_TOO_LARGE");
  return Object.fromEntries(
    [...byStatus].map(([status, names]) => [
      status,
      {
        description: `Elyx error ${names.join(" | ")}`,
        content: { "application/json": { schema: ElyxError } },
      },
    ]),
  );
}
