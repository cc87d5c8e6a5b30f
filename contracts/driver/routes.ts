import { createRoute, z } from "@hono/zod-openapi";
import { body, json } from "../content.ts";
import { problemResponse } from "../problem.ts";
import type { FailureCode } from "../vocabulary.ts";
import {
  AppendRoundInput,
  ApplyLoyaltyInput,
  ConfigureInput,
  Hello,
  KitchenMessageInput,
  LocationView,
  MenuView,
  OrderView,
  PayInput,
  PlaceOrderInput,
} from "./schemas.ts";

/** Every route of the protocol lives under this prefix; a new major gets a new one. */
export const DRIVER_PREFIX = "/driver/v1";

export type DriverProblemStatus = 400 | 404 | 409 | 413 | 415 | 500;

/**
 * The problems a driver route can answer, by status: one table, read by the server that renders
 * them and by the document that publishes them. 400, 404 and 409 are refusals (a `DriverRefusal`
 * on the suite's side); 413 and 415 are a client's mistake; 500 is the engine failing.
 */
export const DRIVER_PROBLEMS: Record<
  DriverProblemStatus,
  { code: FailureCode; title: string; refusal: boolean; description: string }
> = {
  400: {
    code: "VALIDATION",
    title: "Request is not valid",
    refusal: true,
    description:
      "The input is not valid (each bad field in invalidParams), or the engine refuses it as such.",
  },
  404: {
    code: "NOT_FOUND",
    title: "Not found",
    refusal: true,
    description: "No such order or location (or no menu fetched yet).",
  },
  409: {
    code: "INVALID_TRANSITION",
    title: "Refused in the engine's present state",
    refusal: true,
    description:
      "The engine will not take the action in the state it is in: the order is not placed, is already paid, the ref names another order, the engine is not configured.",
  },
  413: { code: "PAYLOAD_TOO_LARGE", title: "Request body is too large", refusal: false, description: "" },
  415: {
    code: "UNSUPPORTED_MEDIA_TYPE",
    title: "Body must be application/json",
    refusal: false,
    description: "",
  },
  500: {
    code: "SERVER_ERROR",
    title: "The engine failed",
    refusal: false,
    description: "An unexpected error in the engine; `detail` carries its message.",
  },
};

function problems(...statuses: DriverProblemStatus[]) {
  return Object.fromEntries(
    statuses.map((status) => {
      const p = DRIVER_PROBLEMS[status];
      const more = p.description ? `: ${p.description}` : "";
      return [status, problemResponse(`problem+json, code ${p.code}${more}`)];
    }),
  );
}

const READ = [400, 404, 500] as const;
const WRITE = [400, 404, 409, 413, 415, 500] as const;

/** Route metadata: the operationId is the `Driver` method the route serves. */
function meta(method: string, summary: string, description?: string) {
  return { operationId: method, summary, description, tags: ["driver"], "x-mockpos-driver-method": method };
}

const Ref = z
  .string()
  .min(1)
  .max(100)
  .openapi({ param: { name: "ref", in: "path" }, example: "guest-1", description: "The order's ref" });
const RefParams = z.object({ ref: Ref });
const LocationParams = z.object({
  locationId: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: "locationId", in: "path" }, example: "loc-0001" }),
});

export const hello = createRoute({
  ...meta("hello", "Who the engine is, which protocol version it speaks, whether it is configured"),
  method: "get",
  path: DRIVER_PREFIX,
  responses: { 200: json(Hello, "The engine's hello"), ...problems(500) },
});

export const configure = createRoute({
  ...meta(
    "configure",
    "Configure the engine: its locations, envelope, retries and clock",
    "Replaces the engine's configuration and starts it. `config` is the reference engine's schema; another engine maps what it needs and refuses what it cannot do, naming the fields (400, invalidParams `body.config.…`).",
  ),
  method: "put",
  path: `${DRIVER_PREFIX}/config`,
  request: { body: body(ConfigureInput) },
  responses: { 204: { description: "Configured" }, ...problems(400, 409, 413, 415, 500) },
});

export const locations = createRoute({
  ...meta(
    "locations",
    "Every configured location as the engine sees it: mode, cursors, menu, queue, counters",
  ),
  method: "get",
  path: `${DRIVER_PREFIX}/locations`,
  responses: {
    200: json(z.array(LocationView), "The locations, in configuration order"),
    ...problems(409, 500),
  },
});

export const menu = createRoute({
  ...meta("menu", "The menu the engine last fetched for a location"),
  method: "get",
  path: `${DRIVER_PREFIX}/locations/{locationId}/menu`,
  request: { params: LocationParams },
  responses: { 200: json(MenuView, "The menu"), ...problems(...READ) },
});

export const placeOrder = createRoute({
  ...meta(
    "placeOrder",
    "A guest places an order",
    "Answers once the engine has accepted or refused the order, not when the POS has it. 201 either way: `state` is `pending` (or `placed`) when accepted, `refused` with a guest-facing `reason` when the engine would not send it (the location is read-only, an item is sold out or unknown). A refused order is an answer, not a protocol error; a 4xx problem means the request itself was wrong.",
  ),
  method: "post",
  path: `${DRIVER_PREFIX}/orders`,
  request: { body: body(PlaceOrderInput) },
  responses: {
    201: json(OrderView, "The order as the engine holds it: accepted (pending, placed) or refused"),
    ...problems(...WRITE),
  },
});

export const order = createRoute({
  ...meta("order", "What the engine believes of an order: its state, what the POS said, its writes"),
  method: "get",
  path: `${DRIVER_PREFIX}/orders/{ref}`,
  request: { params: RefParams },
  responses: { 200: json(OrderView, "The order"), ...problems(...READ) },
});

/** A guest action on a placed order; `required: false` lets a body-less request mean `{}`. */
function action<T extends z.ZodType>(
  method: string,
  summary: string,
  segment: string,
  input: T,
  required = true,
) {
  return createRoute({
    ...meta(
      method,
      summary,
      "Answers once the engine has queued the write (or refused the action), not when the POS has it; what reached the POS is observed through `GET /driver/v1/orders/{ref}`.",
    ),
    method: "post",
    path: `${DRIVER_PREFIX}/orders/{ref}/${segment}`,
    request: { params: RefParams, body: { ...body(input), required } },
    responses: { 200: json(OrderView, "The order with the write queued"), ...problems(...WRITE) },
  });
}

export const appendRound = action(
  "appendRound",
  "The guest adds a round (pay_later)",
  "rounds",
  AppendRoundInput,
);
export const pay = action(
  "pay",
  "The guest pays, with an optional tip (the body may be left out)",
  "payments",
  PayInput,
  false,
);
export const kitchenMessage = action(
  "kitchenMessage",
  "The guest sends a note to the kitchen",
  "kitchen-messages",
  KitchenMessageInput,
);
export const applyLoyalty = action(
  "applyLoyalty",
  "The guest applies a loyalty card",
  "loyalty",
  ApplyLoyaltyInput,
);

export const stop = createRoute({
  ...meta(
    "stop",
    "Stop polling and sending",
    "What is still owed stays in the outbox. The process may keep answering reads.",
  ),
  method: "delete",
  path: DRIVER_PREFIX,
  responses: { 204: { description: "Stopped" }, ...problems(500) },
});

/** Every route of the driver protocol, in the order the OpenAPI document lists them. */
export const DRIVER_ROUTES = [
  hello,
  configure,
  locations,
  menu,
  placeOrder,
  order,
  appendRound,
  pay,
  kitchenMessage,
  applyLoyalty,
  stop,
];
