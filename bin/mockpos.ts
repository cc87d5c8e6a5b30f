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
  mockpos ingest [options]                 receive a push feed and report what is wrong with it
                                           (mockpos ingest --help)

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
  --topology T        central (default: one port per dialect for every location), per-location
                       (each location its own server and port), hybrid (menus central, orders local)
  --dialects LIST      dialects to serve: generic,elyx,sinqro (default all three)
  --elyx-port N        central port of the Elyx-style API (default 8082)
  --sinqro-port N      central port of the Sinqro-style API (default 8083)
  --location-port-base N  per-location ports: dialect k (in --dialects order), location i (from 0)
                       listens on N + 1000k + i (default 9000; 0: any free ports)
  --push-url URL       push the catalog and closed sales (haddock style) to this ingest API
  --push-routing R     per-location (default: each location its own Basic login) or venue
                       (one login, --push-user / --push-password, venueID on every record)
  --push-interval S    seconds between push cycles (default 60, in the simulator's clock)
  --push-batch-size N  orders per batch, 1-500 (default 100)
  --webhook-url URL    send signed Sinqro-style webhooks (order and reservation status, catalog,
                       availability) to this listener; needs --webhook-secret S (8+ characters)
  --webhook-timeout MS an attempt unanswered after this long fails (default 2000, simulator clock)
  --config FILE        JSON file with any of: port, host, seed, locations, locale, journalSize,
                       clock, clockFactor, start, scenario, topology, dialects, elyxPort,
                       sinqroPort, locationPortBase, pushUrl, pushRouting, pushUser,
                       pushPassword, pushInterval, pushBatchSize, webhookUrl, webhookSecret,
                       webhookTimeout
  -h, --help           this help

Environment: MOCKPOS_PORT, MOCKPOS_HOST, MOCKPOS_SEED, MOCKPOS_LOCATIONS, MOCKPOS_LOCALE,
MOCKPOS_JOURNAL_SIZE, MOCKPOS_CLOCK, MOCKPOS_CLOCK_FACTOR, MOCKPOS_START, MOCKPOS_SCENARIO,
MOCKPOS_TOPOLOGY, MOCKPOS_DIALECTS, MOCKPOS_ELYX_PORT, MOCKPOS_SINQRO_PORT,
MOCKPOS_LOCATION_PORT_BASE, MOCKPOS_PUSH_URL, MOCKPOS_PUSH_ROUTING, MOCKPOS_PUSH_USER,
MOCKPOS_PUSH_PASSWORD, MOCKPOS_PUSH_INTERVAL, MOCKPOS_PUSH_BATCH_SIZE, MOCKPOS_WEBHOOK_URL,
MOCKPOS_WEBHOOK_SECRET, MOCKPOS_WEBHOOK_TIMEOUT (flags win over
variables, variables over the config file).
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
  topology: { type: "string" },
  dialects: { type: "string" },
  "elyx-port": { type: "string" },
  "sinqro-port": { type: "string" },
  "location-port-base": { type: "string" },
  "push-url": { type: "string" },
  "push-routing": { type: "string" },
  "push-user": { type: "string" },
  "push-password": { type: "string" },
  "push-interval": { type: "string" },
  "push-batch-size": { type: "string" },
  "webhook-url": { type: "string" },
  "webhook-secret": { type: "string" },
  "webhook-timeout": { type: "string" },
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
      topology: values.topology,
      dialects: values.dialects,
      elyxPort: values["elyx-port"],
      sinqroPort: values["sinqro-port"],
      locationPortBase: values["location-port-base"],
      pushUrl: values["push-url"],
      pushRouting: values["push-routing"],
      pushUser: values["push-user"],
      pushPassword: values["push-password"],
      pushInterval: values["push-interval"],
      pushBatchSize: values["push-batch-size"],
      webhookUrl: values["webhook-url"],
      webhookSecret: values["webhook-secret"],
      webhookTimeout: values["webhook-timeout"],
    },
    process.env,
    values.config,
  );
  const scenario = config.scenario === undefined ? undefined : await loadScenario(config.scenario);
  // Loaded only once the configuration is known to be good, so a mistake is reported at once.
  const [{ createMockPos }, topology, { serveTopology }, clocks, runtime] = await Promise.all([
    import("../simulator/app.ts"),
    import("../simulator/topology/plan.ts"),
    import("../simulator/topology/serve.ts"),
    import("../simulator/clock/index.ts"),
    import("../simulator/scenario/runtime.ts"),
  ]);
  const clock: Clock = scenario ? runtime.scenarioClock(scenario) : makeClock(config, clocks);
  const mock = createMockPos({
    seed: config.seed,
    locations: config.locations,
    locale: config.locale,
    journalSize: config.journalSize,
    clock,
  });
  const { sim, scenarios } = mock;
  if (scenario) scenarios.load(scenario);
  let plan: ReturnType<typeof topology.planTopology>;
  try {
    plan = topology.planTopology({
      topology: config.topology,
      dialects: config.dialects,
      ports: { generic: config.port, elyx: config.elyxPort, sinqro: config.sinqroPort },
      locationPortBase: config.locationPortBase,
      locations: sim.chain.locations.map((l) => l.id),
    });
  } catch (err) {
    throw new ConfigError((err as Error).message);
  }
  let deployment: Awaited<ReturnType<typeof serveTopology>>;
  try {
    deployment = await serveTopology(mock, plan, config.host);
  } catch (err) {
    process.stderr.write(`mockpos: cannot listen on ${config.host}: ${(err as Error).message}\n`);
    return 1;
  }
  if (config.webhookUrl !== undefined && config.webhookSecret !== undefined) {
    sim.configureWebhooks({
      url: config.webhookUrl,
      secret: config.webhookSecret,
      timeoutMs: config.webhookTimeout,
    });
  }
  const feed = config.pushUrl === undefined ? undefined : await startFeed(mock.sim, config, config.pushUrl);
  const main = deployment.listeners.find((l) => l.main);
  if (!main) throw new Error("a deployment always has a main listener");
  const server = { url: main.url };
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
  const menuOfFirst = deployment.listeners.find(
    (l) =>
      l.dialect === "generic" &&
      (l.scope.locations === null || (first && l.scope.locations.includes(first.id))) &&
      (l.scope.operations === null || l.scope.operations.includes("menu.get")),
  );
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
      ...listenerLines(deployment.listeners, config.topology),
      config.pushUrl
        ? `  push feed   ${config.pushUrl} (${config.pushRouting}, every ${config.pushInterval} s)`
        : "",
      config.webhookUrl ? `  webhooks    ${config.webhookUrl} (signed; ${server.url}/__admin/webhooks)` : "",
      first && menuOfFirst
        ? `  try         curl -H 'X-Api-Key: ${first.credentials.apiKey}' ${menuOfFirst.url}/v1/locations/${first.id}/menu`
        : "",
      "",
    ]
      .filter((line, i, all) => line !== "" || i === all.length - 1)
      .join("\n"),
  );
  await stopped;
  scenarios.unload();
  feed?.stop();
  sim.configureWebhooks(null);
  await deployment.close();
  process.stdout.write("mockpos: stopped\n");
  return 0;
}

type Listener = Awaited<
  ReturnType<typeof import("../simulator/topology/serve.ts").serveTopology>
>["listeners"][number];

// A long per-location list would bury the banner: show a few and point at the admin API.
function listenerLines(listeners: Listener[], topology: string): string[] {
  const shown = listeners.filter((l) => l.scope.locations === null || l.scope.locations.length !== 1);
  const local = listeners.filter((l) => l.scope.locations?.length === 1);
  const lines = shown
    .filter((l) => !(l.main && l.scope.operations?.length === 0))
    .map(
      (l) =>
        `  ${l.name.padEnd(16)} ${l.url}${l.scope.operations ? `   (${l.scope.operations.join(", ")})` : ""}`,
    );
  for (const l of local.slice(0, 3)) lines.push(`  ${l.name.padEnd(16)} ${l.url}`);
  if (local.length > 3)
    lines.push(`  …                ${local.length - 3} more ${topology} listeners: /__admin/topology`);
  return lines;
}

async function startFeed(sim: import("../simulator/state.ts").Simulator, config: ServeConfig, url: string) {
  const { startPushFeed } = await import("../simulator/push/index.ts");
  const credential =
    config.pushUser !== undefined && config.pushPassword !== undefined
      ? { username: config.pushUser, password: config.pushPassword }
      : undefined;
  return startPushFeed(sim, {
    url,
    routing: config.pushRouting,
    credential,
    interval: config.pushInterval * 1000,
    batchSize: config.pushBatchSize,
    onCycle: (r) => {
      if (r.catalogBatches + r.salesBatches + r.failures.length === 0) return;
      const failed = r.failures.length === 0 ? "" : `, ${r.failures.length} failed: ${r.failures[0]?.reason}`;
      process.stdout.write(
        `push: ${r.catalogBatches} catalog and ${r.salesBatches} sales batch(es) accepted, ` +
          `${r.ordersCreated} order(s) new, ${r.ordersUpdated} updated${failed}\n`,
      );
    },
  });
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
    if (command === "ingest") return await (await import("./ingest.ts")).runIngest(rest);
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
