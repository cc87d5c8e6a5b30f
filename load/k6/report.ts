// Turns k6's end-of-test data into the run's report: a JSON document and a readable text.
// Pure (no k6 import), so it is unit-tested with a recorded summary.
import {
  expectedIterations,
  type LoadOperation,
  PRE_SERVICE_OPERATIONS,
  plan,
  READ_OPERATIONS,
  WRITE_OPERATIONS,
} from "./cadence.ts";
import type { LoadConfig } from "./config.ts";
import {
  durationMetric,
  ERRORS_METRIC,
  FAILURE_CODES,
  failureMetric,
  INFO_THRESHOLD,
  INFO_TREND_THRESHOLD,
  INJECTED_METRIC,
} from "./thresholds.ts";

/** The parts of k6's handleSummary() argument (legacy format) that the report reads. */
export interface K6Summary {
  state: { testRunDurationMs: number };
  metrics: Record<string, K6Metric | undefined>;
}

/** One metric of the k6 summary: its aggregated values and its thresholds' outcome. */
export interface K6Metric {
  type: "counter" | "gauge" | "rate" | "trend";
  values: Record<string, number | undefined>;
  thresholds?: Record<string, { ok: boolean }>;
}

/** What a run judged, gate by gate. */
export interface Gate {
  metric: string;
  expression: string;
  ok: boolean;
  /** The figure the expression compares, when the summary has it. */
  value: number | null;
}

/** Figures of one operation over the whole run. */
export interface OperationFigures {
  operation: LoadOperation;
  requests: number;
  perSecond: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
  errorRate: number | null;
}

/** How one cadence kept its schedule: polls due, started, and dropped for want of a free VU. */
export interface CadenceFigures {
  scenario: string;
  what: string;
  /** Simulated time between two visits of one location. */
  periodS: number;
  expected: number;
  started: number;
  dropped: number;
}

/** The JSON report of a run; `verdict` is "pass" only when every gate held. */
export interface LoadReport {
  verdict: "pass" | "fail";
  label: string;
  locations: number;
  compress: number;
  durationS: number;
  ordersPerHour: number;
  requests: number;
  /** Share of failed requests; with injected faults, of failures no fault rule accounts for. */
  failedRate: number | null;
  /** Whether fault rules were injected on purpose (their outcomes are in `injectedByCode`). */
  injectedFaults: boolean;
  droppedIterations: number;
  servicePercentiles: { p50Ms: number | null; p99Ms: number | null };
  /** The warm-up before service: one read per VU, reported and not gated. */
  warmup: { seconds: number; requests: number; p99Ms: number | null; maxMs: number | null };
  cadences: CadenceFigures[];
  operations: OperationFigures[];
  errorsByCode: Record<string, number>;
  /** Failures a fault rule asked for, by code. */
  injectedByCode: Record<string, number>;
  gates: Gate[];
}

const OPERATIONS: readonly LoadOperation[] = [
  ...PRE_SERVICE_OPERATIONS,
  ...READ_OPERATIONS,
  ...WRITE_OPERATIONS,
];

function stat(metric: K6Metric | undefined, name: string): number | null {
  const v = metric?.values[name];
  return v === undefined || !Number.isFinite(v) ? null : v;
}

// "p(95)<25" compares the stat p(95); "rate<=0" the stat rate, "count==0" the stat count.
function compared(expression: string): string {
  return /^\s*([a-z]+(?:\(\d+(?:\.\d+)?\))?)/.exec(expression)?.[1] ?? "";
}

/** The report of a run from k6's summary data and the settings it ran with. */
export function buildReport(data: K6Summary, config: LoadConfig, locations: number): LoadReport {
  const gates: Gate[] = [];
  for (const [metric, m] of Object.entries(data.metrics)) {
    for (const [expression, { ok }] of Object.entries(m?.thresholds ?? {})) {
      if (expression === INFO_THRESHOLD || expression === INFO_TREND_THRESHOLD) continue;
      gates.push({ metric, expression, ok, value: stat(m, compared(expression)) });
    }
  }
  gates.sort((a, b) => a.metric.localeCompare(b.metric) || a.expression.localeCompare(b.expression));
  const failed = failureMetric(config);
  const operations: OperationFigures[] = [];
  for (const operation of OPERATIONS) {
    const d = data.metrics[durationMetric(operation)];
    const pre = (PRE_SERVICE_OPERATIONS as readonly string[]).includes(operation);
    const requests = stat(d, "count") ?? 0;
    if (requests === 0) continue;
    operations.push({
      operation,
      requests,
      // Service operations run for the configured duration; the refresh before it has no such span.
      perSecond: pre ? null : requests / (config.durationMs / 1000),
      p50Ms: stat(d, "med"),
      p95Ms: stat(d, "p(95)"),
      p99Ms: stat(d, "p(99)"),
      maxMs: stat(d, "max"),
      errorRate: stat(data.metrics[`${failed}{operation:${operation}}`], "rate"),
    });
  }
  const byCode = (metric: string) => {
    const out: Record<string, number> = {};
    for (const code of FAILURE_CODES) {
      const n = stat(data.metrics[`${metric}{code:${code}}`], "count") ?? 0;
      if (n > 0) out[code] = n;
    }
    return out;
  };
  const cadences = plan(config).map((c) => ({
    scenario: c.scenario,
    what: c.what,
    periodS: c.periodMs / 1000,
    expected: expectedIterations(c, config, locations),
    started: stat(data.metrics[`iterations{scenario:${c.scenario}}`], "count") ?? 0,
    dropped: stat(data.metrics[`dropped_iterations{scenario:${c.scenario}}`], "count") ?? 0,
  }));
  const service = data.metrics["http_req_duration{phase:service}"];
  const warm = data.metrics["http_req_duration{phase:warm-up}"];
  return {
    verdict: gates.every((g) => g.ok) ? "pass" : "fail",
    label: config.label,
    locations,
    compress: config.compress,
    durationS: config.durationMs / 1000,
    ordersPerHour: config.ordersPerHour,
    requests: stat(data.metrics.http_reqs, "count") ?? 0,
    failedRate: stat(data.metrics[failed], "rate"),
    injectedFaults: config.injectedFaults,
    droppedIterations: stat(data.metrics.dropped_iterations, "count") ?? 0,
    servicePercentiles: { p50Ms: stat(service, "med"), p99Ms: stat(service, "p(99)") },
    warmup: {
      seconds: config.warmupMs / 1000,
      requests: stat(warm, "count") ?? 0,
      p99Ms: stat(warm, "p(99)"),
      maxMs: stat(warm, "max"),
    },
    cadences,
    operations,
    errorsByCode: byCode(ERRORS_METRIC),
    injectedByCode: byCode(INJECTED_METRIC),
    gates,
  };
}

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
    "  menu and modifiers of every location once before service; each cadence below visits every",
    "  location once per period, at the same offset each time",
    "",
  );
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
