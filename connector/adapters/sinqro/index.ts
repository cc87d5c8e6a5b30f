import { z } from "zod";
import { SINQRO_FAILURES, SINQRO_RESTAURANT_CLOSED } from "../../../contracts/sinqro/failures.ts";
import { type FailureCode, failureOfStatus, PosFailure, readAnswer } from "../../failure.ts";
import type { HttpAnswer, HttpCall } from "../../http.ts";
import type { MenuSnapshot, OrderDraft, PosEvent, PosOrder } from "../../model.ts";
import type { Adapter, AdapterContext } from "../types.ts";
import { type SinqroIntakeEvent, sinqroWebhookIntake } from "./webhooks.ts";

// The Sinqro-passive dialect (README "Sinqro-passive dialect", contracts/sinqro): the POS API a
// platform consumes to inject whole online orders and read them back. It has no order list,
// no rounds and no payment call, so the adapter offers none of them; the POS tells the engine
// about order changes through signed webhooks instead (./webhooks.ts).

const Credentials = z
  .object({
    /** `x-api-user-access-token`: the restaurant's own token; it picks the restaurant. */
    userToken: z.string().min(1),
    /** `x-api-server-access-token`: the integration's token, one for the whole chain. */
    serverToken: z.string().min(1),
  })
  .strict();
type Credentials = z.infer<typeof Credentials>;
type Ctx = AdapterContext<Credentials>;

const BASE = "/sinqro/v1";
/** The write header that makes a retry replay the first answer (contracts/sinqro/common.ts). */
export const SINQRO_IDEMPOTENCY_HEADER = "x-idempotency-key";

// What the engine reads of Sinqro's answers; anything else in them is ignored, and a 2xx without
// these is a malformed answer (SERVER_ERROR), never a crash. `success: true` is not required:
// the status already says so, and the data is what counts.
const WireRestaurant = z.object({
  posOnline: z.boolean(),
  timezone: z.string(),
  businessDate: z.string(),
});
const WireClosing = z.object({ closed: z.boolean() });
const WireMenu = z.object({ id: z.string(), currency: z.string(), version: z.number() });
const WireProduct = z.object({
  id: z.string(),
  sectionId: z.string().nullable(),
  name: z.string(),
  price: z.number(),
  available: z.boolean(),
  optionCategoryIds: z.array(z.string()),
  comboItems: z.array(z.unknown()).nullable(),
});
const WireVariant = z.object({ id: z.string(), productId: z.string(), name: z.string(), price: z.number() });
const WireOptionCategory = z.object({ id: z.string(), minSelections: z.number() });
const WireOrder = z.object({
  id: z.string(),
  externalReference: z.string().nullable(),
  status: z.string(),
  statusCode: z.number().optional(),
  payment: z.object({ paid: z.boolean() }),
  tableId: z.string().nullable(),
  items: z.array(z.object({ canceled: z.boolean() })),
  totals: z.object({ total: z.number(), due: z.number() }),
  updatedAt: z.string(),
  version: z.number(),
});
const SinqroErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string().optional(),
    retryAfter: z.number().optional(),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
});

/** Sinqro's `error.code` → the canonical failure, read from the contract's own table. */
const BY_CODE: ReadonlyMap<string, FailureCode> = new Map<string, FailureCode>([
  ...(Object.entries(SINQRO_FAILURES) as [FailureCode, { code: string }][]).map(
    ([failure, { code }]) => [code, failure] as [string, FailureCode],
  ),
  // The whole restaurant temporarily closed: nothing can be ordered, as if every item were sold out.
  [SINQRO_RESTAURANT_CLOSED.code, SINQRO_RESTAURANT_CLOSED.failure],
]);

function headers(credentials: Credentials, key?: string): Record<string, string> {
  const auth = {
    "x-api-user-access-token": credentials.userToken,
    "x-api-server-access-token": credentials.serverToken,
  };
  return key === undefined ? auth : { ...auth, [SINQRO_IDEMPOTENCY_HEADER]: key };
}

type Call = Omit<HttpCall, "headers"> & { key?: string };

/** Sends one call and returns the answer's `data` when 2xx; otherwise throws the failure its error names. */
async function call<T>(ctx: Ctx, c: Call, schema: z.ZodType<T>): Promise<T> {
  const { key, ...rest } = c;
  const answer = await ctx.http.send({
    ...rest,
    path: `${BASE}${c.path}`,
    headers: headers(ctx.location.credentials, key),
  });
  if (answer.status < 200 || answer.status >= 300) throw sinqroFailure(c.operation, answer);
  return readAnswer(z.object({ data: schema }), answer.body, c.operation).data;
}

/**
 * The failure a non-2xx Sinqro answer means: `error.code` through the contract's table (the
 * vendor code kept in `details.vendorCode`), else the HTTP status. Retry-After, or the body's
 * `retryAfter` seconds, becomes `retryAfterMs`; an order the error names (a reused
 * `externalReference`) becomes `orderId`.
 */
export function sinqroFailure(operation: string, answer: HttpAnswer): PosFailure {
  const parsed = SinqroErrorBody.safeParse(answer.body);
  const error = parsed.success ? parsed.data.error : undefined;
  const code: FailureCode = (error && BY_CODE.get(error.code)) ?? failureOfStatus(answer.status);
  const orderId = error?.details?.orderId;
  const retryAfterMs =
    answer.retryAfterMs ?? (error?.retryAfter !== undefined ? error.retryAfter * 1000 : undefined);
  return new PosFailure(code, `${operation}: ${error?.message ?? error?.code ?? `HTTP ${answer.status}`}`, {
    status: answer.status,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    ...(error ? { vendorCode: error.code } : {}),
    ...(typeof orderId === "string" ? { orderId } : {}),
  });
}

/** A 2xx answer the engine cannot read is the POS's fault, not ours: a retryable SERVER_ERROR. */

function toOrder(o: z.infer<typeof WireOrder>): PosOrder {
  // Payment and kitchen status are separate in Sinqro: `paid` once settled at the POS, CANCELED
  // (110) when voided. A completed order not yet settled is still open: money is owed.
  const voided = o.status === "CANCELED" || o.statusCode === 110;
  return {
    id: o.id,
    externalId: o.externalReference,
    status: o.payment.paid ? "paid" : voided ? "voided" : "open",
    total: o.totals.total,
    due: o.totals.due,
    lines: o.items.filter((l) => !l.canceled).length,
    // Sinqro does not say who serves the order.
    waiterId: null,
    tableId: o.tableId,
    version: o.version,
    updatedAt: o.updatedAt,
  };
}

/**
 * The order as Sinqro takes it. Orders arrive whole, so the flow only decides who collects:
 * pay_first was paid online (EPAYMENT, the POS marks it prepaid); pay_later is paid at the
 * restaurant (CASH, which the contract defines as "at the counter", whatever the means), settled
 * by staff at the POS. Dine-in at the draft's table, take-away without one.
 */
function orderBody(draft: OrderDraft) {
  return {
    externalReference: draft.externalId,
    type: draft.tableId === null ? "TAKE_AWAY" : "DINE_IN",
    payment: { method: draft.flow === "pay_first" ? "EPAYMENT" : "CASH" },
    ...(draft.tableId !== null ? { tableId: draft.tableId } : {}),
    ...(draft.guests !== null ? { guests: draft.guests } : {}),
    items: draft.items.map((item) => ({
      productId: item.productId,
      ...(item.variantId !== undefined ? { variantId: item.variantId } : {}),
      quantity: item.quantity,
      ...(item.modifiers !== undefined
        ? {
            options: item.modifiers.map((m) => ({
              optionId: m.optionId,
              ...(m.quantity !== undefined ? { quantity: m.quantity } : {}),
            })),
          }
        : {}),
      ...(item.note !== undefined ? { comment: item.note } : {}),
    })),
    ...(draft.note !== null ? { comment: draft.note } : {}),
  };
}

const closed = async (ctx: Ctx) =>
  (await call(ctx, { operation: "availability.get", method: "GET", path: "/temporary-closing" }, WireClosing))
    .closed;

// `/products` is journaled as menu.get by the POS (its contract's x-mockpos-operation), so it is
// counted as such here too, even when availability() reads it.
const products = (ctx: Ctx) =>
  call(ctx, { operation: "menu.get", method: "GET", path: "/products" }, z.array(WireProduct));

/** The Sinqro-passive POS API (`/sinqro/v1`): reads, whole-order injection, and webhooks for changes. */
export const sinqroAdapter: Adapter<Credentials> = {
  dialect: "sinqro",
  // Passive: no order list, no rounds, no payment, no kitchen message, no loyalty, and no lookup by
  // externalReference (a reused reference is refused naming its order: details.orderId).
  capabilities: new Set(["webhooks"]),
  credentials: Credentials,

  webhookIntake: ({ secret, clock, onEvent, skip }) =>
    sinqroWebhookIntake({
      secret,
      clock,
      onEvent: (event) => onEvent(toPosEvent(event)),
      ...(skip ? { skip } : {}),
    }),

  async status(ctx) {
    // `online` is the POS link alone (posOnline). A temporary closing is a business state, not a
    // lost link: it shows in availability() as every product sold out, and an order meets
    // RESTAURANT_CLOSED (ITEM_UNAVAILABLE). Counting it as offline would put the location in
    // read-only mode, which holds writes to replay once the POS is back: orders taken while the
    // restaurant is closed would then land when it reopens. Outside the weekly hours (`openNow`)
    // the POS still takes orders, so that is not offline either.
    const r = await call(
      ctx,
      { operation: "location.status", method: "GET", path: "/restaurant" },
      WireRestaurant,
    );
    return { online: r.posOnline, timezone: r.timezone, businessDate: r.businessDate };
  },

  async menu(ctx): Promise<MenuSnapshot> {
    const menus = await call(
      ctx,
      { operation: "menu.get", method: "GET", path: "/menus" },
      z.array(WireMenu).min(1, "no menu"),
    );
    const all = await products(ctx);
    const variants = await call(
      ctx,
      { operation: "menu.get", method: "GET", path: "/product-variants" },
      z.array(WireVariant),
    );
    const categories = await call(
      ctx,
      { operation: "modifiers.get", method: "GET", path: "/product-option-categories" },
      z.array(WireOptionCategory),
    );
    const isClosed = await closed(ctx);
    const required = new Set(categories.filter((c) => c.minSelections > 0).map((c) => c.id));
    const byProduct = Map.groupBy(variants, (v) => v.productId);
    const [first] = menus;
    return {
      currency: first?.currency ?? "",
      version:
        menus.length === 1 ? String(first?.version) : menus.map((m) => `${m.id}:${m.version}`).join(","),
      items: all.map((p) => ({
        id: p.id,
        name: p.name,
        categoryId: p.sectionId,
        price: p.price,
        soldOut: isClosed || !p.available,
        variants: (byProduct.get(p.id) ?? []).map((v) => ({ id: v.id, name: v.name, price: v.price })),
        needsChoice:
          (p.comboItems !== null && p.comboItems.length > 0) ||
          p.optionCategoryIds.some((id) => required.has(id)),
      })),
    };
  },

  async availability(ctx) {
    // Sinqro has no sold-out list of its own: the products carry `available`, and a temporary
    // closing makes everything unorderable until it ends.
    const all = await products(ctx);
    const isClosed = await closed(ctx);
    return new Map(all.map((p) => [p.id, isClosed || !p.available]));
  },

  getOrder: async (ctx, orderId) =>
    toOrder(
      await call(
        ctx,
        { operation: "order.get", method: "GET", path: `/orders/${encodeURIComponent(orderId)}` },
        WireOrder,
      ),
    ),

  createOrder: async (ctx, draft, key) =>
    toOrder(
      await call(
        ctx,
        { operation: "order.create", method: "POST", path: "/orders", key, body: orderBody(draft) },
        WireOrder,
      ),
    ),
};

/** A Sinqro webhook in the engine's terms: the restaurant id is the location's POS id. */
function toPosEvent(e: SinqroIntakeEvent): PosEvent {
  switch (e.type) {
    case "order":
      return {
        type: "order",
        posLocationId: e.restaurantId,
        posOrderId: e.posOrderId,
        externalId: e.externalId,
        status: e.status,
      };
    case "availability":
      return {
        type: "availability",
        posLocationId: e.restaurantId,
        productId: e.productId,
        soldOut: e.soldOut,
      };
    case "catalog":
      return { type: "catalog", posLocationId: e.restaurantId };
  }
}
