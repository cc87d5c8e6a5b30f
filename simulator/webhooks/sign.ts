import { createHmac, timingSafeEqual } from "node:crypto";

/** The headers every delivery carries. */
export const WEBHOOK_HEADERS = {
  eventId: "x-sinqro-event-id",
  eventType: "x-sinqro-event-type",
  timestamp: "x-sinqro-timestamp",
  signature: "x-sinqro-signature",
  attempt: "x-sinqro-attempt",
} as const;

/** `v1=` + hex HMAC-SHA256(secret, `${timestamp}.${rawBody}`), timestamp in Unix seconds. */
export function signWebhook(secret: string, timestamp: number, rawBody: string | Uint8Array): string {
  const hmac = createHmac("sha256", secret);
  hmac.update(`${timestamp}.`);
  hmac.update(rawBody);
  return `v1=${hmac.digest("hex")}`;
}

export type HeaderBag = Headers | Record<string, string | string[] | undefined>;

export interface VerifyWebhookOptions {
  secret: string;
  /** The request's headers: a Fetch `Headers`, or a plain object such as node's `req.headers`. */
  headers: HeaderBag;
  /** The body exactly as received: verify before parsing, since re-serialised JSON differs. */
  rawBody: string | Uint8Array;
  /** Largest distance between the signed timestamp and `now`, against replays. Default 300 s. */
  toleranceSec?: number;
  /** The receiver's time in epoch ms. Default `Date.now()`. */
  now?: number;
}

export type VerifyFailure =
  | "missing_signature"
  | "missing_timestamp"
  | "bad_timestamp"
  | "stale_timestamp"
  | "bad_signature";

export type VerifyResult =
  | { ok: true; eventId: string | null; timestamp: number }
  | { ok: false; reason: VerifyFailure };

/**
 * Checks a delivery's signature (constant-time) and that its timestamp is within the
 * tolerance of `now`. Accepts several `v1=` values separated by commas (secret rotation).
 */
export function verifyWebhook(options: VerifyWebhookOptions): VerifyResult {
  const { secret, headers, rawBody, toleranceSec = 300, now = Date.now() } = options;
  const header = headerOf(headers, WEBHOOK_HEADERS.signature);
  if (!header) return { ok: false, reason: "missing_signature" };
  const stamp = headerOf(headers, WEBHOOK_HEADERS.timestamp);
  if (!stamp) return { ok: false, reason: "missing_timestamp" };
  if (!/^\d{1,12}$/.test(stamp)) return { ok: false, reason: "bad_timestamp" };
  const timestamp = Number(stamp);
  if (Math.abs(now - timestamp * 1000) > toleranceSec * 1000) return { ok: false, reason: "stale_timestamp" };
  const expected = Buffer.from(signWebhook(secret, timestamp, rawBody).slice(3), "hex");
  const matches = header
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part.startsWith("v1="))
    .some((part) => {
      const given = Buffer.from(part.slice(3), "hex");
      return given.length === expected.length && timingSafeEqual(given, expected);
    });
  if (!matches) return { ok: false, reason: "bad_signature" };
  return { ok: true, eventId: headerOf(headers, WEBHOOK_HEADERS.eventId), timestamp };
}

/** One header, case-insensitively, from either kind of header bag. */
export function headerOf(headers: HeaderBag, name: string): string | null {
  if (headers instanceof Headers) return headers.get(name);
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name) continue;
    return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
  }
  return null;
}
