import { z } from "@hono/zod-openapi";

/** The most orders one `POST /orders/` may carry. */
export const MAX_ORDERS_PER_BATCH = 500;
/** The most items or payments one order may carry. */
export const MAX_LINES_PER_ORDER = 500;
const MAX_AMOUNT = 1_000_000_000;

export const ExternalID = z
  .string()
  .min(1)
  .max(100)
  .openapi({ description: "The sender's own id. Spelt `externalID`: capital I, capital D." });

export const VenueID = z.string().min(1).max(100).openapi({
  description:
    "The venue (location) the data belongs to. Required on a routing credential that serves several venues; optional on a credential of one venue (it must then be that venue).",
  example: "loc-0001",
});

const Amount = z.number().int().min(0).max(MAX_AMOUNT);
const SignedAmount = z.number().int().min(-MAX_AMOUNT).max(MAX_AMOUNT);

export const CHANNELS = ["dining-room", "bar", "terrace", "delivery", "justeat", "events", "any"] as const;
export const PAYMENT_METHODS = ["cash", "card", "transfer", "any"] as const;

export const SalesPayment = z
  .strictObject({
    method: z.enum(PAYMENT_METHODS),
    base: Amount.openapi({ description: "Net amount (without tax), integer minor units (cents)." }),
    tax: Amount.openapi({ description: "Tax in the payment, integer minor units." }),
    total: Amount.openapi({ description: "What was paid: must equal base + tax. Integer minor units." }),
  })
  .openapi("SalesPayment");

export const SalesItem = z
  .strictObject({
    externalID: ExternalID.openapi({
      description: "The catalog item (or variant) sold; the same item may appear on several lines.",
    }),
    name: z.string().min(1).max(200),
    quantity: z
      .number()
      .int()
      .min(1)
      .max(10_000)
      .openapi({ description: "Whole units; weighed goods are sent as quantity 1 at their weighed price." }),
    pricePerUnit: SignedAmount.openapi({
      description:
        "Charged unit price, tax included, integer minor units, with the unit's modifiers and combo upcharges folded in. A discount is its own item with a negative price.",
    }),
    total: SignedAmount.openapi({ description: "Must equal quantity × pricePerUnit. Integer minor units." }),
  })
  .openapi("SalesItem");

export const SalesOrder = z
  .strictObject({
    externalID: ExternalID.openapi({
      description: "The ticket's id: sending it again updates the stored order (upsert per venue).",
    }),
    venueID: VenueID.optional(),
    date: z.iso
      .datetime({
        offset: true,
        error: "must be an ISO 8601 date-time with an offset, e.g. 2026-03-13T12:30:00+01:00",
      })
      .openapi({ description: "When the ticket closed, with the venue's UTC offset (or Z)." }),
    seats: z.number().int().min(1).max(1_000).nullish(),
    channel: z.enum(CHANNELS).nullish(),
    payments: z.array(SalesPayment).max(MAX_LINES_PER_ORDER).openapi({
      description: "Their totals must add up to the items' totals. Empty on a voided ticket.",
    }),
    items: z.array(SalesItem).max(MAX_LINES_PER_ORDER).openapi({
      description:
        "Lines sold (voided lines left out; a tip is an item of its own). Empty on a voided ticket.",
    }),
  })
  .openapi("SalesOrder");

export const SalesPush = z
  .strictObject({
    orders: z
      .array(SalesOrder)
      .min(1, "a batch needs at least one order")
      .max(MAX_ORDERS_PER_BATCH, `a batch holds at most ${MAX_ORDERS_PER_BATCH} orders`),
  })
  .openapi("SalesPush");

export type SalesPaymentWire = z.infer<typeof SalesPayment>;
export type SalesItemWire = z.infer<typeof SalesItem>;
export type SalesOrderWire = z.infer<typeof SalesOrder>;
export type SalesPushWire = z.infer<typeof SalesPush>;
