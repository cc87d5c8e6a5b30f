// Turns k6's end-of-test data into the run's report, a JSON document (report-text.ts words it).
// Pure (no k6 import), so it is unit-tested with a recorded summary.
import { expectedIterations, type LoadOperation, PRE_SERVICE_OPERATIONS, plan } from "./cadence.ts";
import type { LoadConfig } from "./config.ts";
import { dialectOf, lackedSteps } from "./dialects/index.ts";
import { runOperations } from "./steps.ts";
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
  /** The API style the run spoke. */
  dialect: string;
  /** The route each step of the envelope goes to in that dialect. */
  routes: Record<string, string>;
  /** Steps of the envelope the dialect has no route for: not sent, not gated. */
  lacks: { step: string; why: string }[];
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

function stat(metric: K6Metric | undefined, name: string): number | null {
  const v = metric?.values[name];
  return v === undefined || !Number.isFinite(v) ? null : v;
}

// "p(95)<25" compares the stat p(95); "rate<=0" the stat rate, "count==0" the stat count.
function compared(expression: string): string {
  return /^\s*([a-z]+(?:\(\d+(?:\.\d+)?\))?)/.exec(expression)?.[1] ?? "";
}

function routesOf(config: LoadConfig): Record<string, string> {
  const d = dialectOf(config.dialect);
  const out: Record<string, string> = {};
  for (const [step, route] of Object.entries(d.routes)) if (step in d.steps) out[step] = route;
  return out;
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
  const ops = runOperations(config);
  for (const operation of [...ops.preService, ...ops.read, ...ops.write] as LoadOperation[]) {
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
    dialect: config.dialect,
    routes: routesOf(config),
    lacks: lackedSteps(config.dialect),
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
