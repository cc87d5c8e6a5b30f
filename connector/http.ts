import type { Clock } from "../simulator/clock/index.ts";
import { PosFailure, retryAfterMs } from "./failure.ts";

/** The fetch the engine calls the POS with: global fetch, or an in-process router to Hono apps. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface HttpCall {
  /** Canonical operation (DESIGN.md), for counters and the engine's log. */
  operation: string;
  method: "GET" | "POST" | "PUT" | "PATCH";
  /** Path and query, appended to the location's base URL. */
  path: string;
  headers?: Record<string, string>;
  /** Sent as JSON when present. */
  body?: unknown;
}

export interface HttpAnswer {
  status: number;
  headers: Headers;
  /** Parsed JSON, or null when the body is empty or not JSON. */
  body: unknown;
  /** Retry-After, in ms of the engine's clock, when the answer carried one. */
  retryAfterMs: number | undefined;
}

export interface HttpOptions {
  fetch: FetchLike;
  clock: Clock;
  baseUrl: string;
  /** How long to wait for an answer to a read before calling it TIMEOUT, in clock ms. */
  timeoutMs: number;
  /** The same for a write, which a POS may take longer over (default: `timeoutMs`). */
  writeTimeoutMs?: number;
  /** Called once per request sent, with its outcome (status, or 0 when none came). */
  onSent?: (call: HttpCall, status: number) => void;
}

/**
 * One location's line to its POS. HTTP statuses come back as answers (the adapter reads its
 * dialect's error body); no answer at all is a PosFailure: UNREACHABLE when the connection
 * failed, TIMEOUT when nothing came within the timeout on the engine's clock.
 */
export class Http {
  readonly #o: HttpOptions;

  constructor(options: HttpOptions) {
    this.#o = { ...options, baseUrl: options.baseUrl.replace(/\/+$/, "") };
  }

  async send(call: HttpCall): Promise<HttpAnswer> {
    const { clock, fetch } = this.#o;
    const timeoutMs =
      call.method === "GET" ? this.#o.timeoutMs : (this.#o.writeTimeoutMs ?? this.#o.timeoutMs);
    const abort = new AbortController();
    const headers: Record<string, string> = { accept: "application/json" };
    // An empty value means "no such header" (an engine that sends no idempotency key, say).
    for (const [name, value] of Object.entries(call.headers ?? {})) if (value !== "") headers[name] = value;
    if (call.body !== undefined) headers["content-type"] = "application/json";
    const init: RequestInit = {
      method: call.method,
      headers,
      signal: abort.signal,
      ...(call.body !== undefined ? { body: JSON.stringify(call.body) } : {}),
    };
    let timer: ReturnType<Clock["setTimeout"]> | undefined;
    const timedOut = new Promise<"timeout">((resolve) => {
      timer = clock.setTimeout(() => resolve("timeout"), timeoutMs);
    });
    try {
      const res = await Promise.race([this.#read(fetch(`${this.#o.baseUrl}${call.path}`, init)), timedOut]);
      if (res === "timeout") {
        abort.abort();
        this.#o.onSent?.(call, 0);
        throw new PosFailure("TIMEOUT", `${call.operation}: no answer within ${timeoutMs} ms`, { status: 0 });
      }
      this.#o.onSent?.(call, res.status);
      return res;
    } catch (err) {
      if (err instanceof PosFailure) throw err;
      this.#o.onSent?.(call, 0);
      const why = err instanceof Error ? err.message : String(err);
      throw new PosFailure("UNREACHABLE", `${call.operation}: ${why}`, { status: 0 });
    } finally {
      if (timer) clock.clearTimeout(timer);
    }
  }

  async #read(pending: Promise<Response>): Promise<HttpAnswer> {
    const res = await pending;
    const text = await res.text();
    let body: unknown = null;
    if (text !== "" && (res.headers.get("content-type") ?? "").includes("json")) {
      try {
        body = JSON.parse(text);
      } catch {
        body = null;
      }
    }
    const retryAfter = retryAfterMs(res.headers.get("retry-after"), this.#o.clock.now());
    return { status: res.status, headers: res.headers, body, retryAfterMs: retryAfter };
  }
}
