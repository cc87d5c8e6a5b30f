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
            `<li><b>${esc(status)}</b> ${esc((r as { description?: string }).description)}</li>`,
        )
        .join("");
      const body =
        op.requestBody && "content" in op.requestBody ? Object.keys(op.requestBody.content).join(", ") : "";
      sections.push(`<section id="${esc(op.operationId)}">
<h3><span class="m ${method}">${method.toUpperCase()}</span> <code>${esc(path)}</code></h3>
<p>${esc(op.summary)} <span class="op">${esc(op["x-mockpos-operation"])}</span></p>
${params ? `<p>Parameters: ${params}</p>` : ""}${body ? `<p>Body: ${esc(body)} (see the schema in <a href="/openapi.json">openapi.json</a>)</p>` : ""}
<ul>${responses}</ul></section>`);
    }
  }
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(doc.info.title)}</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem;color:#222}
code{background:#f4f4f4;padding:0 .25em}section{border-top:1px solid #ddd;padding:.5rem 0}
.m{font:bold 12px monospace;padding:2px 6px;border-radius:3px;color:#fff;background:#555}.get{background:#2b7}.post{background:#27c}
.put{background:#c82}.delete{background:#c33}.op{font:12px monospace;background:#eef;padding:1px 5px;border-radius:3px}
table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:2px 8px;text-align:left}</style></head><body>
<h1>${esc(doc.info.title)} <small>${esc(doc.info.version)}</small></h1>
<p>${esc(doc.info.description)}</p>
<h2>Failures</h2><p>Every error is ${esc(doc["x-mockpos-error-format"] ?? "application/problem+json")}.</p>
${failureTable((doc["x-mockpos-failures"] ?? {}) as Record<string, FailureRow>)}
<h2>Operations</h2>
<p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI ${esc(doc.openapi)}).</p>
${sections.join("\n")}</body></html>`;
}
