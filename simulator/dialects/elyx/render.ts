import { ELYX_FAILURES, type ElyxErrorBody } from "../../../contracts/elyx/failures.ts";
import type { PosError } from "../../domain/errors.ts";
import { touchedLocations } from "../../domain/locations.ts";
import type { Chain } from "../../domain/types.ts";
import type { ErrorRenderer } from "../../http/errors.ts";
import { ticketRefOf } from "./ids.ts";

type ErrorFields = ElyxErrorBody["error"];

const PREFIXED = /^(body|query|path|header)(\.|$)/;

// Every field is named where the request carries it (`body.…`, `query.…`, `path.…`, `header.…`);
// the domain's body fields are in its own words (`body.items[0].productId` is
// `body.lines[0].articleId` here, the order of `path.orderId` is `path.ticketId`).
export function elyxField(name: string): string {
  if (name === "path.orderId") return "path.ticketId";
  const field = PREFIXED.test(name) ? name : `body.${name}`;
  if (!field.startsWith("body.")) return field;
  return field.replace(/^body\.items\b/, "body.lines").replace(/\.productId\b/g, ".articleId");
}

function extensionsOf(chain: Chain, err: PosError): Partial<ErrorFields> {
  const ext = err.details.extensions ?? {};
  const out: Partial<ErrorFields> = {};
  if (typeof ext.orderId === "string") out.ticketId = ticketRefOf(chain, ext.orderId) ?? ext.orderId;
  if (typeof ext.status === "string") out.ticketStatus = ext.status;
  if (typeof ext.lockedSince === "string") out.lockedSince = ext.lockedSince;
  if (typeof ext.version === "number") out.version = ext.version;
  if (Array.isArray(ext.productIds)) out.articleIds = ext.productIds.map(String);
  if (typeof ext.terminalId === "string") {
    const location = touchedLocations(chain.locations).find((l) => l.orders.has(String(ext.orderId)));
    const name = location?.terminals.find((t) => t.id === ext.terminalId)?.name ?? ext.terminalId;
    out.terminal = { id: ext.terminalId, name };
  }
  return out;
}

// Domain messages name mockpos order ids and fields; a connector should read Elyx ones.
function messageOf(err: PosError, fields: Partial<ErrorFields>, orderId: unknown): string {
  if (err.code === "LOCKED" && fields.ticketId && fields.terminal) {
    return `ticket ${fields.ticketId} is open at terminal ${fields.terminal.name} (${fields.terminal.id}); retry when the waiter closes it`;
  }
  if (err.code === "VALIDATION" && fields.fields?.length) {
    return fields.fields.map((f) => `${f.field}: ${f.reason}`).join("; ");
  }
  let message = err.message;
  if (typeof orderId === "string" && fields.ticketId) {
    message = message
      .replaceAll(`order ${orderId}`, `ticket ${fields.ticketId}`)
      .replaceAll(orderId, fields.ticketId);
  }
  return message;
}

/**
 * The Elyx error envelope: `{"error":{"code":2001,"type":"TICKET_LOCKED","message":…,"retry":true}}`,
 * JSON, with Retry-After when a retry has a time. It must not throw.
 */
export function elyxErrorRenderer(chain: () => Chain): ErrorRenderer {
  return (err) => {
    const failure = ELYX_FAILURES[err.code];
    let extra: Partial<ErrorFields> = {};
    try {
      extra = extensionsOf(chain(), err);
    } catch {
      // A chain being reset under us: the error still goes out, without the extras.
    }
    if (err.details.invalidParams?.length) {
      extra.fields = err.details.invalidParams.map((p) => ({ field: elyxField(p.name), reason: p.reason }));
    }
    const error: ErrorFields = {
      code: failure.code,
      type: failure.name,
      message: messageOf(err, extra, err.details.extensions?.orderId),
      retry: failure.retryable,
      ...extra,
    };
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (err.details.retryAfter !== undefined) {
      error.retryAfter = err.details.retryAfter;
      headers["retry-after"] = String(err.details.retryAfter);
    }
    const body = JSON.stringify({ error } satisfies ElyxErrorBody);
    return new Response(body, { status: err.details.status ?? failure.status, headers });
  };
}
