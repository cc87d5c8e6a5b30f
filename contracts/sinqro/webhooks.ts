import { OpenAPIRegistry, OpenApiGeneratorV31 } from "@asteasolutions/zod-to-openapi";
import { type RouteConfig, z } from "@hono/zod-openapi";
import { OrderType, SinqroOrderStatusName } from "./orders.ts";
import { SinqroReservationStatusName } from "./reservations.ts";

/**
 * The webhooks the POS sends Sinqro (order / reservation status changed, product element
 * changed, availability changed), as OpenAPI 3.1 `webhooks`: route configs whose `path` is
 * the webhook's name. Sinqro's passive payloads are not public: these are mockpos's design,
 * in Sinqro's own status words (README, "Webhooks").
 */

const Iso = z.string().openapi({ format: "date-time" });

/** Every webhook type, in the order the contract lists them. */
export const WEBHOOK_TYPES = [
  "order.status_changed",
  "reservation.status_changed",
  "catalog.element_changed",
  "availability.changed",
] as const;
export type WebhookType = (typeof WEBHOOK_TYPES)[number];

/** The canonical operation of each webhook type (faults and the delivery log speak in these). */
export const WEBHOOK_OPERATIONS = {
  "order.status_changed": "webhook.order_status",
  "reservation.status_changed": "webhook.order_status",
  "catalog.element_changed": "webhook.catalog",
  "availability.changed": "webhook.availability",
} as const satisfies Record<WebhookType, string>;

function envelope<T extends WebhookType, D extends z.ZodType>(type: T, data: D) {
  return z.object({
    id: z.string().openapi({
      description: "Event id: the same on every attempt and duplicate of one event; dedupe on it.",
      example: "evt_5f0c1a2b_00000001",
    }),
    type: z.literal(type),
    createdAt: Iso.openapi({ description: "When the change happened at the POS (its clock)." }),
    restaurantId: z.string().openapi({ description: "The restaurant (location) that changed." }),
    data,
  });
}

const OrderState = z.object({
  status: SinqroOrderStatusName,
  statusCode: z
    .number()
    .int()
    .openapi({ description: "10 NEW, 20 ACCEPTED, 50 PREPARING, 70 READY, 90 COMPLETED, 110 CANCELED" }),
  paid: z.boolean().openapi({ description: "Settled at the POS." }),
});

export const SinqroWebhookOrderStatus = envelope(
  "order.status_changed",
  OrderState.extend({
    orderId: z.string(),
    externalReference: z.string().nullable(),
    number: z.number().int(),
    type: OrderType,
    previous: OrderState.nullable().openapi({
      description: "The state announced before; null for a new order.",
    }),
    version: z
      .number()
      .int()
      .openapi({ description: "The order's version: order events by it, not by arrival." }),
    updatedAt: Iso,
  }),
).openapi("SinqroWebhookOrderStatus");

export const SinqroWebhookReservationStatus = envelope(
  "reservation.status_changed",
  z.object({
    reservationId: z.string(),
    externalReference: z.string().nullable(),
    status: SinqroReservationStatusName,
    previousStatus: SinqroReservationStatusName.nullable().openapi({
      description: "null for a new booking.",
    }),
    partySize: z.number().int(),
    reservedFor: Iso,
    tableId: z.string().nullable(),
    version: z.number().int(),
    updatedAt: Iso,
  }),
).openapi("SinqroWebhookReservationStatus");

export const CATALOG_ELEMENTS = [
  "menu",
  "menuSection",
  "product",
  "productVariant",
  "productOptionCategory",
  "productOption",
] as const;

export const SinqroWebhookCatalog = envelope(
  "catalog.element_changed",
  z.object({
    element: z.enum(CATALOG_ELEMENTS),
    elementId: z.string(),
    change: z.enum(["created", "updated", "deleted"]),
    menuVersion: z.number().int().openapi({ description: "The menu's version after the change." }),
  }),
).openapi("SinqroWebhookCatalog");

export const SinqroWebhookAvailability = envelope(
  "availability.changed",
  z.object({
    scope: z.enum(["restaurant", "product"]).openapi({
      description: "restaurant: online ordering switched off or back on; product: sold out or back.",
    }),
    productId: z.string().nullable(),
    available: z.boolean(),
    reason: z.string().nullable().openapi({ description: "Why the restaurant closed, while it is closed." }),
    until: Iso.nullable().openapi({
      description: "When a temporary closing ends by itself; null: until reopened.",
    }),
  }),
).openapi("SinqroWebhookAvailability");

/** Any webhook body. */
export const SinqroWebhookEvent = z
  .discriminatedUnion("type", [
    SinqroWebhookOrderStatus,
    SinqroWebhookReservationStatus,
    SinqroWebhookCatalog,
    SinqroWebhookAvailability,
  ])
  .openapi("SinqroWebhookEvent");
export type SinqroWebhookEvent = z.infer<typeof SinqroWebhookEvent>;

export const SinqroWebhookHeaders = z.object({
  "x-sinqro-event-id": z.string().openapi({ description: "The body's `id`." }),
  "x-sinqro-event-type": z.enum(WEBHOOK_TYPES),
  "x-sinqro-timestamp": z.string().openapi({ description: "Unix seconds when this attempt was signed." }),
  "x-sinqro-signature": z.string().openapi({
    description: '`v1=` + hex HMAC-SHA256(secret, timestamp + "." + raw body)',
    example: "v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd",
  }),
  "x-sinqro-attempt": z.string().openapi({ description: "1 on the first attempt, then 2, 3, …" }),
  "x-mockpos-clock": z.string().optional().openapi({
    description:
      "Only under a scaled clock: `scaled; factor=<F>; now=<ISO>`. The retry schedule, the timeout and a `Retry-After` the listener answers count in that clock's time (a listener running in real time divides by F).",
    example: "scaled; factor=60; now=2026-03-13T12:30:00.000Z",
  }),
});

function webhook(name: string, operationId: string, operation: string, summary: string, body: z.ZodType) {
  return {
    method: "post",
    path: name,
    operationId,
    summary,
    tags: ["sinqro-webhooks"],
    "x-mockpos-operation": operation,
    request: {
      headers: SinqroWebhookHeaders,
      body: { required: true, content: { "application/json": { schema: body } } },
    },
    responses: {
      "2XX": { description: "Received: no more attempts" },
      "410": { description: "Gone: the POS stops sending to this URL" },
      default: {
        description: "Any other answer, no answer in 2 s, or a network error: retried on the schedule",
      },
    },
  } satisfies RouteConfig;
}

/** Every webhook, in document order. */
export const SINQRO_WEBHOOKS: RouteConfig[] = [
  webhook(
    "orderStatusChanged",
    "sinqroWebhookOrderStatus",
    "webhook.order_status",
    "An order's or a booking's status changed (a new one counts)",
    z.discriminatedUnion("type", [SinqroWebhookOrderStatus, SinqroWebhookReservationStatus]),
  ),
  webhook(
    "productElementChanged",
    "sinqroWebhookCatalog",
    "webhook.catalog",
    "A menu, menu section, product, product variant, option category or option changed",
    SinqroWebhookCatalog,
  ),
  webhook(
    "availabilityChanged",
    "sinqroWebhookAvailability",
    "webhook.availability",
    "The restaurant switched online ordering off or back on, or a product sold out or came back",
    SinqroWebhookAvailability,
  ),
];

/** Registers every webhook in a registry (an OpenAPIHono app's `openAPIRegistry`). */
export function registerSinqroWebhooks(registry: Pick<OpenAPIRegistry, "registerWebhook">): void {
  for (const route of SINQRO_WEBHOOKS) registry.registerWebhook(route);
}

type Document = { webhooks?: Record<string, unknown>; components?: { schemas?: Record<string, unknown> } };

/** Adds the webhooks and their schemas to an already generated OpenAPI 3.1 document. */
export function addSinqroWebhooks<D extends Document>(
  document: D,
): D & { webhooks: Record<string, unknown> } {
  const registry = new OpenAPIRegistry();
  registerSinqroWebhooks(registry);
  const own = new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: "3.1.0",
    info: { title: "", version: "" },
  });
  return {
    ...document,
    webhooks: { ...document.webhooks, ...own.webhooks },
    components: {
      ...document.components,
      schemas: { ...document.components?.schemas, ...own.components?.schemas },
    },
  };
}
