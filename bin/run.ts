import { writeFileSync } from "node:fs";
import { loadScenario } from "./cli.ts";

/** The settings of `mockpos run`, resolved (simulator/config.ts lists them). */
export interface RunSettings {
  scenario: string;
  out?: string;
  journalSize: number;
}

/** `mockpos run`: a scenario headless in virtual time; exit 0 when every invariant held. */
export async function run(settings: RunSettings): Promise<number> {
  const scenario = await loadScenario(settings.scenario);
  const { runScenario } = await import("../simulator/run.ts");
  const started = performance.now();
  const result = await runScenario(scenario, { journalSize: settings.journalSize });
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(
    `scenario ${scenario.name}: ${scenario.duration / 60_000} simulated minutes in ${seconds.toFixed(1)} s, ${result.requests} requests\n`,
  );
  for (const v of result.verdicts)
    process.stdout.write(`  ${v.holds ? "ok  " : "FAIL"} ${v.invariant}: ${v.detail}\n`);
  if (settings.out) {
    writeFileSync(settings.out, result.journal);
    process.stdout.write(`journal written to ${settings.out}\n`);
  }
  return result.verdicts.every((v) => v.holds) ? 0 : 1;
}
