import { z } from "zod";
import type { CheckResult } from "../run.ts";

const Iso = z.iso.datetime({ offset: true });

export const ReportEvidence = z
  .object({
    /** When, on the simulator's clock. */
    at: Iso,
    /** Minutes and seconds after the run began (`+12:30`); null when the check never ran. */
    offset: z.string().nullable(),
    text: z.string(),
    /** The journal entry it is about, when there is one. */
    seq: z.number().int().optional(),
  })
  .strict();

export const ReportResult = z
  .object({
    check: z.string(),
    title: z.string(),
    rule: z.string(),
    dialect: z.string(),
    mode: z.enum(["drive", "observe"]),
    status: z.enum(["pass", "fail", "not_applicable"]),
    summary: z.string(),
    evidence: z.array(ReportEvidence),
    timings: z
      .object({
        /** Wall-clock milliseconds the check took. */
        tookMs: z.number().int().min(0),
        /** The run's bounds on the simulator's clock; null when the check did not run. */
        start: Iso.nullable(),
        end: Iso.nullable(),
        simulatedMs: z.number().int().min(0).nullable(),
      })
      .strict(),
    /** Requests the judgement read (the run's journal); null when the check did not run. */
    requests: z.number().int().min(0).nullable(),
  })
  .strict();

export const Report = z
  .object({
    format: z.literal("mockpos-conformance-report"),
    version: z.literal(1),
    generatedAt: Iso,
    mode: z.enum(["drive", "observe"]),
    /** What was judged: `in-process <module>`, `process <command>`, `url <url>`, `journal <file>`. */
    target: z.string(),
    seed: z.string().nullable(),
    /** With a connector process: how much faster than the wall clock the checks ran. */
    timeScale: z.number().nullable(),
    dialects: z.array(z.string()),
    counts: z
      .object({
        passed: z.number().int(),
        failed: z.number().int(),
        notApplicable: z.number().int(),
        total: z.number().int(),
      })
      .strict(),
    /** What the reader should know about the run (a journal cut short, locations guessed). */
    warnings: z.array(z.string()),
    results: z.array(ReportResult),
  })
  .strict();

export type Report = z.infer<typeof Report>;
export type ReportResult = z.infer<typeof ReportResult>;

export interface ReportMeta {
  generatedAt: number;
  mode: "drive" | "observe";
  target: string;
  seed?: string;
  timeScale?: number;
  dialects: readonly string[];
  warnings?: readonly string[];
}

const iso = (ms: number) => new Date(ms).toISOString();

/** `+m:ss` after `start`. */
export function offsetText(start: number, ms: number): string {
  const s = Math.round((ms - start) / 1000);
  const sign = s < 0 ? "-" : "+";
  const a = Math.abs(s);
  return `${sign}${Math.floor(a / 60)}:${String(a % 60).padStart(2, "0")}`;
}

/** Tallies of results by status. */
export function counts(results: readonly CheckResult[]): Report["counts"] {
  const of = (s: string) => results.filter((r) => r.verdict.status === s).length;
  return {
    passed: of("pass"),
    failed: of("fail"),
    notApplicable: of("not_applicable"),
    total: results.length,
  };
}

/** Every result as `report.json` keeps it: verdicts, evidence and timings; no journal. */
export function buildReport(results: readonly CheckResult[], meta: ReportMeta): Report {
  return {
    format: "mockpos-conformance-report",
    version: 1,
    generatedAt: iso(meta.generatedAt),
    mode: meta.mode,
    target: meta.target,
    seed: meta.seed ?? null,
    timeScale: meta.timeScale ?? null,
    dialects: [...meta.dialects],
    counts: counts(results),
    warnings: [...(meta.warnings ?? [])],
    results: results.map((r) => ({
      check: r.check,
      title: r.title,
      rule: r.rule,
      dialect: r.dialect,
      mode: r.mode,
      status: r.verdict.status,
      summary: r.verdict.summary,
      evidence: r.verdict.evidence.map((e) => ({
        at: iso(e.at),
        offset: r.run ? offsetText(r.run.start, e.at) : null,
        text: e.text,
        ...(e.seq !== undefined ? { seq: e.seq } : {}),
      })),
      timings: {
        tookMs: Math.max(0, Math.round(r.tookMs)),
        start: r.run ? iso(r.run.start) : null,
        end: r.run ? iso(r.run.end) : null,
        simulatedMs: r.run ? Math.max(0, Math.round(r.run.end - r.run.start)) : null,
      },
      requests: r.run ? r.run.journal.length : null,
    })),
  };
}
