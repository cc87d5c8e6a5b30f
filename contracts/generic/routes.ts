import { createRoute, z } from "@hono/zod-openapi";
import { idempotencyKeyHeader, queryInteger, READ_FAILURES, WRITE_FAILURES } from "../common.ts";
import { body, json } from "../content.ts";
import type { Operation } from "../operations.ts";
import { PosProblem, problemResponse } from "../problem.ts";
import type { FailureCode } from "../vocabulary.ts";
import { GENERIC_FAILURES } from "./failures.ts";
import { Availability, LocationStatus, LoyaltyCard, Menu, Modifiers, Tables } from "./menu.ts";
import {
  AppendRoundRequest,
  ApplyLoyaltyRequest,
  CreateOrderRequest,
  KitchenMessage,
  KitchenMessageRequest,
  Order,
  OrderList,
  OrderStatus,
  PayRequest,
  SetStatusRequest,
  Shift,
  ShiftList,
} from "./orders.ts";

const BASE = "/v1/locations/{locationId}";
const Id = z.string().min(1).max(100);
const LocationParams = z.object({
  locationId: Id.openapi({ param: { name: "locationId", in: "path" }, example: "loc-0001" }),
});
const OrderParams = LocationParams.extend({
  orderId: Id.openapi({ param: { name: "orderId", in: "path" } }),
});

/** The request header of the generic dialect's idempotency key. */
export const IDEMPOTENCY_HEADER = "Idempotency-Key";
const IdempotencyHeaders = idempotencyKeyHeader(IDEMPOTENCY_HEADER, "IDEMPOTENCY_CONFLICT");

/** The error responses of a route, grouped by status as the generic dialect renders them. */
function failures(codes: readonly FailureCode[]) {
  const byStatus = new Map<number, FailureCode[]>();
  for (const code of codes) {
    const { status } = GENERIC_FAILURES[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  // A gateway in front of an unreachable POS may say 503 rather than 502.
  byStatus.set(503, [...(byStatus.get(503) ?? []), "UNREACHABLE"]);
  return {
    ...Object.fromEntries(
      [...byStatus].map(([status, cs]) => [
        status,
        problemResponse(`problem+json, code ${cs.join(" | ")}`, PosProblem),
      ]),
    ),
    // Any request whose request line and headers overflow the limit (x-mockpos-limits).
    431: problemResponse(
      "problem+json, code PAYLOAD_TOO_LARGE: request line and headers over 16 KiB",
      PosProblem,
    ),
  };
}

const SECURITY: Record<string, string[]>[] = [{ apiKey: [] }, { basic: [] }];

/** Route metadata: the operationId is the export name, the canonical operation goes in `x-mockpos-operation`. */
function meta(operationId: string, operation: Operation, summary: string) {
  return { operationId, summary, tags: ["generic"], security: SECURITY, "x-mockpos-operation": operation };
}

export const locationStatus = createRoute({
  ...meta("locationStatus", "location.status", "Is the location online"),
  method: "get",
  path: `${BASE}/status`,
  request: { params: LocationParams },
  responses: { 200: json(LocationStatus, "The location's status"), ...failures(READ_FAILURES) },
});

export const menuGet = createRoute({
  ...meta(
    "menuGet",
    "menu.get",
    "Full menu: categories, products, variants, prices, tax rates, sold-out flags",
  ),
  method: "get",
  path: `${BASE}/menu`,
  request: { params: LocationParams },
  responses: { 200: json(Menu, "The location's menu"), ...failures(READ_FAILURES) },
});

export const modifiersGet = createRoute({
  ...meta(
    "modifiersGet",
    "modifiers.get",
    "Modifier groups and their options (add / remove / swap ingredients)",
  ),
  method: "get",
  path: `${BASE}/modifiers`,
  request: { params: LocationParams },
  responses: { 200: json(Modifiers, "Modifier groups"), ...failures(READ_FAILURES) },
});

export const availabilityGet = createRoute({
  ...meta("availabilityGet", "availability.get", "Per-item sold-out flags"),
  method: "get",
  path: `${BASE}/availability`,
  request: { params: LocationParams },
  responses: { 200: json(Availability, "Availability of every product"), ...failures(READ_FAILURES) },
});

export const tablesGet = createRoute({
  ...meta("tablesGet", "tables.get", "Tables and the orders open on them"),
  method: "get",
  path: `${BASE}/tables`,
  request: { params: LocationParams },
  responses: { 200: json(Tables, "Table-level order state"), ...failures(READ_FAILURES) },
});

export const OrdersQuery = z.object({
  view: z.enum(["new", "in_progress", "changed"]).default("new").openapi({
    description:
      "`new`: orders opened after the cursor. `in_progress`: open orders changed after the cursor, and the orders closed (paid or voided) after it, once, in their closed state — how a void or a payment at a terminal reaches the in-progress refresh; without a cursor, every open order and no closed one. `changed`: any order changed after the cursor, voids and payments included. Pages follow `cursor` while `hasMore`: no order is lost or repeated between them.",
  }),
  cursor: z.string().max(64).optional(),
  status: z.enum(["open", "paid", "voided"]).optional(),
  externalId: z.string().min(1).max(100).optional(),
  limit: queryInteger(1, 500, 100, "Orders per page."),
});

export const ordersList = createRoute({
  ...meta("ordersList", "orders.list", "Orders opened or changed since a cursor"),
  method: "get",
  path: `${BASE}/orders`,
  request: { params: LocationParams, query: OrdersQuery },
  responses: { 200: json(OrderList, "A page of orders, oldest first"), ...failures(READ_FAILURES) },
});

export const orderGet = createRoute({
  ...meta("orderGet", "order.get", "Full order detail"),
  method: "get",
  path: `${BASE}/orders/{orderId}`,
  request: { params: OrderParams },
  responses: { 200: json(Order, "The order"), ...failures(READ_FAILURES) },
});

export const orderCreate = createRoute({
  ...meta("orderCreate", "order.create", "Create an order, idempotently"),
  method: "post",
  path: `${BASE}/orders`,
  request: { params: LocationParams, headers: IdempotencyHeaders, body: body(CreateOrderRequest) },
  responses: {
    201: json(Order, "The order as the POS now holds it (also on an idempotent replay)"),
    ...failures([...WRITE_FAILURES, "ITEM_UNAVAILABLE"]),
  },
});

export const orderAppend = createRoute({
  ...meta("orderAppend", "order.append", "Append a round of items to an open order"),
  method: "post",
  path: `${BASE}/orders/{orderId}/rounds`,
  request: { params: OrderParams, headers: IdempotencyHeaders, body: body(AppendRoundRequest) },
  responses: {
    200: json(Order, "The order with the new round"),
    ...failures([...WRITE_FAILURES, "LOCKED", "ORDER_CLOSED", "ITEM_UNAVAILABLE", "VERSION_CONFLICT"]),
  },
});

export const orderPay = createRoute({
  ...meta("orderPay", "order.pay", "Mark an order paid; a tip goes to the tip line"),
  method: "post",
  path: `${BASE}/orders/{orderId}/payments`,
  request: { params: OrderParams, headers: IdempotencyHeaders, body: body(PayRequest) },
  responses: {
    200: json(Order, "The paid order"),
    ...failures([...WRITE_FAILURES, "LOCKED", "ORDER_CLOSED"]),
  },
});

export const orderStatusGet = createRoute({
  ...meta("orderStatusGet", "order.status.get", "Payment, kitchen and lock state of an order"),
  method: "get",
  path: `${BASE}/orders/{orderId}/status`,
  request: { params: OrderParams },
  responses: { 200: json(OrderStatus, "The order's status"), ...failures(READ_FAILURES) },
});

export const orderStatusSet = createRoute({
  ...meta("orderStatusSet", "order.status.set", "Accept, progress or cancel an order"),
  method: "post",
  path: `${BASE}/orders/{orderId}/status`,
  request: { params: OrderParams, headers: IdempotencyHeaders, body: body(SetStatusRequest) },
  responses: {
    200: json(OrderStatus, "The new status"),
    ...failures([...WRITE_FAILURES, "LOCKED", "ORDER_CLOSED", "INVALID_TRANSITION"]),
  },
});

export const kitchenMessage = createRoute({
  ...meta("kitchenMessage", "kitchen.message", "Send a note to the kitchen printer for an order"),
  method: "post",
  path: `${BASE}/orders/{orderId}/kitchen-messages`,
  request: { params: OrderParams, headers: IdempotencyHeaders, body: body(KitchenMessageRequest) },
  responses: {
    201: json(KitchenMessage, "The message as printed"),
    ...failures([...WRITE_FAILURES, "LOCKED", "ORDER_CLOSED"]),
  },
});

export const loyaltyCardGet = createRoute({
  ...meta("loyaltyCardGet", "loyalty.apply", "Look up a loyalty card"),
  method: "get",
  path: `${BASE}/loyalty/cards/{cardNumber}`,
  request: {
    params: LocationParams.extend({
      cardNumber: z
        .string()
        .min(1)
        .max(40)
        .openapi({ param: { name: "cardNumber", in: "path" } }),
    }),
  },
  responses: { 200: json(LoyaltyCard, "The card"), ...failures(READ_FAILURES) },
});

export const loyaltyApply = createRoute({
  ...meta(
    "loyaltyApply",
    "loyalty.apply",
    "Apply a loyalty card to an open order (reprices at loyalty prices)",
  ),
  method: "post",
  path: `${BASE}/orders/{orderId}/loyalty`,
  request: { params: OrderParams, headers: IdempotencyHeaders, body: body(ApplyLoyaltyRequest) },
  responses: {
    200: json(Order, "The repriced order"),
    ...failures([...WRITE_FAILURES, "LOCKED", "ORDER_CLOSED"]),
  },
});

export const shiftsList = createRoute({
  ...meta("shiftsList", "shifts.list", "Work shifts, newest last, with their totals"),
  method: "get",
  path: `${BASE}/shifts`,
  request: { params: LocationParams, query: z.object({ businessDate: z.iso.date().optional() }) },
  responses: { 200: json(ShiftList, "Shifts"), ...failures(READ_FAILURES) },
});

export const shiftGet = createRoute({
  ...meta("shiftGet", "shift.get", "One shift and its totals"),
  method: "get",
  path: `${BASE}/shifts/{shiftId}`,
  request: {
    params: LocationParams.extend({ shiftId: Id.openapi({ param: { name: "shiftId", in: "path" } }) }),
  },
  responses: { 200: json(Shift, "The shift"), ...failures(READ_FAILURES) },
});

/** Every generic-dialect route, in the order the OpenAPI document lists them. */
export const GENERIC_ROUTES = [
  locationStatus,
  menuGet,
  modifiersGet,
  availabilityGet,
  tablesGet,
  ordersList,
  orderGet,
  orderCreate,
  orderAppend,
  orderPay,
  orderStatusGet,
  orderStatusSet,
  kitchenMessage,
  loyaltyCardGet,
  loyaltyApply,
  shiftsList,
  shiftGet,
];
