import { z } from "zod";
import { FAILURE_CODES } from "../../../simulator/domain/errors.ts";
import { type FailureCode, failureOfStatus, PosFailure, readAnswer } from "../../failure.ts";
import type { HttpAnswer, HttpCall } from "../../http.ts";
import type { MenuSnapshot, OrderPage, PosOrder } from "../../model.ts";
import type { Adapter, AdapterContext } from "../types.ts";

const Credentials = z.union([
  z.object({ apiKey: z.string().min(1) }).strict(),
  z.object({ username: z.string().min(1), password: z.string().min(1) }).strict(),
]);
type Credentials = z.infer<typeof Credentials>;
type Ctx = AdapterContext<Credentials>;

// What the engine reads of the generic API's answers; anything else in them is ignored, and an
// answer without these is a malformed answer (SERVER_ERROR), never a crash.
const WireOrder = z.object({
  id: z.string(),
  externalId: z.string().nullable(),
  status: z.enum(["open", "paid", "voided"]),
  tableId: z.string().nullable(),
  waiterId: z.string().nullable(),
  version: z.number(),
  updatedAt: z.string(),
  lines: z.array(z.object({ kind: z.string(), voided: z.boolean() })),
  totals: z.object({ total: z.number(), due: z.number() }),
});
const WireMenu = z.object({
  currency: z.string(),
  version: z.number(),
  categories: z.array(z.object({ id: z.string() })),
  products: z.array(
    z.object({
      id: z.string(),
      categoryId: z.string().nullable(),
      name: z.string(),
      price: z.number(),
      soldOut: z.boolean(),
      variants: z.array(z.object({ id: z.string(), name: z.string(), price: z.number() })),
      modifierGroupIds: z.array(z.string()),
      combo: z.array(z.unknown()).nullable(),
    }),
  ),
});
const WireModifiers = z.object({ modifierGroups: z.array(z.object({ id: z.string(), min: z.number() })) });
const WireAvailability = z.object({
  items: z.array(z.object({ productId: z.string(), soldOut: z.boolean() })),
});
const WireStatus = z.object({ online: z.boolean(), timezone: z.string(), businessDate: z.string() });
const WireList = z.object({ orders: z.array(WireOrder), cursor: z.string(), hasMore: z.boolean() });
const Problem = z.object({ code: z.string(), detail: z.string().optional(), orderId: z.string().optional() });

function headers(credentials: Credentials, key?: string): Record<string, string> {
  const auth: Record<string, string> =
    "apiKey" in credentials
      ? { "x-api-key": credentials.apiKey }
      : {
          authorization: `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString("base64")}`,
        };
  return key === undefined ? auth : { ...auth, "idempotency-key": key };
}

/** Sends one call and returns the body when 2xx; otherwise throws the failure the problem+json names. */
async function call(ctx: Ctx, c: Omit<HttpCall, "path"> & { path: string; key?: string }): Promise<unknown> {
  const base = `/v1/locations/${encodeURIComponent(ctx.location.posLocationId)}`;
  const answer = await ctx.http.send({
    ...c,
    path: `${base}${c.path}`,
    headers: headers(ctx.location.credentials, c.key),
  });
  if (answer.status >= 200 && answer.status < 300) return answer.body;
  throw failure(c.operation, answer);
}

function failure(operation: string, answer: HttpAnswer): PosFailure {
  const problem = Problem.safeParse(answer.body);
  const named = problem.success ? problem.data.code : undefined;
  const code: FailureCode =
    named !== undefined && (FAILURE_CODES as readonly string[]).includes(named)
      ? (named as FailureCode)
      : failureOfStatus(answer.status);
  const detail = problem.success ? (problem.data.detail ?? named) : `HTTP ${answer.status}`;
  return new PosFailure(code, `${operation}: ${detail}`, {
    status: answer.status,
    retryAfterMs: answer.retryAfterMs,
    ...(named !== undefined ? { vendorCode: named } : {}),
    ...(problem.success && problem.data.orderId ? { orderId: problem.data.orderId } : {}),
  });
}

/** A 2xx answer the engine cannot read is the POS's fault, not ours: a retryable SERVER_ERROR. */

function toOrder(o: z.infer<typeof WireOrder>): PosOrder {
  return {
    id: o.id,
    externalId: o.externalId,
    status: o.status,
    total: o.totals.total,
    due: o.totals.due,
    lines: o.lines.filter((l) => l.kind === "item" && !l.voided).length,
    waiterId: o.waiterId,
    tableId: o.tableId,
    version: o.version,
    updatedAt: o.updatedAt,
  };
}

const order = async (ctx: Ctx, c: Parameters<typeof call>[1]) =>
  toOrder(readAnswer(WireOrder, await call(ctx, c), c.operation));

/** The generic POS API (`/v1/locations/{id}`): every operation of the connector contract. */
export const genericAdapter: Adapter<Credentials> = {
  dialect: "generic",
  capabilities: new Set([
    "orders.list",
    "order.append",
    "order.pay",
    "kitchen.message",
    "loyalty.apply",
    "order.lookup",
  ]),
  credentials: Credentials,

  async status(ctx) {
    const s = readAnswer(
      WireStatus,
      await call(ctx, { operation: "location.status", method: "GET", path: "/status" }),
      "location.status",
    );
    return { online: s.online, timezone: s.timezone, businessDate: s.businessDate };
  },

  async menu(ctx): Promise<MenuSnapshot> {
    const menu = readAnswer(
      WireMenu,
      await call(ctx, { operation: "menu.get", method: "GET", path: "/menu" }),
      "menu.get",
    );
    const mods = readAnswer(
      WireModifiers,
      await call(ctx, { operation: "modifiers.get", method: "GET", path: "/modifiers" }),
      "modifiers.get",
    );
    const required = new Set(mods.modifierGroups.filter((g) => g.min > 0).map((g) => g.id));
    return {
      currency: menu.currency,
      version: String(menu.version),
      items: menu.products.map((p) => ({
        id: p.id,
        name: p.name,
        categoryId: p.categoryId,
        price: p.price,
        soldOut: p.soldOut,
        variants: p.variants,
        needsChoice: p.combo !== null || p.modifierGroupIds.some((g) => required.has(g)),
      })),
    };
  },

  async availability(ctx) {
    const a = readAnswer(
      WireAvailability,
      await call(ctx, { operation: "availability.get", method: "GET", path: "/availability" }),
      "availability.get",
    );
    return new Map(a.items.map((i) => [i.productId, i.soldOut]));
  },

  async listOrders(ctx, view, cursor): Promise<OrderPage> {
    const q = new URLSearchParams({ view, limit: "100" });
    if (cursor !== null) q.set("cursor", cursor);
    const page = readAnswer(
      WireList,
      await call(ctx, { operation: "orders.list", method: "GET", path: `/orders?${q}` }),
      "orders.list",
    );
    return { orders: page.orders.map(toOrder), cursor: page.cursor, hasMore: page.hasMore };
  },

  getOrder: (ctx, orderId) =>
    order(ctx, { operation: "order.get", method: "GET", path: `/orders/${encodeURIComponent(orderId)}` }),

  async findByExternalId(ctx, externalId) {
    const q = new URLSearchParams({ view: "changed", externalId, limit: "1" });
    const page = readAnswer(
      WireList,
      await call(ctx, { operation: "orders.list", method: "GET", path: `/orders?${q}` }),
      "orders.list",
    );
    const found = page.orders.find((o) => o.externalId === externalId);
    return found ? toOrder(found) : null;
  },

  createOrder: (ctx, draft, key) =>
    order(ctx, {
      operation: "order.create",
      method: "POST",
      path: "/orders",
      key,
      body: {
        externalId: draft.externalId,
        type: draft.tableId === null ? "take_away" : "dine_in",
        paymentMode: draft.flow === "pay_first" ? "prepaid" : "pay_at_counter",
        ...(draft.tableId !== null ? { tableId: draft.tableId } : {}),
        ...(draft.guests !== null ? { guests: draft.guests } : {}),
        items: draft.items,
        ...(draft.note !== null ? { note: draft.note } : {}),
      },
    }),

  appendRound: (ctx, orderId, items, key) =>
    order(ctx, {
      operation: "order.append",
      method: "POST",
      path: `/orders/${encodeURIComponent(orderId)}/rounds`,
      key,
      body: { items },
    }),

  pay: (ctx, orderId, payment, key) =>
    order(ctx, {
      operation: "order.pay",
      method: "POST",
      path: `/orders/${encodeURIComponent(orderId)}/payments`,
      key,
      body: {
        method: payment.method,
        amount: payment.amount,
        tip: payment.tip,
        ...(payment.reference !== null ? { reference: payment.reference } : {}),
      },
    }),

  async kitchenMessage(ctx, orderId, text, key) {
    await call(ctx, {
      operation: "kitchen.message",
      method: "POST",
      path: `/orders/${encodeURIComponent(orderId)}/kitchen-messages`,
      key,
      body: { text },
    });
  },

  applyLoyalty: (ctx, orderId, card, key) =>
    order(ctx, {
      operation: "loyalty.apply",
      method: "POST",
      path: `/orders/${encodeURIComponent(orderId)}/loyalty`,
      key,
      body: { cardNumber: card },
    }),
};
