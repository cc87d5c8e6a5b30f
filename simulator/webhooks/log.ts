import type { WebhookType } from "../../contracts/sinqro/webhooks.ts";

/** What became of one delivery attempt. */
export type DeliveryOutcome =
  /** The listener answered 2xx. */
  | "delivered"
  /** It answered another status (retried, unless the attempts are used up). */
  | "failed"
  /** No answer within the timeout. */
  | "timeout"
  /** The request failed: refused, reset, DNS. */
  | "error"
  /** A `webhook` fault lost this attempt; the event is retried. */
  | "dropped"
  /** A `webhook` fault (`permanent`) lost the event for good. */
  | "lost"
  /** 410 Gone: the sender stopped sending. */
  | "gone"
  /** Pushed out of the waiting queue by newer events (`maxPending`). */
  | "abandoned";

/** One attempt (or a fault's duplicate of one) in the delivery log. */
export interface Delivery {
  eventId: string;
  type: WebhookType;
  restaurantId: string;
  /** 1 for the first attempt, as sent in `x-sinqro-attempt`. */
  attempt: number;
  /** When the attempt went out (or was dropped), on the simulator's clock. */
  at: string;
  /** HTTP status of the answer; null when there was none. */
  status: number | null;
  outcome: DeliveryOutcome;
  /** Clock time from sending to the answer (or the timeout). */
  durationMs: number;
  /** The fault rule(s) that shaped the attempt. */
  fault: string | null;
  /** A copy sent by a `duplicate` fault. */
  duplicate: boolean;
  /** When the next attempt is due; null when there is none (delivered, or given up). */
  retryAt: string | null;
}

export interface WebhookStats {
  /** Events announced since start (or reset). */
  events: number;
  /** Events the listener acknowledged with 2xx. */
  delivered: number;
  /** Requests sent, duplicates included. */
  attempts: number;
  /** Attempts that did not end in 2xx (dropped ones included). */
  failedAttempts: number;
  /** Events given up: attempts used up, lost, abandoned, or cut off by 410. */
  gaveUp: number;
  /** Events waiting on the clock: to retry, delayed or held back by a fault. */
  waiting: number;
  /** Requests on the wire now. */
  inFlight: number;
}

/** The newest `capacity` deliveries, oldest first, and counters over everything. */
export class DeliveryLog {
  readonly capacity: number;
  #entries: Delivery[] = [];
  counts = { events: 0, delivered: 0, attempts: 0, failedAttempts: 0, gaveUp: 0 };

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`webhook log size must be a positive integer, got ${capacity}`);
    this.capacity = capacity;
  }

  add(entry: Delivery): void {
    this.#entries.push(entry);
    if (this.#entries.length > this.capacity) this.#entries.shift();
  }

  get entries(): readonly Delivery[] {
    return this.#entries;
  }

  clear(): void {
    this.#entries = [];
    this.counts = { events: 0, delivered: 0, attempts: 0, failedAttempts: 0, gaveUp: 0 };
  }
}
