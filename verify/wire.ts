// The one line from verify to the POS under test: a small HTTP proxy on 127.0.0.1 that Pact's
// verifier and verify's own probes both go through. For every request it
//   - refuses a write to a location the vendor did not set aside for testing (or cannot tell),
//   - takes a token from the run's budget (rate and count) or refuses,
//   - forwards it to the target and records the exchange (credentials redacted),
//   - checks the answer against the dialect's published contract.
// k6's load goes straight to the target (its latency is the point) and is bounded by its plan.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Clock } from "../simulator/clock/index.ts";
import type { Budget } from "./budget.ts";
import type { Contract } from "./contract.ts";
import type { VerifyLocation } from "./credentials.ts";
import { locate } from "./locate.ts";

/** The header verify's probes name their checklist point in; stripped before forwarding. */
export const STAGE_HEADER = "x-mockpos-verify-stage";
/** The status a refused request is answered with (never sent to the POS). */
export const REFUSED_STATUS = 599;

export interface Exchange {
  seq: number;
  /** `pact`, or the checklist point whose probe sent it. */
  stage: string;
  /** The provider-state setup in force when it was sent (pact stage), its sequence number. */
  stateSeq: number | null;
  at: string;
  method: string;
  /** Path and query, as sent (after the target's base path). */
  path: string;
  locationId: string | null;
  request: { headers: Record<string, string>; body: string | null };
  /** 0 when nothing came back (refused, unreachable, timed out). */
  status: number;
  response: { headers: Record<string, string>; body: string } | null;
  ms: number;
  /** Why verify did not send it: a write outside the testing locations, or the budget spent. */
  refused: string | null;
  /** The network error, when the POS did not answer. */
  error: string | null;
  /** The canonical operation of the route, from the contract; null when no route matches. */
  operation: string | null;
  /** What the contract says is wrong with the answer; empty when it allows it. */
  violations: string[];
}

const SECRET_HEADERS = new Set([
  "authorization",
  "x-api-key",
  "x-api-user-access-token",
  "x-api-server-access-token",
  "cookie",
]);
const HOP_BY_HOP = new Set([
  "host",
  "connection",
  "keep-alive",
  "content-length",
  "transfer-encoding",
  "accept-encoding",
  "upgrade",
  STAGE_HEADER,
]);
const KEPT_ANSWER_HEADERS =
  /^(content-type|retry-after|location|idempotent-replayed|www-authenticate|allow|x-mockpos-fault)$/;
const CLIP = 16 * 1024;

const clip = (text: string) => (text.length > CLIP ? `${text.slice(0, CLIP)}… (${text.length} chars)` : text);
const redact = (value: string) => `${value.slice(0, 4)}…(redacted)`;

export interface WireOptions {
  dialect: Contract["dialect"];
  /** Base URL of the POS API under test (a path prefix is kept). */
  target: string;
  locations: readonly VerifyLocation[];
  contract: Contract;
  budget: Budget;
  clock: Clock;
  /** Longest wait for an answer, in ms of `clock` (default 30 s). */
  timeoutMs?: number;
}

export class Wire {
  readonly exchanges: Exchange[] = [];
  /** Set by the provider-state endpoint before each interaction. */
  stateSeq: number | null = null;
  #server: Server | undefined;
  #url = "";
  readonly #o: WireOptions;

  constructor(options: WireOptions) {
    this.#o = { ...options, target: options.target.replace(/\/+$/, "") };
  }

  get url(): string {
    return this.#url;
  }

  async start(): Promise<string> {
    const server = createServer((req, res) => {
      this.#handle(req, res).catch((err: Error) => {
        if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
        res.end(`verify wire: ${err.message}`);
      });
    });
    this.#server = server;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => resolve());
    });
    this.#url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this.#url;
  }

  async close(): Promise<void> {
    const server = this.#server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** A fetch for verify's probes: through the wire, labelled with the point that sends it. */
  fetchFor(stage: string): (url: string, init: RequestInit) => Promise<Response> {
    return (url, init) => {
      const headers = new Headers(init.headers);
      headers.set(STAGE_HEADER, stage);
      return fetch(url, { ...init, headers });
    };
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = chunks.length === 0 ? null : Buffer.concat(chunks).toString("utf8");
    const method = (req.method ?? "GET").toUpperCase();
    const path = req.url ?? "/";
    const header = (name: string) => {
      const v = req.headers[name];
      return Array.isArray(v) ? v[0] : v;
    };
    const stage = header(STAGE_HEADER) ?? "pact";
    const { dialect, locations, contract, budget, clock } = this.#o;
    const location = locate(dialect, locations, path, header);
    const write = method !== "GET" && method !== "HEAD" && method !== "OPTIONS";
    const shown: Record<string, string> = {};
    const forward: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value === undefined) continue;
      const v = Array.isArray(value) ? value.join(", ") : value;
      if (!HOP_BY_HOP.has(name)) forward[name] = v;
      if (name !== STAGE_HEADER) shown[name] = SECRET_HEADERS.has(name) ? redact(v) : v;
    }
    const route = contract.match(method, path);
    const exchange: Exchange = {
      seq: this.exchanges.length + 1,
      stage,
      stateSeq: stage === "pact" ? this.stateSeq : null,
      at: new Date(clock.now()).toISOString(),
      method,
      path,
      locationId: location?.locationId ?? null,
      request: { headers: shown, body: body === null ? null : clip(body) },
      status: 0,
      response: null,
      ms: 0,
      refused: null,
      error: null,
      operation: route?.operation ?? null,
      violations: [],
    };
    this.exchanges.push(exchange);
    const refuse = (reason: string) => {
      exchange.refused = reason;
      res.writeHead(REFUSED_STATUS, {
        "content-type": "application/json",
        "x-mockpos-verify-refused": "true",
      });
      res.end(JSON.stringify({ refusedByVerify: reason }));
    };
    if (write && !location?.testing) {
      refuse(
        location
          ? `a write to ${location.locationId}, which the credentials file does not set aside for testing`
          : "a write to a location verify cannot tell (or one not in the credentials file)",
      );
      return;
    }
    if (!(await budget.take())) {
      refuse(`the request budget is spent (${budget.max} requests)`);
      return;
    }
    const abort = new AbortController();
    const timer = clock.setTimeout(() => abort.abort(), this.#o.timeoutMs ?? 30_000);
    const started = performance.now();
    try {
      const answer = await fetch(`${this.#o.target}${path}`, {
        method,
        headers: forward,
        ...(body !== null && method !== "GET" && method !== "HEAD" ? { body } : {}),
        redirect: "manual",
        signal: abort.signal,
      });
      const text = await answer.text();
      exchange.ms = Math.round(performance.now() - started);
      exchange.status = answer.status;
      const kept: Record<string, string> = {};
      const relay: Record<string, string> = {};
      answer.headers.forEach((value, name) => {
        if (KEPT_ANSWER_HEADERS.test(name)) kept[name] = value;
        if (name !== "content-encoding" && name !== "content-length" && name !== "transfer-encoding")
          relay[name] = value;
      });
      exchange.response = { headers: kept, body: clip(text) };
      exchange.violations = contract.violations(
        method,
        path,
        answer.status,
        answer.headers.get("content-type"),
        text,
      );
      res.writeHead(answer.status, relay);
      res.end(text);
    } catch (err) {
      exchange.ms = Math.round(performance.now() - started);
      exchange.error = abort.signal.aborted ? "no answer in time" : (err as Error).message;
      res.writeHead(502, { "content-type": "application/json" });
      res.end(JSON.stringify({ verifyWire: exchange.error }));
    } finally {
      clock.clearTimeout(timer);
    }
  }
}
