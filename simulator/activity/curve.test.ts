import { describe, expect, it } from "vitest";
import { localTime } from "../domain/business-day.ts";
import { Random } from "../random/index.ts";
import { compileCurve, DEFAULT_CURVE, nextArrival, rateAt } from "./curve.ts";
import { DAY, LocalClock, MINUTE } from "./local-time.ts";

const HOUR = 60 * MINUTE;
const at = (h: number, m = 0) => h * HOUR + m * MINUTE;

describe("traffic curve", () => {
  const curve = compileCurve(DEFAULT_CURVE);

  it("draws straight lines between points, round midnight too", () => {
    expect(rateAt(curve, at(13))).toBe(12);
    expect(rateAt(curve, at(4))).toBe(0);
    expect(rateAt(curve, at(12, 0))).toBeCloseTo(4 + (8 * 15) / 45, 10);
    expect(rateAt(curve, at(23, 45))).toBeCloseTo(2.75, 10);
    expect(rateAt(curve, at(0, 15))).toBeCloseTo(0.75, 10);
    const late = compileCurve([
      { at: "06:00", perHour: 2 },
      { at: "18:00", perHour: 14 },
    ]);
    // From 18:00 back down to 06:00 the next day: midnight is half way.
    expect(rateAt(late, at(0))).toBeCloseTo(8, 10);
    expect(rateAt(late, at(3))).toBeCloseTo(5, 10);
  });

  it("brings as many parties as the curve says, never while closed", () => {
    const rng = new Random("arrivals");
    const clock = new LocalClock("Europe/Madrid");
    const start = Date.UTC(2026, 0, 5, 3, 0);
    const days = 40;
    const arrivals: number[] = [];
    for (let t = nextArrival(curve, 1, start, clock, rng); t !== null && t < start + days * DAY; ) {
      arrivals.push(t);
      t = nextArrival(curve, 1, t, clock, rng);
    }
    // The curve's area: about 105.6 parties a day.
    let expected = 0;
    for (let ms = 0; ms < DAY; ms += MINUTE) expected += rateAt(curve, ms + MINUTE / 2) / 60;
    expect(arrivals.length / days).toBeGreaterThan(expected * 0.93);
    expect(arrivals.length / days).toBeLessThan(expected * 1.07);
    const minutes = arrivals.map((t) => clock.minuteOfDay(t));
    expect(minutes.filter((m) => m >= 30 && m < 11 * 60)).toEqual([]);
    const lunch = minutes.filter((m) => m >= 12 * 60 + 30 && m < 14 * 60 + 30).length;
    const afternoon = minutes.filter((m) => m >= 16 * 60 && m < 18 * 60).length;
    expect(lunch).toBeGreaterThan(afternoon * 3);
  });

  it("has nothing to bring when the curve or the intensity is zero", () => {
    const clock = new LocalClock("Europe/Paris");
    const rng = new Random("none");
    expect(nextArrival(compileCurve([{ at: "00:00", perHour: 0 }]), 1, 0, clock, rng)).toBeNull();
    expect(nextArrival(curve, 0, 0, clock, rng)).toBeNull();
  });
});

describe("LocalClock", () => {
  it("agrees with Intl, across the daylight saving changes", () => {
    const clock = new LocalClock("Europe/Warsaw");
    for (let t = Date.UTC(2026, 2, 28); t < Date.UTC(2026, 2, 30); t += 7 * MINUTE + 11_000) {
      const local = localTime(t, "Europe/Warsaw");
      expect(clock.minuteOfDay(t)).toBe(local.hour * 60 + local.minute);
    }
  });

  it("finds the next time the local clock reads a given minute", () => {
    const clock = new LocalClock("Europe/Madrid");
    // 10:00 in Madrid is 09:00 UTC in winter, 08:00 UTC once summer time starts on 29 March.
    expect(clock.next(Date.UTC(2026, 2, 28, 12), 600)).toBe(Date.UTC(2026, 2, 29, 8));
    expect(clock.next(Date.UTC(2026, 2, 27, 12), 600)).toBe(Date.UTC(2026, 2, 28, 9));
    expect(clock.next(Date.UTC(2026, 2, 28, 9), 600)).toBe(Date.UTC(2026, 2, 29, 8));
  });
});
