/**
 * Every time read and timer in mockpos goes through a Clock, so that a test (or a
 * scenario) can run a service day in virtual time and get the same result every run.
 */
export interface Clock {
  readonly kind: "real" | "scaled" | "virtual";
  /** Milliseconds since the Unix epoch, in this clock's time. */
  now(): number;
  /** Runs `fn` after `ms` of this clock's time. */
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
  /** Resolves after `ms` of this clock's time. */
  sleep(ms: number): Promise<void>;
}

export interface TimerHandle {
  readonly id: number;
}

const MAX_TIMER_DELAY = 2 ** 31 - 1;

/** Wall-clock time. */
export class RealClock implements Clock {
  readonly kind = "real";
  readonly #timers = new Map<number, NodeJS.Timeout>();
  #next = 1;

  now(): number {
    return Date.now();
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const id = this.#next++;
    this.#arm(id, fn, Date.now() + Math.max(0, ms));
    return { id };
  }

  // Node fires a delay above 2^31 - 1 ms (about 24.8 days) at once: wait in steps instead.
  #arm(id: number, fn: () => void, due: number): void {
    const wait = Math.max(0, Math.min(due - Date.now(), MAX_TIMER_DELAY));
    const t = globalThis.setTimeout(() => {
      if (Date.now() < due) return this.#arm(id, fn, due);
      this.#timers.delete(id);
      fn();
    }, wait);
    t.unref?.();
    this.#timers.set(id, t);
  }

  clearTimeout(handle: TimerHandle): void {
    const t = this.#timers.get(handle.id);
    if (t) globalThis.clearTimeout(t);
    this.#timers.delete(handle.id);
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.setTimeout(resolve, ms));
  }
}

/**
 * Time that runs `factor` times faster than the wall clock from `origin` on: at 60×,
 * a simulated minute passes in a real second. For external connectors and k6.
 */
export class ScaledClock implements Clock {
  readonly kind = "scaled";
  readonly #real = new RealClock();
  readonly #startedAt = Date.now();
  readonly factor: number;
  readonly origin: number;

  constructor(options: { factor: number; origin?: number }) {
    if (!(options.factor > 0) || !Number.isFinite(options.factor)) {
      throw new RangeError(`clock factor must be a positive number, got ${options.factor}`);
    }
    this.factor = options.factor;
    this.origin = options.origin ?? this.#startedAt;
  }

  now(): number {
    return Math.floor(this.origin + (Date.now() - this.#startedAt) * this.factor);
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    return this.#real.setTimeout(fn, ms / this.factor);
  }

  clearTimeout(handle: TimerHandle): void {
    this.#real.clearTimeout(handle);
  }

  sleep(ms: number): Promise<void> {
    return this.#real.sleep(ms / this.factor);
  }
}

interface PendingTimer {
  id: number;
  at: number;
  fn: () => void;
}

/**
 * Time that only moves when code says so. Timers fire in order of due time (ties in the
 * order they were set), each seeing `now()` equal to its own due time.
 */
export class VirtualClock implements Clock {
  readonly kind = "virtual";
  #now: number;
  #next = 1;
  #timers: PendingTimer[] = [];

  constructor(start: number | Date = Date.UTC(2026, 0, 1, 9, 0, 0)) {
    this.#now = typeof start === "number" ? start : start.getTime();
  }

  now(): number {
    return this.#now;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const id = this.#next++;
    const at = this.#now + Math.max(0, ms);
    // Keep the queue sorted; insertion after equal times keeps set order for ties.
    let i = this.#timers.length;
    while (i > 0 && (this.#timers[i - 1] as PendingTimer).at > at) i--;
    this.#timers.splice(i, 0, { id, at, fn });
    return { id };
  }

  clearTimeout(handle: TimerHandle): void {
    this.#timers = this.#timers.filter((t) => t.id !== handle.id);
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.setTimeout(resolve, ms));
  }

  /** Number of timers waiting to fire. */
  get pending(): number {
    return this.#timers.length;
  }

  /**
   * Moves time forward by `ms`, firing due timers in order. Between timers it lets
   * promise continuations run, so code awaiting `sleep()` proceeds as it would in real time.
   */
  async advance(ms: number): Promise<void> {
    if (!(ms >= 0)) throw new RangeError(`cannot advance a clock by ${ms} ms`);
    await this.advanceTo(this.#now + ms);
  }

  /** Moves time forward to the instant `to` (epoch ms), firing due timers in order. */
  async advanceTo(to: number): Promise<void> {
    if (to < this.#now) throw new RangeError("a virtual clock cannot go backwards");
    await flushMicrotasks();
    for (;;) {
      const next = this.#timers[0];
      if (!next || next.at > to) break;
      this.#timers.shift();
      this.#now = next.at;
      next.fn();
      await flushMicrotasks();
    }
    this.#now = to;
  }
}

function flushMicrotasks(): Promise<void> {
  // One macrotask turn drains every pending microtask and lets in-flight work (a request body
  // being read, the code after a resolved sleep) reach its next timer before time moves on.
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * The response header that lets a client running in real time read a simulator under a scaled
 * clock: every duration mockpos tells a client (`Retry-After`, a body's `retryAfter`, a lock's
 * `until`, webhook retry timing) is in simulated time, and this says how fast that runs and where
 * it is now. See README "Time under a scaled clock".
 */
export const CLOCK_HEADER = "x-mockpos-clock";

let lastInstant = Number.NaN;
let lastIso = "";

/**
 * `new Date(ms).toISOString()`, remembered for the last instant asked: the requests of one
 * millisecond (tens of them on a busy server) share one string instead of formatting it each.
 */
export function isoTime(ms: number): string {
  if (ms !== lastInstant) {
    lastIso = new Date(ms).toISOString();
    lastInstant = ms;
  }
  return lastIso;
}

/** `scaled; factor=60; now=<ISO>` under a scaled clock; null under a real one (nothing to convert) or a virtual one (it moves only when told). */
export function clockHeader(clock: Clock): string | null {
  if (!(clock instanceof ScaledClock)) return null;
  return `scaled; factor=${clock.factor}; now=${isoTime(clock.now())}`;
}
