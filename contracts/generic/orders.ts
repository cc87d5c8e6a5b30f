import { z } from "@hono/zod-openapi";
import {
  bodyRules,
  Iso,
  MAX_REQUEST_INTEGER,
  Minor,
  paymentRequest,
  requireString,
  rule,
  whenField,
} from "../common.ts";

const Id = z.string().min(1).max(100);

export const ItemRequest = z
  .object({
    productId: Id,
    variantId: Id.nullish(),
    quantity: z.number().int().min(1).max(999),
    modifiers: z
      .array(z.object({ optionId: Id, quantity: z.number().int().min(1).max(20).optional() }))
      .max(50)
      .optional(),
    combo: z
      .array(z.object({ componentId: Id, productId: Id }))
      .max(10)
      .optional(),
    note: z.string().max(500).nullish(),
  })
  .openapi("ItemRequest");

/** A create the default chain's first location takes (test/examples.test.ts posts it to a fresh simulator). */
const CREATE_ORDER_EXAMPLE = {
  externalId: "glovo-991",
  type: "dine_in",
  tableId: "tbl-04",
  guests: 2,
  items: [
    {
      productId: "prod-012",
      quantity: 1,
      modifiers: [{ optionId: "mo-02-1" }, { optionId: "mo-04-1" }],
      note: "sauce on the side",
    },
    { productId: "prod-032", variantId: "prod-032-m", quantity: 2, modifiers: [{ optionId: "mo-07-1" }] },
  ],
  note: "birthday: a candle on the dessert",
};

export const CreateOrderRequest = z
  .object({
    externalId: z.string().min(1).max(100).nullish(),
    type: z.enum(["dine_in", "take_away", "delivery"]),
    paymentMode: z.enum(["prepaid", "pay_at_counter"]).optional(),
    tableId: Id.nullish(),
    guests: z.number().int().min(1).max(100).nullish(),
    waiterId: Id.nullish(),
    items: z.array(ItemRequest).min(1).max(200),
    note: z.string().max(500).nullish(),
    loyaltyCard: z.string().min(1).max(40).nullish(),
  })
  .superRefine((o, ctx) => {
    if (o.type === "dine_in" && !o.tableId)
      ctx.addIssue({ code: "custom", path: ["tableId"], message: "a dine_in order needs a table" });
  })
  .openapi("CreateOrderRequest", {
    description:
      "A `dine_in` order needs a `tableId`. The example is taken as it stands by `loc-0001` of the default chain (`mockpos serve`, seed `mockpos`): a burger with its side and an ingredient removed, two medium cappuccinos with oat milk.",
    example: CREATE_ORDER_EXAMPLE,
    ...bodyRules(rule(whenField("type", "dine_in"), requireString("tableId"))),
  });

export const AppendRoundRequest = z
  .object({
    items: z.array(ItemRequest).min(1).max(200),
    version: z
      .number()
      .int()
      .min(1)
      .max(MAX_REQUEST_INTEGER)
      .optional()
      .openapi({ description: "Expected order version; a mismatch is VERSION_CONFLICT." }),
  })
  .openapi("AppendRoundRequest");

export const PayRequest = paymentRequest("PayRequest");

export const Fulfilment = z.enum(["new", "accepted", "preparing", "ready", "completed", "canceled"]);

export const SetStatusRequest = z.object({ status: Fulfilment.exclude(["new"]) }).openapi("SetStatusRequest");

export const KitchenMessageRequest = z
  .object({ text: z.string().min(1).max(500) })
  .openapi("KitchenMessageRequest");

export const ApplyLoyaltyRequest = z
  .object({ cardNumber: z.string().min(1).max(40) })
  .openapi("ApplyLoyaltyRequest");

export const OrderLine = z
  .object({
    id: z.string(),
    kind: z.enum(["item", "tip"]),
    round: z.number().int(),
    productId: z.string().nullable(),
    variantId: z.string().nullable(),
    name: z.string(),
    quantity: z.number().int(),
    unitPrice: Minor,
    listPrice: Minor,
    taxRate: z.number().int(),
    modifiers: z.array(
      z.object({
        groupId: z.string(),
        optionId: z.string(),
        name: z.string(),
        kind: z.enum(["add", "remove", "swap", "choice"]),
        quantity: z.number().int(),
        price: Minor,
      }),
    ),
    combo: z.array(
      z.object({ componentId: z.string(), productId: z.string(), name: z.string(), upcharge: Minor }),
    ),
    note: z.string().nullable(),
    voided: z.boolean(),
    total: Minor,
    tax: Minor,
  })
  .openapi("OrderLine");

export const Totals = z
  .object({
    items: Minor,
    tip: Minor,
    tax: Minor,
    total: Minor,
    paid: Minor,
    due: Minor,
    taxByRate: z.array(z.object({ rate: z.number().int(), net: Minor, tax: Minor })),
  })
  .openapi("Totals");

export const Order = z
  .object({
    id: z.string(),
    number: z.number().int(),
    locationId: z.string(),
    externalId: z.string().nullable(),
    terminalId: z.string(),
    type: z.enum(["dine_in", "take_away", "delivery"]),
    paymentMode: z.enum(["prepaid", "pay_at_counter"]),
    tableId: z.string().nullable(),
    guests: z.number().int().nullable(),
    waiterId: z.string(),
    status: z.enum(["open", "paid", "voided"]),
    fulfilment: Fulfilment,
    locked: z.boolean(),
    lock: z.object({ terminalId: z.string(), since: Iso, until: Iso.nullable() }).nullable(),
    lines: z.array(OrderLine),
    rounds: z.array(z.object({ number: z.number().int(), at: Iso })),
    payments: z.array(
      z.object({
        id: z.string(),
        method: z.string(),
        amount: Minor,
        tip: Minor,
        reference: z.string().nullable(),
        at: Iso,
      }),
    ),
    kitchenMessages: z.array(z.object({ id: z.string(), text: z.string(), at: Iso })),
    loyaltyCard: z.string().nullable(),
    note: z.string().nullable(),
    currency: z.string(),
    totals: Totals,
    openedAt: Iso,
    updatedAt: Iso,
    closedAt: Iso.nullable(),
    businessDate: z.string(),
    shiftId: z.string(),
    version: z.number().int(),
  })
  .openapi("Order");

export const OrderList = z
  .object({
    orders: z.array(Order),
    cursor: z.string().openapi({ description: "Pass as `cursor` next time to get only what came after." }),
    hasMore: z.boolean(),
  })
  .openapi("OrderList");

export const OrderStatus = z
  .object({
    orderId: z.string(),
    status: z.enum(["open", "paid", "voided"]),
    fulfilment: Fulfilment,
    locked: z.boolean(),
    lockedBy: z.string().nullable(),
    version: z.number().int(),
  })
  .openapi("OrderStatus");

export const KitchenMessage = z
  .object({ id: z.string(), orderId: z.string(), text: z.string(), at: Iso })
  .openapi("KitchenMessageReceipt");

export const Shift = z
  .object({
    id: z.string(),
    number: z.number().int(),
    businessDate: z.string(),
    openedAt: Iso,
    closedAt: Iso.nullable(),
    status: z.enum(["open", "closed"]),
    totals: z.object({
      ordersOpened: z.number().int(),
      ordersPaid: z.number().int(),
      ordersVoided: z.number().int(),
      gross: Minor,
      tips: Minor,
      tax: Minor,
      taxByRate: z.array(z.object({ rate: z.number().int(), net: Minor, tax: Minor })).openapi({
        description: "Tax of the items paid in the shift by rate (basis points); tips carry none.",
      }),
      byMethod: z.record(z.string(), Minor),
      openOrders: z.number().int(),
    }),
  })
  .openapi("Shift");

export const ShiftList = z.object({ locationId: z.string(), shifts: z.array(Shift) }).openapi("ShiftList");
