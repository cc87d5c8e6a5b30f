import { createMockPos } from "./app.ts";
import { VirtualClock } from "./clock/index.ts";
import type { Verdict } from "./scenario/invariants.ts";
import { startScenario } from "./scenario/runtime.ts";
import type { Scenario } from "./scenario/schema.ts";

export interface RunResult {
  /** The journal as NDJSON, one entry a line: byte-identical for the same scenario. */
  journal: string;
  verdicts: Verdict[];
  stats: { activity: Record<string, number> | null; probe: Record<string, number> | null };
  requests: number;
  /** How often each fault rule fired. */
  faults: Record<string, number>;
}

export interface RunOptions {
  /** Journal ring size for the run. Default 1,000,000 entries. */
  journalSize?: number;
  /** Called after each simulated hour. */
  onHour?: (hour: number) => void;
}

/**
 * Plays a scenario headless (it builds the whole app, so it sits beside app.ts, above the
 * scenario runtime the app itself uses), on a virtual clock, through the real HTTP app in-process (no
 * sockets): the whole `duration` runs as fast as the machine allows.
 */
export async function runScenario(scenario: Scenario, options: RunOptions = {}): Promise<RunResult> {
  const clock = new VirtualClock(Date.parse(scenario.clock.start));
  const { app, sim } = createMockPos({
    clock,
    journalSize: options.journalSize ?? 1_000_000,
    ...scenario.chain,
  });
  const run = startScenario(sim, async (path, init) => app.request(path, init), scenario);
  const hour = 3_600_000;
  for (let elapsed = 0; elapsed < scenario.duration; elapsed += hour) {
    await clock.advance(Math.min(hour, scenario.duration - elapsed));
    options.onHour?.(Math.floor((elapsed + hour) / hour));
  }
  run.stop();
  const faults = Object.fromEntries(sim.faults.rules.map((r) => [r.rule.id, r.hits]));
  let journal = "";
  for (const entry of sim.journal.entries()) journal += `${JSON.stringify(entry)}\n`;
  return { journal, verdicts: run.verdicts(), stats: run.stats(), requests: sim.journal.total, faults };
}
