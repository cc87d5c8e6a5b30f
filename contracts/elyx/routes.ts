import { createRoute, z } from "@hono/zod-openapi";
import { idempotencyKeyHeader, queryInteger, READ_FAILURES, WRITE_FAILURES } from "../common.ts";
import { body, json } from "../content.ts";
import type { Operation } from "../operations.ts";
import {
  Articles,
  LocationList,
  LocationParams,
  LocationStatus,
  LocationsFilter,
  ShiftParams,
  TicketParams,
} from "./common.ts";
import { elyxFailureResponses } from "./failures.ts";
import {
  LinesRequest,
  PaymentRequest,
  SalesPage,
  ShiftList,
  ShiftReport,
  Ticket,
  TicketList,
  TicketRequest,
} from "./tickets.ts";

const BASE = "/api/v1";

/** The request header of the Elyx dialect's idempotency key. */
export const IDEMPOTENCY_HEADER = "Idempotency-Key";
const IdempotencyHeaders = idempotencyKeyHeader(IDEMPOTENCY_HEADER, "1105");

const Limit = queryInteger(1, 500, 100, "Tickets per page.");
const Since = z.iso.datetime({ offset: true });

const SECURITY: Record<string, string[]>[] = [{ apiKey: [] }];

/** Route metadata: the operationId is the export name, the canonical operation goes in `x-mockpos-operation`. */
function meta(operationId: string, operation: Operation, summary: string) {
  return { operationId, summary, tags: ["elyx"], security: SECURITY, "x-mockpos-operation": operation };
}

export const elyxLocations = createRoute({
  ...meta("elyxLocations", "location.status", "Locations this API key sees: online, business date, shift"),
  method: "get",
  path: `${BASE}/locations`,
  request: { query: z.object({ locations: LocationsFilter }) },
  responses: { 200: json(LocationList, "The locations, by id"), ...elyxFailureResponses(READ_FAILURES) },
});

export const elyxLocation = createRoute({
  ...meta("elyxLocation", "location.status", "One location: online, business date, shift"),
  method: "get",
  path: `${BASE}/locations/{locationId}`,
  request: { params: LocationParams },
  responses: { 200: json(LocationStatus, "The location"), ...elyxFailureResponses(READ_FAILURES) },
});

export const elyxArticles = createRoute({
  ...meta("elyxArticles", "menu.get", "Articles, families, prices, VAT rates, modifiers, sold-out flags"),
  method: "get",
  path: `${BASE}/locations/{locationId}/articles`,
  request: { params: LocationParams },
  responses: { 200: json(Articles, "The location's articles"), ...elyxFailureResponses(READ_FAILURES) },
});

export const TicketsQuery = z.object({
  locations: LocationsFilter,
  businessDate: z.iso.date().optional().openapi({ description: "Business date of the ticket's shift." }),
  shift: z
    .string()
    .regex(/^\d{1,6}-\d{1,9}$/, "a shift id like 7-12")
    .optional()
    .openapi({ description: "Tickets counting in this shift (see Ticket.shiftId)." }),
  status: z.enum(["open", "paid", "voided"]).optional(),
  from: Since.optional().openapi({ description: "Closed (or, while open, opened) at or after." }),
  to: Since.optional().openapi({
    description:
      "Closed (or, while open, opened) before; with `from`, must be later than it (1100 naming `query.to`).",
  }),
  limit: Limit,
  offset: queryInteger(0, 1_000_000, 0, "Tickets to skip."),
});

export const elyxTickets = createRoute({
  ...meta("elyxTickets", "orders.list", "Tickets and invoices, filtered, by location and number"),
  method: "get",
  path: `${BASE}/tickets`,
  request: { query: TicketsQuery },
  responses: { 200: json(TicketList, "A page of tickets"), ...elyxFailureResponses(READ_FAILURES) },
});

export const elyxTicket = createRoute({
  ...meta("elyxTicket", "order.get", "One ticket with its lines, payments, totals, shift and lock"),
  method: "get",
  path: `${BASE}/tickets/{ticketId}`,
  request: { params: TicketParams },
  responses: { 200: json(Ticket, "The ticket"), ...elyxFailureResponses(READ_FAILURES) },
});

export const SalesQuery = z.object({
  locations: LocationsFilter,
  cursor: z.string().max(200).optional().openapi({
    description:
      "From the last page; valid only with the same `locations`. Give `cursor` or `from`, not both.",
  }),
  from: Since.optional().openapi({
    description:
      "Without a cursor: start with changes at or after this time (not in the future). Give `cursor` or `from`, not both (1100 naming `query.from`).",
  }),
  limit: Limit,
});

export const elyxSales = createRoute({
  ...meta("elyxSales", "orders.list", "Sales sync: tickets changed since a cursor, across the locations"),
  method: "get",
  path: `${BASE}/sales`,
  request: { query: SalesQuery },
  responses: { 200: json(SalesPage, "A page of changed tickets"), ...elyxFailureResponses(READ_FAILURES) },
});

export const elyxTicketCreate = createRoute({
  ...meta("elyxTicketCreate", "order.create", "Open a ticket, idempotently"),
  method: "post",
  path: `${BASE}/locations/{locationId}/tickets`,
  request: { params: LocationParams, headers: IdempotencyHeaders, body: body(TicketRequest) },
  responses: {
    201: json(
      Ticket,
      "The new ticket; a replay with the same Idempotency-Key answers the first answer again (Idempotent-Replayed: true)",
    ),
    ...elyxFailureResponses([...WRITE_FAILURES, "ITEM_UNAVAILABLE"]),
  },
});

export const elyxTicketLines = createRoute({
  ...meta("elyxTicketLines", "order.append", "Add a round of lines to an open ticket"),
  method: "post",
  path: `${BASE}/tickets/{ticketId}/lines`,
  request: { params: TicketParams, headers: IdempotencyHeaders, body: body(LinesRequest) },
  responses: {
    200: json(Ticket, "The ticket with the new lines"),
    ...elyxFailureResponses([
      ...WRITE_FAILURES,
      "LOCKED",
      "ORDER_CLOSED",
      "ITEM_UNAVAILABLE",
      "VERSION_CONFLICT",
    ]),
  },
});

export const elyxTicketPay = createRoute({
  ...meta("elyxTicketPay", "order.pay", "Settle a ticket in full; a tip goes on a tip line"),
  method: "post",
  path: `${BASE}/tickets/{ticketId}/payments`,
  request: { params: TicketParams, headers: IdempotencyHeaders, body: body(PaymentRequest) },
  responses: {
    200: json(Ticket, "The paid ticket"),
    ...elyxFailureResponses([...WRITE_FAILURES, "LOCKED", "ORDER_CLOSED"]),
  },
});

export const elyxShifts = createRoute({
  ...meta("elyxShifts", "shifts.list", "Shift reports (Z-reports) of the locations, oldest first"),
  method: "get",
  path: `${BASE}/shifts`,
  request: {
    query: z.object({
      locations: LocationsFilter,
      businessDate: z.iso.date().optional(),
      status: z.enum(["open", "closed"]).optional(),
    }),
  },
  responses: { 200: json(ShiftList, "Shift reports"), ...elyxFailureResponses(READ_FAILURES) },
});

export const elyxShift = createRoute({
  ...meta("elyxShift", "shift.get", "One shift report"),
  method: "get",
  path: `${BASE}/shifts/{shiftId}`,
  request: { params: ShiftParams },
  responses: { 200: json(ShiftReport, "The shift report"), ...elyxFailureResponses(READ_FAILURES) },
});

/** Every Elyx-dialect route, in the order the OpenAPI document lists them. */
export const ELYX_ROUTES = [
  elyxLocations,
  elyxLocation,
  elyxArticles,
  elyxTickets,
  elyxTicket,
  elyxSales,
  elyxTicketCreate,
  elyxTicketLines,
  elyxTicketPay,
  elyxShifts,
  elyxShift,
];
