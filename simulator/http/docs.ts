import type { OpenAPIHono } from "@hono/zod-openapi";

type OpenAPIObject = ReturnType<OpenAPIHono["getOpenAPI31Document"]>;
interface FailureRow {
  status: number;
  title: string;
  retryable: boolean;
  /** The dialect's own code and name for the failure, when it has one. */
  code?: string | number;
  name?: string;
}

const esc = (s: unknown) =>
  String(s ?? "").replace(
    /[&<>"]/g,
    (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[ch] ?? ch,
  );

const METHODS = ["get", "post", "put", "patch", "delete"] as const;

/** Canonical failures with the dialect's own code, status and meaning. */
function failureTable(failures: Record<string, FailureRow>): string {
  const rows = Object.entries(failures);
  const own = rows.some(([, f]) => f.code !== undefined);
  const head = own ? "<th>failure</th><th>code</th>" : "<th>code</th>";
  const cells = (canonical: string, f: FailureRow) =>
    own
      ? `<td><code>${esc(canonical)}</code></td><td><code>${esc(f.code)}</code>${f.name ? ` ${esc(f.name)}` : ""}</td>`
      : `<td><code>${esc(canonical)}</code></td>`;
  const body = rows
    .map(
      ([canonical, f]) =>
        `<tr>${cells(canonical, f)}<td>${f.status}</td><td>${esc(f.title)}</td><td>${f.retryable ? "yes" : "no"}</td></tr>`,
    )
    .join("");
  return `<table><tr>${head}<th>status</th><th>meaning</th><th>retryable</th></tr>${body}</table>`;
}

// biome-ignore lint/suspicious/noExplicitAny: JSON Schema nodes of the document, read loosely: each use checks what it reads
type Json = Record<string, any>;

/** Backticked spans as code; everything else escaped. */
const md = (s: unknown) => esc(s).replace(/`([^`]+)`/g, "<code>$1</code>");

/** A schema with its `$ref`s followed, and the name of the component it came from. */
function deref(doc: OpenAPIObject, schema: unknown): { s: Json; name?: string } {
  let s = (schema ?? {}) as Json;
  let name: string | undefined;
  for (let i = 0; i < 10 && typeof s.$ref === "string"; i++) {
    name = s.$ref.split("/").at(-1) as string;
    s = ((doc.components?.schemas as Json | undefined)?.[name] ?? {}) as Json;
  }
  return { s, name };
}

const variantsOf = (s: Json): Json[] | undefined => s.oneOf ?? s.anyOf;
const isNull = (doc: OpenAPIObject, v: unknown) => deref(doc, v).s.type === "null";

/** A field's type as a reader says it: `string`, `integer | null`, `ItemRequest[]`, `"cash" | "card"`. */
function typeOf(doc: OpenAPIObject, schema: unknown): string {
  const { s, name } = deref(doc, schema);
  if ("const" in s) return JSON.stringify(s.const);
  if (Array.isArray(s.enum)) return s.enum.map((v: unknown) => JSON.stringify(v)).join(" | ");
  const variants = variantsOf(s);
  if (variants) return [...new Set(variants.map((v) => typeOf(doc, v)))].join(" | ");
  if (Array.isArray(s.allOf) && !s.properties) return s.allOf.map((v: unknown) => typeOf(doc, v)).join(" & ");
  const types: string[] = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
  if (types.length === 0) return name ?? (s.properties ? "object" : "any");
  return types
    .map((t) => {
      if (t === "array") {
        if (Array.isArray(s.prefixItems))
          return `[${s.prefixItems.map((v: unknown) => typeOf(doc, v)).join(", ")}]`;
        const item = typeOf(doc, s.items);
        return item.includes(" ") ? `(${item})[]` : `${item}[]`;
      }
      if (t === "object" && name) return name;
      if (t === "string" && s.format) return `string (${s.format})`;
      return t;
    })
    .join(" | ");
}

/** A field's limits: lengths, ranges, item counts, patterns, defaults. */
function constraintsOf(doc: OpenAPIObject, schema: unknown): string[] {
  let { s } = deref(doc, schema);
  const variants = variantsOf(s)?.filter((v) => !isNull(doc, v));
  if (variants?.length === 1) s = { ...deref(doc, variants[0]).s, default: s.default };
  const out: string[] = [];
  const range = (min: unknown, max: unknown, unit: string) => {
    const hasMax = typeof max === "number" && max < Number.MAX_SAFE_INTEGER;
    if (min !== undefined && hasMax) out.push(`${unit}${min}–${max}`);
    else if (min !== undefined) out.push(`${unit}≥ ${min}`);
    else if (hasMax) out.push(`${unit}≤ ${max}`);
  };
  range(s.minLength, s.maxLength, "length ");
  range(s.minimum, s.maximum, "");
  if (s.exclusiveMinimum !== undefined) out.push(`> ${s.exclusiveMinimum}`);
  if (s.minItems !== undefined || s.maxItems !== undefined) {
    range(s.minItems, s.maxItems, "");
    out[out.length - 1] = `${out.at(-1)} items`;
  }
  if (s.pattern) out.push(`pattern \`${s.pattern}\``);
  if (s.default !== undefined) out.push(`default \`${JSON.stringify(s.default)}\``);
  if (s.additionalProperties === false) out.push("no other fields");
  return out;
}

interface FieldRow {
  path: string;
  type: string;
  required: boolean;
  constraints: string[];
  description: string;
}

const MAX_DEPTH = 6;

/** Every field under `schema`, nested ones as `items[].modifiers[].optionId`. */
function fieldRows(
  doc: OpenAPIObject,
  schema: unknown,
  path: string,
  depth: number,
  trail: ReadonlySet<string>,
): FieldRow[] {
  const { s, name } = deref(doc, schema);
  if ((name && trail.has(name)) || depth > MAX_DEPTH) return [];
  const seen = name ? new Set([...trail, name]) : trail;
  if (s.properties) {
    const required = new Set<string>(s.required ?? []);
    return Object.entries(s.properties as Json).flatMap(([key, prop]) => {
      const at = path ? `${path}.${key}` : key;
      const own = deref(doc, prop).s;
      const row: FieldRow = {
        path: at,
        type: typeOf(doc, prop),
        required: required.has(key),
        constraints: constraintsOf(doc, prop),
        description: String(own.description ?? (prop as Json).description ?? ""),
      };
      return [row, ...fieldRows(doc, prop, at, depth + 1, seen)];
    });
  }
  if (s.items && !Array.isArray(s.items)) return fieldRows(doc, s.items, `${path}[]`, depth + 1, seen);
  const variants = variantsOf(s)?.filter((v) => !isNull(doc, v));
  if (variants?.length === 1) return fieldRows(doc, variants[0], path, depth + 1, seen);
  return [];
}

/** Whether a value meets the `if` of a schema rule: its `const`s, its required fields, nested. */
function satisfies(value: unknown, cond: Json): boolean {
  if ("const" in cond) return value === cond.const;
  if (!cond.properties && !cond.required) return true;
  if (!value || typeof value !== "object") return false;
  const v = value as Json;
  if (((cond.required ?? []) as string[]).some((k) => v[k] === undefined)) return false;
  return Object.entries((cond.properties ?? {}) as Json).every(
    ([k, c]) => v[k] === undefined || satisfies(v[k], c),
  );
}

/** A value the schema takes, for an example: its own examples and defaults first, then the least that fits. */
function exampleOf(
  doc: OpenAPIObject,
  schema: unknown,
  depth = 0,
  trail: ReadonlySet<string> = new Set(),
): unknown {
  const { s, name } = deref(doc, schema);
  if (s.example !== undefined) return s.example;
  if (Array.isArray(s.examples) && s.examples.length > 0) return s.examples[0];
  if (s.default !== undefined) return s.default;
  if ("const" in s) return s.const;
  if (Array.isArray(s.enum)) return s.enum[0];
  if ((name && trail.has(name)) || depth > MAX_DEPTH) return null;
  const seen = name ? new Set([...trail, name]) : trail;
  const next = (v: unknown) => exampleOf(doc, v, depth + 1, seen);
  const variants = variantsOf(s);
  // An object whose union only says which of its fields are required ("status or statusCode"): the first way.
  if (variants && s.properties) {
    const { anyOf: _a, oneOf: _o, ...object } = s;
    return next({ ...object, required: [...(s.required ?? []), ...((variants[0] as Json).required ?? [])] });
  }
  if (variants) return next(variants.find((v) => !isNull(doc, v)) ?? variants[0]);
  if (Array.isArray(s.allOf) && !s.properties)
    return Object.assign({}, ...s.allOf.map((v: unknown) => next(v)));
  const types: string[] = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
  const type = types.find((t) => t !== "null") ?? (s.properties ? "object" : types[0]);
  switch (type) {
    case "object": {
      const required = new Set<string>(s.required ?? []);
      const props = Object.entries((s.properties ?? {}) as Json);
      const chosen = props.filter(([k, p]) => required.has(k) || deref(doc, p).s.example !== undefined);
      const out: Json = Object.fromEntries(
        (chosen.length > 0 ? chosen : props.slice(0, 1)).map(([k, p]) => [k, next(p)]),
      );
      // The schema's if/then rules (a dine-in order needs a table): a field a rule requires of this value.
      for (const rule of [s, ...(s.allOf ?? [])] as Json[]) {
        if (!rule.if || !rule.then) continue;
        if (!satisfies(out, rule.if)) continue;
        for (const k of (rule.then.required ?? []) as string[])
          if (out[k] === undefined || out[k] === null)
            out[k] = next(s.properties?.[k] ?? rule.then.properties?.[k]);
      }
      return out;
    }
    case "array":
      if (Array.isArray(s.prefixItems)) return s.prefixItems.map((v: unknown) => next(v));
      return Array.from({ length: Math.min(Math.max(1, s.minItems ?? 1), 3) }, () => next(s.items));
    case "integer":
    case "number": {
      const min = s.minimum ?? (s.exclusiveMinimum === undefined ? undefined : s.exclusiveMinimum + 1);
      return Math.min(Math.max(1, min ?? 1), s.maximum ?? Number.POSITIVE_INFINITY);
    }
    case "boolean":
      return true;
    case "null":
      return null;
    case "string": {
      if (s.format === "date-time") return "2026-03-13T12:30:00.000Z";
      if (s.format === "date") return "2026-03-13";
      if (s.format === "uri") return "https://example.com/";
      return "string".padEnd(s.minLength ?? 0, "x");
    }
    default:
      return null;
  }
}

/** Where a variant of a union differs from the others: `kind = "lock"`, or its position. */
function variantLabel(doc: OpenAPIObject, variant: unknown, i: number): string {
  const { s, name } = deref(doc, variant);
  for (const [key, prop] of Object.entries((s.properties ?? {}) as Json)) {
    const p = deref(doc, prop).s;
    if ("const" in p) return `${key} = ${JSON.stringify(p.const)}`;
    if (Array.isArray(p.enum) && p.enum.length === 1) return `${key} = ${JSON.stringify(p.enum[0])}`;
  }
  return name ?? `shape ${i + 1}`;
}

function fieldTable(rows: FieldRow[]): string {
  if (rows.length === 0) return "";
  const body = rows
    .map(
      (r) =>
        `<tr><td><code>${esc(r.path)}</code></td><td><code>${esc(r.type)}</code></td><td>${r.required ? "required" : "optional"}</td><td>${r.constraints.map(md).join("; ")}</td><td>${md(r.description)}</td></tr>`,
    )
    .join("");
  return `<table class="fields"><tr><th>field</th><th>type</th><th></th><th>constraints</th><th>meaning</th></tr>${body}</table>`;
}

/** A request body: its schema's fields (each shape of a union on its own), and an example. */
function requestBody(doc: OpenAPIObject, body: Json): string {
  const parts: string[] = [];
  for (const [type, media] of Object.entries((body.content ?? {}) as Json)) {
    const { s, name } = deref(doc, media.schema);
    const title = `${body.required ? "Body" : "Body (optional)"}: <code>${esc(type)}</code>${name ? ` <code>${esc(name)}</code>` : ""}`;
    const objects = variantsOf(s)?.filter((v) => !isNull(doc, v));
    let fields: string;
    if (objects && objects.length > 1 && !s.properties) {
      fields = objects
        .map(
          (v, i) =>
            `<p>One of — <code>${esc(variantLabel(doc, v, i))}</code>:</p>${fieldTable(fieldRows(doc, v, "", 0, new Set()))}`,
        )
        .join("");
    } else {
      const rows = fieldRows(doc, media.schema, "", 0, new Set());
      fields =
        rows.length > 0 ? fieldTable(rows) : `<p>Type: <code>${esc(typeOf(doc, media.schema))}</code></p>`;
    }
    const own = media.example ?? s.example;
    const example = own ?? exampleOf(doc, media.schema);
    parts.push(`<div class="body"><p>${title}${s.description ? ` — ${md(s.description)}` : ""}</p>${fields}
<p>${own === undefined ? "Example (made from the schema)" : "Example"}:</p><pre>${esc(JSON.stringify(example, null, 2))}</pre></div>`);
  }
  return parts.join("\n");
}

interface RetryRow {
  when: string;
  do: string;
}

/** The retry policy a connector should follow (contracts/retry-policy.ts), as the document carries it. */
function retryPolicy(rows: RetryRow[] | undefined): string {
  if (!rows?.length) return "";
  const body = rows.map((r) => `<tr><td>${md(r.when)}</td><td>${md(r.do)}</td></tr>`).join("");
  return `<h2 id="retry-policy">Retry policy for connectors</h2>
<table><tr><th>the POS answered</th><th>the connector</th></tr>${body}</table>`;
}

/**
 * A readable page for the OpenAPI document, rendered on the server with no scripts or CDN
 * assets, so it works on a machine with no internet (mock mode often runs on one).
 */
export function renderDocs(doc: OpenAPIObject): string {
  const sections: string[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const params = (op.parameters ?? [])
        .map((p) =>
          "name" in p
            ? `<code>${esc(p.in)}.${esc(p.name)}</code>${p.required ? "" : " <small>optional</small>"}`
            : "",
        )
        .join(", ");
      const responses = Object.entries(op.responses ?? {})
        .map(
          ([status, r]) =>
            `<li><b>${esc(status)}</b> ${md((r as { description?: string }).description)}</li>`,
        )
        .join("");
      const body =
        op.requestBody && "content" in op.requestBody ? requestBody(doc, op.requestBody as Json) : "";
      sections.push(`<section id="${esc(op.operationId)}">
<h3><span class="m ${method}">${method.toUpperCase()}</span> <code>${esc(path)}</code></h3>
<p>${md(op.summary)} <span class="op">${esc(op["x-mockpos-operation"])}</span></p>
${op.description ? `<p>${md(op.description)}</p>` : ""}${params ? `<p>Parameters: ${params}</p>` : ""}${body}
<ul>${responses}</ul></section>`);
    }
  }
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(doc.info.title)}</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem;color:#222}
code{background:#f4f4f4;padding:0 .25em}section{border-top:1px solid #ddd;padding:.5rem 0}
.m{font:bold 12px monospace;padding:2px 6px;border-radius:3px;color:#fff;background:#555}.get{background:#2b7}.post{background:#27c}
.put{background:#c82}.delete{background:#c33}.op{font:12px monospace;background:#eef;padding:1px 5px;border-radius:3px}
table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:2px 8px;text-align:left;vertical-align:top}
table.fields{font-size:14px}pre{background:#f4f4f4;padding:.5rem;overflow-x:auto}</style></head><body>
<h1>${esc(doc.info.title)} <small>${esc(doc.info.version)}</small></h1>
<p>${md(doc.info.description)}</p>
<p><a href="#retry-policy">Retry policy for connectors</a> · <a href="#failures">Failures</a> · <a href="#operations">Operations</a></p>
${retryPolicy(doc["x-mockpos-retry-policy"] as RetryRow[] | undefined)}
<h2 id="failures">Failures</h2><p>Every error is ${esc(doc["x-mockpos-error-format"] ?? "application/problem+json")}.</p>
${failureTable((doc["x-mockpos-failures"] ?? {}) as Record<string, FailureRow>)}
<h2 id="operations">Operations</h2>
<p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI ${esc(doc.openapi)}).</p>
${sections.join("\n")}</body></html>`;
}
