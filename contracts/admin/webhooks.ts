import { createRoute, z } from "@hono/zod-openapi";
import { body, json } from "../content.ts";
import { WEBHOOK_TYPES } from "../sinqro/webhooks.ts";
import { admin, FAILURES, Iso, QUERY_FAILURES } from "./common.ts";
import { Duration } from "./fault-primitives.ts";

const WebhookDelivery = z
  .object({
    eventId: z.string(),
    type: z.enum(WEBHOOK_TYPES),
    restaurantId: z.string(),
    attempt: z.number().int(),
    at: Iso,
    status: z.number().int().nullable().openapi({ description: "The listener's status; null: no answer." }),
    outcome: z.enum(["delivered", "failed", "timeout", "error", "dropped", "lost", "gone", "abandoned"]),
    durationMs: z.number(),
    fault: z.string().nullable(),
    duplicate: z.boolean().openapi({ description: "A copy sent by a `duplicate` fault." }),
    retryAt: Iso.nullable().openapi({ description: "When the next attempt is due; null: none." }),
  })
  .openapi("WebhookDelivery");

const WebhookStatus = z
  .object({
    configured: z.boolean(),
    state: z.enum(["off", "active", "disabled", "stopped"]).openapi({
      description: "disabled: the listener answered 410 Gone; a reset (or a new PUT) sends again.",
    }),
    disabledReason: z.string().nullable(),
    config: z
      .object({
        url: z.string(),
        events: z.array(z.enum(WEBHOOK_TYPES)),
        timeoutMs: z.number().int(),
        schedule: z.array(z.number().int()).openapi({ description: "Waits (ms) before attempts 2, 3, …" }),
        maxAttempts: z.number().int(),
      })
      .nullable()
      .openapi({ description: "What was configured; the secret is never shown." }),
    stats: z
      .object({
        events: z.number().int(),
        delivered: z.number().int(),
        attempts: z.number().int(),
        failedAttempts: z.number().int(),
        gaveUp: z.number().int(),
        waiting: z.number().int(),
        inFlight: z.number().int(),
      })
      .nullable(),
    deliveries: z.array(WebhookDelivery).openapi({ description: "The newest attempts, oldest first." }),
  })
  .openapi("WebhookStatus");

export const webhooksGet = createRoute({
  ...admin(
    "adminWebhooks",
    "The webhook listener: its configuration (no secret), counters and recent attempts",
  ),
  method: "get",
  path: "/__admin/webhooks",
  request: { query: z.object({ limit: z.coerce.number().int().min(0).max(1000).default(100) }) },
  responses: { 200: json(WebhookStatus, "The webhook sender"), ...QUERY_FAILURES },
});

export const webhooksPut = createRoute({
  ...admin(
    "adminWebhooksConfigure",
    "Send signed webhooks to a listener (replaces the one there was; see the README for events and headers)",
  ),
  method: "put",
  path: "/__admin/webhooks",
  request: {
    body: body(
      z
        .object({
          url: z
            .url({ protocol: /^https?$/ })
            .max(2000)
            .openapi({ example: "http://127.0.0.1:9999/mockpos/webhooks" }),
          secret: z
            .string()
            .min(1)
            .max(500)
            .openapi({ description: "Shared secret of the HMAC-SHA256 signature." }),
          events: z
            .array(z.enum(WEBHOOK_TYPES))
            .min(1)
            .optional()
            .openapi({ description: "Default every type." }),
          timeout: Duration.refine((ms) => ms > 0, "must be longer than 0")
            .optional()
            .openapi({ description: "Default 2s." }),
          schedule: z.array(Duration).min(1).max(50).optional(),
          maxAttempts: z.number().int().min(1).max(100).optional(),
        })
        .strict(),
    ),
  },
  responses: { 200: json(WebhookStatus, "The sender, started"), ...FAILURES },
});

export const webhooksDelete = createRoute({
  ...admin("adminWebhooksStop", "Stop sending webhooks (waiting retries are dropped)"),
  method: "delete",
  path: "/__admin/webhooks",
  responses: { 200: json(z.object({ stopped: z.boolean() }), "Whether a sender was running") },
});
