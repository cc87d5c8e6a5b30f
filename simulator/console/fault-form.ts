import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import type { RuleBase } from "../faults/kind.ts";
import type { FaultKinds } from "../faults/registry.ts";
import type { FaultRule } from "../faults/schema.ts";
import { loadScenarioFile } from "../scenario/load.ts";
import { span } from "./html.ts";

/**
 * The fault form: one field per option of each kind (each kind's module lists its fields),
 * turned into a rule object as a client of `POST /__admin/faults` would write it. It checks
 * nothing itself: the admin route validates it with the kinds' schema, and a refusal's
 * `invalidParams` are mapped back onto the fields they name, with the schema's own words.
 */

export type FormValues = Record<string, string | string[] | undefined>;

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
export function ruleFromForm(f: FormValues, kinds: FaultKinds): Record<string, unknown> {
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

  const spec = kinds.get(kind);
  if (!spec) return rule;
  const field = (name: string) => f[`k.${kind}.${name}`];
  for (const k of spec.form) {
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
export function fieldOf(param: string, kind: string, kinds: FaultKinds): string | null {
  const path = param
    .replace(/^body\.?/, "")
    .replace(/\[\d+\]/g, "")
    .replace(/^\./, "");
  const fields = kinds.get(kind)?.form ?? [];
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

const words = { duration: (ms: number) => (ms < 1000 ? `${ms}ms` : span(ms)) };

/** A rule in one line: what it does and its main options, in its kind's words. */
export function describeRule(rule: RuleBase, kinds: FaultKinds): string {
  return kinds.get(rule.kind)?.describe(rule, words) ?? rule.kind;
}

/** Where and when a rule acts, in one line. */
export function describeReach(rule: RuleBase): string {
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
