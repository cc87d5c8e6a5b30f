import { VirtualClock } from "../clock/index.ts";

/** Speeds the console offers for running a virtual clock. */
export const RUN_SPEEDS = [1, 10, 60, 600] as const;

const TICK_MS = 250;

/**
 * Runs a virtual clock from the console: every quarter of a real second it advances by what
 * passed in real time times `speed`, through the same `advanceTo` as `POST /__admin/clock/advance`,
 * so timers (activity, fault windows, lock expiry, a connector in process) fire in order. Paused,
 * the clock stands still, which is what a virtual clock does anyway. Real and scaled clocks have
 * no runner: their time is the wall clock's (times a factor a connector may have been configured
 * with), so the console cannot pause or re-speed them without lying to that connector.
 */
export class ClockRunner {
  readonly #clock: VirtualClock | null;
  #timer: NodeJS.Timeout | null = null;
  #speed: number | null = null;
  #last = 0;
  #stepping = false;
  readonly #onTick: () => void;

  constructor(clock: unknown, onTick: () => void) {
    this.#clock = clock instanceof VirtualClock ? clock : null;
    this.#onTick = onTick;
  }

  /** Whether the clock can be run and paused (a virtual clock). */
  get available(): boolean {
    return this.#clock !== null;
  }

  /** The speed it runs at, or null while paused. */
  get speed(): number | null {
    return this.#speed;
  }

  run(speed: number): void {
    const clock = this.#clock;
    if (!clock) throw new RangeError("only a virtual clock can be run and paused from the console");
    this.#speed = speed;
    this.#last = Date.now();
    if (this.#timer) return;
    this.#timer = setInterval(() => {
      if (this.#stepping || this.#speed === null) return;
      const real = Date.now();
      const by = (real - this.#last) * this.#speed;
      this.#last = real;
      this.#stepping = true;
      clock
        .advanceTo(clock.now() + by)
        .catch(() => undefined)
        .finally(() => {
          this.#stepping = false;
          this.#onTick();
        });
    }, TICK_MS);
    this.#timer.unref?.();
  }

  pause(): void {
    this.#speed = null;
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }
}
