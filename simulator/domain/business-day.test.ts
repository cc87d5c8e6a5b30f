import { describe, expect, it } from "vitest";
import { businessDate, lastCloseout, localTime, zonedInstant } from "./business-day.ts";

const HOUR = 3_600_000;

describe("businessDate", () => {
  it("keeps the small hours on the previous business day", () => {
    // 01:30 in Madrid (CEST) on 15 June.
    expect(businessDate(Date.UTC(2025, 5, 14, 23, 30), "Europe/Madrid", 4)).toBe("2025-06-14");
    // 04:30 in Madrid.
    expect(businessDate(Date.UTC(2025, 5, 15, 2, 30), "Europe/Madrid", 4)).toBe("2025-06-15");
    // 03:59 in London (GMT) is still the day before with a 4 o'clock closeout.
    expect(businessDate(Date.UTC(2025, 0, 10, 3, 59), "Europe/London", 4)).toBe("2025-01-09");
    expect(businessDate(Date.UTC(2025, 0, 10, 4, 0), "Europe/London", 4)).toBe("2025-01-10");
  });

  it("crosses month and year ends", () => {
    expect(businessDate(Date.UTC(2025, 0, 1, 1, 0), "Europe/Warsaw", 5)).toBe("2024-12-31");
  });
});

describe("zonedInstant", () => {
  it("follows the offset in force on the day, across daylight saving changes", () => {
    expect(zonedInstant("2025-03-29", 4, "Europe/London")).toBe(Date.UTC(2025, 2, 29, 4));
    expect(zonedInstant("2025-03-30", 4, "Europe/London")).toBe(Date.UTC(2025, 2, 30, 3));
    expect(zonedInstant("2025-10-26", 3, "Europe/Paris")).toBe(Date.UTC(2025, 9, 26, 2));
    expect(zonedInstant("2025-10-25", 3, "Europe/Paris")).toBe(Date.UTC(2025, 9, 25, 1));
  });
});

describe("lastCloseout", () => {
  // Through the year in uneven steps, and densely over the two daylight saving weekends.
  const instants: number[] = [];
  for (let at = Date.UTC(2025, 0, 1); at < Date.UTC(2026, 0, 1); at += 31 * HOUR + 13 * 60_000) {
    instants.push(at);
  }
  for (const start of [Date.UTC(2025, 2, 29), Date.UTC(2025, 9, 25)]) {
    for (let at = start; at < start + 3 * 24 * HOUR; at += 47 * 60_000) instants.push(at);
  }

  it("is never after now and at most a day (plus a DST hour) before, all year round", () => {
    for (const timezone of ["Europe/London", "Europe/Madrid", "Europe/Paris", "Europe/Warsaw"]) {
      for (const now of instants) {
        for (const hour of [3, 4, 5, 6]) {
          const opened = lastCloseout(now, timezone, hour);
          expect(opened).toBeLessThanOrEqual(now);
          expect(now - opened).toBeLessThan(25 * HOUR);
          expect(businessDate(opened, timezone, hour)).toBe(businessDate(now, timezone, hour));
        }
      }
    }
  });
});

describe("business day", () => {
  it("counts sales before the closeout hour for the previous day", () => {
    // 01:30 in Madrid on 14 March (CET, UTC+1) is still the 13th's business day with a 04:00 closeout.
    expect(businessDate(Date.UTC(2026, 2, 14, 0, 30), "Europe/Madrid", 4)).toBe("2026-03-13");
    expect(businessDate(Date.UTC(2026, 2, 14, 3, 30), "Europe/Madrid", 4)).toBe("2026-03-14");
    expect(businessDate(Date.UTC(2026, 2, 14, 0, 30), "Europe/Madrid", 0)).toBe("2026-03-14");
  });

  it("reads local wall-clock time in the location's timezone", () => {
    expect(localTime(Date.UTC(2026, 6, 1, 12, 0), "Europe/Warsaw")).toMatchObject({
      date: "2026-07-01",
      hour: 14,
      minute: 0,
    });
  });

  it("finds the last closeout instant, across a daylight-saving change", () => {
    const noon = Date.UTC(2026, 2, 13, 11, 0);
    expect(new Date(lastCloseout(noon, "Europe/Madrid", 4)).toISOString()).toBe("2026-03-13T03:00:00.000Z");
    // Clocks go forward at 02:00 on 29 March 2026 in Madrid: the 04:00 closeout is at 02:00 UTC.
    const after = Date.UTC(2026, 2, 29, 10, 0);
    expect(new Date(lastCloseout(after, "Europe/Madrid", 4)).toISOString()).toBe("2026-03-29T02:00:00.000Z");
    const early = Date.UTC(2026, 2, 13, 1, 0);
    expect(new Date(lastCloseout(early, "Europe/Madrid", 4)).toISOString()).toBe("2026-03-12T03:00:00.000Z");
  });
});
