import { type Child, Fragment, jsx } from "hono/jsx";

/**
 * hono/jsx without JSX syntax: Node runs the project's `.ts` files as they are (type stripping),
 * and it strips no `.tsx`, so pages call `h(tag, props, ...children)` — what a JSX compiler would
 * have written — and need no build step. Text and attributes are escaped by hono/jsx.
 */
export const h: typeof jsx = jsx;
export type { Child };
export { Fragment };

/** Renders a node (or a list of them) to its HTML text; the console's components are all synchronous. */
export function render(node: Child): string {
  return String(jsx(Fragment, null, node));
}

/** Space-separated class names, leaving out the false ones. */
export function cls(...names: (string | false | null | undefined)[]): string {
  return names.filter(Boolean).join(" ");
}

const formats = new Map<string, Intl.DateTimeFormat>();

function format(timezone: string, withDate: boolean): Intl.DateTimeFormat {
  const key = `${timezone}|${withDate}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat("en-GB", {
      timeZone: timezone,
      hourCycle: "h23",
      ...(withDate ? { year: "numeric", month: "2-digit", day: "2-digit" } : {}),
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formats.set(key, f);
  }
  return f;
}

/** `HH:MM:SS` at an instant in a timezone. */
export function localClock(at: number, timezone: string): string {
  return format(timezone, false).format(at);
}

/** `HH:MM` at an instant in a timezone. */
export function localHm(at: number, timezone: string): string {
  return localClock(at, timezone).slice(0, 5);
}

/** `yyyy-mm-dd HH:MM:SS` at an instant in a timezone. */
export function localDateTime(at: number, timezone: string): string {
  const parts = Object.fromEntries(
    format(timezone, true)
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

/** A span of milliseconds the way people say it: `45s`, `3m05s`, `2h10m`. */
export function span(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, "0")}s`;
  const hh = Math.floor(m / 60);
  return `${hh}h${String(m % 60).padStart(2, "0")}m`;
}

const money = new Map<string, Intl.NumberFormat>();

/** Integer minor units as money in the currency. */
export function formatMoney(minor: number, currency: string): string {
  let f = money.get(currency);
  if (!f) {
    f = new Intl.NumberFormat("en-GB", { style: "currency", currency });
    money.set(currency, f);
  }
  return f.format(minor / 100);
}
