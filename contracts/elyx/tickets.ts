import { z } from "@hono/zod-openapi";
import { bodyRules, MAX_REQUEST_INTEGER, paymentRequest, requireString, rule, whenField } from "../common.ts";
import { BusinessDate, Iso, LocationNumber, Minor, Ref, VatRate } from "./common.ts";

const Id = z.string().min(1).max(100);
const Named = z.object({ id: z.string(), name: z.string() });
const VatByRate = z
  .array(z.object({ rate: VatRate, net: Minor, vat: Minor }))
  .openapi({ description: "Article sales per VAT rate (tips carry no VAT and are not here)." });

export const LineRequest = z
  .object({
    articleId: Id,
    variantId: Id.nullish(),
    quantity: z.number().int().min(1).max(999),
    modifiers: z
      .array(z.object({ optionId: Id, quantity: z.number().int().min(1).max(20).optional() }))
      .max(50)
      .optional(),
    combo: z
      .array(z.object({ componentId: Id, articleId: Id }))
      .max(10)
      .optional(),
    note: z.string().max(500).nullish(),
  })
  .openapi("ElyxLineRequest");

export const TicketRequest = z
  .object({
    externalId: z
      .string()
      .min(1)
      .max(100)
      .nullish()
      .openapi({ description: "Unique per location: a second ticket with it is 1105 DUPLICATE_REQUEST." }),
    type: z.enum(["dine_in", "take_away", "delivery"]),
    tableId: Id.nullish(),
    guests: z.number().int().min(1).max(100).nullish(),
    waiterId: Id.nullish(),
    lines: z.array(LineRequest).min(1).max(200),
    note: z.string().max(500).nullish(),
  })
  .superRefine((o, ctx) => {
    if (o.type === "dine_in" && !o.tableId)
      ctx.addIssue({ code: "custom", path: ["tableId"], message: "a dine_in ticket needs a table" });
  })
  .openapi("ElyxTicketRequest", {
    description: "A `dine_in` ticket needs a `tableId`.",
    ...bodyRules(rule(whenField("type", "dine_in"), requireString("tableId"))),
  });

export const LinesRequest = z
  .object({
    lines: z.array(LineRequest).min(1).max(200),
    version: z
      .number()
      .int()
      .min(1)
      .max(MAX_REQUEST_INTEGER)
      .optional()
      .openapi({ description: "Expected ticket version; a mismatch is 2003 TICKET_CHANGED." }),
  })
  .openapi("ElyxLinesRequest");

export const PaymentRequest = paymentRequest("ElyxPaymentRequest");

export const TicketLine = z
  .object({
    id: z.string(),
    type: z.enum(["article", "tip"]),
    round: z.number().int(),
    articleId: z.string().nullable(),
    variantId: z.string().nullable(),
    name: z.string(),
    quantity: z.number().int(),
    unitPrice: Minor,
    vatRate: VatRate,
    modifiers: z.array(
      z.object({ optionId: z.string(), name: z.string(), quantity: z.number().int(), price: Minor }),
    ),
    combo: z.array(
      z.object({ componentId: z.string(), articleId: z.string(), name: z.string(), upcharge: Minor }),
    ),
    note: z.string().nullable(),
    voided: z.boolean(),
    total: Minor,
    vat: Minor,
  })
  .openapi("ElyxTicketLine");

export const Ticket = z
  .object({
    id: Ref,
    number: z.number().int(),
    locationId: LocationNumber,
    externalId: z.string().nullable(),
    type: z.enum(["dine_in", "take_away", "delivery"]),
    status: z.enum(["open", "paid", "voided"]),
    terminal: Named,
    waiter: Named,
    table: Named.nullable(),
    guests: z.number().int().nullable(),
    openedAt: Iso,
    closedAt: Iso.nullable(),
    updatedAt: Iso,
    shiftId: Ref.openapi({
      description:
        "The shift the ticket counts in: the shift of its payment when paid (so a ticket opened before a shift change and paid after it counts in the next), of its void when voided, of its opening while open.",
    }),
    businessDate: BusinessDate.openapi({ description: "Business date of `shiftId`." }),
    openedShiftId: Ref.openapi({ description: "The shift the ticket was opened in." }),
    locked: z
      .object({ terminal: Named, since: Iso, until: Iso.nullable() })
      .nullable()
      .openapi({ description: "Set while a waiter has the ticket open at a terminal: writes get 2001." }),
    lines: z.array(TicketLine),
    payments: z.array(
      z.object({
        id: z.string(),
        method: z.string(),
        amount: Minor.openapi({ description: "Tip included." }),
        tip: Minor,
        reference: z.string().nullable(),
        at: Iso,
        shiftId: Ref,
      }),
    ),
    totals: z
      .object({
        net: Minor.openapi({ description: "Articles without VAT." }),
        vat: Minor,
        tips: Minor,
        gross: Minor.openapi({ description: "net + vat + tips = the sum of the line totals." }),
        paid: Minor,
        due: Minor,
        vatByRate: VatByRate,
      })
      .openapi({ description: "Computed from the lines on every read." }),
    currency: z.string(),
    version: z.number().int(),
  })
  .openapi("ElyxTicket");

export const TicketList = z
  .object({
    tickets: z.array(Ticket),
    total: z.number().int().openapi({ description: "Tickets matching the filters, over all pages." }),
    offset: z.number().int(),
    limit: z.number().int(),
  })
  .openapi("ElyxTicketList");

export const SalesPage = z
  .object({
    tickets: z
      .array(Ticket)
      .openapi({ description: "Tickets changed after the cursor, oldest change first." }),
    cursor: z
      .string()
      .openapi({ description: "Pass back as `cursor` to get only what changed after this page." }),
    hasMore: z.boolean().openapi({ description: "Another page is ready now: ask again at once." }),
    serverTime: Iso,
  })
  .openapi("ElyxSalesPage");

export const ShiftReport = z
  .object({
    id: Ref,
    locationId: LocationNumber,
    number: z.number().int(),
    businessDate: BusinessDate,
    openedAt: Iso,
    closedAt: Iso.nullable(),
    status: z.enum(["open", "closed"]),
    currency: z.string(),
    totals: z
      .object({
        tickets: z.number().int().openapi({ description: "Tickets paid in this shift." }),
        ticketsOpened: z.number().int(),
        ticketsVoided: z.number().int(),
        ticketsOpen: z.number().int().openapi({ description: "Still open at the close (or now)." }),
        net: Minor,
        vat: Minor,
        tips: Minor,
        gross: Minor.openapi({ description: "Payments taken in the shift, tips included." }),
        payments: z.array(z.object({ method: z.string(), amount: Minor })),
        vatByRate: VatByRate,
      })
      .openapi({
        description:
          "A Z-report: sales count in the shift their payment was taken in, so the reports of any two consecutive shifts add up to the tickets paid in them.",
      }),
  })
  .openapi("ElyxShiftReport");

export const ShiftList = z.object({ shifts: z.array(ShiftReport) }).openapi("ElyxShiftList");
