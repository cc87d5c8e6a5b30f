import type { MockPos } from "../app.ts";
import { ScaledClock, VirtualClock } from "../clock/index.ts";
import type { Simulator } from "../state.ts";
import type { ClockRunner } from "./clock-runner.ts";
import { localDateTime } from "./html.ts";

export interface ConsoleOptions {
  /** Where the latest conformance and verify reports are looked for (default `out`, from the working directory). */
  reports?: string;
  /** Where the scenario library is (default the repository's `scenarios/`). */
  scenarios?: string;
}

/** What every page and route of the console reads. */
export interface ConsoleContext {
  mock: MockPos;
  sim: Simulator;
  reports: string;
  scenarios: string;
  runner: ClockRunner;
  /** Tells every open console that something changed (its live parts refetch). */
  changed(): void;
}

/** The home timezone the console shows the clock in: the first location's. */
export function homeZone(sim: Simulator): string {
  return sim.chain.locations[0]?.timezone ?? "UTC";
}

/** The clock in one line: kind, speed, local time in the chain's home timezone. */
export function clockLine(ctx: ConsoleContext): string {
  const { sim } = ctx;
  const clock = sim.clock;
  const zone = homeZone(sim);
  const time = `${localDateTime(clock.now(), zone)} ${zone}`;
  if (clock instanceof ScaledClock) return `scaled ${clock.factor}× · ${time}`;
  if (clock instanceof VirtualClock) {
    const running = ctx.runner.speed;
    return `virtual · ${running === null ? "paused" : `running ${running}×`} · ${time}`;
  }
  return `real · ${time}`;
}
