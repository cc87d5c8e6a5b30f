import { describe, expect, it } from "vitest";
import { WEEKDAYS } from "../domain/schedule.ts";
import type { LocaleCode } from "../domain/types.ts";
import { generateChain } from "./index.ts";

const NOW = Date.UTC(2025, 5, 14, 12, 30);
const chain = (seed: string, locale: LocaleCode = "es", locations = 6) =>
  generateChain({ seed, locations, locale, now: NOW });

describe("generated operating schedules and bookings", () => {
  it("are the same for the same seed, and start with no bookings and no temporary closing", () => {
    const a = chain("hours");
    expect(a.locations.map((l) => l.schedule)).toStrictEqual(chain("hours").locations.map((l) => l.schedule));
    for (const l of a.locations) {
      expect(l.reservations).toEqual(new Map());
      expect(l.closure).toBeNull();
    }
  });

  it("give every weekday ordered services within one day; Friday and Saturday serve lunch and dinner", () => {
    const seen = new Set<string>();
    for (const locale of ["en", "es", "fr", "pl"] as const) {
      for (const l of chain("week", locale, 30).locations) {
        expect(Object.keys(l.schedule)).toEqual([...WEEKDAYS]);
        expect(l.schedule.friday).toHaveLength(2);
        expect(l.schedule.saturday).toHaveLength(2);
        for (const day of WEEKDAYS) {
          const windows = l.schedule[day];
          windows.forEach((w, i) => {
            expect(w.opens < w.closes).toBe(true);
            if (i > 0) expect((windows[i - 1]?.closes ?? "") < w.opens).toBe(true);
          });
          if (windows.length === 0) seen.add(`rest:${day}`);
        }
        seen.add(JSON.stringify(l.schedule.wednesday));
      }
    }
    // Locations differ: several distinct hours, and some take a weekly rest day.
    expect([...seen].filter((s) => !s.startsWith("rest")).length).toBeGreaterThan(3);
    expect([...seen].some((s) => s.startsWith("rest:"))).toBe(true);
  });

  it("keep a location's hours whatever the size of the chain", () => {
    expect(
      chain("grow", "fr", 8)
        .locations.slice(0, 3)
        .map((l) => l.schedule),
    ).toStrictEqual(chain("grow", "fr", 3).locations.map((l) => l.schedule));
  });
});
