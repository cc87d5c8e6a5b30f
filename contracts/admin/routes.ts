import { createRoute, z } from "@hono/zod-openapi";
import { body, json } from "../content.ts";
import { ItemRequest, Order, PayRequest, Shift } from "../generic/orders.ts";
import {
  admin,
  ClockStatus,
  FAILURES,
  Id,
  Iso,
  LocationParams,
  OrderParams,
  P,
  QUERY_FAILURES,
  READ_FAILURES,
  TerminalActor,
} from "./common.ts";
import { clockAdvance, faultsList, faultsRemove, faultsReset } from "./faults.ts";
import { pactStateChange, pactStatesList } from "./pact.ts";
import { quirksGet, quirksPut } from "./quirks.ts";
import { scenarioDelete, scenarioGet } from "./scenario.ts";
import { SINQRO_ADMIN_ROUTES } from "./sinqro.ts";
import { webhooksDelete, webhooksGet, webhooksPut } from "./webhooks.ts";

export const Credentials = z.object({ apiKey: z.string(), username: z.string(), password: z.string() });

export const health = createRoute({
  ...admin("adminHealth", "Is the simulator up"),
  method: "get",
  path: "/__admin/health",
  responses: {
    200: json(
      z.object({
        status: z.literal("ok"),
        time: Iso,
        clock: z.enum(["real", "scaled", "virtual"]),
        seed: z.string(),
        locations: z.number().int(),
        journal: z.object({ size: z.number().int(), capacity: z.number().int(), total: z.number().int() }),
      }),
      "Health",
    ),
  },
});

export const topology = createRoute({
  ...admin("adminTopology", "Where the simulator answers: each listener's dialect, URL and what it serves"),
  method: "get",
  path: "/__admin/topology",
  responses: {
    200: json(
      z.object({
        listeners: z.array(
          z.object({
            name: z.string(),
            dialect: z
              .string()
              .describe("The dialect it speaks: generic, elyx, sinqro, or one given to createMockPos."),
            url: z.string(),
            main: z.boolean(),
            locations: z.array(z.string()).nullable().openapi({ description: "null: every location" }),
            operations: z.array(z.string()).nullable().openapi({ description: "null: every operation" }),
          }),
        ),
      }),
      "The listeners; empty when the simulator is used in-process (app.request)",
    ),
  },
});

export const reset = createRoute({
  ...admin("adminReset", "Reset the chain to what its seed gives; forget journal and idempotency keys"),
  method: "post",
  path: "/__admin/reset",
  responses: {
    200: json(
      z.object({ status: z.literal("reset"), seed: z.string(), locations: z.number().int() }),
      "Reset",
    ),
  },
});

/** A location's credential under `--auth oauth` or `--auth mtls`; absent under keys. */
export const LocationAuth = z
  .discriminatedUnion("mechanism", [
    z.object({
      mechanism: z.literal("oauth"),
      clientId: z.string(),
      clientSecret: z.string(),
    }),
    z.object({
      mechanism: z.literal("mtls"),
      certificate: z.string().openapi({ description: "PEM; its common name is the location's id" }),
      key: z.string().openapi({ description: "PEM private key of the certificate" }),
    }),
  ])
  .openapi({
    description:
      "oauth: the client credentials of the dialects' token endpoints (the username and password, rotated with " +
      "them). mtls: the location's client certificate and key, issued by mockpos's client CA.",
  });

export const LocationSummary = z.object({
  id: z.string(),
  name: z.string(),
  timezone: z.string(),
  currency: z.string(),
  online: z.boolean(),
  credentials: Credentials,
  auth: LocationAuth.optional(),
  orders: z.number().int(),
  openOrders: z.number().int(),
});

export const chainSummary = createRoute({
  ...admin("adminChain", "The chain: locations with their credentials and order counts"),
  method: "get",
  path: "/__admin/chain",
  request: {
    query: z.object({
      offset: z.coerce.number().int().min(0).default(0),
      limit: z.coerce.number().int().min(1).max(10_000).default(100),
    }),
  },
  responses: {
    200: json(
      z.object({
        seed: z.string(),
        locale: z.string(),
        name: z.string(),
        loyaltyProgramme: z.string().nullable(),
        credentials: z.object({ groupKey: z.string(), serverToken: z.string() }).openapi({
          description:
            "Chain-wide secrets: the Elyx-style server's API key (sees every location) and the Sinqro-style integration token.",
        }),
        locationCount: z.number().int(),
        locations: z.array(LocationSummary),
      }),
      "Chain summary",
    ),
    ...QUERY_FAILURES,
  },
});

export const locationInspect = createRoute({
  ...admin("adminLocation", "Everything about one location"),
  method: "get",
  path: "/__admin/locations/{locationId}",
  request: { params: LocationParams },
  responses: {
    200: json(
      LocationSummary.extend({
        closeoutHour: z.number().int(),
        address: z.object({
          street: z.string(),
          city: z.string(),
          postalCode: z.string(),
          country: z.string(),
        }),
        terminals: z.array(z.object({ id: z.string(), name: z.string(), kind: z.string() })),
        staff: z.array(z.object({ id: z.string(), name: z.string(), role: z.string() })),
        areas: z.array(
          z.object({
            id: z.string(),
            name: z.string(),
            tables: z.array(z.object({ id: z.string(), name: z.string(), seats: z.number().int() })),
          }),
        ),
        soldOut: z.array(z.string()),
        shifts: z.array(Shift),
        loyaltyCards: z.array(
          z.object({
            number: z.string(),
            holder: z.string(),
            tier: z.string(),
            active: z
              .boolean()
              .openapi({ description: "A blocked card is refused everywhere in the chain." }),
          }),
        ),
      }),
      "The location",
    ),
    ...READ_FAILURES,
  },
});

export const orderInspect = createRoute({
  ...admin("adminOrder", "One order, with where each round came from"),
  method: "get",
  path: "/__admin/locations/{locationId}/orders/{orderId}",
  request: { params: OrderParams },
  responses: {
    200: json(
      z.object({
        order: Order,
        rounds: z.array(z.object({ number: z.number().int(), at: Iso, source: z.enum(["terminal", "api"]) })),
      }),
      "The order",
    ),
    ...READ_FAILURES,
  },
});

export const openAtTerminal = createRoute({
  ...admin("adminOpenOrder", "Staff open an order at a terminal"),
  method: "post",
  path: "/__admin/locations/{locationId}/orders",
  request: {
    params: LocationParams,
    body: body(
      TerminalActor.extend({
        type: z.enum(["dine_in", "take_away", "delivery"]).default("dine_in"),
        tableId: Id.nullish(),
        guests: z.number().int().min(1).max(100).nullish(),
        waiterId: Id.nullish(),
        items: z.array(ItemRequest).min(1).max(200),
        note: z.string().max(500).nullish(),
      }),
    ),
  },
  responses: { 201: json(Order, "The order"), ...FAILURES },
});

export const addItems = createRoute({
  ...admin("adminAddItems", "Staff add a round of items at a terminal"),
  method: "post",
  path: "/__admin/locations/{locationId}/orders/{orderId}/items",
  request: {
    params: OrderParams,
    body: body(TerminalActor.extend({ items: z.array(ItemRequest).min(1).max(200) })),
  },
  responses: { 200: json(Order, "The order"), ...FAILURES },
});

export const voidLine = createRoute({
  ...admin("adminVoidLine", "Staff void one line"),
  method: "post",
  path: "/__admin/locations/{locationId}/orders/{orderId}/lines/{lineId}/void",
  request: { params: OrderParams.extend({ lineId: P("lineId") }), body: body(TerminalActor) },
  responses: { 200: json(Order, "The order"), ...FAILURES },
});

export const voidOrder = createRoute({
  ...admin("adminVoidOrder", "Staff void the whole order"),
  method: "post",
  path: "/__admin/locations/{locationId}/orders/{orderId}/void",
  request: { params: OrderParams, body: body(TerminalActor) },
  responses: { 200: json(Order, "The order"), ...FAILURES },
});

export const payAtTerminal = createRoute({
  ...admin("adminPay", "Staff take payment at a terminal"),
  method: "post",
  path: "/__admin/locations/{locationId}/orders/{orderId}/pay",
  request: { params: OrderParams, body: body(TerminalActor.extend(PayRequest.shape)) },
  responses: { 200: json(Order, "The order"), ...FAILURES },
});

export const lock = createRoute({
  ...admin("adminLock", "A waiter opens the order on a terminal: API writes get LOCKED until it is released"),
  method: "put",
  path: "/__admin/locations/{locationId}/orders/{orderId}/lock",
  request: {
    params: OrderParams,
    body: body(
      TerminalActor.extend({
        durationSeconds: z
          .number()
          .int()
          .min(1)
          .max(86_400)
          .optional()
          .openapi({ description: "Release by itself after this long; held until unlocked without it." }),
      }),
    ),
  },
  responses: { 200: json(Order, "The locked order"), ...FAILURES },
});

export const unlock = createRoute({
  ...admin("adminUnlock", "The terminal lets the order go"),
  method: "delete",
  path: "/__admin/locations/{locationId}/orders/{orderId}/lock",
  request: { params: OrderParams },
  responses: { 200: json(Order, "The unlocked order"), ...FAILURES },
});

export const availability = createRoute({
  ...admin("adminAvailability", "Mark a product sold out or available again"),
  method: "put",
  path: "/__admin/locations/{locationId}/availability/{productId}",
  request: {
    params: LocationParams.extend({ productId: P("productId") }),
    body: body(z.object({ soldOut: z.boolean() })),
  },
  responses: {
    200: json(z.object({ productId: z.string(), soldOut: z.boolean() }), "The new availability"),
    ...FAILURES,
  },
});

export const closeShift = createRoute({
  ...admin("adminCloseShift", "Close the running shift and open the next"),
  method: "post",
  path: "/__admin/locations/{locationId}/shifts/close",
  request: { params: LocationParams },
  responses: {
    200: json(z.object({ closed: Shift, opened: Shift }), "The closed and the new shift"),
    ...FAILURES,
  },
});

export const JournalEntry = z
  .object({
    seq: z.number().int(),
    time: Iso.openapi({ description: "When the request arrived, on the simulator's clock." }),
    locationId: z.string().nullable(),
    operation: z
      .string()
      .nullable()
      .openapi({ description: "Canonical operation; null when no route matched." }),
    dialect: z.string(),
    method: z.string(),
    path: z.string(),
    query: z.string().nullable().openapi({
      description:
        "The raw query string as sent, without `?` (cut at 1,024 characters, ending `…`); null when there is none.",
    }),
    credential: z.string().nullable().openapi({
      description:
        "Which credential the request carried, never the secret: `apiKey:<locationId>` (an API key: generic X-Api-Key, Elyx X-API-KEY), `basic:<locationId>` (HTTP Basic), `groupKey` (Elyx's server key), `user:<locationId>` (Sinqro's user token with the integration's server token), `unknown` for one that is no one's (wrong, rotated away, another dialect's), null when none was sent.",
      example: "apiKey:loc-0001",
    }),
    status: z
      .number()
      .int()
      .openapi({ description: "HTTP status; 0 when the connection was cut (a fault)." }),
    outcome: z.string().openapi({ description: "`OK`, or the failure code the response carried." }),
    latencyMs: z.number().openapi({ description: "Clock time from arrival to response." }),
    idempotencyKey: z.string().nullable().openapi({
      description:
        "The idempotency key sent in the dialect's header (Idempotency-Key; Sinqro x-idempotency-key), on every request that carried one — refused, cut off by a fault or run (cut at 255 characters, ending `…`).",
    }),
    replayed: z.boolean().openapi({ description: "Whether the answer was an idempotent replay." }),
    fault: z
      .string()
      .nullable()
      .openapi({ description: "The fault rule(s) that shaped the response, comma-separated." }),
  })
  .openapi("JournalEntry");

export const JournalQuery = z.object({
  locationId: z.string().optional(),
  operation: z.string().optional(),
  outcome: z.string().optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  after: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(100_000).default(1000),
});

export const journal = createRoute({
  ...admin("adminJournal", "Query the request journal"),
  method: "get",
  path: "/__admin/journal",
  request: { query: JournalQuery },
  responses: {
    200: json(
      z.object({ entries: z.array(JournalEntry), total: z.number().int(), capacity: z.number().int() }),
      "Matching entries, oldest first; `total` counts every request since start, `capacity` is the ring size",
    ),
    ...QUERY_FAILURES,
  },
});

export const journalExport = createRoute({
  ...admin("adminJournalExport", "Export the journal as NDJSON, one entry a line (same filters)"),
  method: "get",
  path: "/__admin/journal/export",
  request: { query: JournalQuery },
  responses: {
    200: {
      description: "One JournalEntry as JSON per line",
      content: { "application/x-ndjson": { schema: z.string() } },
    },
    ...QUERY_FAILURES,
  },
});

export const clock = createRoute({
  ...admin("adminClock", "The simulator's clock"),
  method: "get",
  path: "/__admin/clock",
  responses: { 200: json(ClockStatus, "The clock") },
});

/**
 * Every admin route, in document order. The two whose body is a fault rule or a scenario come
 * from their builders (`faultsAddFor`, `scenarioPutFor`) given the kinds' schema: the contracts
 * know the rule format's parts, the simulator's registry knows its kinds.
 */
export function adminRoutes<F, S>(schemaBound: { faultsAdd: F; scenarioPut: S }) {
  const { faultsAdd, scenarioPut } = schemaBound;
  return [
    health,
    topology,
    reset,
    chainSummary,
    locationInspect,
    orderInspect,
    openAtTerminal,
    addItems,
    voidLine,
    voidOrder,
    payAtTerminal,
    lock,
    unlock,
    availability,
    closeShift,
    journal,
    journalExport,
    clock,
    clockAdvance,
    faultsList,
    faultsAdd,
    faultsRemove,
    faultsReset,
    scenarioGet,
    scenarioPut,
    scenarioDelete,
    ...SINQRO_ADMIN_ROUTES,
    webhooksGet,
    webhooksPut,
    webhooksDelete,
    pactStatesList,
    pactStateChange,
    quirksGet,
    quirksPut,
  ];
}
