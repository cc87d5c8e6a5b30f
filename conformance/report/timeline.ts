import type { JournalEntry } from "../../simulator/journal/index.ts";
import type { Evidence, Run } from "../types.ts";
import { offsetText as offsetOf } from "./json.ts";
import { xmlText } from "./junit.ts";

/**
 * The timeline picture of a run, as inline SVG: one lane per location, a mark per request at
 * its instant, fault and outage windows shaded, the evidence that decided the verdict marked
 * with numbers the evidence list beside it repeats. Marks differ by shape as well as colour:
 *
 * - a read is a tick: short when answered, tall when it failed;
 * - a write is a shape: a filled dot when the POS took it, a hollow ring when it was an
 *   idempotent replay, a hollow diamond when it failed in a way worth retrying (locked, rate
 *   limited, unreachable, timed out, server error, shift closing), a cross when it was refused.
 *
 * Marks of one kind in one lane are one path, so a long journal stays a small picture.
 */

const W = 1000;
const LEFT = 132;
const RIGHT = 14;
const TOP = 50;
/** Where the evidence badges sit, above the time axis. */
const BADGE_Y = 4;
const LANE = 44;
const BOTTOM = 10;
const MAX_LANES = 12;
const MAX_MARKERS = 20;
/** Requests of one fault rule further apart than this are two windows. */
const FAULT_GAP = 2 * 60_000;

const RETRYABLE = new Set([
  "LOCKED",
  "UNREACHABLE",
  "TIMEOUT",
  "SHIFT_CLOSING",
  "RATE_LIMITED",
  "SERVER_ERROR",
]);

export type MarkKind =
  | "read-ok"
  | "read-failed"
  | "write-ok"
  | "write-replayed"
  | "write-retryable"
  | "write-refused";

/** What each mark means, in words, for the legend. */
export const MARKS: { kind: MarkKind; label: string }[] = [
  { kind: "read-ok", label: "read answered (short tick)" },
  { kind: "read-failed", label: "read failed (tall tick)" },
  { kind: "write-ok", label: "write taken (dot)" },
  { kind: "write-replayed", label: "write replayed idempotently (ring)" },
  {
    kind: "write-retryable",
    label: "write failed, retryable: locked, rate limited, unreachable, timeout, 5xx (diamond)",
  },
  { kind: "write-refused", label: "write refused: 4xx (cross)" },
];

/** How each mark is drawn. */
export const MARK_STYLE: Record<MarkKind, string> = {
  "read-ok": 'stroke="#64748b" stroke-width="1" fill="none"',
  "read-failed": 'stroke="#b45309" stroke-width="2" fill="none"',
  "write-ok": 'fill="#1d4ed8" stroke="none"',
  "write-replayed": 'fill="#fff" stroke="#1d4ed8" stroke-width="2"',
  "write-retryable": 'fill="#fff" stroke="#c2410c" stroke-width="2"',
  "write-refused": 'stroke="#b91c1c" stroke-width="2.5" fill="none"',
};

const r1 = (n: number) => Math.round(n * 10) / 10;

/** The path of one mark of `kind` at (x, y). */
export function glyph(kind: MarkKind, x: number, y: number): string {
  const X = r1(x);
  switch (kind) {
    case "read-ok":
      return `M${X} ${y - 6}v12`;
    case "read-failed":
      return `M${X} ${y - 15}v30`;
    case "write-ok":
    case "write-replayed":
      return `M${r1(x - 4.5)} ${y}a4.5 4.5 0 1 0 9 0a4.5 4.5 0 1 0-9 0`;
    case "write-retryable":
      return `M${X} ${y - 6.5}l6.5 6.5l-6.5 6.5l-6.5-6.5z`;
    case "write-refused":
      return `M${r1(x - 5)} ${y - 5}l10 10m0-10l-10 10`;
  }
}

/** Which mark a request gets. */
export function markOf(e: JournalEntry): MarkKind {
  const write = e.method !== "GET" && e.method !== "HEAD";
  const failed = e.status === 0 || e.status >= 400 || e.outcome !== "OK";
  if (!write) return failed ? "read-failed" : "read-ok";
  if (!failed) return e.replayed ? "write-replayed" : "write-ok";
  return e.status === 0 || e.status >= 500 || e.status === 423 || e.status === 429 || RETRYABLE.has(e.outcome)
    ? "write-retryable"
    : "write-refused";
}

/** Whether a mark is a failure of some kind. */
export function isBad(kind: MarkKind): boolean {
  return kind === "read-failed" || kind === "write-retryable" || kind === "write-refused";
}

interface Window {
  from: number;
  to: number;
  label: string;
  locationId?: string;
  /** Seen in the journal (a fault rule shaped answers), rather than noted by the check. */
  seen?: true;
}

/** Windows the check noted, and those of fault rules the journal shows shaping answers. */
export function windowsOf(run: Run): Window[] {
  const noted = (run.notes.windows ?? []).map((w) => ({ ...w }));
  const byRule = new Map<string, JournalEntry[]>();
  for (const e of run.journal) {
    if (!e.fault) continue;
    const key = `${e.locationId ?? ""}\u0000${e.fault}`;
    const list = byRule.get(key) ?? [];
    list.push(e);
    byRule.set(key, list);
  }
  const faulted: Window[] = [];
  for (const list of byRule.values()) {
    const first = list[0] as JournalEntry;
    let from = Date.parse(first.time);
    let to = from;
    const flush = () =>
      faulted.push({
        from,
        to,
        label: `fault ${first.fault}`,
        seen: true,
        ...(first.locationId ? { locationId: first.locationId } : {}),
      });
    for (const e of list.slice(1)) {
      const t = Date.parse(e.time);
      if (t - to > FAULT_GAP) {
        flush();
        from = t;
      }
      to = t;
    }
    flush();
  }
  return [...noted, ...faulted];
}

/** The lanes drawn: locations with evidence first, then the chain's order; at most MAX_LANES. */
function lanesOf(run: Run, evidenceLanes: Set<string>): { lanes: string[]; hidden: number } {
  const all = [...run.locations.map((l) => l.id)];
  for (const e of run.journal) if (e.locationId && !all.includes(e.locationId)) all.push(e.locationId);
  if (run.journal.some((e) => e.locationId === null)) all.push("");
  if (all.length <= MAX_LANES) return { lanes: all, hidden: 0 };
  const first = all.filter((id) => evidenceLanes.has(id));
  const rest = all.filter((id) => !evidenceLanes.has(id));
  const lanes = [...first, ...rest].slice(0, MAX_LANES);
  return { lanes: all.filter((id) => lanes.includes(id)), hidden: all.length - lanes.length };
}

/** A tick step (minutes) giving at most about ten ticks over `spanMs`. */
function tickStep(spanMs: number): number {
  const minutes = spanMs / 60_000;
  for (const step of [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440])
    if (minutes / step <= 10) return step;
  return 2880;
}

/** `3–5,7` for [3, 4, 5, 7]. */
function numbersLabel(ns: readonly number[]): string {
  const sorted = [...ns].sort((a, b) => a - b);
  const runs: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && (sorted[j + 1] as number) === (sorted[j] as number) + 1) j++;
    runs.push(j > i ? `${sorted[i]}–${sorted[j]}` : String(sorted[i]));
    i = j + 1;
  }
  return runs.join(",");
}

/** The width of a badge for these numbers. */
function badgeWidth(ns: readonly number[]): number {
  return Math.max(16, 8 + numbersLabel(ns).length * 7);
}

function tickLabel(minutes: number): string {
  if (minutes === 0) return "+0";
  if (minutes % 60 === 0) return `+${minutes / 60} h`;
  return minutes > 60 ? `+${Math.floor(minutes / 60)} h ${minutes % 60}` : `+${minutes} min`;
}

/**
 * The SVG of one run; `id` makes its element ids unique in the page. Evidence numbered 1…n
 * (at most MAX_MARKERS) is marked in the order given.
 */
export function timelineSvg(run: Run, evidence: readonly Evidence[], id: string): string {
  const start = run.start;
  const span = Math.max(1, run.end - run.start);
  const plotW = W - LEFT - RIGHT;
  const x = (t: number) => LEFT + (Math.min(Math.max(t, start), run.end) - start) * (plotW / span);
  const bySeq = new Map(run.journal.map((e) => [e.seq, e]));
  const marked = evidence.slice(0, MAX_MARKERS).map((ev, i) => ({
    n: i + 1,
    ev,
    lane: ev.seq !== undefined ? (bySeq.get(ev.seq)?.locationId ?? undefined) : undefined,
  }));
  const { lanes, hidden } = lanesOf(run, new Set(marked.map((m) => m.lane ?? "")));
  const laneIndex = new Map(lanes.map((l, i) => [l, i]));
  const yOf = (i: number) => TOP + i * LANE + LANE / 2;
  const H = TOP + lanes.length * LANE + BOTTOM + (hidden ? 18 : 0);
  const out: string[] = [];
  const titleId = `${id}-title`;
  const descId = `${id}-desc`;
  const total = run.journal.length;
  const failed = run.journal.filter((e) => isBad(markOf(e))).length;
  out.push(
    `<svg class="tl" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="${titleId} ${descId}" font-family="system-ui,sans-serif" font-size="13">`,
    `<title id="${titleId}">Requests per location over ${xmlText(tickLabel(Math.round(span / 60_000)).slice(1))}</title>`,
    `<desc id="${descId}">${total} requests, ${failed} failed or refused, ${lanes.length} lane(s); ${marked.length} evidence marker(s).</desc>`,
    `<defs><pattern id="${id}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#fde68a" fill-opacity="0.45"/><line x1="0" y1="0" x2="0" y2="6" stroke="#d97706" stroke-width="1.5" stroke-opacity="0.55"/></pattern></defs>`,
  );
  // The time axis and its grid.
  const step = tickStep(span);
  for (let m = 0; m * 60_000 <= span; m += step) {
    const tx = r1(x(start + m * 60_000));
    out.push(
      `<line x1="${tx}" y1="${TOP - 4}" x2="${tx}" y2="${TOP + lanes.length * LANE}" stroke="#e2e8f0"/>`,
      `<text x="${tx}" y="${TOP - 8}" text-anchor="middle" fill="#475569" font-size="12">${tickLabel(m)}</text>`,
    );
  }
  // Lanes.
  lanes.forEach((lane, i) => {
    const y = yOf(i);
    const mine = run.journal.filter((e) => (e.locationId ?? "") === lane);
    const bad = mine.filter((e) => isBad(markOf(e))).length;
    const name = lane === "" ? "no location" : lane.length > 16 ? `${lane.slice(0, 15)}…` : lane;
    if (i % 2 === 1)
      out.push(`<rect x="${LEFT}" y="${y - LANE / 2}" width="${plotW}" height="${LANE}" fill="#f8fafc"/>`);
    out.push(
      `<line x1="${LEFT}" y1="${y}" x2="${W - RIGHT}" y2="${y}" stroke="#cbd5e1"/>`,
      `<text x="8" y="${y - 3}" fill="#0f172a" font-weight="600">${xmlText(name)}</text>`,
      `<text x="8" y="${y + 13}" fill="#475569" font-size="11">${mine.length} req · ${bad} failed</text>`,
    );
  });
  // Windows, under the marks.
  for (const w of windowsOf(run)) {
    const rows =
      w.locationId !== undefined && laneIndex.has(w.locationId)
        ? [laneIndex.get(w.locationId) as number]
        : w.locationId !== undefined
          ? []
          : lanes.map((_, i) => i);
    if (rows.length === 0) continue;
    const x0 = x(w.from);
    const width = Math.max(3, x(w.to) - x0);
    const top = Math.min(...rows);
    const bottom = Math.max(...rows);
    const y0 = TOP + top * LANE + 2;
    const h = (bottom - top + 1) * LANE - 4;
    out.push(
      `<g><title>${xmlText(`${w.label}: ${offsetOf(start, w.from)} to ${offsetOf(start, w.to)}`)}</title>`,
      `<rect x="${r1(x0)}" y="${y0}" width="${r1(width)}" height="${h}" fill="url(#${id}-hatch)" stroke="#d97706" stroke-dasharray="4 2"/>`,
      `<text x="${r1(x0 + 3)}" y="${w.seen ? y0 + h - 4 : y0 + 11}" fill="#92400e" font-size="11" paint-order="stroke" stroke="#fff" stroke-width="3">${xmlText(w.label.length > 28 ? `${w.label.slice(0, 27)}…` : w.label)}</text></g>`,
    );
  }
  // Marks: one path per lane and kind.
  lanes.forEach((lane, i) => {
    const y = yOf(i);
    const groups = new Map<MarkKind, string[]>();
    for (const e of run.journal) {
      if ((e.locationId ?? "") !== lane) continue;
      const kind = markOf(e);
      const list = groups.get(kind) ?? [];
      list.push(glyph(kind, x(Date.parse(e.time)), y));
      groups.set(kind, list);
    }
    for (const { kind, label } of MARKS) {
      const d = groups.get(kind);
      if (!d) continue;
      out.push(
        `<path d="${d.join("")}" ${MARK_STYLE[kind]}><title>${xmlText(`${lane || "no location"}: ${d.length} × ${label}`)}</title></path>`,
      );
    }
  });
  // Evidence markers: a dashed line at each instant (solid across its own lane), numbered as the
  // list beside the picture; markers closer than their badges share one badge ("3–9").
  const placed = marked.map((m) => ({ ...m, mx: r1(x(m.ev.at)) })).sort((a, b) => a.mx - b.mx || a.n - b.n);
  const clusters: { xs: number[]; ns: number[] }[] = [];
  for (const m of placed) {
    const last = clusters.at(-1);
    if (last && m.mx - (last.xs[0] as number) < badgeWidth(last.ns) + 4) {
      last.xs.push(m.mx);
      last.ns.push(m.n);
    } else clusters.push({ xs: [m.mx], ns: [m.n] });
  }
  for (const m of placed) {
    const laneI = m.lane !== undefined ? laneIndex.get(m.lane) : undefined;
    const y1 = laneI === undefined ? TOP : TOP + laneI * LANE;
    const y2 = laneI === undefined ? TOP + lanes.length * LANE : y1 + LANE;
    out.push(
      `<g><title>${xmlText(`evidence ${m.n} at ${offsetOf(start, m.ev.at)}: ${m.ev.text}`)}</title>`,
      `<line x1="${m.mx}" y1="${BADGE_Y + 16}" x2="${m.mx}" y2="${y2}" stroke="#0f172a" stroke-width="1.2" stroke-dasharray="3 3"/>`,
      laneI === undefined
        ? ""
        : `<line x1="${m.mx}" y1="${y1}" x2="${m.mx}" y2="${y2}" stroke="#0f172a" stroke-width="2"/>`,
      "</g>",
    );
  }
  for (const c of clusters) {
    const label = numbersLabel(c.ns);
    const w = badgeWidth(c.ns);
    const mean = c.xs.reduce((a, b) => a + b, 0) / c.xs.length;
    const cx = r1(Math.min(Math.max(mean, LEFT + w / 2), W - RIGHT - w / 2));
    out.push(
      `<g><title>${xmlText(`evidence ${label}`)}</title><rect x="${r1(cx - w / 2)}" y="${BADGE_Y}" width="${w}" height="16" rx="8" fill="#0f172a"/>`,
      `<text x="${cx}" y="${BADGE_Y + 12}" text-anchor="middle" fill="#fff" font-size="11" font-weight="700">${label}</text></g>`,
    );
  }
  if (hidden)
    out.push(
      `<text x="8" y="${H - 6}" fill="#475569" font-size="12">… ${hidden} more location(s) not drawn (the report lists their evidence)</text>`,
    );
  out.push("</svg>");
  return out.filter((s) => s !== "").join("");
}
