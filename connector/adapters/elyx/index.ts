import { z } from "zod";
import { ELYX_FAILURES } from "../../../contracts/elyx/failures.ts";
import { FAILURE_CODES } from "../../../simulator/domain/errors.ts";
import {
  FAILURE_BY_STATUS,
  type FailureCode,
  failureOfStatus,
  PosFailure,
  readAnswer,
} from "../../failure.ts";
import type { HttpAnswer, HttpCall } from "../../http.ts";
import type { LineInput, MenuSnapshot, OrderPage, PosOrder } from "../../model.ts";
import type { Adapter, AdapterContext } from "../types.ts";

// The Elyx-style POS API (README "Elyx-style dialect"): `/api/v1`, `X-API-KEY`, numeric location
// ids, tickets named `<location>-<number>`, numeric error codes in `{"error":{"code",…}}`.

/**
 * `apiKey`: the location's own key, or the server's group key (it sees every location; every call
 * here names the location, so either works). The location itself is `posLocationId`, the numeric
 * Elyx location id (mockpos `loc-0007` is `"7"`).
 */
const Credentials = z.object({ apiKey: z.string().min(1) }).strict();
type Credentials = z.infer<typeof Credentials>;
type Ctx = AdapterContext<Credentials>;

const BASE = "/api/v1";
const PAGE = 100;

// What the engine reads of Elyx's answers; anything else in them is ignored, and an answer
// without these is a malformed answer (SERVER_ERROR), never a crash.
const WireTicket = z.object({
  id: z.string(),
  externalId: z.string().nullable(),
  status: z.enum(["open", "paid", "voided"]),
  waiter: z.object({ id: z.string() }).nullable(),
  table: z.object({ id: z.string() }).nullable(),
  updatedAt: z.string(),
  version: z.number(),
  lines: z.array(z.object({ type: z.string(), voided: z.boolean() })),
  totals: z.object({ gross: z.number(), due: z.number() }),
});
const WireArticles = z.object({
  currency: z.string(),
  version: z.number(),
  articles: z.array(
    z.object({
      id: z.string(),
      familyId: z.string().nullable(),
      name: z.string(),
      price: z.number(),
      soldOut: z.boolean(),
      variants: z.array(z.object({ id: z.string(), name: z.string(), price: z.number() })),
      modifierGroupIds: z.array(z.string()),
      combo: z.array(z.unknown()).nullable(),
    }),
  ),
  modifierGroups: z.array(z.object({ id: z.string(), min: z.number() })),
});
const WireAvailability = z.object({ articles: z.array(z.object({ id: z.string(), soldOut: z.boolean() })) });
const WireStatus = z.object({ online: z.boolean(), timezone: z.string(), businessDate: z.string() });
const WireSales = z.object({ tickets: z.array(WireTicket), cursor: z.string(), hasMore: z.boolean() });
const WireError = z.object({
  error: z.object({
    code: z.number(),
    type: z.string().optional(),
    message: z.string().optional(),
    retryAfter: z.number().optional(),
    ticketId: z.string().optional(),
  }),
});

/** Elyx's numeric codes → the failure vocabulary, from the contract's own table. */
const BY_VENDOR_CODE = new Map<number, FailureCode>(FAILURE_CODES.map((c) => [ELYX_FAILURES[c].code, c]));

/** When the body is not an Elyx error: by status alone, where a bare 409 can only be a reused key (1105). */
const BY_STATUS = { ...FAILURE_BY_STATUS, 409: "IDEMPOTENCY_CONFLICT" } as const satisfies Record<
  number,
  FailureCode
>;

/** Refused before anything is sent: the engine handed this adapter something it cannot address. */
function notSent(code: FailureCode, message: string): PosFailure {
  return new PosFailure(code, `${message} (not sent)`, { status: 400 });
}

/** The numeric Elyx id of the location: `posLocationId` must be it ("7", not "loc-0007"). */
function locationNumber(ctx: Ctx): number {
  const id = ctx.location.posLocationId.trim();
  if (!/^\d{1,6}$/.test(id))
    throw notSent(
      "VALIDATION",
      `elyx: posLocationId '${id}' of ${ctx.location.id} is not a numeric Elyx location id`,
    );
  return Number(id);
}

/**
 * The path of one of this location's tickets. A ticket id names its location (`7-42`); with the
 * group key the server would serve another location's ticket, so one that is not this location's
 * is refused here rather than read or written across locations.
 */
function ticketPath(ctx: Ctx, orderId: string): string {
  const n = locationNumber(ctx);
  const m = orderId.match(/^(\d{1,6})-(\d{1,9})$/);
  if (!m || Number(m[1]) !== n)
    throw notSent("NOT_FOUND", `elyx: '${orderId}' is not a ticket of location ${n}`);
  return `${BASE}/tickets/${n}-${Number(m[2])}`;
}

/** Sends one call and returns the body when 2xx; otherwise throws the failure Elyx's error body names. */
async function call(ctx: Ctx, c: HttpCall & { key?: string }): Promise<unknown> {
  const headers: Record<string, string> = { "x-api-key": ctx.location.credentials.apiKey };
  if (c.key !== undefined) headers["idempotency-key"] = c.key;
  const { key: _key, ...sent } = c;
  const answer = await ctx.http.send({ ...sent, headers });
  if (answer.status >= 200 && answer.status < 300) return answer.body;
  throw failure(c.operation, answer);
}

function failure(operation: string, answer: HttpAnswer): PosFailure {
  const parsed = WireError.safeParse(answer.body);
  const error = parsed.success ? parsed.data.error : undefined;
  const code: FailureCode =
    (error && BY_VENDOR_CODE.get(error.code)) ?? failureOfStatus(answer.status, BY_STATUS);
  const retryAfterMs =
    answer.retryAfterMs ?? (error?.retryAfter !== undefined ? error.retryAfter * 1000 : undefined);
  const what = error
    ? `${error.code} ${error.type ?? ""}: ${error.message ?? ""}`.trim()
    : `HTTP ${answer.status}`;
  return new PosFailure(code, `${operation}: ${what}`, {
    status: answer.status,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    ...(error ? { vendorCode: String(error.code) } : {}),
    // 1105 for an externalId already used names the ticket that has it; 2001 the locked one.
    ...(error?.ticketId ? { orderId: error.ticketId } : {}),
  });
}

/** A 2xx answer the engine cannot read is the POS's fault, not ours: a retryable SERVER_ERROR. */

function toOrder(t: z.infer<typeof WireTicket>): PosOrder {
  return {
    id: t.id,
    externalId: t.externalId,
    status: t.status,
    // gross = net + VAT + tips = the sum of the lines (prices include VAT).
    total: t.totals.gross,
    due: t.totals.due,
    lines: t.lines.filter((l) => l.type === "article" && !l.voided).length,
    waiterId: t.waiter?.id ?? null,
    tableId: t.table?.id ?? null,
    version: t.version,
    updatedAt: t.updatedAt,
  };
}

const ticket = async (ctx: Ctx, c: Parameters<typeof call>[1]) =>
  toOrder(readAnswer(WireTicket, await call(ctx, c), c.operation));

// Elyx calls products articles; combos cannot be ordered through the engine (needsChoice).
function lines(items: LineInput[]) {
  return items.map((i) => ({
    articleId: i.productId,
    ...(i.variantId !== undefined ? { variantId: i.variantId } : {}),
    quantity: i.quantity,
    ...(i.modifiers !== undefined ? { modifiers: i.modifiers } : {}),
    ...(i.note !== undefined ? { note: i.note } : {}),
  }));
}

const articles = async (ctx: Ctx, operation: string) =>
  call(ctx, { operation, method: "GET", path: `${BASE}/locations/${locationNumber(ctx)}/articles` });

/**
 * The Elyx-style POS API. It has no availability route (sold-out flags come from the articles),
 * no kitchen messages, no loyalty, and no way to find a ticket by its externalId (no such filter
 * on `/tickets`: a create retried under the same Idempotency-Key replays instead, and a second
 * ticket with the same externalId is 1105 naming the first, read as `details.orderId`).
 */
export const elyxAdapter: Adapter<Credentials> = {
  dialect: "elyx",
  capabilities: new Set(["orders.list", "order.append", "order.pay"]),
  credentials: Credentials,

  async status(ctx) {
    const path = `${BASE}/locations/${locationNumber(ctx)}`;
    const s = readAnswer(
      WireStatus,
      await call(ctx, { operation: "location.status", method: "GET", path }),
      "location.status",
    );
    return { online: s.online, timezone: s.timezone, businessDate: s.businessDate };
  },

  // One call: the articles carry the modifier groups (Elyx has no modifiers route).
  async menu(ctx): Promise<MenuSnapshot> {
    const menu = readAnswer(WireArticles, await articles(ctx, "menu.get"), "menu.get");
    const required = new Set(menu.modifierGroups.filter((g) => g.min > 0).map((g) => g.id));
    return {
      currency: menu.currency,
      version: String(menu.version),
      items: menu.articles.map((a) => ({
        id: a.id,
        name: a.name,
        categoryId: a.familyId,
        price: a.price,
        soldOut: a.soldOut,
        variants: a.variants,
        needsChoice: a.combo !== null || a.modifierGroupIds.some((g) => required.has(g)),
      })),
    };
  },

  // No availability route: the whole article list is read again for its sold-out flags.
  async availability(ctx) {
    const a = readAnswer(WireAvailability, await articles(ctx, "availability.get"), "availability.get");
    return new Map(a.articles.map((x) => [x.id, x.soldOut]));
  },

  /**
   * `new`: the sales feed (`GET /sales?locations={n}&cursor=…`). It returns every ticket CHANGED
   * after the cursor — opened, added to, paid or voided, at a terminal or by us — once, in its
   * latest state, oldest change first: a superset of the tickets opened since the last poll (a
   * ticket opened and paid between two polls comes once, already paid). Without a cursor it
   * starts at the oldest ticket the server holds. The cursor is Elyx's own, opaque.
   *
   * `in_progress`: every OPEN ticket (`GET /tickets?locations={n}&status=open`), afresh on each
   * poll — Elyx has no "changed since" filter on tickets. The cursor is only the offset of the
   * next page while `hasMore`; on the last page it is null, so the next poll starts over. A
   * ticket paid or voided at a terminal simply drops out of this list (the `new` feed shows it
   * with its final status). Offset paging over a list that changes between pages may skip or
   * repeat a ticket; pages are 100 tickets, so a location rarely needs a second one.
   */
  // Elyx has one change feed and no "changed since" filter on tickets: both views read the sales
  // feed, each with its own cursor. `in_progress` thus sees a ticket paid or voided at a terminal
  // (a full `GET /tickets?status=open` snapshot would only see it vanish), and `new` sees tickets
  // opened since its cursor — in their latest state, which the engine wants anyway.
  async listOrders(ctx, _view, cursor): Promise<OrderPage> {
    const q = new URLSearchParams({ locations: String(locationNumber(ctx)), limit: String(PAGE) });
    if (cursor !== null) q.set("cursor", cursor);
    const page = readAnswer(
      WireSales,
      await call(ctx, { operation: "orders.list", method: "GET", path: `${BASE}/sales?${q}` }),
      "orders.list",
    );
    return { orders: page.tickets.map(toOrder), cursor: page.cursor, hasMore: page.hasMore };
  },

  // Async throughout, so an id refused before sending is a rejection like any other failure.
  getOrder: async (ctx, orderId) =>
    ticket(ctx, { operation: "order.get", method: "GET", path: ticketPath(ctx, orderId) }),

  // Elyx takes no payment mode: pay-first and pay-later tickets look the same to it.
  createOrder: async (ctx, draft, key) =>
    ticket(ctx, {
      operation: "order.create",
      method: "POST",
      path: `${BASE}/locations/${locationNumber(ctx)}/tickets`,
      key,
      body: {
        externalId: draft.externalId,
        type: draft.tableId === null ? "take_away" : "dine_in",
        ...(draft.tableId !== null ? { tableId: draft.tableId } : {}),
        ...(draft.guests !== null ? { guests: draft.guests } : {}),
        lines: lines(draft.items),
        ...(draft.note !== null ? { note: draft.note } : {}),
      },
    }),

  // No `version` is sent: a round is added to whatever the ticket holds now (as the generic API does).
  appendRound: async (ctx, orderId, items, key) =>
    ticket(ctx, {
      operation: "order.append",
      method: "POST",
      path: `${ticketPath(ctx, orderId)}/lines`,
      key,
      body: { lines: lines(items) },
    }),

  // `amount` is what is due before the tip (a mismatch is 1100); the tip goes on a tip line.
  pay: async (ctx, orderId, payment, key) =>
    ticket(ctx, {
      operation: "order.pay",
      method: "POST",
      path: `${ticketPath(ctx, orderId)}/payments`,
      key,
      body: {
        method: payment.method,
        amount: payment.amount,
        tip: payment.tip,
        ...(payment.reference !== null ? { reference: payment.reference } : {}),
      },
    }),
};
