import { ADAPTERS, type AdapterName } from "../connector/adapters/index.ts";
import type { HttpDriver } from "../connector/driver/client.ts";
import { type EngineFactory, inProcessStage } from "./stage/in-process.ts";
import { servedStage } from "./stage/served.ts";
import type { Check, Mode, Run, Stage, Verdict } from "./types.ts";

/**
 * Where the connector under test runs: built in the suite's process on a virtual clock, or a
 * process of its own reached over its control port (the driver protocol) on a scaled clock.
 */
export type Target =
  | { kind: "in-process"; engine: EngineFactory }
  | { kind: "process"; driver: HttpDriver; controlUrl: string };

export interface CheckResult {
  check: string;
  title: string;
  rule: string;
  dialect: AdapterName;
  mode: Mode;
  verdict: Verdict;
  /** The run behind the verdict (absent when the check was not applicable before it ran). */
  run?: Run;
  /** Wall-clock milliseconds the check took. */
  tookMs: number;
}

export interface SuiteOptions {
  dialects: readonly AdapterName[];
  mode: Mode;
  target: Target;
  /** Seeds every chain: the same seed, the same run. */
  seed?: string;
  /** With a process target: how much faster than the wall clock the checks' time runs (default 30). */
  timeScale?: number;
  /** Told of each result as it comes (the CLI prints it). */
  onResult?: (result: CheckResult) => void;
}

/** Whether a check can run at all against this dialect in this mode, and why not. */
export function applicability(check: Check, dialect: AdapterName, mode: Mode): string | null {
  if (check.needsGuests && mode === "observe")
    return "not applicable in observe mode: the check needs the suite to act as a guest through the connector";
  const has = ADAPTERS[dialect].capabilities;
  if (check.needsAny && !check.needsAny.some((c) => has.has(c)))
    return `not applicable to ${dialect}: the dialect has no ${check.needsAny.join(" or ")}`;
  return null;
}

/** Plays one check on a fresh stage and judges it. Never throws: a broken run is a failed check. */
export async function runCheck(
  check: Check,
  dialect: AdapterName,
  options: SuiteOptions,
): Promise<CheckResult> {
  const began = performance.now();
  const base = { check: check.id, title: check.title, rule: check.rule, dialect, mode: options.mode };
  const na = applicability(check, dialect, options.mode);
  if (na !== null)
    return { ...base, verdict: { status: "not_applicable", summary: na, evidence: [] }, tookMs: 0 };
  let opened: Awaited<ReturnType<typeof openStage>>;
  try {
    opened = await openStage(check, dialect, options);
  } catch (err) {
    const summary = `the stage could not be set up: ${err instanceof Error ? err.message : String(err)}`;
    const tookMs = Math.round(performance.now() - began);
    return { ...base, verdict: { status: "fail", summary, evidence: [] }, tookMs };
  }
  const { stage, finish } = opened;
  let notes: Run["notes"] = {};
  let crashed: unknown;
  try {
    notes = await check.play(stage);
  } catch (err) {
    crashed = err;
  }
  const run = await finish(notes);
  const verdict: Verdict =
    crashed === undefined
      ? safeJudge(check, run)
      : {
          status: "fail",
          summary: `the scenario could not be played: ${crashed instanceof Error ? crashed.message : String(crashed)}`,
          evidence: [],
        };
  return { ...base, verdict, run, tookMs: Math.round(performance.now() - began) };
}

/** A fresh stage for one check: in process on a virtual clock, or served for a connector process. */
function openStage(
  check: Check,
  dialect: AdapterName,
  options: SuiteOptions,
): Promise<{ stage: Stage; finish(notes: Run["notes"]): Run | Promise<Run> }> {
  const common = {
    dialect,
    mode: options.mode,
    locations: check.locations ?? 3,
    seed: `${options.seed ?? "conformance"}:${check.id}`,
  };
  const target = options.target;
  return target.kind === "in-process"
    ? inProcessStage({ ...common, engine: target.engine })
    : servedStage({
        ...common,
        driver: target.driver,
        controlUrl: target.controlUrl,
        timeScale: options.timeScale ?? 30,
      });
}

function safeJudge(check: Check, run: Run): Verdict {
  try {
    return check.judge(run);
  } catch (err) {
    return {
      status: "fail",
      summary: `the judgement failed: ${err instanceof Error ? err.message : String(err)}`,
      evidence: [],
    };
  }
}

/** Every check against every dialect, one after another. */
export async function runSuite(checks: readonly Check[], options: SuiteOptions): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const dialect of options.dialects)
    for (const check of checks) {
      const result = await runCheck(check, dialect, options);
      options.onResult?.(result);
      results.push(result);
    }
  return results;
}
