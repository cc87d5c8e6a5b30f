import { describe, expect, it, vi } from "vitest";
import { RealClock, ScaledClock, VirtualClock } from "./index.ts";

describe("VirtualClock", () => {
  it("fires timers in due order, each seeing its own due time", async () => {
    const clock = new VirtualClock(1_000);
    const fired: [string, number][] = [];
    clock.setTimeout(() => fired.push(["b", clock.now()]), 200);
    clock.setTimeout(() => fired.push(["a", clock.now()]), 100);
    clock.setTimeout(() => fired.push(["c", clock.now()]), 200);
    await clock.advance(150);
    expect(fired).toEqual([["a", 1_100]]);
    expect(clock.now()).toBe(1_150);
    await clock.advance(50);
    expect(fired).toEqual([
      ["a", 1_100],
      ["b", 1_200],
      ["c", 1_200],
    ]);
  });

  it("lets code awaiting sleep() continue, including timers it sets on the way", async () => {
    const clock = new VirtualClock(0);
    const log: number[] = [];
    (async () => {
      await clock.sleep(10);
      log.push(clock.now());
      await clock.sleep(10);
      log.push(clock.now());
    })();
    await clock.advance(25);
    expect(log).toEqual([10, 20]);
  });

  it("cancels timers and refuses to go backwards", async () => {
    const clock = new VirtualClock(0);
    let fired = false;
    const t = clock.setTimeout(() => {
      fired = true;
    }, 5);
    clock.clearTimeout(t);
    await clock.advance(10);
    expect(fired).toBe(false);
    expect(clock.pending).toBe(0);
    await expect(clock.advanceTo(5)).rejects.toThrow(RangeError);
  });
});

describe("ScaledClock", () => {
  it("rejects a factor that is not a positive number", () => {
    expect(() => new ScaledClock({ factor: 0 })).toThrow(/factor/);
    expect(() => new ScaledClock({ factor: Number.NaN })).toThrow(/factor/);
  });

  it("starts at its origin and runs factor times faster than the wall clock", () => {
    // Fake timers fake Date too: the wall clock moves only when the test says, so this holds
    // however long the machine takes between two lines.
    vi.useFakeTimers({ now: Date.UTC(2026, 2, 13, 12, 0) });
    try {
      const clock = new ScaledClock({ factor: 60, origin: 5_000_000 });
      expect(clock.now()).toBe(5_000_000);
      vi.advanceTimersByTime(1_500);
      expect(clock.now()).toBe(5_000_000 + 90_000);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("RealClock with long delays", () => {
  it("waits out a delay past Node's 24.8-day timer limit instead of firing at once", () => {
    vi.useFakeTimers();
    try {
      const clock = new RealClock();
      let fired = 0;
      const DAY = 86_400_000;
      clock.setTimeout(() => fired++, 30 * DAY);
      vi.advanceTimersByTime(DAY);
      expect(fired).toBe(0);
      vi.advanceTimersByTime(28 * DAY);
      expect(fired).toBe(0);
      vi.advanceTimersByTime(DAY);
      expect(fired).toBe(1);
      const cancelled = clock.setTimeout(() => fired++, 40 * DAY);
      vi.advanceTimersByTime(30 * DAY);
      clock.clearTimeout(cancelled);
      vi.advanceTimersByTime(20 * DAY);
      expect(fired).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });
});
