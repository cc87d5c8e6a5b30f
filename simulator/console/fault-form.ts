import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import type { FaultKind, FaultRule } from "../faults/schema.ts";
import { loadScenarioFile } from "../scenario/load.ts";
import { span } from "./html.ts";

/**
 * The fault form: one field per option of each kind, turned into a rule object as a client of
 * `POST /__admin/faults` would write it. It checks nothing itself: the admin route validates it
 * with the rule schema (simulator/faults/schema.ts), and a refusal's `invalidParams` are mapped
 * back onto the fields they name, with the schema's own words.
 */

export type FormValues = Record<string, string | string[] | undefined>;

export interface KindField {
  /** Path in the rule (`distribution.p50`); the form field is `k.<kind>.<name>`. */
  name: string;
  label: string;
  type: "text" | "duration" | "number" | "select" | "checkbox" | "list";
  options?: readonly (readonly [string, string])[];
  placeholder?: string;
  /** Shown (and sent) only while another field of the kind has this value: `mode=blackhole`. */
  if?: string;
}

const opts = (...values: string[]) => values.map((v) => [v, v] as const);
const DIST: KindField[] = [
  {
    name: "distribution.type",
    label: "distribution",
    type: "select",
    options: opts("fixed", "uniform", "lognormal"),
  },
  {
    name: "distribution.ms",
    label: "ms (fixed)",
    type: "duration",
    placeholder: "500ms",
    if: "distribution.type=fixed",
  },
  {
    name: "distribution.min",
    label: "min",
    type: "duration",
    placeholder: "100ms",
    if: "distribution.type=uniform",
  },
  {
    name: "distribution.max",
    label: "max",
    type: "duration",
    placeholder: "2s",
    if: "distribution.type=uniform",
  },
  {
    name: "distribution.p50",
    label: "p50",
    type: "duration",
    placeholder: "600ms",
    if: "distribution.type=lognormal",
  },
  {
    name: "distribution.p99",
    label: "p99",
    type: "duration",
    placeholder: "8s",
    if: "distribution.type=lognormal",
  },
];

export const KINDS: Record<FaultKind, { what: string; fields: KindField[] }> = {
  lock: {
    what: "a waiter holds the order at a staff terminal: writes get LOCKED",
    fields: [{ name: "duration", label: "held for", type: "duration", placeholder: "60s" }],
  },
  unreachable: {
    what: "the location's link is down",
    fields: [
      {
        name: "mode",
        label: "mode",
        type: "select",
        options: opts("503", "502", "504", "refuse", "reset", "blackhole"),
      },
      {
        name: "pattern.type",
        label: "pattern",
        type: "select",
        options: [
          ["", "down while active"],
          ["fixed", "fixed: up, down, repeat"],
          ["random", "random spells (mtbf, mttr)"],
        ],
      },
      { name: "pattern.up", label: "up", type: "duration", placeholder: "25m", if: "pattern.type=fixed" },
      { name: "pattern.down", label: "down", type: "duration", placeholder: "5m", if: "pattern.type=fixed" },
      {
        name: "pattern.mtbf",
        label: "mean time between failures",
        type: "duration",
        placeholder: "6h",
        if: "pattern.type=random",
      },
      {
        name: "pattern.mttr",
        label: "mean time to repair",
        type: "duration",
        placeholder: "2m",
        if: "pattern.type=random",
      },
      {
        name: "hold",
        label: "hold (black hole)",
        type: "duration",
        placeholder: "120s",
        if: "mode=blackhole",
      },
    ],
  },
  latency: { what: "requests are slower, in clock time", fields: DIST },
  commit_then_timeout: {
    what: "the write is applied, then its answer is lost",
    fields: [
      { name: "mode", label: "mode", type: "select", options: opts("drop", "hold") },
      { name: "hold", label: "answer after", type: "duration", placeholder: "30s", if: "mode=hold" },
    ],
  },
  shift_close: {
    what: "at local times the shift closes: writes get SHIFT_CLOSING for a window, then the next shift opens",
    fields: [
      { name: "at", label: "at (local HH:MM, comma-separated)", type: "list", placeholder: "00:00, 02:30" },
      { name: "window", label: "window", type: "duration", placeholder: "5m" },
    ],
  },
  error: {
    what: "SERVER_ERROR (500) or TIMEOUT (504)",
    fields: [{ name: "code", label: "code", type: "select", options: opts("SERVER_ERROR", "TIMEOUT") }],
  },
  rate_limit: {
    what: "a token bucket per credential: RATE_LIMITED (429) with Retry-After",
    fields: [
      { name: "rate", label: "rate (tokens a second)", type: "number", placeholder: "0.5" },
      { name: "burst", label: "burst", type: "number", placeholder: "10" },
    ],
  },
  rotate_credentials: {
    what: "at an instant the scoped locations get new keys; the old ones answer 401",
    fields: [{ name: "at", label: "at (ISO or +duration)", type: "text", placeholder: "+10m" }],
  },
  malformed: {
    what: "the answer is truncated, mislabelled, or its schema drifts",
    fields: [
      {
        name: "mode",
        label: "mode",
        type: "select",
        options: opts("truncate", "content_type", "drop_field", "extra_field"),
      },
      { name: "field", label: "field (drop / extra)", type: "text" },
    ],
  },
  webhook: {
    what: "webhook deliveries go late, twice, nowhere, out of order, or badly signed",
    fields: [
      {
        name: "mode",
        label: "mode",
        type: "select",
        options: opts("delay", "duplicate", "drop", "reorder", "bad_signature"),
      },
      ...DIST.map((f) => ({ ...f, if: f.if ?? "mode=delay" })),
      { name: "permanent", label: "lose the event for good", type: "checkbox", if: "mode=drop" },
      {
        name: "hold",
        label: "longest wait to be overtaken",
        type: "duration",
        placeholder: "60s",
        if: "mode=reorder",
      },
    ],
  },
};

export const KIND_NAMES = Object.keys(KINDS) as FaultKind[];

const one = (v: string | string[] | undefined): string =>
  (Array.isArray(v) ? (v[v.length - 1] ?? "") : (v ?? "")).trim();
const many = (v: string | string[] | undefined): string[] =>
  (Array.isArray(v) ? v : v === undefined ? [] : [v]).map((s) => s.trim()).filter((s) => s !== "");
const list = (v: string | string[] | undefined): string[] =>
  many(v)
    .flatMap((s) => s.split(/[\s,]+/))
    .filter((s) => s !== "");

/** A number when the text is one; otherwise the text itself, for the schema to refuse in its own words. */
export function num(text: string): number | string {
  return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split(".");
  let at = target;
  for (const key of keys.slice(0, -1)) {
    at[key] ??= {};
    at = at[key] as Record<string, unknown>;
  }
  at[keys[keys.length - 1] as string] = value;
}

/** The rule a filled-in form describes, as JSON for `POST /__admin/faults`. */
export function ruleFromForm(f: FormValues): Record<string, unknown> {
  const kind = one(f.kind);
  const rule: Record<string, unknown> = { id: one(f.id), kind };
  const description = one(f.description);
  if (description) rule.description = description;
  const scope: Record<string, unknown> = {};
  for (const key of ["locations", "orders", "tables", "terminals"]) {
    const values = list(f[`scope.${key}`]);
    if (values.length > 0) scope[key] = values;
  }
  const operations = many(f["scope.operations"]);
  if (operations.length > 0) scope.operations = operations;
  if (Object.keys(scope).length > 0) rule.scope = scope;
  const when: Record<string, unknown> = {};
  for (const key of ["from", "to"]) {
    const value = one(f[`when.${key}`]);
    if (value) when[key] = value;
  }
  const daily = list(f["when.daily"]);
  if (daily.length > 0)
    when.daily = daily.map((w) => {
      const [from = "", to = ""] = w.split(/[-–]/);
      return { from, to };
    });
  const probability = one(f["when.probability"]);
  if (probability) when.probability = num(probability);
  if (Object.keys(when).length > 0) rule.when = when;
  const times = one(f.times);
  if (times) rule.times = num(times);

  const spec = KINDS[kind as FaultKind];
  if (!spec) return rule;
  const field = (name: string) => f[`k.${kind}.${name}`];
  for (const k of spec.fields) {
    if (k.if) {
      const [name, value] = k.if.split("=");
      if (one(field(name as string)) !== value) continue;
    }
    const raw = field(k.name);
    if (k.type === "checkbox") {
      if (one(raw) !== "") setPath(rule, k.name, true);
      continue;
    }
    if (k.type === "list") {
      const values = list(raw);
      if (values.length > 0) setPath(rule, k.name, values);
      continue;
    }
    const text = one(raw);
    if (text === "") continue;
    if (k.type === "number") setPath(rule, k.name, num(text));
    else if (k.type === "duration") setPath(rule, k.name, /^\d+$/.test(text) ? Number(text) : text);
    else setPath(rule, k.name, text);
  }
  return rule;
}

const COMMON = new Set([
  "id",
  "kind",
  "description",
  "times",
  "scope.locations",
  "scope.operations",
  "scope.orders",
  "scope.tables",
  "scope.terminals",
  "when.from",
  "when.to",
  "when.daily",
  "when.probability",
]);

/** The form field an `invalidParams` name points at (`body.distribution.p50` → `k.latency.distribution.p50`). */
export function fieldOf(param: string, kind: string): string | null {
  const path = param
    .replace(/^body\.?/, "")
    .replace(/\[\d+\]/g, "")
    .replace(/^\./, "");
  const fields = KINDS[kind as FaultKind]?.fields ?? [];
  for (let p = path; p !== ""; p = p.includes(".") ? p.slice(0, p.lastIndexOf(".")) : "") {
    if (fields.some((k) => k.name === p)) return `k.${kind}.${p}`;
    if (fields.some((k) => k.name === `${p}.type`)) return `k.${kind}.${p}.type`;
    if (COMMON.has(p)) return p;
  }
  return null;
}

export interface LibraryScenario {
  file: string;
  name: string;
  description: string | null;
  rules: FaultRule[];
}

let cache: { key: string; scenarios: LibraryScenario[] } | null = null;

/** The scenario library's fault rules, file by file (read again when a file changes). */
export function library(dir: string): LibraryScenario[] {
  let files: string[];
  try {
    files = readdirSync(dir)
      .filter((f) => /\.(ya?ml|json)$/.test(f))
      .sort();
  } catch {
    return [];
  }
  const key = `${dir}|${files.map((f) => `${f}:${statSync(join(dir, f)).mtimeMs}`).join(",")}`;
  if (cache?.key === key) return cache.scenarios;
  const scenarios: LibraryScenario[] = [];
  for (const file of files) {
    try {
      const s = loadScenarioFile(join(dir, file));
      if (s.faults.length > 0)
        scenarios.push({ file, name: s.name, description: s.description ?? null, rules: s.faults });
    } catch {
      // A broken file in the library is `mockpos run`'s to report, not the console's.
    }
  }
  cache = { key, scenarios };
  return scenarios;
}

const dur = (ms: number) => (ms < 1000 ? `${ms}ms` : span(ms));

/** A rule in one line: what it does and its main options. */
export function describeRule(rule: FaultRule): string {
  switch (rule.kind) {
    case "lock":
      return `held ${dur(rule.duration)}`;
    case "unreachable": {
      const p = rule.pattern;
      const pattern = !p
        ? "down while active"
        : p.type === "fixed"
          ? `up ${dur(p.up)} / down ${dur(p.down)}`
          : `mtbf ${dur(p.mtbf)}, mttr ${dur(p.mttr)}`;
      return `${rule.mode}, ${pattern}`;
    }
    case "latency":
    case "webhook": {
      const d = rule.distribution;
      const text =
        d.type === "fixed"
          ? dur(d.ms)
          : d.type === "uniform"
            ? `${dur(d.min)}–${dur(d.max)}`
            : `p50 ${dur(d.p50)}, p99 ${dur(d.p99)}`;
      return rule.kind === "webhook" ? `${rule.mode}${rule.mode === "delay" ? ` ${text}` : ""}` : text;
    }
    case "commit_then_timeout":
      return rule.mode === "hold" ? `hold ${dur(rule.hold)}` : "drop";
    case "shift_close":
      return `at ${rule.at.join(", ")}, window ${dur(rule.window)}`;
    case "error":
      return rule.code;
    case "rate_limit":
      return `${rule.rate}/s, burst ${rule.burst}`;
    case "rotate_credentials":
      return `at ${rule.at}`;
    case "malformed":
      return `${rule.mode}${rule.field ? ` ${rule.field}` : ""}`;
  }
}

/** Where and when a rule acts, in one line. */
export function describeReach(rule: FaultRule): string {
  const parts: string[] = [];
  const s = rule.scope;
  const short = (xs: string[]) =>
    xs.length > 4 ? `${xs.slice(0, 4).join(", ")} +${xs.length - 4}` : xs.join(", ");
  parts.push(s.locations ? short(s.locations) : "every location");
  if (s.operations) parts.push(short(s.operations));
  if (s.orders) parts.push(`orders ${short(s.orders)}`);
  if (s.tables) parts.push(`tables ${short(s.tables)}`);
  if (s.terminals) parts.push(`terminals ${short(s.terminals)}`);
  const w = rule.when;
  if (w.from || w.to) parts.push(`${w.from ?? "start"} → ${w.to ?? "end"}`);
  if (w.daily) parts.push(`daily ${w.daily.map((d) => `${d.from}–${d.to}`).join(", ")}`);
  if (w.probability !== undefined) parts.push(`${Math.round(w.probability * 1000) / 10} %`);
  if (rule.times !== undefined) parts.push(`${rule.times} times`);
  return parts.join(" · ");
}
