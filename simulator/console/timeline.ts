import { isWriteMethod } from "../../contracts/operations.ts";
import { findLocation } from "../domain/chain.ts";
import type { Location } from "../domain/types.ts";
import type { JournalEntry } from "../journal/index.ts";
import type { ConsoleContext } from "./context.ts";
import { h, localHm, span } from "./html.ts";
import { BASE, page } from "./layout.ts";

/**
 * A location's requests over time, one lane per polling cadence: a tick per request (a cross for
 * a failure), shaded bands where fault rules shaped requests, dashed brackets over gaps longer than
 * one and a half periods, a mark over polls closer than half a period. What a missing or bursting
 * poll looks like, at a glance; the table below says the same in numbers.
 */

interface Lane {
  key: string;
  label: string;
  /** The envelope's period, when the lane is a cadence. */
  cadence: number | null;
  always: boolean;
}

const LANES: Lane[] = [
  { key: "status", label: "status (1 min)", cadence: 60_000, always: true },
  { key: "in_progress", label: "orders in progress (2 min)", cadence: 120_000, always: true },
  { key: "new", label: "orders new (4 min)", cadence: 240_000, always: true },
  { key: "availability", label: "availability (5 min)", cadence: 300_000, always: true },
  { key: "changed", label: "orders changed", cadence: null, always: false },
  { key: "menu", label: "menu, modifiers", cadence: null, always: false },
  { key: "writes", label: "writes", cadence: null, always: false },
  { key: "other", label: "other", cadence: null, always: false },
];

/** Which lane a request belongs in: its operation, and for order lists the view it asked for. */
export function laneOf(e: JournalEntry): string {
  switch (e.operation) {
    case "location.status":
      return "status";
    case "availability.get":
      return "availability";
    case "menu.get":
    case "modifiers.get":
      return "menu";
    case "orders.list": {
      const view = /(?:^|&)view=([a-z_]+)/.exec(e.query ?? "")?.[1];
      if (view === "in_progress" || view === "new" || view === "changed") return view;
      // Elyx: the open tickets are the in-progress poll, the sales feed the new-orders pull.
      if (e.path.includes("/tickets")) return "in_progress";
      if (e.path.includes("/sales")) return "new";
      return "changed";
    }
    default:
      return e.operation && isWriteMethod(e.method) ? "writes" : "other";
  }
}

export const WINDOWS = [
  ["15m", 15 * 60_000],
  ["1h", 60 * 60_000],
  ["4h", 4 * 60 * 60_000],
  ["12h", 12 * 60 * 60_000],
] as const;

export interface TimelineOptions {
  window?: string;
}

function windowOf(name: string | undefined): [string, number] {
  const found = WINDOWS.find(([n]) => n === name) ?? WINDOWS[1];
  return [found[0], found[1]];
}

/** A location's journal entries within [from, to], oldest first (newest scanned first, so a big journal stays cheap). */
export function entriesOf(ctx: ConsoleContext, locationId: string, from: number, to: number): JournalEntry[] {
  const journal = ctx.sim.journal;
  const out: JournalEntry[] = [];
  // Entries are recorded as they are answered, so arrival times are only nearly in order: read a minute past `from`.
  const stop = from - 60_000;
  for (let seq = journal.total; seq > journal.total - journal.size; seq--) {
    const e = journal.get(seq);
    if (!e) break;
    const t = Date.parse(e.time);
    if (t < stop) break;
    if (e.locationId === locationId && t >= from && t <= to) out.push(e);
  }
  return out.reverse();
}

const W = 1200;
const LEFT = 190;
const RIGHT = 16;
const TOP = 40;
const LANE_H = 30;

function tickStep(windowMs: number): number {
  const minutes = [1, 2, 5, 10, 15, 30, 60, 120];
  for (const m of minutes) if (windowMs / (m * 60_000) <= 12) return m * 60_000;
  return 240 * 60_000;
}

interface LaneStats {
  lane: Lane;
  times: number[];
  failures: number;
  maxGap: number | null;
  gaps: [number, number][];
  bursts: number[];
}

function stats(lane: Lane, entries: JournalEntry[], from: number, to: number): LaneStats {
  const times = entries.map((e) => Date.parse(e.time));
  const failures = entries.filter((e) => e.outcome !== "OK").length;
  const gaps: [number, number][] = [];
  const bursts: number[] = [];
  let maxGap: number | null = null;
  if (lane.cadence !== null) {
    const points = [from, ...times, to];
    for (let i = 1; i < points.length; i++) {
      const a = points[i - 1] as number;
      const b = points[i] as number;
      const gap = b - a;
      if (i > 1 && i < points.length - 1) maxGap = Math.max(maxGap ?? 0, gap);
      if (gap > 1.5 * lane.cadence) gaps.push([a, b]);
      if (i > 1 && i < points.length - 1 && gap < 0.5 * lane.cadence) bursts.push(b);
    }
  }
  return { lane, times, failures, maxGap, gaps, bursts };
}

/** Spells where fault rules shaped this location's requests: faulted requests close together. */
function faultBands(
  entries: JournalEntry[],
  windowMs: number,
): { from: number; to: number; rules: string[] }[] {
  const join = Math.max(90_000, windowMs / 60);
  const bands: { from: number; to: number; rules: Set<string> }[] = [];
  for (const e of entries) {
    if (!e.fault) continue;
    const t = Date.parse(e.time);
    const last = bands[bands.length - 1];
    if (last && t - last.to <= join) {
      last.to = t;
      for (const r of e.fault.split(",")) last.rules.add(r);
    } else bands.push({ from: t, to: t, rules: new Set(e.fault.split(",")) });
  }
  return bands.map((b) => ({ from: b.from, to: b.to, rules: [...b.rules] }));
}

/** The picture and its table for one location, over a window ending now. */
export function timelineFigure(ctx: ConsoleContext, location: Location, options: TimelineOptions) {
  const [windowName, windowMs] = windowOf(options.window);
  const to = ctx.sim.clock.now();
  const from = to - windowMs;
  const entries = entriesOf(ctx, location.id, from, to);
  const byLane = new Map<string, JournalEntry[]>();
  for (const e of entries) {
    const key = laneOf(e);
    const list = byLane.get(key) ?? [];
    list.push(e);
    byLane.set(key, list);
  }
  const lanes = LANES.filter((l) => l.always || byLane.has(l.key));
  const all = lanes.map((l) => stats(l, byLane.get(l.key) ?? [], from, to));
  const height = TOP + lanes.length * LANE_H + 8;
  const x = (t: number) => LEFT + ((t - from) / windowMs) * (W - LEFT - RIGHT);
  const tz = location.timezone;
  const step = tickStep(windowMs);
  const ticks: number[] = [];
  for (let t = Math.ceil(from / step) * step; t <= to; t += step) ticks.push(t);
  const bands = faultBands(entries, windowMs);
  const faulted = entries.filter((e) => e.fault).length;
  const label = `Requests of ${location.id} from ${localHm(from, tz)} to ${localHm(to, tz)} (${tz}): ${entries.length} request(s), ${entries.length - entries.filter((e) => e.outcome === "OK").length} failed, ${faulted} shaped by fault rules`;

  const svg = h(
    "svg",
    {
      class: "timeline",
      viewBox: `0 0 ${W} ${height}`,
      role: "img",
      "aria-label": label,
      "data-location": location.id,
      xmlns: "http://www.w3.org/2000/svg",
    },
    h("title", null, label),
    h(
      "defs",
      null,
      h(
        "pattern",
        {
          id: `hatch-${location.id}`,
          width: 6,
          height: 6,
          patternUnits: "userSpaceOnUse",
          patternTransform: "rotate(45)",
        },
        h("rect", { width: 6, height: 6, fill: "#fbe3e1" }),
        h("line", { x1: 0, y1: 0, x2: 0, y2: 6, stroke: "#e0a39d", "stroke-width": 2 }),
      ),
    ),
    // Fault spells, behind everything.
    bands.map((b) =>
      h(
        "g",
        { class: "fault-band" },
        h("title", null, `fault rule(s) ${b.rules.join(", ")}: ${localHm(b.from, tz)}–${localHm(b.to, tz)}`),
        h("rect", {
          x: x(b.from) - 2,
          y: TOP - 6,
          width: Math.max(4, x(b.to) - x(b.from) + 4),
          height: lanes.length * LANE_H + 8,
          fill: `url(#hatch-${location.id})`,
          stroke: "#b3261e",
          "stroke-dasharray": "3 2",
        }),
        h(
          "text",
          { x: x(b.from) + 2, y: TOP - 12, "font-size": 11, "font-weight": 600, fill: "#8c1d18" },
          `⚡ ${b.rules.join(", ")}`,
        ),
      ),
    ),
    // The time axis, in the location's local time.
    ticks.map((t) =>
      h(
        "g",
        null,
        h("line", { x1: x(t), y1: TOP - 4, x2: x(t), y2: height - 6, stroke: "#d0d7de" }),
        h(
          "text",
          { x: x(t), y: 12, "font-size": 11, "text-anchor": "middle", fill: "#57606a" },
          localHm(t, tz),
        ),
      ),
    ),
    all.map((s, i) => {
      const y = TOP + i * LANE_H;
      const mid = y + LANE_H / 2;
      const laneEntries = byLane.get(s.lane.key) ?? [];
      return h(
        "g",
        { class: "lane", "data-lane": s.lane.key },
        h("line", { x1: LEFT, y1: y + LANE_H, x2: W - RIGHT, y2: y + LANE_H, stroke: "#eaeef2" }),
        h("text", { x: 6, y: mid + 4, "font-size": 12, fill: "#1b1f24" }, s.lane.label),
        s.gaps.map(([a, b]) =>
          h(
            "g",
            { class: "gap" },
            h("title", null, `no ${s.lane.label} poll for ${span(b - a)}`),
            h("line", {
              x1: x(a),
              y1: mid,
              x2: x(b),
              y2: mid,
              stroke: "#b3261e",
              "stroke-width": 2,
              "stroke-dasharray": "6 4",
            }),
            x(b) - x(a) > 70
              ? h(
                  "text",
                  {
                    x: (x(a) + x(b)) / 2,
                    y: mid - 4,
                    "font-size": 11,
                    "text-anchor": "middle",
                    fill: "#b3261e",
                  },
                  `gap ${span(b - a)}`,
                )
              : null,
          ),
        ),
        laneEntries.map((e) => {
          const px = x(Date.parse(e.time));
          const tip = `${e.time} ${e.method} ${e.path} → ${e.status} ${e.outcome}${e.fault ? ` (fault ${e.fault})` : ""}`;
          return e.outcome === "OK"
            ? h(
                "line",
                { x1: px, y1: y + 7, x2: px, y2: y + LANE_H - 7, stroke: "#1b1f24", "stroke-width": 1.5 },
                h("title", null, tip),
              )
            : h(
                "path",
                {
                  d: `M${px - 4} ${y + 6}L${px + 4} ${y + LANE_H - 6}M${px + 4} ${y + 6}L${px - 4} ${y + LANE_H - 6}`,
                  stroke: "#b3261e",
                  "stroke-width": 2,
                  class: "failed",
                },
                h("title", null, tip),
              );
        }),
        s.bursts.map((t) =>
          h(
            "path",
            {
              d: `M${x(t) - 4} ${y + 5}L${x(t) + 4} ${y + 5}L${x(t)} ${y}Z`,
              fill: "#8a5a00",
              class: "burst",
            },
            h("title", null, `${s.lane.label}: a poll less than half a period after the one before`),
          ),
        ),
      );
    }),
  );

  return h(
    "figure",
    { class: "tl", id: `timeline-${location.id}` },
    h("div", { class: "tl-wrap" }, svg),
    h(
      "figcaption",
      { class: "small" },
      `${location.id}, last ${windowName}. A tick is a request, a cross a failed one; hatched bands are spells shaped by fault rules; dashed lines are gaps over 1.5 periods; a triangle is a poll under half a period after the one before.`,
    ),
    h(
      "div",
      { class: "scroll" },
      h(
        "table",
        { class: "tl-stats" },
        h(
          "thead",
          null,
          h(
            "tr",
            null,
            ["Lane", "Period", "Requests", "Expected", "Failed", "Longest gap", "Gaps", "Bursts"].map(
              (t, i) => h("th", { scope: "col", class: i > 1 ? "num" : undefined }, t),
            ),
          ),
        ),
        h(
          "tbody",
          null,
          all.map((s) =>
            h(
              "tr",
              { "data-lane": s.lane.key },
              h("th", { scope: "row" }, s.lane.label),
              h("td", null, s.lane.cadence === null ? "—" : span(s.lane.cadence)),
              h("td", { class: "num" }, String(s.times.length)),
              h(
                "td",
                { class: "num" },
                s.lane.cadence === null ? "—" : String(Math.floor(windowMs / s.lane.cadence)),
              ),
              h("td", { class: "num" }, String(s.failures)),
              h("td", { class: "num" }, s.maxGap === null ? "—" : span(s.maxGap)),
              h("td", { class: "num" }, s.lane.cadence === null ? "—" : String(s.gaps.length)),
              h("td", { class: "num" }, s.lane.cadence === null ? "—" : String(s.bursts.length)),
            ),
          ),
        ),
      ),
    ),
  );
}

/** The timeline page: a location (searchable) and a window. */
export function timelinePage(ctx: ConsoleContext, params: URLSearchParams) {
  const wanted = params.get("locationId") ?? ctx.sim.chain.locations[0]?.id ?? "";
  const location = findLocation(ctx.sim.chain, wanted);
  const [windowName] = windowOf(params.get("window") ?? undefined);
  const query = new URLSearchParams({ locationId: location?.id ?? wanted, window: windowName });
  return page(
    ctx,
    { title: "Timeline", nav: "timeline" },
    h("h1", null, "Timeline"),
    h("p", { class: "lead" }, "Polls per cadence over time for one location, from the journal; live."),
    h(
      "form",
      { class: "filters", method: "get", action: `${BASE}/timeline` },
      h(
        "label",
        null,
        "Location",
        h("input", { name: "locationId", value: location?.id ?? wanted, list: "location-ids", size: 12 }),
      ),
      h(
        "datalist",
        { id: "location-ids" },
        ctx.sim.chain.locations.slice(0, 2000).map((l) => h("option", { value: l.id }, l.name)),
      ),
      h(
        "label",
        null,
        "Window",
        h(
          "select",
          { name: "window" },
          WINDOWS.map(([n]) => h("option", { value: n, selected: n === windowName }, `last ${n}`)),
        ),
      ),
      h("button", { type: "submit" }, "Show"),
    ),
    location
      ? h(
          "div",
          { id: "timeline-live", "data-src": `${BASE}/partials/timeline?${query}` },
          timelineFigure(ctx, location, { window: windowName }),
        )
      : h("p", { class: "flash error" }, `No location '${wanted}'.`),
  );
}

export function timelinePartial(ctx: ConsoleContext, params: URLSearchParams) {
  const location = findLocation(ctx.sim.chain, params.get("locationId") ?? "");
  if (!location) return h("p", null, "No such location.");
  return timelineFigure(ctx, location, { window: params.get("window") ?? undefined });
}
