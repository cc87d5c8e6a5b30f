import type { Clock, TimerHandle } from "../clock/index.ts";
import { locationIds } from "../domain/chain.ts";
import type { DomainEvent } from "../domain/events.ts";
import type { Chain, Location } from "../domain/types.ts";
import { startKitchen } from "./kitchen.ts";
import { MINUTE } from "./local-time.ts";
import { answerOnline } from "./online.ts";
import { type ActivityOptions, resolveOptions } from "./options.ts";
import { adopt, scheduleArrival } from "./party.ts";
import { type ActivityStats, type Engine, EVENT_KINDS, LocationRun } from "./runner.ts";

export { DEFAULT_CURVE, type TrafficCurve, type TrafficPoint } from "./curve.ts";
export type { ActivityOptions } from "./options.ts";
export { type ActivityStats, EVENT_KINDS, type EventKind } from "./runner.ts";

/** What activity needs of a simulator: its chain (which a reset replaces), clock and seed. */
export interface ActivityHost {
  readonly chain: Chain;
  readonly clock: Clock;
  readonly options: { readonly seed: string };
  /** The chain's events: with them, staff answer orders and bookings that arrive through an API. */
  readonly events?: { subscribe(listener: (event: DomainEvent) => void): () => void };
}

export interface Activity {
  /** Cancels every timer the activity holds; orders in progress stay as they are. */
  stop(): void;
  /** Counts so far, since start (a chain reset does not clear them). */
  stats(): ActivityStats;
}

/**
 * Locations whose staff act, at most: the first ones (in id order) with a non-zero intensity. A
 * chain of 100,000 locations is for polling at scale; its other locations stay as generated (and
 * as the API leaves them), so activity does not bring every location of such a chain into being.
 */
export const ACTIVITY_LOCATIONS_MAX = 10_000;

// How often to look whether `reset()` replaced the chain, so a new day's tables are served promptly.
const RESET_CHECK_MS = MINUTE;

/**
 * Starts the staff of every location acting on the simulator's clock: parties arrive along
 * the traffic curve in the location's local time and are seated (or buy take-away), tables
 * order rounds, waiters fix lines, hold orders at their terminal while keying, void now and
 * then and take payment; dishes sell out and come back; prices change before service.
 *
 * Same seed, same chain and same clock start give the same sequence of changes. Each
 * location keeps a single timer for its next event. A `sim.reset()` is followed: the new
 * chain's locations are served from the next minute on, as if activity had started then.
 * Throws a RangeError naming the option when one is invalid.
 */
export function startActivity(sim: ActivityHost, options: ActivityOptions = {}): Activity {
  const settings = resolveOptions(options, sim.chain);
  const stats: ActivityStats = {
    events: Object.fromEntries(EVENT_KINDS.map((kind) => [kind, 0])) as ActivityStats["events"],
    refused: {},
    errors: 0,
  };
  let chain = sim.chain;
  let runs: LocationRun[] = [];
  let byLocation = new Map<object, LocationRun>();
  let stopped = false;
  let watchdog: TimerHandle | null = null;

  const engine: Engine = {
    clock: sim.clock,
    settings,
    stats,
    chain: () => sim.chain,
    replaced: () => begin(),
  };

  function begin(): void {
    for (const run of runs) run.stop();
    chain = sim.chain;
    runs = [];
    byLocation = new Map();
    const seed = settings.seed ?? sim.options.seed;
    const ids = locationIds(chain);
    for (let i = 0; i < ids.length && runs.length < ACTIVITY_LOCATIONS_MAX; i++) {
      const intensity = settings.intensityOf(ids[i] as string);
      if (intensity === 0) continue;
      const location = chain.locations[i] as Location;
      const run = new LocationRun(engine, chain, location, intensity, seed);
      runs.push(run);
      byLocation.set(location, run);
      // Tables already eating when activity starts finish their meal; API orders are the connector's.
      for (const order of location.orders.values()) {
        if (order.status === "open" && run.tills.some((t) => t.id === order.terminalId)) adopt(run, order);
      }
      scheduleArrival(run);
      startKitchen(run);
    }
  }

  function check(): void {
    watchdog = null;
    if (stopped) return;
    if (sim.chain !== chain) begin();
    watchdog = sim.clock.setTimeout(check, RESET_CHECK_MS);
  }

  begin();
  watchdog = sim.clock.setTimeout(check, RESET_CHECK_MS);
  const unsubscribe = sim.events?.subscribe((event) => {
    const run = stopped ? undefined : byLocation.get(event.location);
    if (run) answerOnline(run, event);
  });

  return {
    stop() {
      stopped = true;
      unsubscribe?.();
      for (const run of runs) run.stop();
      runs = [];
      if (watchdog) sim.clock.clearTimeout(watchdog);
      watchdog = null;
    },
    stats: () => structuredClone(stats),
  };
}
