import { describe, expect, it } from "vitest";
import { VirtualClock } from "../clock/index.ts";
import { touchedCount, touchedLocations } from "../domain/locations.ts";
import { Simulator } from "../state.ts";
import { startActivity } from "./index.ts";

const HOUR = 3_600_000;
const NOON = Date.UTC(2026, 2, 13, 11, 0);

describe("activity in a chain of 100,000 locations", () => {
  it("brings into being only the locations whose staff act", async () => {
    const clock = new VirtualClock(NOON);
    const sim = new Simulator({ seed: "large", locations: 100_000, locale: "es", clock });
    const activity = startActivity(sim, { intensity: { "*": 0, "loc-0002": 1, "loc-70000": 2 } });
    await clock.advance(2 * HOUR);
    activity.stop();
    expect(touchedLocations(sim.chain.locations).map((l) => l.id)).toEqual(["loc-0002", "loc-70000"]);
    expect(activity.stats().events.arrivals).toBeGreaterThan(0);
  });

  it("refuses an intensity for a location the chain does not have, without deriving any", () => {
    const sim = new Simulator({ seed: "large", locations: 20_000, clock: new VirtualClock(NOON) });
    expect(() => startActivity(sim, { intensity: { "loc-20001": 1 } })).toThrow(/names no location/);
    expect(touchedCount(sim.chain.locations)).toBe(0);
  });
});
