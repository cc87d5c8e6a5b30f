import { type Activity, startActivity } from "../activity/index.ts";
import { type Clock, RealClock, ScaledClock, VirtualClock } from "../clock/index.ts";
import type { RuleBase } from "../faults/kind.ts";
import type { Simulator } from "../state.ts";
import { checkInvariants, type Verdict } from "./invariants.ts";
import { type Fetcher, type Probe, startProbe } from "./probe.ts";
import type { Scenario } from "./schema.ts";

/** A scenario playing on a simulator. */
export interface ScenarioRun {
  readonly scenario: Scenario<RuleBase>;
  readonly startedAt: number;
  verdicts(): Verdict[];
  stats(): { activity: Record<string, number> | null; probe: Record<string, number> | null };
  stop(): void;
}

/** The clock a scenario asks for, starting at its start instant. */
export function scenarioClock(scenario: Scenario<RuleBase>): Clock {
  const start = Date.parse(scenario.clock.start);
  if (scenario.clock.mode === "virtual") return new VirtualClock(start);
  if (scenario.clock.mode === "scaled")
    return new ScaledClock({ factor: scenario.clock.factor ?? 1, origin: start });
  return new RealClock();
}

/**
 * Puts a scenario in force: its chain, its fault rules as the baseline (`+duration` instants
 * count from now), the staff's activity and the probe connector.
 */
export function startScenario(sim: Simulator, fetcher: Fetcher, scenario: Scenario<RuleBase>): ScenarioRun {
  sim.configure(scenario.chain);
  sim.faults.setBaseline(scenario.faults);
  const { enabled: activityOn, ...activityOptions } = scenario.activity;
  const activity: Activity | null = activityOn ? startActivity(sim, activityOptions) : null;
  const probe: Probe | null = scenario.probe.enabled
    ? startProbe(fetcher, sim.clock, sim.chain.locations, { ...scenario.probe, seed: sim.options.seed })
    : null;
  const startedAt = sim.clock.now();
  return {
    scenario,
    startedAt,
    verdicts: () => checkInvariants(sim, scenario.invariants),
    stats: () => ({
      activity: activity ? { ...activity.stats().events } : null,
      probe: probe?.stats() ?? null,
    }),
    stop() {
      activity?.stop();
      probe?.stop();
    },
  };
}

/** Holds the scenario a running server plays, so the admin API can swap it. */
export class ScenarioController {
  #run: ScenarioRun | null = null;
  readonly #sim: Simulator;
  readonly #fetcher: Fetcher;

  constructor(sim: Simulator, fetcher: Fetcher) {
    this.#sim = sim;
    this.#fetcher = fetcher;
  }

  get current(): ScenarioRun | null {
    return this.#run;
  }

  load(scenario: Scenario<RuleBase>): ScenarioRun {
    this.#run?.stop();
    this.#run = startScenario(this.#sim, this.#fetcher, scenario);
    return this.#run;
  }

  /** Stops the scenario's activity and probe and takes its fault rules out of force. */
  unload(): void {
    this.#run?.stop();
    this.#run = null;
    this.#sim.faults.setBaseline([]);
  }
}
