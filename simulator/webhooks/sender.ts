import type { WebhookType } from "../../contracts/sinqro/webhooks.ts";
import { CLOCK_HEADER, type Clock, clockHeader, type TimerHandle } from "../clock/index.ts";
import { type Delivery, DeliveryLog } from "./log.ts";
import { type Answer, type FetchLike, post, signingTime, webhookHeaders } from "./request.ts";
import { type DeliveryFaults, type Shape, shapeAttempt } from "./shape.ts";

/** One event on its way: the body is fixed, so every attempt and duplicate is byte-identical. */
export interface Job {
  id: string;
  type: WebhookType;
  operation: string;
  restaurantId: string;
  orderId: string | null;
  body: string;
  /** Attempts started so far. */
  attempt: number;
}

export interface SenderSettings {
  url: string;
  secret: string;
  fetch: FetchLike;
  timeoutMs: number;
  schedule: readonly number[];
  maxAttempts: number;
  logSize: number;
  maxPending: number;
}

interface Waiting {
  job: Job;
  timer: TimerHandle;
  run: () => void;
  /** A reorder hold: released once a later event of this restaurant has been sent. */
  heldFor: string | null;
}

/**
 * Delivers jobs: every event on its own, with no head-of-line blocking (a failing event never
 * holds back the ones after it), each retried on the schedule until 2xx, 410 or the last attempt.
 */
export class Sender {
  state: "active" | "disabled" | "stopped" = "active";
  disabledReason: string | null = null;
  readonly log: DeliveryLog;
  readonly #clock: Clock;
  readonly #faults: DeliveryFaults;
  readonly #s: SenderSettings;
  // Bumped by reset and stop, so an answer to an attempt from before is ignored.
  #generation = 0;
  readonly #waiting = new Map<Job, Waiting>();
  readonly #inFlight = new Set<Promise<void>>();

  constructor(clock: Clock, faults: DeliveryFaults, settings: SenderSettings) {
    this.#clock = clock;
    this.#faults = faults;
    this.#s = settings;
    this.log = new DeliveryLog(settings.logSize);
  }

  get waiting(): number {
    return this.#waiting.size;
  }

  get inFlight(): number {
    return this.#inFlight.size;
  }

  send(job: Job): void {
    if (this.state !== "active") return;
    this.log.counts.events++;
    this.#due(job);
  }

  #due(job: Job): void {
    job.attempt++;
    const shape = shapeAttempt(this.#faults, job);
    if (shape.drop) {
      this.log.counts.attempts++;
      this.log.counts.failedAttempts++;
      const lost = shape.drop === "event";
      if (lost) this.log.counts.gaveUp++;
      const retryAt = lost ? null : this.#retry(job, null);
      this.#record(
        job,
        shape,
        this.#clock.now(),
        { status: null, outcome: lost ? "lost" : "dropped", durationMs: 0, retryAfterMs: null },
        retryAt,
        false,
      );
      return;
    }
    const go = () => {
      if (shape.hold === null) this.#send(job, shape, false);
      else this.#wait(job, shape.hold, () => this.#send(job, shape, true), job.restaurantId);
    };
    if (shape.delay > 0) this.#wait(job, shape.delay, go, null);
    else go();
  }

  #send(job: Job, shape: Shape, held: boolean): void {
    const generation = this.#generation;
    const task = (async () => {
      const at = this.#clock.now();
      const headers = webhookHeaders(job, this.#s.secret, shape, signingTime(this.#clock));
      // Under a scaled clock the listener learns how fast the sender's time runs: its retries and a Retry-After it sends count in that time.
      const clock = clockHeader(this.#clock);
      if (clock !== null) headers[CLOCK_HEADER] = clock;
      const answer = await post(this.#clock, this.#s, headers, job.body);
      if (generation !== this.#generation) return;
      this.log.counts.attempts++;
      let retryAt: number | null = null;
      if (answer.outcome === "delivered") this.log.counts.delivered++;
      else {
        this.log.counts.failedAttempts++;
        if (answer.outcome === "gone") this.log.counts.gaveUp++;
        else retryAt = this.#retry(job, answer.retryAfterMs);
      }
      this.#record(job, shape, at, answer, retryAt, false);
      if (answer.outcome === "gone") this.#disable(`the listener answered 410 Gone to ${job.id}`);
      if (!held) this.#release(job.restaurantId);
      if (!shape.duplicate) return;
      const copyAt = this.#clock.now();
      const copy = await post(this.#clock, this.#s, headers, job.body);
      if (generation !== this.#generation) return;
      this.log.counts.attempts++;
      if (copy.outcome !== "delivered") this.log.counts.failedAttempts++;
      this.#record(job, shape, copyAt, copy, null, true);
    })();
    this.#inFlight.add(task);
    void task.finally(() => this.#inFlight.delete(task));
  }

  // Returns when the next attempt is due, or null when the event is given up.
  #retry(job: Job, retryAfterMs: number | null): number | null {
    if (job.attempt >= this.#s.maxAttempts || this.state !== "active") {
      this.log.counts.gaveUp++;
      return null;
    }
    const schedule = this.#s.schedule;
    const planned = schedule[Math.min(job.attempt, schedule.length) - 1] ?? 0;
    const delay = Math.max(planned, retryAfterMs ?? 0);
    this.#wait(job, delay, () => this.#due(job), null);
    return this.#clock.now() + delay;
  }

  #wait(job: Job, ms: number, run: () => void, heldFor: string | null): void {
    const timer = this.#clock.setTimeout(() => {
      this.#waiting.delete(job);
      run();
    }, ms);
    this.#waiting.set(job, { job, timer, run, heldFor });
    if (this.#waiting.size <= this.#s.maxPending) return;
    const [oldest] = this.#waiting.values();
    if (!oldest) return;
    this.#clock.clearTimeout(oldest.timer);
    this.#waiting.delete(oldest.job);
    this.log.counts.gaveUp++;
    const answer: Answer = { status: null, outcome: "abandoned", durationMs: 0, retryAfterMs: null };
    this.#record(oldest.job, null, this.#clock.now(), answer, null, false);
  }

  // A later event of this restaurant has gone out: what a reorder fault held back may follow it.
  #release(restaurantId: string): void {
    for (const w of [...this.#waiting.values()]) {
      if (w.heldFor !== restaurantId) continue;
      this.#clock.clearTimeout(w.timer);
      this.#waiting.delete(w.job);
      w.run();
    }
  }

  #record(job: Job, shape: Shape | null, at: number, a: Answer, retryAt: number | null, duplicate: boolean) {
    const entry: Delivery = {
      eventId: job.id,
      type: job.type,
      restaurantId: job.restaurantId,
      attempt: job.attempt,
      at: new Date(at).toISOString(),
      status: a.status,
      outcome: a.outcome,
      durationMs: a.durationMs,
      fault: shape?.fault ?? null,
      duplicate,
      retryAt: retryAt === null ? null : new Date(retryAt).toISOString(),
    };
    this.log.add(entry);
  }

  #disable(reason: string): void {
    this.state = "disabled";
    this.disabledReason = reason;
    this.log.counts.gaveUp += this.#waiting.size;
    this.#cancel();
  }

  #cancel(): void {
    for (const w of this.#waiting.values()) this.#clock.clearTimeout(w.timer);
    this.#waiting.clear();
  }

  /** Sends now whatever waits on the clock (retries, delays, holds), then waits for the answers. */
  async flush(): Promise<void> {
    for (const w of [...this.#waiting.values()]) {
      this.#clock.clearTimeout(w.timer);
      this.#waiting.delete(w.job);
      w.run();
    }
    await this.idle();
  }

  /** Resolves once no request is on the wire (what waits on the clock does not count). */
  async idle(): Promise<void> {
    for (;;) {
      // A macrotask turn lets announcements queued as microtasks reach the wire first.
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (this.#inFlight.size === 0) return;
      await Promise.allSettled([...this.#inFlight]);
    }
  }

  /** Forgets every waiting event and the log; a disabled sender sends again. */
  reset(): void {
    this.#generation++;
    this.#cancel();
    this.log.clear();
    if (this.state === "disabled") this.state = "active";
    this.disabledReason = null;
  }

  stop(): void {
    this.#generation++;
    this.#cancel();
    this.state = "stopped";
  }
}
