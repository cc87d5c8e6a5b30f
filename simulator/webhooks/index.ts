import { WEBHOOK_OPERATIONS, WEBHOOK_TYPES, type WebhookType } from "../../contracts/sinqro/webhooks.ts";
import type { Clock } from "../clock/index.ts";
import type { EventBus } from "../domain/events.ts";
import type { Chain } from "../domain/types.ts";
import { Random } from "../random/index.ts";
import type { Delivery, WebhookStats } from "./log.ts";
import { Announcer } from "./payloads.ts";
import type { FetchLike } from "./request.ts";
import { Sender } from "./sender.ts";
import type { DeliveryFaults } from "./shape.ts";

export type { Delivery, DeliveryOutcome, WebhookStats } from "./log.ts";
export { createWebhookReceiver, type ReceivedWebhook, type WebhookReceiver } from "./receiver.ts";
export type { FetchLike } from "./request.ts";
export { signWebhook, type VerifyResult, verifyWebhook, WEBHOOK_HEADERS } from "./sign.ts";

const S = 1000;
const M = 60 * S;
const H = 60 * M;

/**
 * Waits before the 2nd, 3rd, … attempt, counted from the end of the failed one: attempts go
 * out at about 0, 10 s, 1 m 10 s, 6 m 10 s, 36 m 10 s, 2 h 36 m, 8 h 36 m and 20 h 36 m, then
 * the event is given up, inside the 24 h a Square listener is retried for.
 */
export const RETRY_SCHEDULE: readonly number[] = [10 * S, M, 5 * M, 30 * M, 2 * H, 6 * H, 12 * H];

export interface WebhookOptions {
  /** The listener: every event is POSTed to this URL. */
  url: string;
  /** Shared secret of the HMAC-SHA256 signature. */
  secret: string;
  /** Event types to send. Default every type. */
  events?: readonly WebhookType[];
  /** How requests go out. Default the global fetch; tests pass a receiver's in-process `fetch`. */
  fetch?: FetchLike;
  /** An attempt with no answer after this long (clock time) has failed. Default 2,000 ms, like Toast. */
  timeoutMs?: number;
  /** Wait before attempt n + 1 after attempt n failed; the last entry repeats. Default RETRY_SCHEDULE. */
  schedule?: readonly number[];
  /** Attempts per event, the first included. Default the schedule's length + 1 (8). */
  maxAttempts?: number;
  /** Attempts the delivery log keeps. Default 1,000. */
  logSize?: number;
  /** Events waiting on the clock at most; past it the oldest is given up. Default 10,000. */
  maxPending?: number;
}

/** What a sender was configured with, without its secret. */
export interface WebhookConfig {
  url: string;
  events: WebhookType[];
  timeoutMs: number;
  schedule: number[];
  maxAttempts: number;
}

export interface WebhookSender {
  readonly config: WebhookConfig;
  /** active; disabled after a 410 Gone (until reset); stopped. */
  readonly state: "active" | "disabled" | "stopped";
  readonly disabledReason: string | null;
  /** The newest attempts, oldest first. */
  readonly deliveries: readonly Delivery[];
  stats(): WebhookStats;
  /** Resolves once no request is on the wire. */
  idle(): Promise<void>;
  /** Sends at once what waits on the clock (retries, delays, holds), then waits for the answers. */
  flush(): Promise<void>;
  /** Forgets waiting events, the log and the announced statuses (the chain was regenerated). */
  reset(): void;
  stop(): void;
}

/** What the sender needs of a simulator: its changes, its clock, the webhook fault rules, the chain and its seed. */
export interface WebhookHost {
  readonly events: EventBus;
  readonly clock: Clock;
  readonly faults: DeliveryFaults;
  readonly chain: Chain;
  readonly options: { readonly seed: string };
}

/**
 * Sends the simulator's changes as signed webhooks to a listener: order and reservation
 * status, catalog elements, availability (README, "Webhooks"). Events are announced once the
 * operation that raised them has returned; ids are deterministic (seed + sequence).
 */
export function startWebhooks(sim: WebhookHost, options: WebhookOptions): WebhookSender {
  const config = resolve(options);
  const sender = new Sender(sim.clock, sim.faults, {
    ...config,
    secret: options.secret,
    fetch: options.fetch ?? ((url, init) => fetch(url, init)),
    logSize: options.logSize ?? 1000,
    maxPending: options.maxPending ?? 10_000,
  });
  const wanted = new Set<WebhookType>(config.events);
  const announcer = new Announcer();
  announcer.snapshot(sim.chain);
  let generation = 0;
  const unsubscribe = sim.events.subscribe((event) => {
    const seen = generation;
    // Raised mid-operation: read the chain once the operation has returned.
    queueMicrotask(() => {
      if (seen !== generation || sender.state !== "active") return;
      for (const draft of announcer.announce(event)) {
        if (!wanted.has(draft.type)) continue;
        const id = nextEventId(sim);
        sender.send({
          id,
          type: draft.type,
          operation: WEBHOOK_OPERATIONS[draft.type],
          restaurantId: draft.restaurantId,
          orderId: draft.type === "order.status_changed" ? draft.data.orderId : null,
          body: JSON.stringify({ id, ...draft }),
          attempt: 0,
        });
      }
    });
  });
  return {
    config,
    get state() {
      return sender.state;
    },
    get disabledReason() {
      return sender.disabledReason;
    },
    get deliveries() {
      return sender.log.entries;
    },
    stats: () => ({ ...sender.log.counts, waiting: sender.waiting, inFlight: sender.inFlight }),
    idle: () => sender.idle(),
    flush: () => sender.flush(),
    reset() {
      generation++;
      sender.reset();
      announcer.snapshot(sim.chain);
    },
    stop() {
      generation++;
      unsubscribe();
      sender.stop();
    },
  };
}

function resolve(options: WebhookOptions): WebhookConfig {
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    throw new RangeError(`webhook url '${options.url}' is not a URL`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new RangeError(`webhook url must be http or https, got '${options.url}'`);
  if (!options.secret) throw new RangeError("a webhook secret is required");
  const schedule = [...(options.schedule ?? RETRY_SCHEDULE)];
  if (schedule.length === 0 || schedule.some((ms) => !(ms >= 0)))
    throw new RangeError("the retry schedule needs at least one wait of 0 ms or more");
  const timeoutMs = options.timeoutMs ?? 2000;
  if (!(timeoutMs > 0)) throw new RangeError(`webhook timeout must be positive, got ${timeoutMs}`);
  const maxAttempts = options.maxAttempts ?? schedule.length + 1;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1)
    throw new RangeError(`maxAttempts must be a positive integer, got ${maxAttempts}`);
  const events = [...(options.events ?? WEBHOOK_TYPES)];
  return { url: options.url, events, timeoutMs, schedule, maxAttempts };
}

// Per simulator (its event bus outlives resets and senders), so a listener that dedupes never
// sees an id twice for two different events, even across a reset or a new configuration.
const sequences = new WeakMap<object, number>();

function nextEventId(sim: WebhookHost): string {
  const n = (sequences.get(sim.events) ?? 0) + 1;
  sequences.set(sim.events, n);
  const tag = new Random(`${sim.options.seed}:webhooks`).hex(8);
  return `evt_${tag}_${String(n).padStart(8, "0")}`;
}
