import { closeSync, openSync, readdirSync, readSync, statSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import type { ConsoleContext } from "./context.ts";
import { h } from "./html.ts";
import { BASE, page } from "./layout.ts";

/** A report the console found: `mockpos conform` or `mockpos verify` output. */
export interface Report {
  kind: "conformance" | "verify" | "other";
  /** Path under the reports directory, with `/`. */
  path: string;
  title: string;
  modified: number;
  /** Its sibling files a reader may want (report.json, junit.xml). */
  siblings: string[];
}

const SERVED = new Set(["report.html", "report.json", "junit.xml"]);
const MAX_DEPTH = 4;

function titleOf(file: string): string {
  const fd = openSync(file, "r");
  try {
    const buf = Buffer.alloc(4096);
    const n = readSync(fd, buf, 0, buf.length, 0);
    const m = /<title>([^<]*)<\/title>/i.exec(buf.subarray(0, n).toString("utf8"));
    return (m?.[1] ?? "").replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">").trim();
  } finally {
    closeSync(fd);
  }
}

/** Every report.html under `dir` (a few levels deep), newest first. */
export function findReports(dir: string): Report[] {
  const root = resolve(dir);
  const found: Report[] = [];
  const walk = (at: string, depth: number) => {
    let names: string[];
    try {
      names = readdirSync(at);
    } catch {
      return;
    }
    if (names.includes("report.html")) {
      const file = join(at, "report.html");
      try {
        const title = titleOf(file);
        const kind = /^mockpos conformance/.test(title)
          ? "conformance"
          : /^mockpos verify/.test(title)
            ? "verify"
            : "other";
        found.push({
          kind,
          path: relative(root, file).split(sep).join("/"),
          title: title || file,
          modified: statSync(file).mtimeMs,
          siblings: names.filter((n) => SERVED.has(n) && n !== "report.html"),
        });
      } catch {
        // Unreadable: not shown.
      }
    }
    if (depth >= MAX_DEPTH) return;
    for (const name of names) {
      if (name.startsWith(".") || name === "node_modules") continue;
      const sub = join(at, name);
      try {
        if (statSync(sub).isDirectory()) walk(sub, depth + 1);
      } catch {
        // Gone meanwhile.
      }
    }
  };
  walk(root, 0);
  return found.sort((a, b) => b.modified - a.modified);
}

/** A report file under the directory, or null for anything else (no path leaves it). */
export function reportFile(dir: string, path: string): string | null {
  const root = resolve(dir);
  const file = resolve(root, path);
  if (!file.startsWith(root + sep)) return null;
  if (!SERVED.has(file.slice(file.lastIndexOf(sep) + 1))) return null;
  try {
    return statSync(file).isFile() ? file : null;
  } catch {
    return null;
  }
}

function reportItem(r: Report) {
  const href = `${BASE}/reports/file/${r.path.split("/").map(encodeURIComponent).join("/")}`;
  const dir = r.path.slice(0, r.path.lastIndexOf("/") + 1);
  return h(
    "li",
    { "data-kind": r.kind },
    h("a", { href }, r.title),
    h(
      "span",
      { class: "small" },
      ` · ${r.path} · ${new Date(r.modified).toISOString().slice(0, 19).replace("T", " ")} UTC`,
      r.siblings.map((s) => [
        " · ",
        h("a", { href: `${BASE}/reports/file/${(dir + s).split("/").map(encodeURIComponent).join("/")}` }, s),
      ]),
    ),
  );
}

export function reportsPage(ctx: ConsoleContext) {
  const reports = findReports(ctx.reports);
  const latest = (kind: Report["kind"]) => reports.find((r) => r.kind === kind);
  const conformance = latest("conformance");
  const verify = latest("verify");
  return page(
    ctx,
    { title: "Reports", nav: "reports" },
    h("h1", null, "Reports"),
    h(
      "p",
      { class: "lead" },
      `The latest reports of mockpos conform and mockpos verify under ${resolve(ctx.reports)} (serve --reports DIR).`,
    ),
    h("h2", null, "Latest"),
    h(
      "ul",
      { id: "latest-reports" },
      conformance
        ? reportItem(conformance)
        : h("li", null, "No conformance report yet (mockpos conform … --out DIR)."),
      verify ? reportItem(verify) : h("li", null, "No verify report yet (mockpos verify … --out DIR)."),
    ),
    reports.length > 2 ? [h("h2", null, "All"), h("ul", null, reports.slice(0, 50).map(reportItem))] : null,
  );
}
