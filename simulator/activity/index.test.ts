import { describe, expect, it } from "vitest";
import { VirtualClock } from "../clock/index.ts";
import { chainSnapshot } from "../domain/locations.ts";
import { payOrder } from "../domain/orders.ts";
import { lockOrder, unlockOrder } from "../domain/staff.ts";
import type { Location, Order } from "../domain/types.ts";
import { Simulator } from "../state.ts";
import { type ActivityOptions, startActivity } from "./index.ts";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
// 12:00 in Madrid: lunch is about to peak.
const NOON = Date.UTC(2026, 2, 13, 11, 0);

function setup(seed = "ctl", start = NOON, openService = false) {
  const clock = new VirtualClock(start);
  const sim = new Simulator({ seed, locations: 3, locale: "es", clock, openService });
  return { clock, sim };
}

async function advance(clock: VirtualClock, ms: number, step = MINUTE) {
  for (let done = 0; done < ms; done += step) await clock.advance(Math.min(step, ms - done));
}

const ordersOf = (location: Location | undefined): Order[] => [...(location?.orders.values() ?? [])];

describe("startActivity", () => {
  it("is deterministic: the same seed and clock give deep-equal chains, whatever the step size", async () => {
    const run = async (seed: string, step: number) => {
      const { clock, sim } = setup(seed, NOON, true);
      const activity = startActivity(sim);
      await advance(clock, 14 * HOUR, step);
      activity.stop();
      return sim.chain;
    };
    const one = await run("same", MINUTE);
    const two = await run("same", MINUTE);
    expect(ordersOf(one.locations[0]).length).toBeGreaterThan(20);
    expect(two).toEqual(one);
    expect(await run("same", 7 * MINUTE + 13_000)).toEqual(one);
    expect(await run("other", MINUTE)).not.toEqual(one);
  });

  it("leaves a location at intensity 0 untouched while the others work", async () => {
    const { clock, sim } = setup();
    const quiet = sim.chain.locations[1] as Location;
    const before = structuredClone(quiet);
    const activity = startActivity(sim, { intensity: { [quiet.id]: 0 } });
    await advance(clock, 24 * HOUR, 10 * MINUTE);
    activity.stop();
    expect(quiet).toEqual(before);
    expect(ordersOf(sim.chain.locations[0]).length).toBeGreaterThan(20);
    expect(ordersOf(sim.chain.locations[2]).length).toBeGreaterThan(20);
  });

  it("scales traffic with intensity", async () => {
    const count = async (intensity: number) => {
      const { clock, sim } = setup();
      const activity = startActivity(sim, { intensity });
      await advance(clock, 12 * HOUR, 10 * MINUTE);
      activity.stop();
      return activity.stats().events.arrivals;
    };
    const normal = await count(1);
    expect(await count(3)).toBeGreaterThan(normal * 2);
  });

  it("stop() cancels every timer it set, and nothing changes after", async () => {
    const { clock, sim } = setup();
    const pending = clock.pending;
    const activity = startActivity(sim);
    expect(clock.pending).toBeGreaterThan(pending);
    await advance(clock, HOUR);
    activity.stop();
    expect(clock.pending).toBe(pending);
    const after = chainSnapshot(sim.chain);
    const stats = activity.stats();
    await advance(clock, 6 * HOUR, 30 * MINUTE);
    expect(sim.chain).toEqual(after);
    expect(activity.stats()).toEqual(stats);
  });

  it("follows a reset: the new chain is served, its tables already eating get to pay", async () => {
    const { clock, sim } = setup("reset", NOON, true);
    const activity = startActivity(sim);
    await advance(clock, HOUR);
    const old = sim.chain;
    sim.reset();
    const fresh = sim.chain.locations[0] as Location;
    const eating = ordersOf(fresh).filter((o) => o.status === "open");
    expect(eating.length).toBeGreaterThan(0);
    await advance(clock, 3 * HOUR);
    activity.stop();
    expect(sim.chain).not.toBe(old);
    expect(eating.every((o) => o.status !== "open")).toBe(true);
    expect(ordersOf(fresh).filter((o) => o.openedAt > NOON + HOUR).length).toBeGreaterThan(5);
    expect(activity.stats().errors).toBe(0);
  });

  it("waits out an order held at another terminal, and lets go of one closed elsewhere", async () => {
    const { clock, sim } = setup();
    const location = sim.chain.locations[0] as Location;
    const activity = startActivity(sim, { lockProbability: 0 });
    const open = async () => {
      for (let i = 0; i < 120; i++) {
        const order = ordersOf(location).find((o) => o.status === "open" && o.type === "dine_in" && !o.lock);
        if (order) return order;
        await clock.advance(MINUTE);
      }
      throw new Error("no table was seated");
    };
    const held = await open();
    const other = location.terminals.find((t) => t.kind !== "integration" && t.id !== held.terminalId);
    const terminal = other?.id ?? (location.terminals[0]?.id as string);
    lockOrder(location, held, terminal, clock.now());
    const version = held.version;
    await advance(clock, 3 * HOUR);
    // Held all along: nothing could be added or paid, and the activity kept trying.
    expect(held.version).toBe(version);
    expect(activity.stats().events.lockedOut).toBeGreaterThan(1);
    unlockOrder(location, held, clock.now());
    await advance(clock, 2 * HOUR);
    expect(held.status).not.toBe("open");

    const paidElsewhere = await open();
    payOrder(location, paidElsewhere, { method: "card" }, { source: "api" }, clock.now());
    await advance(clock, 3 * HOUR);
    activity.stop();
    const stats = activity.stats();
    expect(stats.events.closedElsewhere).toBeGreaterThanOrEqual(1);
    expect(stats.refused.LOCKED).toBeGreaterThan(1);
    expect(stats.errors).toBe(0);
  });

  it("keeps its timers alive through an unexpected error, and reports it", async () => {
    const { clock, sim } = setup();
    const errors: unknown[] = [];
    const activity = startActivity(sim, { onError: (e) => errors.push(e) });
    await advance(clock, 30 * MINUTE);
    // With nobody on staff, opening an order fails with a plain Error (not a domain refusal).
    const broken = sim.chain.locations[0] as Location;
    const staff = broken.staff;
    broken.staff = [];
    await advance(clock, HOUR);
    expect(errors.length).toBeGreaterThan(0);
    broken.staff = staff;
    const before = ordersOf(broken).length;
    await advance(clock, HOUR);
    activity.stop();
    expect(ordersOf(broken).length).toBeGreaterThan(before);
    expect(activity.stats().errors).toBe(errors.length);
  });
});

describe("activity options", () => {
  const bad: [ActivityOptions | Record<string, unknown>, RegExp][] = [
    [{ intensity: -1 }, /"intensity" must be a number from 0/],
    [{ intensity: { "loc-9999": 1 } }, /"intensity.loc-9999" names no location/],
    [{ intensity: { "loc-0001": Number.NaN } }, /"intensity.loc-0001" must be a number/],
    [{ curve: [] }, /"curve" must be a non-empty list/],
    [{ curve: [{ at: "25:00", perHour: 1 }] }, /"curve\[0\].at" must be a local time/],
    [
      {
        curve: [
          { at: "12:00", perHour: 1 },
          { at: "11:00", perHour: 1 },
        ],
      },
      /"curve\[1\].at" must come after/,
    ],
    [{ curve: [{ at: "12:00", perHour: -2 }] }, /"curve\[0\].perHour" must be a number from 0/],
    [{ lockProbability: 1.5 }, /"lockProbability" must be a probability/],
    [{ lockDurationMs: [60_000, 1000] }, /"lockDurationMs" must be \[least, most\]/],
    [{ sellOutsPerDay: [1.5, 2] }, /"sellOutsPerDay" must be \[least, most\], whole numbers/],
    [{ prepTime: "9am" }, /"prepTime" must be a local time/],
    [{ seed: "" }, /"seed" must be a non-empty string/],
    [{ lockProbabilty: 0.5 }, /unknown option "lockProbabilty"/],
  ];
  it.each(bad)("refuses %j", (options, message) => {
    const { clock, sim } = setup();
    const pending = clock.pending;
    expect(() => startActivity(sim, options as ActivityOptions)).toThrow(RangeError);
    expect(() => startActivity(sim, options as ActivityOptions)).toThrow(message);
    expect(clock.pending).toBe(pending);
  });
});
