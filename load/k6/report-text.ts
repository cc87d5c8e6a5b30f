// The report of a run as text for a person. Pure (no k6 import), like report.ts.
import type { LoadReport } from "./report.ts";

const fixed = (n: number | null, digits: number) => (n === null ? "-" : n.toFixed(digits));
const percent = (n: number | null) => (n === null ? "-" : `${(n * 100).toFixed(2)}%`);

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

/** The report as text for a person: what ran, each operation's figures, each gate, the verdict. */
export function renderText(report: LoadReport): string {
  const lines: string[] = [];
  const what = report.label === "" ? "" : ` — ${report.label}`;
  lines.push(
    `mockpos load: the polling envelope over ${report.locations} locations${what}`,
    `  ${report.durationS} s of service, cadences ${report.compress}× compressed, ` +
      `${report.ordersPerHour} guest orders per location per hour, after ${report.warmup.seconds} s of warm-up`,
    "  the menu (and modifiers) of every location once before service; each cadence below visits every",
    "  location once per period, at the same offset each time",
  );
  if (report.dialect !== "generic") {
    lines.push("", `dialect ${report.dialect}:`);
    for (const [step, route] of Object.entries(report.routes)) lines.push(`  ${step.padEnd(18)} ${route}`);
    for (const { step, why } of report.lacks) lines.push(`  ${step.padEnd(18)} not sent — ${why}`);
  }
  lines.push("");
  lines.push(
    ...table(
      ["cadence", "period", "due", "started", "dropped"],
      report.cadences.map((c) => [
        c.what,
        c.periodS >= 60 ? `${(c.periodS / 60).toFixed(c.periodS % 60 === 0 ? 0 : 1)} min` : `${c.periodS} s`,
        String(c.expected),
        String(c.started),
        String(c.dropped),
      ]),
    ),
    "",
  );
  lines.push(
    ...table(
      ["operation", "requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "max ms", "failed"],
      report.operations.map((o) => [
        o.operation,
        String(o.requests),
        fixed(o.perSecond, 1),
        fixed(o.p50Ms, 2),
        fixed(o.p95Ms, 2),
        fixed(o.p99Ms, 2),
        fixed(o.maxMs, 2),
        percent(o.errorRate),
      ]),
    ),
  );
  lines.push(
    "",
    `service phase: p50 ${fixed(report.servicePercentiles.p50Ms, 2)} ms, ` +
      `p99 ${fixed(report.servicePercentiles.p99Ms, 2)} ms; ${report.requests} requests in all, ` +
      `${percent(report.failedRate)} failed${report.injectedFaults ? " unexpectedly" : ""}, ` +
      `${report.droppedIterations} polls dropped`,
  );
  lines.push(
    `warm-up (one read per VU before service, not gated): ${report.warmup.requests} requests, ` +
      `p99 ${fixed(report.warmup.p99Ms, 2)} ms, max ${fixed(report.warmup.maxMs, 2)} ms`,
  );
  const codes = Object.entries(report.errorsByCode);
  if (codes.length > 0) lines.push(`failures by code: ${codes.map(([c, n]) => `${c} ${n}`).join(", ")}`);
  const injected = Object.entries(report.injectedByCode);
  if (report.injectedFaults) {
    const list = injected.map(([c, n]) => `${c} ${n}`).join(", ") || "none fired";
    lines.push(`injected by fault rules (not gated): ${list}`);
  }
  lines.push("", "gates:");
  for (const g of report.gates) {
    const digits = g.expression.startsWith("count") ? 0 : g.expression.startsWith("rate") ? 4 : 2;
    const value = g.value === null ? "" : ` (got ${fixed(g.value, digits)})`;
    lines.push(`  ${g.ok ? "ok  " : "FAIL"} ${g.metric}: ${g.expression}${value}`);
  }
  const failed = report.gates.filter((g) => !g.ok).length;
  lines.push(
    "",
    report.verdict === "pass"
      ? `verdict: PASS — all ${report.gates.length} gates held`
      : `verdict: FAIL — ${failed} of ${report.gates.length} gates failed`,
  );
  return `${lines.join("\n")}\n`;
}
