import type { Clock, TimerHandle } from "../clock/index.ts";
import type { DeliveryOutcome } from "./log.ts";
import type { Shape } from "./shape.ts";
import { signWebhook, WEBHOOK_HEADERS } from "./sign.ts";

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/** How one request ended. */
export interface Answer {
  status: number | null;
  outcome: DeliveryOutcome;
  durationMs: number;
  /** A 429 or 503 asked for at least this long before the next attempt. */
  retryAfterMs: number | null;
}

/**
 * The time (epoch ms) an attempt is signed at. A listener checks the timestamp against its own
 * wall clock, so under a real or scaled clock (which may run fast or start in the past) it is the
 * wall-clock time; under a virtual clock it is the virtual time, so tests and the journal stay
 * deterministic (a listener verifying those passes that clock's time as `now`). Waits, retries
 * and timeouts stay on the simulator's clock either way.
 */
export function signingTime(clock: Pick<Clock, "kind" | "now">): number {
  return clock.kind === "virtual" ? clock.now() : Date.now();
}

/** The headers of one attempt, signed at `now` (so a retry carries a fresh timestamp). */
export function webhookHeaders(
  job: { id: string; type: string; body: string; attempt: number },
  secret: string,
  shape: Shape,
  now: number,
): Record<string, string> {
  const timestamp = Math.floor(now / 1000);
  // A wrong secret gives a well-formed signature that does not verify, as a misconfigured sender's would.
  const key = shape.badSignature ? `${secret}:not-the-secret` : secret;
  return {
    "content-type": "application/json",
    "user-agent": "mockpos-webhooks/1",
    [WEBHOOK_HEADERS.eventId]: job.id,
    [WEBHOOK_HEADERS.eventType]: job.type,
    [WEBHOOK_HEADERS.timestamp]: String(timestamp),
    [WEBHOOK_HEADERS.signature]: signWebhook(key, timestamp, job.body),
    [WEBHOOK_HEADERS.attempt]: String(job.attempt),
    ...(shape.fault ? { "x-mockpos-fault": shape.fault } : {}),
  };
}

/** POSTs once; no answer (body included) within `timeoutMs` of clock time is a timeout. */
export async function post(
  clock: Clock,
  target: { url: string; fetch: FetchLike; timeoutMs: number },
  headers: Record<string, string>,
  body: string,
): Promise<Answer> {
  const started = clock.now();
  const controller = new AbortController();
  let timer: TimerHandle | undefined;
  const timedOut = new Promise<null>((resolve) => {
    timer = clock.setTimeout(() => {
      controller.abort();
      resolve(null);
    }, target.timeoutMs);
  });
  try {
    const request = target
      .fetch(target.url, { method: "POST", headers, body, signal: controller.signal })
      .then(async (res) => {
        await res.arrayBuffer().catch(() => undefined);
        return res;
      });
    // A fetch that ignores the signal (an in-process app) still loses the race.
    const res = await Promise.race([request, timedOut]);
    const durationMs = clock.now() - started;
    if (res === null) return { status: null, outcome: "timeout", durationMs, retryAfterMs: null };
    const status = res.status;
    const outcome = status >= 200 && status < 300 ? "delivered" : status === 410 ? "gone" : "failed";
    return { status, outcome, durationMs, retryAfterMs: retryAfter(res) };
  } catch {
    return { status: null, outcome: "error", durationMs: clock.now() - started, retryAfterMs: null };
  } finally {
    if (timer) clock.clearTimeout(timer);
  }
}

function retryAfter(res: Response): number | null {
  if (res.status !== 429 && res.status !== 503) return null;
  const value = res.headers.get("retry-after");
  return value !== null && /^\d{1,6}$/.test(value) ? Number(value) * 1000 : null;
}
