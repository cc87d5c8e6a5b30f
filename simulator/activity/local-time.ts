import { localTime } from "../domain/business-day.ts";

export const MINUTE = 60_000;
export const DAY = 24 * 60 * MINUTE;

// Offsets change on whole quarter hours in every zone a chain uses, so one lookup per quarter is exact.
const BUCKET = 15 * MINUTE;
const MAX_CACHED = 20_000;

/**
 * Wall-clock time in one timezone as plain numbers: "wall" ms are the local reading written
 * as if it were UTC, so midnight is a multiple of a day and adding a minute adds a minute.
 * Intl is far too slow to ask on every event of 500 locations, hence the offset cache.
 */
export class LocalClock {
  readonly timezone: string;
  readonly #offsets = new Map<number, number>();

  constructor(timezone: string) {
    this.timezone = timezone;
  }

  /** How far the local clock is ahead of UTC at `epochMs`. */
  offset(epochMs: number): number {
    const bucket = Math.floor(epochMs / BUCKET);
    let offset = this.#offsets.get(bucket);
    if (offset === undefined) {
      const at = bucket * BUCKET;
      const local = localTime(at, this.timezone);
      const [year, month, day] = local.date.split("-").map(Number) as [number, number, number];
      offset = Date.UTC(year, month - 1, day, local.hour, local.minute, local.second) - at;
      if (this.#offsets.size >= MAX_CACHED) this.#offsets.clear();
      this.#offsets.set(bucket, offset);
    }
    return offset;
  }

  toWall(epochMs: number): number {
    return epochMs + this.offset(epochMs);
  }

  /** The instant at which the local clock reads `wall` (the later one, when a change repeats it). */
  fromWall(wall: number): number {
    const guess = wall - this.offset(wall);
    return wall - this.offset(guess);
  }

  /** Minutes since local midnight at `epochMs`. */
  minuteOfDay(epochMs: number): number {
    const wall = this.toWall(epochMs);
    return Math.floor((wall - Math.floor(wall / DAY) * DAY) / MINUTE);
  }

  /** The first instant after `from` at which the local clock reads `minuteOfDay`. */
  next(from: number, minuteOfDay: number): number {
    const wall = this.toWall(from);
    let target = Math.floor(wall / DAY) * DAY + minuteOfDay * MINUTE;
    if (target <= wall) target += DAY;
    return this.fromWall(target);
  }
}

const clocks = new Map<string, LocalClock>();

/** The shared local clock of a timezone (every location in a chain shares one). */
export function localClock(timezone: string): LocalClock {
  let clock = clocks.get(timezone);
  if (!clock) {
    clock = new LocalClock(timezone);
    clocks.set(timezone, clock);
  }
  return clock;
}
