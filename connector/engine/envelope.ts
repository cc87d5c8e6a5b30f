import { localClock } from "../../simulator/activity/local-time.ts";
import type { Clock, TimerHandle } from "../../simulator/clock/index.ts";
import type { EngineConfig } from "../config.ts";
import { type Broken, NOT_BROKEN } from "./broken.ts";
import type { LocationRuntime, PollKind } from "./location.ts";

const MINUTE = 60_000;
/** The daily menu refreshes of a chain are spread over this window after the configured time. */
const MENU_SPREAD = 30 * MINUTE;

/**
 * The polling envelope (seed 003): each cadence runs for every location once a period, location
 * i of N at i · period / N, so N locations are spread evenly and never polled in a burst. Fire
 * times are absolute (start + offset + k · period): a slow or dead location cannot push its own
 * polls, or anyone else's, off the grid.
 */
export class Envelope {
  readonly #clock: Clock;
  readonly #timers = new Set<TimerHandle>();
  #stopped = false;

  constructor(
    clock: Clock,
    locations: readonly LocationRuntime[],
    envelope: EngineConfig["envelope"],
    poll: (location: LocationRuntime, kind: PollKind) => void,
    broken: Broken = NOT_BROKEN,
  ) {
    this.#clock = clock;
    const start = clock.now();
    const n = locations.length;
    const slower = (ms: number, b: Parameters<Broken>[0]) => (broken(b) ? ms * 3 : ms);
    const cadences: [PollKind, number][] = [
      ["status", broken("chatty") ? 5_000 : slower(envelope.statusEveryMs, "slow-status")],
      ["in_progress", slower(envelope.inProgressEveryMs, "slow-order-refresh")],
      ["new", slower(envelope.newOrdersEveryMs, "slow-order-refresh")],
      ["availability", slower(envelope.availabilityEveryMs, "slow-availability")],
    ];
    const spread = (index: number, period: number) =>
      broken("burst") ? 0 : Math.floor((index * period) / n);
    const [hh, mm] = envelope.menuRefreshAt.split(":").map(Number) as [number, number];
    for (const location of locations) {
      for (const [kind, period] of cadences) {
        const offset = spread(location.index, period);
        this.#every(start + offset, period, () => poll(location, kind));
      }
      // The menu once at start (spread over the first status period), then daily before service.
      const first = start + spread(location.index, envelope.statusEveryMs);
      this.#at(first, () => {
        poll(location, "menu");
        this.#daily(location, hh * 60 + mm, Math.floor((location.index * MENU_SPREAD) / n), () =>
          poll(location, "menu"),
        );
      });
    }
  }

  stop(): void {
    this.#stopped = true;
    for (const t of this.#timers) this.#clock.clearTimeout(t);
    this.#timers.clear();
  }

  #at(when: number, fn: () => void): void {
    const t = this.#clock.setTimeout(() => {
      this.#timers.delete(t);
      if (!this.#stopped) fn();
    }, when - this.#clock.now());
    this.#timers.add(t);
  }

  #every(first: number, period: number, fn: () => void, k = 0): void {
    this.#at(first + k * period, () => {
      fn();
      this.#every(first, period, fn, k + 1);
    });
  }

  #daily(location: LocationRuntime, minuteOfDay: number, spread: number, fn: () => void): void {
    // The timezone comes from the config or the first status answer; UTC until one is known.
    const next = localClock(location.timezone ?? "UTC").next(this.#clock.now(), minuteOfDay) + spread;
    this.#at(next, () => {
      fn();
      this.#daily(location, minuteOfDay, spread, fn);
    });
  }
}
