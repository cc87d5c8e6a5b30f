import { z } from "zod";
import type { RuleBase } from "../faults/kind.ts";
import { Duration, FaultRule, LocalTime } from "../faults/schema.ts";

/** What a scenario can demand of a run; each is checked by simulator/scenario/invariants.ts. */
export const INVARIANTS = [
  "totals-match-lines",
  "paid-orders-balance",
  "no-double-create",
  "shifts-reconcile",
  "no-unexplained-server-errors",
  "locks-release",
] as const;

export type InvariantName = (typeof INVARIANTS)[number];

const Range = z.tuple([z.number().min(0), z.number().min(0)]);

const Activity = z
  .object({
    enabled: z.boolean().default(true),
    intensity: z.union([z.number().min(0), z.record(z.string(), z.number().min(0))]).optional(),
    curve: z
      .array(z.object({ at: LocalTime, perHour: z.number().min(0) }).strict())
      .min(1)
      .optional(),
    takeAwayShare: z.number().min(0).max(1).optional(),
    lockProbability: z.number().min(0).max(1).optional(),
    lockDurationMs: Range.optional(),
    editProbability: z.number().min(0).max(1).optional(),
    voidProbability: z.number().min(0).max(1).optional(),
    tipProbability: z.number().min(0).max(1).optional(),
    sellOutsPerDay: Range.optional(),
    priceChangesPerDay: Range.optional(),
    prepTime: LocalTime.optional(),
  })
  .strict();

const Probe = z
  .object({
    enabled: z.boolean().default(true),
    /** Guest orders the probe connector places per location per hour (Poisson). */
    ordersPerHour: z.number().min(0).max(600).default(4),
    /** Share of the probe's orders that are dine-in pay-later with a second round. */
    payLaterShare: z.number().min(0).max(1).default(0.5),
  })
  .strict();

/**
 * A scenario: the chain, the clock, what happens in the restaurants, the faults on a timeline,
 * and what must hold at the end. Files are YAML or JSON with this shape. Its faults are rules
 * of the given kinds' schema (a simulator's own kinds, when it was given more than the built-in ones).
 */
export function scenarioSchema<R extends RuleBase>(faultRule: z.ZodType<R, unknown>) {
  return z
    .object({
      name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, "lower-case letters, digits and - (up to 64)"),
      description: z.string().max(2000).optional(),
      chain: z
        .object({
          seed: z.string().min(1).max(200).default("mockpos"),
          locations: z.number().int().min(1).max(10_000).default(3),
          locale: z.enum(["en", "es", "fr", "pl"]).default("en"),
        })
        .strict()
        .default({ seed: "mockpos", locations: 3, locale: "en" }),
      clock: z
        .object({
          mode: z.enum(["real", "scaled", "virtual"]).default("virtual"),
          /** Where the scenario's time starts; `+duration` instants in fault rules count from here. */
          start: z.iso.datetime({ offset: true }),
          factor: z.number().positive().max(100_000).optional(),
        })
        .strict()
        .refine((c) => c.mode !== "scaled" || c.factor !== undefined, {
          message: "a scaled clock needs a factor",
          path: ["factor"],
        }),
      /** How long `mockpos run` plays the scenario. */
      duration: Duration,
      activity: Activity.default({ enabled: true }),
      probe: Probe.default({ enabled: true, ordersPerHour: 4, payLaterShare: 0.5 }),
      faults: z.array(faultRule).default([]),
      invariants: z.array(z.enum(INVARIANTS)).default([...INVARIANTS]),
    })
    .strict()
    .superRefine((scenario, ctx) => {
      scenario.faults.forEach((rule, i) => {
        if (scenario.faults.findIndex((r) => r.id === rule.id) !== i) {
          ctx.addIssue({
            code: "custom",
            message: `fault id '${rule.id}' is used twice`,
            path: ["faults", i, "id"],
          });
        }
      });
    });
}

/** A scenario whose faults are rules of the built-in kinds. */
export const Scenario = scenarioSchema(FaultRule);

export type ScenarioInput = z.input<typeof Scenario>;
/** A validated scenario; `R` is its rules' type (any kind's, for a simulator given more kinds). */
export type Scenario<R extends RuleBase = FaultRule> = Omit<z.output<typeof Scenario>, "faults"> & {
  faults: R[];
};
