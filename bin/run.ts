import { writeFileSync } from "node:fs";
import { ConfigError } from "../simulator/config.ts";
import { loadScenario, type parse, UsageError } from "./cli.ts";

/** `mockpos run`: a scenario headless in virtual time; exit 0 when every invariant held. */
export async function run(values: ReturnType<typeof parse>): Promise<number> {
  if (values.scenario === undefined) throw new UsageError("run needs --scenario FILE");
  const others = Object.keys(values).filter((k) => !["scenario", "out", "journal-size"].includes(k));
  if (others.length > 0)
    throw new UsageError(`run takes --scenario, --out and --journal-size, not --${others.join(", --")}`);
  const scenario = await loadScenario(values.scenario);
  const { runScenario } = await import("../simulator/run.ts");
  const started = performance.now();
  const journalSize = values["journal-size"] === undefined ? undefined : Number(values["journal-size"]);
  if (journalSize !== undefined && !(Number.isInteger(journalSize) && journalSize > 0)) {
    throw new ConfigError(`--journal-size: must be a positive integer (got "${values["journal-size"]}")`);
  }
  const result = await runScenario(scenario, { journalSize });
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(
    `scenario ${scenario.name}: ${scenario.duration / 60_000} simulated minutes in ${seconds.toFixed(1)} s, ${result.requests} requests\n`,
  );
  for (const v of result.verdicts)
    process.stdout.write(`  ${v.holds ? "ok  " : "FAIL"} ${v.invariant}: ${v.detail}\n`);
  if (values.out) {
    writeFileSync(values.out, result.journal);
    process.stdout.write(`journal written to ${values.out}\n`);
  }
  return result.verdicts.every((v) => v.holds) ? 0 : 1;
}
