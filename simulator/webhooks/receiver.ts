import { Hono } from "hono";
import { headerOf, type VerifyFailure, verifyWebhook, WEBHOOK_HEADERS } from "./sign.ts";

/** One request the receiver got. */
export interface ReceivedWebhook {
  eventId: string | null;
  type: string | null;
  attempt: number | null;
  /** Receiver time, epoch ms. */
  at: number;
  verified: boolean;
  /**
   * Why it was refused, when it was: a verify failure (401), or (400) `invalid_json`, not JSON,
   * and `invalid_event`, JSON but not an object with a string `id`.
   */
  reason: VerifyFailure | "invalid_json" | "invalid_event" | null;
  /** The event id had already been processed: answered 2xx and not processed again. */
  duplicate: boolean;
  /** The status the receiver answered. */
  status: number;
  /** Every header, lower-case names. */
  headers: Record<string, string>;
  rawBody: string;
  /** The parsed body, when it verified and parsed. */
  body: unknown;
}

export interface WebhookReceiverOptions {
  /** The receiver's clock (epoch ms), for the timestamp tolerance. Default `Date.now`. */
  now?: () => number;
  /** Default 300 s. */
  toleranceSec?: number;
  /**
   * Answers a verified, new delivery with this status instead of 200 (say 500 to force a retry);
   * undefined keeps 200. An event answered with a non-2xx is not taken as processed.
   */
  respond?: (delivery: ReceivedWebhook) => number | undefined;
  /** Requests remembered. Default 10,000. */
  limit?: number;
}

export interface WebhookReceiver {
  /** A Hono app answering POST on any path. */
  app: Hono;
  /** A fetch that calls the app in-process: pass it as the sender's `fetch`. */
  fetch: (url: string, init: RequestInit) => Promise<Response>;
  /** Every request, oldest first. */
  readonly received: readonly ReceivedWebhook[];
  /** Each processed event once, in the order first processed: what dedupe by id keeps. */
  readonly events: readonly unknown[];
  /** How many requests carried this event id (verified or not). */
  count(eventId: string): number;
  clear(): void;
}

/**
 * A listener that does what a connector's should: verify the signature against the raw body,
 * refuse a bad or stale one (401), and process each event id once (a repeat gets 200 unprocessed).
 */
export function createWebhookReceiver(secret: string, options: WebhookReceiverOptions = {}): WebhookReceiver {
  const now = options.now ?? Date.now;
  const limit = options.limit ?? 10_000;
  let received: ReceivedWebhook[] = [];
  let events: unknown[] = [];
  const processed = new Set<string>();
  const counts = new Map<string, number>();
  const app = new Hono();

  app.post("*", async (c) => {
    const rawBody = await c.req.text();
    const headers = c.req.raw.headers;
    const eventId = headerOf(headers, WEBHOOK_HEADERS.eventId);
    const attempt = Number(headerOf(headers, WEBHOOK_HEADERS.attempt));
    const entry: ReceivedWebhook = {
      eventId,
      type: headerOf(headers, WEBHOOK_HEADERS.eventType),
      attempt: Number.isInteger(attempt) && attempt > 0 ? attempt : null,
      at: now(),
      verified: false,
      reason: null,
      duplicate: false,
      status: 200,
      headers: Object.fromEntries(headers),
      rawBody,
      body: null,
    };
    if (eventId !== null) {
      counts.set(eventId, (counts.get(eventId) ?? 0) + 1);
      if (counts.size > limit) counts.delete(counts.keys().next().value as string);
    }
    received.push(entry);
    if (received.length > limit) received.shift();

    const check = verifyWebhook({
      secret,
      headers,
      rawBody,
      toleranceSec: options.toleranceSec,
      now: entry.at,
    });
    if (!check.ok) {
      entry.reason = check.reason;
      entry.status = 401;
      return c.json({ error: check.reason }, 401);
    }
    entry.verified = true;
    try {
      entry.body = JSON.parse(rawBody);
    } catch {
      entry.reason = "invalid_json";
      entry.status = 400;
      return c.json({ error: "invalid_json" }, 400);
    }
    // Dedupe needs a real event id: anything but an object with a non-empty string `id` is refused
    // (and not processed), rather than crashing on `null` or sharing one key among id-less bodies.
    const key = eventIdOf(entry.body);
    if (key === null) {
      entry.reason = "invalid_event";
      entry.status = 400;
      return c.json(
        { error: "invalid_event", message: "the body must be a JSON object with a string id" },
        400,
      );
    }
    if (processed.has(key)) {
      entry.duplicate = true;
      return c.json({ received: true, duplicate: true }, 200);
    }
    const status = options.respond?.(entry) ?? 200;
    entry.status = status;
    const ok = status >= 200 && status < 300;
    if (ok) {
      remember(processed, key);
      events.push(entry.body);
      if (events.length > limit) events.shift();
    }
    const answer = ok ? { received: true, duplicate: false } : { error: "refused" };
    return new Response(status === 204 ? null : JSON.stringify(answer), {
      status,
      headers: { "content-type": "application/json" },
    });
  });

  // The dedupe window and the counts keep the newest `limit` ids, so a long run stays bounded.
  function remember(set: Set<string>, id: string): void {
    set.add(id);
    if (set.size > limit) set.delete(set.values().next().value as string);
  }

  return {
    app,
    fetch: async (url, init) => app.request(url, init),
    get received() {
      return received;
    },
    get events() {
      return events;
    },
    count: (eventId) => counts.get(eventId) ?? 0,
    clear() {
      received = [];
      events = [];
      processed.clear();
      counts.clear();
    },
  };
}

/** The body's event id: a non-empty string `id` of a JSON object, else null. */
function eventIdOf(body: unknown): string | null {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return null;
  const id = (body as { id?: unknown }).id;
  return typeof id === "string" && id !== "" ? id : null;
}
