const HOUR = 3_600_000;

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

// Building a DateTimeFormat costs far more than using one, and a chain has a single timezone.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timezone: string): Intl.DateTimeFormat {
  let format = formatters.get(timezone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone: timezone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timezone, format);
  }
  return format;
}

function wallClock(epochMs: number, timezone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const part of formatter(timezone).formatToParts(epochMs)) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

// The wall-clock reading as if it were UTC: differences between two of these are wall-clock differences.
function wallAsUtc(wall: WallClock): number {
  return Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
}

export interface LocalTime {
  /** yyyy-mm-dd */
  date: string;
  hour: number;
  minute: number;
  second: number;
}

/** The wall-clock date and time at an instant in a timezone. */
export function localTime(epochMs: number, timezone: string): LocalTime {
  const wall = wallClock(epochMs, timezone);
  return { date: isoDate(wallAsUtc(wall)), hour: wall.hour, minute: wall.minute, second: wall.second };
}

function isoDate(utcMs: number): string {
  return new Date(utcMs).toISOString().slice(0, 10);
}

/**
 * The business date (yyyy-mm-dd) at `epochMs`: the local calendar date of the local time minus
 * `closeoutHour` hours, so that 01:30 after a late service still belongs to the evening before.
 */
export function businessDate(epochMs: number, timezone: string, closeoutHour: number): string {
  return isoDate(wallAsUtc(wallClock(epochMs, timezone)) - closeoutHour * HOUR);
}

/** The instant at which the local clock in `timezone` reads `hour`:00 on `date`. */
export function zonedInstant(date: string, hour: number, timezone: string): number {
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  const target = Date.UTC(year, month - 1, day, hour);
  let guess = target;
  // Two rounds: the first lands within an hour, the second settles on the offset in force at that instant.
  for (let round = 0; round < 2; round++) {
    const seconds = Math.floor(guess / 1000) * 1000;
    guess += target - wallAsUtc(wallClock(seconds, timezone));
  }
  return guess;
}

/** When the business day running at `epochMs` began: the last closeout at or before it. */
export function lastCloseout(epochMs: number, timezone: string, closeoutHour: number): number {
  return zonedInstant(businessDate(epochMs, timezone, closeoutHour), closeoutHour, timezone);
}
