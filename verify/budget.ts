import type { Clock } from "../simulator/clock/index.ts";

/**
 * How many requests verify may send, and how fast: a token bucket (`rate` a second, a burst of
 * one second's worth) and a total. Every request verify sends through its wire, and every call a
 * states file or hook makes, takes a token first; k6's load is bounded by its own plan.
 */
export class Budget {
  readonly rate: number;
  readonly max: number;
  #tokens: number;
  #at: number;
  #spent = 0;
  #queue: Promise<void> = Promise.resolve();
  readonly #clock: Clock;

  constructor(options: { rate: number; max: number; clock: Clock }) {
    this.rate = options.rate;
    this.max = options.max;
    this.#clock = options.clock;
    this.#tokens = Math.max(1, options.rate);
    this.#at = options.clock.now();
  }

  /** Requests sent so far. */
  get spent(): number {
    return this.#spent;
  }

  /** Waits for a token; false (at once) when the total is spent. Callers are served in order. */
  take(): Promise<boolean> {
    const turn = this.#queue.then(() => this.#take());
    this.#queue = turn.then(
      () => undefined,
      () => undefined,
    );
    return turn;
  }

  async #take(): Promise<boolean> {
    if (this.#spent >= this.max) return false;
    for (;;) {
      const now = this.#clock.now();
      this.#tokens = Math.min(Math.max(1, this.rate), this.#tokens + ((now - this.#at) / 1000) * this.rate);
      this.#at = now;
      if (this.#tokens >= 1) break;
      await this.#clock.sleep(Math.ceil(((1 - this.#tokens) / this.rate) * 1000));
    }
    this.#tokens -= 1;
    this.#spent++;
    return true;
  }
}
