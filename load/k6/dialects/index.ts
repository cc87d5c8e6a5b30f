// The dialect modules by name, and what a run's plan keeps of the envelope for one of them.
import type { LoadOperation } from "../cadence.ts";
import type { LoadDialect } from "../config.ts";
import { ELYX } from "./elyx.ts";
import { GENERIC } from "./generic.ts";
import { SINQRO } from "./sinqro.ts";
import { type Dialect, STEP_OPERATION, STEPS, type Step } from "./types.ts";

/** Every dialect the envelope speaks: the built-in ones, and those registered before the envelope loads. */
export const DIALECTS: Record<LoadDialect, Dialect> = { generic: GENERIC, elyx: ELYX, sinqro: SINQRO };

/**
 * Adds a dialect's request builders (the `dialect` export of the k6 module its descriptor names).
 * `npm run load` writes an entry script that registers the run's dialect, then loads the envelope.
 */
export function registerDialect(dialect: Dialect): void {
  const known = DIALECTS[dialect.name];
  if (known !== undefined && known !== dialect)
    throw new Error(`dialect '${dialect.name}' is registered twice`);
  DIALECTS[dialect.name] = dialect;
}

/** A registered dialect; throws naming the registered ones otherwise. */
export function dialectOf(name: LoadDialect): Dialect {
  const d = DIALECTS[name];
  if (d === undefined)
    throw new Error(
      `no request builders for the '${name}' dialect (registered: ${Object.keys(DIALECTS).join(", ")})`,
    );
  return d;
}

/** Whether a dialect has a step (a step it lacks is left out of the run). */
export function hasStep(dialect: LoadDialect, step: Step): boolean {
  return dialectOf(dialect).steps[step] !== undefined;
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
  const d = dialectOf(dialect);
  return STEPS.filter((s) => d.steps[s] === undefined).map((step) => ({ step, why: d.routes[step] }));
}
