import { z } from "@hono/zod-openapi";
import { bodyRules, requireString, rule, whenField } from "../common.ts";
import type { Fulfilment } from "../vocabulary.ts";
import { Channel, Id, Iso, Minor, many, one, Reference } from "./common.ts";

/**
 * Order statuses as Sinqro names them, with the numeric codes of the Deliverect scale that
 * marketplaces share (10 new … 90 finalized, 110 canceled). One per POS kitchen status.
 */
export const SINQRO_ORDER_STATUS = {
  new: { name: "NEW", code: 10 },
  accepted: { name: "ACCEPTED", code: 20 },
  preparing: { name: "PREPARING", code: 50 },
  ready: { name: "READY", code: 70 },
  completed: { name: "COMPLETED", code: 90 },
  canceled: { name: "CANCELED", code: 110 },
} as const satisfies Record<Fulfilment, { name: string; code: number }>;

export const SinqroOrderStatusName = z.enum([
  "NEW",
  "ACCEPTED",
  "PREPARING",
  "READY",
  "COMPLETED",
  "CANCELED",
]);
const SettableName = SinqroOrderStatusName.exclude(["NEW"]);
const SettableCode = z
  .union([z.literal(20), z.literal(50), z.literal(70), z.literal(90), z.literal(110)])
  .openapi({ description: "20 ACCEPTED, 50 PREPARING, 70 READY, 90 COMPLETED, 110 CANCELED" });
export const OrderType = z.enum(["TAKE_AWAY", "DELIVERY", "DINE_IN"]);
export const PaymentMethod = z.enum(["EPAYMENT", "CASH", "COD"]).openapi({
  description:
    "EPAYMENT: paid online before it reaches the POS. CASH: at the counter. COD: cash on delivery.",
});

export const Phone = z
  .string()
  .max(30)
  .regex(/^\+?[0-9][0-9 ().-]{5,24}$/, "a phone number, like +34 600 123 456");

export const SinqroCustomer = z
  .object({
    name: z.string().min(1).max(100),
    phone: Phone.nullish(),
    email: z.email().max(200).nullish(),
    address: z.string().min(1).max(300).nullish().openapi({ description: "Delivery address, one line." }),
  })
  .openapi("SinqroCustomer");

export const SinqroOrderItemRequest = z
  .object({
    productId: Id,
    variantId: Id.nullish(),
    quantity: z.number().int().min(1).max(999),
    options: z
      .array(z.object({ optionId: Id, quantity: z.number().int().min(1).max(20).optional() }))
      .max(50)
      .optional(),
    comboItems: z
      .array(z.object({ componentId: Id, productId: Id }))
      .max(10)
      .optional()
      .openapi({ description: "For combos: one product per component." }),
    comment: z.string().max(500).nullish(),
  })
  .openapi("SinqroOrderItemRequest");

export const SinqroCreateOrderRequest = z
  .object({
    externalReference: Reference.optional(),
    channel: Channel.optional(),
    type: OrderType,
    payment: z.object({ method: PaymentMethod }),
    customer: SinqroCustomer.optional(),
    tableId: Id.nullish().openapi({ description: "Required for DINE_IN." }),
    guests: z.number().int().min(1).max(100).nullish(),
    items: z.array(SinqroOrderItemRequest).min(1).max(200),
    comment: z.string().max(500).nullish(),
  })
  .superRefine((o, ctx) => {
    if (o.type === "DINE_IN" && !o.tableId)
      ctx.addIssue({ code: "custom", path: ["tableId"], message: "a DINE_IN order needs a table" });
    if (o.type === "DELIVERY" && !o.customer?.address)
      ctx.addIssue({
        code: "custom",
        path: ["customer", "address"],
        message: "a DELIVERY order needs an address",
      });
    if (o.payment.method === "COD" && o.type !== "DELIVERY")
      ctx.addIssue({ code: "custom", path: ["payment", "method"], message: "COD is for DELIVERY orders" });
  })
  .openapi("SinqroCreateOrderRequest", {
    description:
      "A `DINE_IN` order needs a `tableId`; a `DELIVERY` order a `customer.address`; `COD` (cash on delivery) is for `DELIVERY` orders only.",
    ...bodyRules(
      rule(whenField("type", "DINE_IN"), requireString("tableId")),
      rule(whenField("type", "DELIVERY"), {
        properties: { customer: requireString("address") },
        required: ["customer"],
      }),
      rule(
        { properties: { payment: whenField("method", "COD") }, required: ["payment"] },
        whenField("type", "DELIVERY"),
      ),
    ),
  });

export const SinqroSetOrderStatusRequest = z
  .object({
    status: SettableName.optional(),
    statusCode: SettableCode.optional(),
  })
  .superRefine((o, ctx) => {
    if (o.status === undefined && o.statusCode === undefined)
      ctx.addIssue({ code: "custom", path: ["status"], message: "give status or statusCode" });
    const named = Object.values(SINQRO_ORDER_STATUS).find((s) => s.name === o.status);
    if (named && o.statusCode !== undefined && named.code !== o.statusCode)
      ctx.addIssue({ code: "custom", path: ["statusCode"], message: `${o.status} is ${named.code}` });
  })
  .openapi("SinqroSetOrderStatusRequest", {
    description:
      "ACCEPTED and CANCELED answer a new order; PREPARING, READY, COMPLETED move it along. Give `status` or `statusCode` (or both, agreeing).",
    anyOf: [{ required: ["status"] }, { required: ["statusCode"] }],
  });

export const SinqroOrderLine = z
  .object({
    id: z.string(),
    productId: z.string().nullable(),
    variantId: z.string().nullable(),
    name: z.string(),
    quantity: z.number().int(),
    unitPrice: Minor,
    options: z.array(
      z.object({
        optionId: z.string(),
        optionCategoryId: z.string(),
        name: z.string(),
        quantity: z.number().int(),
        price: Minor,
      }),
    ),
    comboItems: z.array(
      z.object({ componentId: z.string(), productId: z.string(), name: z.string(), upcharge: Minor }),
    ),
    comment: z.string().nullable(),
    canceled: z.boolean().openapi({ description: "Voided at the POS: it counts for nothing." }),
    total: Minor,
  })
  .openapi("SinqroOrderLine");

export const SinqroOrder = z
  .object({
    id: z.string(),
    number: z.number().int(),
    restaurantId: z.string(),
    externalReference: z.string().nullable(),
    channel: z.string().nullable(),
    origin: z
      .enum(["API", "POS"])
      .openapi({ description: "Injected through an API, or keyed in at a terminal." }),
    type: OrderType,
    status: SinqroOrderStatusName,
    statusCode: z.number().int(),
    payment: z.object({
      method: PaymentMethod.nullable(),
      prepaid: z.boolean(),
      paid: z.boolean().openapi({ description: "Settled at the POS." }),
    }),
    customer: SinqroCustomer.nullable(),
    tableId: z.string().nullable(),
    guests: z.number().int().nullable(),
    items: z.array(SinqroOrderLine),
    comment: z.string().nullable(),
    currency: z.string(),
    totals: z.object({ items: Minor, tip: Minor, tax: Minor, total: Minor, paid: Minor, due: Minor }),
    locked: z.boolean(),
    lockedBy: z.string().nullable(),
    createdAt: Iso,
    updatedAt: Iso,
    closedAt: Iso.nullable(),
    version: z.number().int(),
  })
  .openapi("SinqroOrder");

export const SinqroOrderStatus = z
  .object({
    orderId: z.string(),
    externalReference: z.string().nullable(),
    status: SinqroOrderStatusName,
    statusCode: z.number().int(),
    paid: z.boolean(),
    locked: z.boolean(),
    lockedBy: z.string().nullable(),
    updatedAt: Iso,
    version: z.number().int(),
  })
  .openapi("SinqroOrderStatus");

export const SinqroOrderResponse = one(SinqroOrder, "SinqroOrderResponse");
export const SinqroOrderStatusResponse = one(SinqroOrderStatus, "SinqroOrderStatusResponse");
export const SinqroOrderList = many(SinqroOrder, "SinqroOrderList");
