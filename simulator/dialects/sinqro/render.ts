import { SINQRO_FAILURES, SINQRO_RESTAURANT_CLOSED } from "../../../contracts/sinqro/failures.ts";
import { SINQRO_ORDER_STATUS } from "../../../contracts/sinqro/orders.ts";
import { SINQRO_RESERVATION_STATUS } from "../../../contracts/sinqro/reservations.ts";
import type { PosError } from "../../domain/errors.ts";
import { isClosedRefusal } from "../../domain/schedule.ts";
import type { ErrorRenderer } from "../../http/errors.ts";

/** Domain field names → the names of Sinqro's request bodies, one path segment at a time. */
const FIELD_NAMES: Record<string, string> = {
  modifiers: "options",
  combo: "comboItems",
  note: "comment",
  externalId: "externalReference",
};

/**
 * A field named where the request carries it, as the Sinqro request spells it:
 * `body.items[0].options[1].optionId`, `query.menuId`, `header.x-idempotency-key`.
 */
export function sinqroField(name: string): string {
  if (name === "body") return name;
  // The idempotency store names the generic header; Sinqro's is X-Idempotency-Key.
  if (name === "header.Idempotency-Key") return "header.x-idempotency-key";
  return name
    .split(".")
    .map((segment) => {
      const [, head = segment, index = ""] = /^([^[]*)(\[.*)?$/.exec(segment) ?? [];
      return `${FIELD_NAMES[head] ?? head}${index}`;
    })
    .join(".");
}

function statusName(value: unknown): unknown {
  if (typeof value !== "string") return value;
  return (
    SINQRO_ORDER_STATUS[value as keyof typeof SINQRO_ORDER_STATUS]?.name ??
    SINQRO_RESERVATION_STATUS[value as keyof typeof SINQRO_RESERVATION_STATUS] ??
    value
  );
}

/** The error's machine-readable facts, with POS status names in Sinqro's words. */
function details(err: PosError): Record<string, unknown> | undefined {
  const extensions = { ...err.details.extensions };
  delete extensions.restaurantClosed;
  if (err.code === "INVALID_TRANSITION") {
    extensions.from = statusName(extensions.from);
    extensions.to = statusName(extensions.to);
    if (Array.isArray(extensions.allowed)) extensions.allowed = extensions.allowed.map(statusName);
  }
  return Object.keys(extensions).length > 0 ? extensions : undefined;
}

function message(err: PosError, facts: Record<string, unknown> | undefined): string {
  if (err.code !== "INVALID_TRANSITION" || !facts) return err.message;
  const what = facts.orderId ? `order ${facts.orderId}` : `reservation ${facts.reservationId}`;
  const allowed =
    Array.isArray(facts.allowed) && facts.allowed.length > 0 ? facts.allowed.join(", ") : "none";
  const because = typeof facts.because === "string" ? ` (${facts.because})` : "";
  return `${what} cannot go from ${facts.from} to ${facts.to}${because}; allowed: ${allowed}`;
}

/**
 * Sinqro's error envelope, `{ success: false, error: { code, message, retryable, … } }` as
 * application/json, with Retry-After where a retry has a time.
 */
export const renderSinqro: ErrorRenderer = (err, _c) => {
  const template = isClosedRefusal(err) ? SINQRO_RESTAURANT_CLOSED : SINQRO_FAILURES[err.code];
  const facts = details(err);
  const error: Record<string, unknown> = {
    code: template.code,
    message: message(err, facts),
    retryable: template.retryable,
  };
  if (err.details.retryAfter !== undefined) error.retryAfter = err.details.retryAfter;
  if (err.details.invalidParams)
    error.fields = err.details.invalidParams.map((p) => ({ field: sinqroField(p.name), message: p.reason }));
  if (facts) error.details = facts;
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (err.details.retryAfter !== undefined) headers["retry-after"] = String(err.details.retryAfter);
  return new Response(JSON.stringify({ success: false, error }), {
    status: err.details.status ?? template.status,
    headers,
  });
};
