// The dialect modules by name, and what a run's plan keeps of the envelope for one of them.
import type { LoadOperation } from "../cadence.ts";
import type { LoadDialect } from "../config.ts";
import { ELYX } from "./elyx.ts";
import { GENERIC } from "./generic.ts";
import { SINQRO } from "./sinqro.ts";
import { type Dialect, STEP_OPERATION, STEPS, type Step } from "./types.ts";

/** Every dialect the envelope speaks. */
export const DIALECTS: Record<LoadDialect, Dialect> = { generic: GENERIC, elyx: ELYX, sinqro: SINQRO };

/** Whether a dialect has a step (a step it lacks is left out of the run). */
export function hasStep(dialect: LoadDialect, step: Step): boolean {
  return DIALECTS[dialect].steps[step] !== undefined;
}

/** The canonical operations of these steps that the dialect sends, in order, once each. */
export function operationsOf(dialect: LoadDialect, steps: readonly Step[]): LoadOperation[] {
  const out: LoadOperation[] = [];
  for (const step of steps) {
    const op = STEP_OPERATION[step];
    if (hasStep(dialect, step) && !out.includes(op)) out.push(op);
  }
  return out;
}

/** The steps a dialect lacks, each with why (its `routes` entry). */
export function lackedSteps(dialect: LoadDialect): { step: Step; why: string }[] {
  const d = DIALECTS[dialect];
  return STEPS.filter((s) => d.steps[s] === undefined).map((step) => ({ step, why: d.routes[step] }));
}
