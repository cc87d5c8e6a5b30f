// The gates of a run. Per-operation thresholds also make k6 keep per-operation sub-metrics, which
// is where the summary's table comes from; the always-true ones exist for that reason alone.

import { FAILURE_CODES as POS_FAILURE_CODES } from "../../simulator/domain/errors.ts";
import { expectedIterations, PRE_SERVICE_OPERATIONS, plan } from "./cadence.ts";
import type { LoadConfig } from "./config.ts";
import { runOperations } from "./steps.ts";

/** Failure codes of the vocabulary (DESIGN.md), counted apart in the summary, with NETWORK (no answer) and OTHER. */
export const FAILURE_CODES = [...POS_FAILURE_CODES, "NETWORK", "OTHER"] as const;

/** Custom counter of failed requests, tagged with `operation` and the failure `code`. */
export const ERRORS_METRIC = "pos_errors";
/** Failures a mockpos fault rule asked for (X-Mockpos-Fault), by `operation` and `code`. */
export const INJECTED_METRIC = "pos_injected";
/** With injected faults: the rate of failures no rule accounts for — what the gates judge then. */
export const UNEXPECTED_METRIC = "pos_unexpected";

/** The rate metric the error gates read: every failure, or with injected faults the unexpected ones. */
export function failureMetric(config: Pick<LoadConfig, "injectedFaults">): string {
  return config.injectedFaults ? UNEXPECTED_METRIC : "http_req_failed";
}

const ms = (n: number) => Number(n.toFixed(3));

/** The latency series of an operation that gates judge: its service requests, warm-up left out. */
export function durationMetric(op: string): string {
  return (PRE_SERVICE_OPERATIONS as readonly string[]).includes(op)
    ? `http_req_duration{operation:${op}}`
    : `http_req_duration{operation:${op},phase:service}`;
}

/** A threshold kept only so that k6 keeps the sub-metric for the report; not a gate. */
export const INFO_THRESHOLD = "count>=0";
/** The same, for a trend (k6 has no `count` aggregation on trends in thresholds). */
export const INFO_TREND_THRESHOLD = "max>=0";

/** Polls a run of `locations` may drop: none, unless `maxDroppedShare` allows a share of those due. */
export function droppedAllowed(config: LoadConfig, locations: number): number {
  if (config.maxDroppedShare === 0) return 0;
  const due = plan(config).reduce((n, c) => n + expectedIterations(c, config, locations), 0);
  return Math.floor(config.maxDroppedShare * due);
}

/**
 * k6 `thresholds` for a run of `locations` with these budgets: every operation its dialect sends,
 * and no other.
 */
export function thresholds(config: LoadConfig, locations = 0): Record<string, string[]> {
  const ops = runOperations(config);
  const failed = failureMetric(config);
  const dropped = droppedAllowed(config, locations);
  const out: Record<string, string[]> = {
    [failed]: [`rate<=${config.maxErrorRate}`],
    dropped_iterations: [dropped === 0 ? "count==0" : `count<=${dropped}`],
    // The headline figure of the envelope: every request of the service phase together.
    "http_req_duration{phase:service}": [`p(99)<${ms(Math.max(config.readP99Ms, config.writeP99Ms))}`],
  };
  const gate = (ops: readonly string[], p95: number, p99: number) => {
    // k6 keeps `med`, not `p(50)`, in the summary the report reads a gate's figure from.
    const median = config.p50Ms > 0 ? [`med<${ms(config.p50Ms)}`] : [];
    for (const op of ops) {
      out[durationMetric(op)] = [...median, `p(95)<${ms(p95)}`, `p(99)<${ms(p99)}`];
      out[`${failed}{operation:${op}}`] = [`rate<=${config.maxErrorRate}`];
    }
  };
  gate(ops.read, config.readP95Ms, config.readP99Ms);
  gate(ops.write, config.writeP95Ms, config.writeP99Ms);
  for (const op of ops.preService) {
    out[durationMetric(op)] = [`p(99)<${ms(config.preServiceP99Ms)}`];
    out[`${failed}{operation:${op}}`] = [`rate<=${config.maxErrorRate}`];
  }
  out["http_req_duration{phase:warm-up}"] = [INFO_TREND_THRESHOLD];
  for (const code of FAILURE_CODES) {
    out[`${ERRORS_METRIC}{code:${code}}`] = [INFO_THRESHOLD];
    if (config.injectedFaults) out[`${INJECTED_METRIC}{code:${code}}`] = [INFO_THRESHOLD];
  }
  for (const c of plan(config)) {
    out[`iterations{scenario:${c.scenario}}`] = [INFO_THRESHOLD];
    out[`dropped_iterations{scenario:${c.scenario}}`] = [INFO_THRESHOLD];
  }
  return out;
}
