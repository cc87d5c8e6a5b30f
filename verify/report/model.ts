import type { InteractionResult } from "../pact.ts";
import type { StateEvent } from "../states/log.ts";
import type { Exchange } from "../wire.ts";

/**
 * pass / fail: a machine judged it. not_verified: it should have been judged and could not be
 * (a state that could not be set up, no location set aside for testing, k6 missing…) — never a
 * pass. question: only a person can answer it; the report asks.
 */
export type Verdict = "pass" | "fail" | "not_verified" | "question";

export interface PointResult {
  /** `pacts`, `schema`, or the checklist point `1` … `8`. */
  id: string;
  title: string;
  /** The evaluation checklist's own question (seed 003), for points 1 to 8. */
  question: string | null;
  /** How verify judges it, or why it cannot. */
  how: string;
  verdict: Verdict;
  summary: string;
  evidence: string[];
  /** The exchanges that decided it (wire sequence numbers), shown request and answer. */
  decisive: number[];
  tookMs: number;
}

export interface LoadFigures {
  verdict: "pass" | "fail";
  locations: number;
  writable: number;
  compress: number;
  durationS: number;
  ordersPerHour: number;
  requests: number;
  gates: { metric: string; expression: string; ok: boolean; value: number | null }[];
  operations: {
    operation: string;
    requests: number;
    p50Ms: number | null;
    p99Ms: number | null;
    errorRate: number | null;
  }[];
  files: string[];
}

export interface VerifyReport {
  format: "mockpos-verify-report";
  version: 1;
  generatedAt: string;
  target: string;
  dialect: string;
  contract: string;
  pacts: string;
  states: string;
  credentials: { locations: number; testing: string[]; rule: "marked" | "all" };
  settings: Record<string, string | number>;
  counts: { passed: number; failed: number; notVerified: number; questions: number; total: number };
  /** Exit code of the run: 0 every automated point passed, 1 otherwise. */
  exitCode: 0 | 1;
  points: PointResult[];
  interactions: InteractionResult[];
  stateEvents: StateEvent[];
  load: LoadFigures | null;
  requests: { sent: number; refused: number; budget: { rate: number; max: number } };
  exchanges: Exchange[];
  warnings: string[];
}

export function counts(points: readonly PointResult[]): VerifyReport["counts"] {
  const of = (v: Verdict) => points.filter((p) => p.verdict === v).length;
  return {
    passed: of("pass"),
    failed: of("fail"),
    notVerified: of("not_verified"),
    questions: of("question"),
    total: points.length,
  };
}
