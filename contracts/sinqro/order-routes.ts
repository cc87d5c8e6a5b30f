import { createRoute, z } from "@hono/zod-openapi";
import { body, json } from "../content.ts";
import { failures, IdempotencyHeaders, meta, P, READ_FAILURES, WRITE_FAILURES } from "./common.ts";
import { SINQRO_RESTAURANT_CLOSED } from "./failures.ts";
import {
  SinqroCreateOrderRequest,
  SinqroOrderResponse,
  SinqroOrderStatusResponse,
  SinqroSetOrderStatusRequest,
} from "./orders.ts";
import {
  SinqroCreateReservationRequest,
  SinqroReservationResponse,
  SinqroReservationStatusResponse,
  SinqroSetReservationStatusRequest,
} from "./reservations.ts";

export const SINQRO_BASE = "/sinqro/v1";
const OrderParams = z.object({ orderId: P("orderId") });
const ReservationParams = z.object({ reservationId: P("reservationId") });
const CLOSED = [SINQRO_RESTAURANT_CLOSED.code];

export const orderCreate = createRoute({
  ...meta("sinqroOrderCreate", "order.create", "Inject an online order into the POS"),
  method: "post",
  path: `${SINQRO_BASE}/orders`,
  request: { headers: IdempotencyHeaders, body: body(SinqroCreateOrderRequest) },
  responses: {
    201: json(SinqroOrderResponse, "The order as the POS now holds it (also on an idempotent replay)"),
    ...failures([...WRITE_FAILURES, "ITEM_UNAVAILABLE"], CLOSED),
  },
});

export const orderGet = createRoute({
  ...meta("sinqroOrderGet", "order.get", "An order: lines, options, totals, payment, status"),
  method: "get",
  path: `${SINQRO_BASE}/orders/{orderId}`,
  request: { params: OrderParams },
  responses: { 200: json(SinqroOrderResponse, "The order"), ...failures(READ_FAILURES) },
});

export const orderStatusGet = createRoute({
  ...meta("sinqroOrderStatusGet", "order.status.get", "An order's status"),
  method: "get",
  path: `${SINQRO_BASE}/orders/{orderId}/status`,
  request: { params: OrderParams },
  responses: { 200: json(SinqroOrderStatusResponse, "The status"), ...failures(READ_FAILURES) },
});

const SET_ORDER_STATUS_FAILURES = failures([
  ...WRITE_FAILURES,
  "LOCKED",
  "ORDER_CLOSED",
  "INVALID_TRANSITION",
]);

/** The status change of `what`, as POST and as PATCH: Sinqro clients use either. */
function statusSet<P extends z.ZodObject, B extends z.ZodType, R extends z.ZodType>(
  operationId: string,
  summary: string,
  path: string,
  schemas: { params: P; body: B; response: R },
  errors: ReturnType<typeof failures>,
) {
  const route = <M extends "post" | "patch">(method: M, id: string, text: string) =>
    createRoute({
      ...meta(id, "order.status.set", text),
      method,
      path: `${SINQRO_BASE}${path}`,
      request: { params: schemas.params, headers: IdempotencyHeaders, body: body(schemas.body) },
      responses: { 200: json(schemas.response, "The new status"), ...errors },
    });
  return [
    route("post", `${operationId}Post`, summary),
    route("patch", `${operationId}Patch`, `${summary} (same as POST)`),
  ] as const;
}

export const [orderStatusPost, orderStatusPatch] = statusSet(
  "sinqroOrderStatus",
  "Accept, cancel or progress an order",
  "/orders/{orderId}/status",
  { params: OrderParams, body: SinqroSetOrderStatusRequest, response: SinqroOrderStatusResponse },
  SET_ORDER_STATUS_FAILURES,
);

export const reservationCreate = createRoute({
  ...meta("sinqroReservationCreate", "order.create", "Book a table (journaled as order.create)"),
  method: "post",
  path: `${SINQRO_BASE}/reservations`,
  request: { headers: IdempotencyHeaders, body: body(SinqroCreateReservationRequest) },
  responses: {
    201: json(SinqroReservationResponse, "The booking, REQUESTED until the restaurant answers"),
    ...failures(WRITE_FAILURES, CLOSED),
  },
});

export const reservationGet = createRoute({
  ...meta("sinqroReservationGet", "order.get", "A booking (journaled as order.get)"),
  method: "get",
  path: `${SINQRO_BASE}/reservations/{reservationId}`,
  request: { params: ReservationParams },
  responses: { 200: json(SinqroReservationResponse, "The booking"), ...failures(READ_FAILURES) },
});

export const reservationStatusGet = createRoute({
  ...meta(
    "sinqroReservationStatusGet",
    "order.status.get",
    "A booking's status (journaled as order.status.get)",
  ),
  method: "get",
  path: `${SINQRO_BASE}/reservations/{reservationId}/status`,
  request: { params: ReservationParams },
  responses: { 200: json(SinqroReservationStatusResponse, "The status"), ...failures(READ_FAILURES) },
});

const SET_RESERVATION_STATUS_FAILURES = failures([...WRITE_FAILURES, "INVALID_TRANSITION"]);

export const [reservationStatusPost, reservationStatusPatch] = statusSet(
  "sinqroReservationStatus",
  "Accept, cancel or progress a booking",
  "/reservations/{reservationId}/status",
  {
    params: ReservationParams,
    body: SinqroSetReservationStatusRequest,
    response: SinqroReservationStatusResponse,
  },
  SET_RESERVATION_STATUS_FAILURES,
);

export const SINQRO_ORDER_ROUTES = [
  orderCreate,
  orderGet,
  orderStatusGet,
  orderStatusPost,
  orderStatusPatch,
  reservationCreate,
  reservationGet,
  reservationStatusGet,
  reservationStatusPost,
  reservationStatusPatch,
];
