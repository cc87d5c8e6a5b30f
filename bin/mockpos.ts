#!/usr/bin/env node
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import type { Clock } from "../simulator/clock/index.ts";
import { ConfigError, resolveServeConfig, type ServeConfig } from "../simulator/config.ts";
import type { Scenario } from "../simulator/scenario/schema.ts";

const USAGE = `mockpos — a mock restaurant POS for building and testing POS connectors

Usage:
  mockpos serve [options]                  start the simulator
  mockpos run --scenario FILE [--out FILE] play a scenario headless in virtual time and judge it

Options for serve:
  --port N             port to listen on (default 8080; 0 picks a free one)
  --host ADDR          interface to bind (default 127.0.0.1)
  --seed TEXT          seed of the virtual chain (default "mockpos")
  --locations N        number of locations, 1-10000 (default 3)
  --locale CODE        en, es, fr or pl (default en)
  --journal-size N     requests kept in the journal (default 10000)
  --clock MODE         real (default), scaled or virtual (stepped with POST /__admin/clock/advance)
  --clock-factor F     with --clock scaled: how much faster than real time (60: a minute a second)
  --start ISO          where scaled or virtual time starts (default now)
  --scenario FILE      play a scenario (YAML or JSON); it sets the chain and the clock
  --config FILE        JSON file with any of: port, host, seed, locations, locale, journalSize,
                       clock, clockFactor, start, scenario
  -h, --help           this help

Environment: MOCKPOS_PORT, MOCKPOS_HOST, MOCKPOS_SEED, MOCKPOS_LOCATIONS, MOCKPOS_LOCALE,
MOCKPOS_JOURNAL_SIZE, MOCKPOS_CLOCK, MOCKPOS_CLOCK_FACTOR, MOCKPOS_START, MOCKPOS_SCENARIO
(flags win over variables, variables over the config file).
`;

const SERVE_FLAGS = {
  port: { type: "string" },
  host: { type: "string" },
  seed: { type: "string" },
  locations: { type: "string" },
  locale: { type: "string" },
  "journal-size": { type: "string" },
  clock: { type: "string" },
  "clock-factor": { type: "string" },
  start: { type: "string" },
  scenario: { type: "string" },
  config: { type: "string" },
  out: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

class UsageError extends Error {}

function parse(args: string[]) {
  try {
    return parseArgs({ args, strict: true, allowPositionals: false, options: SERVE_FLAGS }).values;
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

async function loadScenario(file: string): Promise<Scenario> {
  const { loadScenarioFile, ScenarioError } = await import("../simulator/scenario/load.ts");
  try {
    return loadScenarioFile(file);
  } catch (err) {
    if (err instanceof ScenarioError)
      throw new ConfigError(`--scenario: ${file} is not a valid scenario\n${err.message}`);
    throw err;
  }
}

async function serve(values: ReturnType<typeof parse>): Promise<number> {
  if (values.out !== undefined) throw new UsageError("--out belongs to `mockpos run`");
  const config = resolveServeConfig(
    {
      port: values.port,
      host: values.host,
      seed: values.seed,
      locations: values.locations,
      locale: values.locale,
      journalSize: values["journal-size"],
      clock: values.clock,
      clockFactor: values["clock-factor"],
      start: values.start,
      scenario: values.scenario,
    },
    process.env,
    values.config,
  );
  const scenario = config.scenario === undefined ? undefined : await loadScenario(config.scenario);
  // Loaded only once the configuration is known to be good, so a mistake is reported at once.
  const [{ createMockPos }, { listen }, clocks, runtime] = await Promise.all([
    import("../simulator/app.ts"),
    import("../simulator/server.ts"),
    import("../simulator/clock/index.ts"),
    import("../simulator/scenario/runtime.ts"),
  ]);
  const clock: Clock = scenario ? runtime.scenarioClock(scenario) : makeClock(config, clocks);
  const { app, sim, scenarios } = createMockPos({
    seed: config.seed,
    locations: config.locations,
    locale: config.locale,
    journalSize: config.journalSize,
    clock,
  });
  if (scenario) scenarios.load(scenario);
  let server: Awaited<ReturnType<typeof listen>>;
  try {
    server = await listen(app, { port: config.port, host: config.host });
  } catch (err) {
    process.stderr.write(
      `mockpos: cannot listen on ${config.host}:${config.port}: ${(err as Error).message}\n`,
    );
    return 1;
  }
  // Handlers go in before the banner: whoever reads the banner may signal at once.
  const stopped = new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      process.stdout.write(`mockpos: ${signal} received, shutting down\n`);
      resolve();
    };
    process.once("SIGINT", () => stop("SIGINT"));
    process.once("SIGTERM", () => stop("SIGTERM"));
  });
  const first = sim.chain.locations[0];
  const { seed, locale } = sim.options;
  process.stdout.write(
    [
      `mockpos listening on ${server.url}  (chain "${sim.chain.name}", ${sim.chain.locations.length} location(s), seed "${seed}", locale ${locale}, ${clock.kind} clock)`,
      scenario
        ? `  scenario    ${scenario.name}: ${sim.faults.rules.length} fault rule(s); ${server.url}/__admin/scenario`
        : "",
      `  docs        ${server.url}/docs`,
      `  contract    ${server.url}/openapi.json`,
      `  locations   ${server.url}/__admin/chain   (credentials of every location)`,
      first
        ? `  try         curl -H 'X-Api-Key: ${first.credentials.apiKey}' ${server.url}/v1/locations/${first.id}/menu`
        : "",
      "",
    ]
      .filter((line, i, all) => line !== "" || i === all.length - 1)
      .join("\n"),
  );
  await stopped;
  scenarios.unload();
  await server.close();
  process.stdout.write("mockpos: stopped\n");
  return 0;
}

function makeClock(config: ServeConfig, clocks: typeof import("../simulator/clock/index.ts")): Clock {
  const origin = config.start === undefined ? undefined : Date.parse(config.start);
  if (config.clock === "virtual") return new clocks.VirtualClock(origin ?? Date.now());
  if (config.clock === "scaled") return new clocks.ScaledClock({ factor: config.clockFactor ?? 1, origin });
  return new clocks.RealClock();
}

async function run(values: ReturnType<typeof parse>): Promise<number> {
  if (values.scenario === undefined) throw new UsageError("run needs --scenario FILE");
  const others = Object.keys(values).filter((k) => !["scenario", "out", "journal-size"].includes(k));
  if (others.length > 0)
    throw new UsageError(`run takes --scenario, --out and --journal-size, not --${others.join(", --")}`);
  const scenario = await loadScenario(values.scenario);
  const { runScenario } = await import("../simulator/scenario/run.ts");
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

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === "-h" || command === "--help" || command === "help") {
    process.stdout.write(USAGE);
    return command === undefined ? 2 : 0;
  }
  try {
    if (command !== "serve" && command !== "run") throw new UsageError(`unknown command '${command}'`);
    const values = parse(rest);
    if (values.help) {
      process.stdout.write(USAGE);
      return 0;
    }
    return command === "serve" ? await serve(values) : await run(values);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`mockpos: ${err.message}\n\n${USAGE}`);
      return 2;
    }
    if (err instanceof ConfigError) {
      process.stderr.write(`mockpos: invalid configuration\n${err.message.replace(/^/gm, "  ")}\n`);
      return 2;
    }
    throw err;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`mockpos: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  },
);
