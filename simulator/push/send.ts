import type { Clock } from "../clock/index.ts";

/** What a push client needs to send: the fetch to use and the clock its waits run on. */
export type PushFetch = (url: string, init: RequestInit) => Promise<Response>;

export interface SendContext {
  fetch: PushFetch;
  clock: Clock;
  /** Waits before each retry (ms of clock time); their count is the number of retries. */
  retryDelays: readonly number[];
  /** Clock ms to wait for an answer before counting the attempt as a network failure. */
  timeout: number;
  /** Called before each retry, with why. */
  onRetry: (reason: string, waitMs: number) => void;
  /** Whether to give up instead of retrying (the feed was stopped). */
  stopped: () => boolean;
}

export type SendOutcome =
  | { kind: "ok"; status: number; body: unknown }
  /** 401 / 403: these credentials will not do; stop sending with them. */
  | { kind: "denied"; status: number; reason: string }
  /** Any other 4xx: the receiver refuses this batch as it is; sending it again cannot help. */
  | { kind: "rejected"; status: number; reason: string }
  /** 429, 5xx or no answer, still so after the last retry. */
  | { kind: "gave-up"; status: number | null; reason: string };

const MAX_RETRY_AFTER_MS = 10 * 60_000;

/** POSTs a JSON body, retrying 429, 5xx and network failures with the given delays (Retry-After wins). */
export async function postJson(
  ctx: SendContext,
  url: string,
  authorization: string,
  body: unknown,
): Promise<SendOutcome> {
  const payload = JSON.stringify(body);
  for (let attempt = 0; ; attempt++) {
    const answer = await once(ctx, url, authorization, payload);
    if ("error" in answer) {
      if (attempt >= ctx.retryDelays.length || ctx.stopped())
        return { kind: "gave-up", status: null, reason: answer.error };
      const wait = ctx.retryDelays[attempt] ?? 0;
      ctx.onRetry(answer.error, wait);
      await ctx.clock.sleep(wait);
      continue;
    }
    const { res, text } = answer;
    if (res.ok) return { kind: "ok", status: res.status, body: parse(text) };
    const reason = `${res.status} ${describe(text)}`;
    if (res.status === 401 || res.status === 403) return { kind: "denied", status: res.status, reason };
    if (res.status !== 429 && res.status < 500) return { kind: "rejected", status: res.status, reason };
    if (attempt >= ctx.retryDelays.length || ctx.stopped())
      return { kind: "gave-up", status: res.status, reason };
    const wait = retryAfter(res.headers.get("retry-after"), ctx.clock.now()) ?? ctx.retryDelays[attempt] ?? 0;
    ctx.onRetry(reason, wait);
    await ctx.clock.sleep(wait);
  }
}

type Answer = { res: Response; text: string } | { error: string };

async function once(ctx: SendContext, url: string, authorization: string, payload: string): Promise<Answer> {
  const abort = new AbortController();
  const timer = ctx.clock.setTimeout(() => abort.abort(), ctx.timeout);
  try {
    const res = await ctx.fetch(url, {
      method: "POST",
      headers: { authorization, "content-type": "application/json", accept: "application/json" },
      body: payload,
      signal: abort.signal,
    });
    return { res, text: await res.text() };
  } catch (err) {
    if (abort.signal.aborted) return { error: `no answer within ${ctx.timeout} ms` };
    const { cause } = err as { cause?: { code?: string; message?: string } };
    const why = cause?.code ?? cause?.message;
    return { error: `network: ${(err as Error).message}${why ? ` (${why})` : ""}` };
  } finally {
    ctx.clock.clearTimeout(timer);
  }
}

/** Retry-After in ms: delay-seconds or an HTTP date, capped so a bad header cannot park the feed. */
export function retryAfter(header: string | null, now: number): number | undefined {
  if (!header) return undefined;
  const ms = /^\d+$/.test(header.trim()) ? Number(header.trim()) * 1000 : Date.parse(header) - now;
  return Number.isFinite(ms) ? Math.min(Math.max(0, ms), MAX_RETRY_AFTER_MS) : undefined;
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** A problem+json body as one line (its detail), anything else as its first 200 characters. */
function describe(text: string): string {
  const body = parse(text) as { detail?: unknown; code?: unknown } | string;
  if (typeof body === "object" && body !== null && typeof body.detail === "string")
    return typeof body.code === "string" ? `${body.code}: ${body.detail}` : body.detail;
  return String(text).slice(0, 200);
}
