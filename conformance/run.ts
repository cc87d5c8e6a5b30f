import { ADAPTERS, type AdapterName } from "../connector/adapters/index.ts";
import { type EngineFactory, inProcessStage } from "./stage/in-process.ts";
import type { Check, Mode, Run, Verdict } from "./types.ts";

/** Where the connector under test runs. */
export type Target = { kind: "in-process"; engine: EngineFactory };

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
  const { stage, finish } = await inProcessStage({
    dialect,
    mode: options.mode,
    locations: check.locations ?? 3,
    seed: `${options.seed ?? "conformance"}:${check.id}`,
    engine: options.target.engine,
  });
  let notes: Run["notes"] = {};
  let crashed: unknown;
  try {
    notes = await check.play(stage);
  } catch (err) {
    crashed = err;
  }
  const run = finish(notes);
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
    for (const check of checks) results.push(await runCheck(check, dialect, options));
  return results;
}
