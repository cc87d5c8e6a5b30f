import { z } from "zod";
import type { Clock } from "../../../simulator/clock/index.ts";
import { verifyWebhook } from "../../../simulator/webhooks/sign.ts";

// The engine's intake for Sinqro webhooks (README "Webhooks", contracts/sinqro/webhooks.ts):
// verify the signature on the raw bytes, read the envelope, drop what was already processed,
// drop what is older than what was already applied, and hand the rest to the engine in its own
// terms. Delivery is at least once and unordered, so both checks are the listener's job.

export type IntakeFulfilment = "new" | "accepted" | "preparing" | "ready" | "completed" | "canceled";

/** A change the POS announced, in the engine's terms. `restaurantId` is the POS's id of the location. */
export type SinqroIntakeEvent =
  | {
      type: "order";
      eventId: string;
      restaurantId: string;
      posOrderId: string;
      /** The external id the engine gave the order, or null for an order keyed in at the POS. */
      externalId: string | null;
      /** Payment state: paid once settled at the POS, voided when canceled. */
      status: "open" | "paid" | "voided";
      /** The kitchen's progress, Sinqro's status in lower case. */
      fulfilment: IntakeFulfilment;
      /** The order's version at the POS: later events carry higher ones. */
      version: number;
      /** When the order changed (ISO). */
      at: string;
    }
  | {
      type: "availability";
      eventId: string;
      restaurantId: string;
      /** The product that sold out or came back; null: the whole restaurant (online ordering off/on). */
      productId: string | null;
      /** Product sold out, or restaurant closed for online orders (or its POS offline). */
      soldOut: boolean;
      /** Why the restaurant closed, while closed. */
      reason: string | null;
      /** When a restaurant closing ends by itself (ISO); null: until reopened, or not closed. */
      until: string | null;
      at: string;
    }
  | {
      /** A menu element changed: refresh the menu (prices or products moved). */
      type: "catalog";
      eventId: string;
      restaurantId: string;
      element: string;
      elementId: string;
      change: "created" | "updated" | "deleted";
      menuVersion: number;
      at: string;
    };

export interface SinqroIntakeOptions {
  /** The shared secret of the HMAC-SHA256 signature. */
  secret: string;
  /** The engine's clock; the signed timestamp must be within `toleranceSec` of it. */
  clock: Clock;
  /** Called once per new, in-order event; throwing makes the answer 500 so the POS retries. */
  onEvent(event: SinqroIntakeEvent): void;
  /** Event ids (and per-order / per-product positions) remembered, newest kept. Default 10,000. */
  capacity?: number;
  /** Largest distance between the signed timestamp and now, in seconds. Default 300. */
  toleranceSec?: number;
  /** Checks left out, for the conformance suite's broken engine variants only. */
  skip?: WebhookChecks;
}

/** The three things a webhook listener must check; each can be skipped only to prove a check catches it. */
export interface WebhookChecks {
  signature?: boolean;
  duplicates?: boolean;
  order?: boolean;
}

/** Bodies larger than this are refused unread (413): no Sinqro event comes near it. */
const MAX_BODY_BYTES = 256 * 1024;

const ORDER_STATUSES = ["NEW", "ACCEPTED", "PREPARING", "READY", "COMPLETED", "CANCELED"] as const;

// What the intake reads of a body; anything else in it is ignored.
const Envelope = z.object({
  id: z.string().min(1),
  type: z.string(),
  createdAt: z.iso.datetime({ offset: true }),
  restaurantId: z.string().min(1),
  data: z.unknown(),
});
const OrderData = z.object({
  orderId: z.string().min(1),
  externalReference: z.string().nullable(),
  status: z.enum(ORDER_STATUSES),
  paid: z.boolean(),
  version: z.number().int(),
  updatedAt: z.iso.datetime({ offset: true }),
});
const AvailabilityData = z.object({
  productId: z.string().nullable(),
  available: z.boolean(),
  reason: z.string().nullable().optional(),
  until: z.string().nullable().optional(),
});
const CatalogData = z.object({
  element: z.string(),
  elementId: z.string(),
  change: z.enum(["created", "updated", "deleted"]),
  menuVersion: z.number().int(),
});

/**
 * Keys kept in insertion order and forgotten oldest first past `capacity`, so a long run stays
 * bounded; setting a key again makes it the newest.
 */
class Recent<V> {
  readonly #map = new Map<string, V>();
  readonly #capacity: number;

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  get(key: string): V | undefined {
    return this.#map.get(key);
  }

  set(key: string, value: V): void {
    this.#map.delete(key);
    this.#map.set(key, value);
    if (this.#map.size > this.#capacity) this.#map.delete(this.#map.keys().next().value as string);
  }
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });

/**
 * The listener's time for the timestamp check. mockpos signs with the wall clock under a real or
 * scaled clock (a scaled clock's time is not wall time) and with the virtual time under a virtual
 * clock; a real POS signs with the wall clock, which a real engine clock reads anyway.
 */
function listenerNow(clock: Clock): number {
  return clock.kind === "virtual" ? clock.now() : Date.now();
}

type Verdict =
  | { kind: "event"; event: SinqroIntakeEvent; position: { key: string; value: number } | null }
  | { kind: "ignored"; why: string }
  | { kind: "unreadable"; why: string };

/** The body's meaning: an event for the engine, one the engine has no use for, or nothing readable. */
function interpret(envelope: z.infer<typeof Envelope>): Verdict {
  const { id: eventId, restaurantId, createdAt } = envelope;
  const where = (what: string, error: z.ZodError) => {
    const issue = error.issues[0];
    return `${what}: ${issue?.path.join(".") || "data"}: ${issue?.message}`;
  };
  switch (envelope.type) {
    case "order.status_changed": {
      const data = OrderData.safeParse(envelope.data);
      if (!data.success) return { kind: "unreadable", why: where(envelope.type, data.error) };
      const d = data.data;
      const event: SinqroIntakeEvent = {
        type: "order",
        eventId,
        restaurantId,
        posOrderId: d.orderId,
        externalId: d.externalReference,
        status: d.paid ? "paid" : d.status === "CANCELED" ? "voided" : "open",
        fulfilment: d.status.toLowerCase() as IntakeFulfilment,
        version: d.version,
        at: d.updatedAt,
      };
      // Orders are ordered by their version (README: "for orders by data.version").
      return {
        kind: "event",
        event,
        position: { key: `order ${restaurantId} ${d.orderId}`, value: d.version },
      };
    }
    case "availability.changed": {
      const data = AvailabilityData.safeParse(envelope.data);
      if (!data.success) return { kind: "unreadable", why: where(envelope.type, data.error) };
      const d = data.data;
      const event: SinqroIntakeEvent = {
        type: "availability",
        eventId,
        restaurantId,
        productId: d.productId,
        soldOut: !d.available,
        reason: d.reason ?? null,
        until: d.until ?? null,
        at: createdAt,
      };
      // Availability carries no version: the time of the change orders it.
      const key = `availability ${restaurantId} ${d.productId ?? "*"}`;
      return { kind: "event", event, position: { key, value: Date.parse(createdAt) } };
    }
    case "catalog.element_changed": {
      const data = CatalogData.safeParse(envelope.data);
      if (!data.success) return { kind: "unreadable", why: where(envelope.type, data.error) };
      // A refresh signal: an old one only causes a refresh that reads the current menu anyway.
      return {
        kind: "event",
        event: { type: "catalog", eventId, restaurantId, ...data.data, at: createdAt },
        position: null,
      };
    }
    default:
      // Table bookings (reservation.status_changed) are not the engine's business, and a type
      // added later must not be retried for a day: acknowledged, not processed.
      return { kind: "ignored", why: `${envelope.type} is not taken by this engine` };
  }
}

/**
 * A fetch-style handler for Sinqro webhooks, to mount on the engine's HTTP port (any path).
 * 401 on a missing, forged or stale signature; 400 on a body it cannot read; 200 for a replayed
 * event id (not processed again), an event older than one already applied for the same order
 * or product (acknowledged, not applied: nothing moves backwards), or a type the engine does not
 * take; otherwise `onEvent`, then 200.
 */
export function sinqroWebhookIntake(options: SinqroIntakeOptions): (request: Request) => Promise<Response> {
  const capacity = options.capacity ?? 10_000;
  if (!Number.isInteger(capacity) || capacity < 1)
    throw new RangeError("capacity must be a positive integer");
  if (!options.secret) throw new RangeError("a webhook secret is required");
  const processed = new Recent<true>(capacity);
  const applied = new Recent<number>(capacity);

  return async (request) => {
    if (request.method !== "POST") return json(405, { error: "method_not_allowed" }, { allow: "POST" });
    if (Number(request.headers.get("content-length") ?? 0) > MAX_BODY_BYTES)
      return json(413, { error: "payload_too_large" });
    const raw = new Uint8Array(await request.arrayBuffer());
    if (raw.byteLength > MAX_BODY_BYTES) return json(413, { error: "payload_too_large" });

    const check = verifyWebhook({
      secret: options.secret,
      headers: request.headers,
      rawBody: raw,
      toleranceSec: options.toleranceSec ?? 300,
      now: listenerNow(options.clock),
    });
    if (!check.ok && !options.skip?.signature) return json(401, { error: check.reason });

    let body: unknown;
    try {
      body = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(raw));
    } catch {
      return json(400, { error: "invalid_json" });
    }
    const envelope = Envelope.safeParse(body);
    if (!envelope.success) {
      const issue = envelope.error.issues[0];
      return json(400, { error: "invalid_event", message: `${issue?.path.join(".")}: ${issue?.message}` });
    }
    const eventId = envelope.data.id;
    if (processed.get(eventId) && !options.skip?.duplicates)
      return json(200, { received: true, duplicate: true });
    // The broken variant that skips dedupe takes a replayed id for news: its version too.
    const replayed = options.skip?.duplicates === true && processed.get(eventId) === true;

    const verdict = interpret(envelope.data);
    if (verdict.kind === "unreadable") return json(400, { error: "invalid_event", message: verdict.why });
    if (verdict.kind === "ignored") {
      processed.set(eventId, true);
      return json(200, { received: true, ignored: verdict.why });
    }
    const { event, position } = verdict;
    if (position) {
      const last = applied.get(position.key);
      // Orders: a version already applied is no news either. Availability: only strictly older
      // is stale, since two changes may share a millisecond.
      const stale =
        last !== undefined && (event.type === "order" ? position.value <= last : position.value < last);
      if (stale && !options.skip?.order && !replayed) {
        processed.set(eventId, true);
        return json(200, { received: true, stale: true });
      }
    }
    try {
      options.onEvent(event);
    } catch {
      // Not remembered: the POS retries, and the retry is processed.
      return json(500, { error: "not_processed" });
    }
    processed.set(eventId, true);
    if (position) applied.set(position.key, position.value);
    return json(200, { received: true });
  };
}
