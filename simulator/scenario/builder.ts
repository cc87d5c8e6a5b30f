import type { FaultRuleInput } from "../faults/schema.ts";
import { ScenarioError } from "./load.ts";
import { type InvariantName, Scenario, type ScenarioInput } from "./schema.ts";

type Section<K extends keyof ScenarioInput> = NonNullable<ScenarioInput[K]>;

// Required fields (clock.start, duration) may be missing until build(): the schema checks them there.
type Draft = Omit<Partial<ScenarioInput>, "clock"> & { name: string; clock?: Partial<Section<"clock">> };

/**
 * A scenario in code, step by step. Every step returns a new builder, so a base scenario can
 * be shared and varied; nothing is checked until `build()`, which validates with the same zod
 * schema as the files and names the bad field.
 */
export class ScenarioBuilder {
  readonly #draft: Draft;

  constructor(draft: Draft) {
    this.#draft = draft;
  }

  #with(patch: Omit<Draft, "name">): ScenarioBuilder {
    return new ScenarioBuilder({ ...this.#draft, ...patch });
  }

  /** What the scenario reproduces and why it matters. */
  describe(description: string): ScenarioBuilder {
    return this.#with({ description });
  }

  /** Seed, number of locations and locale of the chain; merged into what was set before. */
  chain(chain: Section<"chain">): ScenarioBuilder {
    return this.#with({ chain: { ...this.#draft.chain, ...chain } });
  }

  /** Where time starts (`start`, ISO with offset), and the clock's mode and factor; merged. */
  clock(clock: Partial<Section<"clock">>): ScenarioBuilder {
    return this.#with({ clock: { ...this.#draft.clock, ...clock } });
  }

  /** How long a run plays: `4h`, `90m`, or milliseconds. */
  duration(duration: Section<"duration">): ScenarioBuilder {
    return this.#with({ duration });
  }

  /** The staff's activity (see simulator/activity/options.ts); merged into what was set before. */
  activity(activity: Section<"activity">): ScenarioBuilder {
    return this.#with({ activity: { ...this.#draft.activity, ...activity } });
  }

  /** The built-in probe connector's traffic; merged into what was set before. */
  probe(probe: Section<"probe">): ScenarioBuilder {
    return this.#with({ probe: { ...this.#draft.probe, ...probe } });
  }

  /** Adds fault rules, after the ones already there. */
  fault(...rules: FaultRuleInput[]): ScenarioBuilder {
    return this.#with({ faults: [...(this.#draft.faults ?? []), ...rules] });
  }

  /**
   * Adds a fault rule active from `from` until `to` (ISO instants, or `+90m` after the
   * scenario's start); `undefined` leaves that end open.
   */
  at(from: string | undefined, to: string | undefined, rule: FaultRuleInput): ScenarioBuilder {
    const when = {
      ...rule.when,
      ...(from === undefined ? {} : { from }),
      ...(to === undefined ? {} : { to }),
    };
    return this.fault({ ...rule, when });
  }

  /**
   * The invariants that must hold at the end. Without a call, all of them; the first call
   * narrows to the ones named, later calls add to them.
   */
  expect(...invariants: InvariantName[]): ScenarioBuilder {
    return this.#with({ invariants: [...new Set([...(this.#draft.invariants ?? []), ...invariants])] });
  }

  /** The validated scenario; a ScenarioError names each bad field and why. */
  build(): Scenario {
    const result = Scenario.safeParse(this.#draft);
    if (result.success) return result.data;
    throw new ScenarioError(
      `scenario ${this.#draft.name}`,
      result.error.issues.map((issue) => ({ path: fieldPath(issue.path), message: issue.message })),
    );
  }
}

function fieldPath(path: readonly PropertyKey[]): string {
  let text = "";
  for (const part of path) {
    if (typeof part === "number") text += `[${part}]`;
    else text += text === "" ? String(part) : `.${String(part)}`;
  }
  return text;
}

/** Starts a scenario named `name` (lower-case letters, digits and -). */
export function scenario(name: string): ScenarioBuilder {
  return new ScenarioBuilder({ name });
}
