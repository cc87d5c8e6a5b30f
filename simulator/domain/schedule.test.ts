import { describe, expect, it } from "vitest";
import { generateChain } from "../generate/index.ts";
import { type DomainEvent, observe } from "./events.ts";
import {
  activeClosure,
  assertTakingOrders,
  closeTemporarily,
  isClosedRefusal,
  isScheduledOpen,
  localMoment,
  outsideOpeningHours,
  reopen,
  setSchedule,
} from "./schedule.ts";
import type { Location, OperatingSchedule } from "./types.ts";

const NOW = Date.UTC(2026, 2, 13, 11, 30); // Friday 12:30 in Madrid
const HOUR = 3_600_000;

function location(): { loc: Location; events: DomainEvent[] } {
  const loc = generateChain({ seed: "sched", locations: 1, locale: "es", now: NOW }).locations[0] as Location;
  const events: DomainEvent[] = [];
  observe(loc, (e) => events.push(e));
  return { loc, events };
}

const week = (windows: { opens: string; closes: string }[]): OperatingSchedule => ({
  monday: [],
  tuesday: windows,
  wednesday: windows,
  thursday: windows,
  friday: windows,
  saturday: windows,
  sunday: windows,
});

describe("operating schedule", () => {
  it("reads the local weekday and minute in the location's timezone", () => {
    expect(localMoment(NOW, "Europe/Madrid")).toEqual({ weekday: "friday", minute: 12 * 60 + 30 });
    expect(localMoment(Date.UTC(2026, 2, 15, 23, 30), "Europe/Madrid")).toEqual({
      weekday: "monday",
      minute: 30,
    });
  });

  it("is generated for every weekday, with Friday and Saturday serving lunch and dinner", () => {
    const { loc } = location();
    expect(loc.schedule.friday).toHaveLength(2);
    expect(loc.schedule.saturday).toHaveLength(2);
    for (const windows of Object.values(loc.schedule))
      for (const w of windows) expect(w.opens < w.closes).toBe(true);
  });

  it("says open inside a service and closed outside, naming the hours", () => {
    const { loc } = location();
    setSchedule(loc, week([{ opens: "13:00", closes: "16:00" }]));
    expect(isScheduledOpen(loc, NOW)).toBe(false);
    expect(isScheduledOpen(loc, NOW + HOUR)).toBe(true);
    expect(outsideOpeningHours(loc, NOW)).toMatch(/friday: 13:00–16:00/);
    expect(outsideOpeningHours(loc, NOW + 3 * 24 * HOUR)).toMatch(/closed on mondays/);
  });

  it("refuses a bad week whole and keeps the old one", () => {
    const { loc } = location();
    const before = structuredClone(loc.schedule);
    expect(() =>
      setSchedule(loc, {
        ...week([]),
        friday: [{ opens: "20:00", closes: "16:00" }],
        sunday: [{ opens: "9", closes: "x" }],
      }),
    ).toThrow(/friday\[0\]: must close after it opens.*sunday\[0\]/);
    expect(() =>
      setSchedule(
        loc,
        week([
          { opens: "12:00", closes: "16:00" },
          { opens: "15:00", closes: "23:00" },
        ]),
      ),
    ).toThrow(/not overlap/);
    expect(loc.schedule).toEqual(before);
  });
});

describe("temporary closing", () => {
  it("closes and reopens, announcing both as availability of the whole location", () => {
    const { loc, events } = location();
    const closure = closeTemporarily(loc, { reason: "kitchen flooded", until: NOW + HOUR }, NOW);
    expect(closure).toEqual({ since: NOW, until: NOW + HOUR, reason: "kitchen flooded" });
    expect(() => assertTakingOrders(loc, NOW)).toThrow(/temporarily closed \(kitchen flooded\)/);
    expect(reopen(loc, NOW + 60_000)).toBe(true);
    expect(reopen(loc, NOW + 60_000)).toBe(false);
    expect(() => assertTakingOrders(loc, NOW)).not.toThrow();
    expect(events.map((e) => e.type === "availability.changed" && e.productId)).toEqual([null, null]);
  });

  it("ends by itself when its time is up, announced at that time", () => {
    const { loc, events } = location();
    closeTemporarily(loc, { reason: "staff meeting", until: NOW + HOUR }, NOW);
    expect(activeClosure(loc, NOW + HOUR - 1)).not.toBeNull();
    expect(activeClosure(loc, NOW + HOUR + 5)).toBeNull();
    expect(events.at(-1)).toMatchObject({ type: "availability.changed", productId: null, at: NOW + HOUR });
  });

  it("closing again keeps when it began; a refusal is marked as the restaurant being closed", () => {
    const { loc } = location();
    closeTemporarily(loc, { reason: "busy" }, NOW);
    expect(closeTemporarily(loc, { reason: "very busy", until: NOW + 2 * HOUR }, NOW + HOUR)).toEqual({
      since: NOW,
      until: NOW + 2 * HOUR,
      reason: "very busy",
    });
    try {
      assertTakingOrders(loc, NOW + HOUR);
      expect.unreachable();
    } catch (err) {
      expect(isClosedRefusal(err as never)).toBe(true);
    }
  });

  it("refuses a blank reason or an end in the past, changing nothing", () => {
    const { loc, events } = location();
    expect(() => closeTemporarily(loc, { reason: "  ", until: NOW - 1 }, NOW)).toThrow(/reason.*until/);
    expect(loc.closure).toBeNull();
    expect(events).toEqual([]);
  });
});
