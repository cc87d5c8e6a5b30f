import type { Clock } from "../simulator/clock/index.ts";
import { ConfigError, resolveServeConfig, type ServeConfig } from "../simulator/config.ts";
import type { Simulator } from "../simulator/state.ts";
import { loadScenario, type parse, UsageError } from "./cli.ts";

/** `mockpos serve`: the simulator on the listeners of its topology, until SIGINT or SIGTERM. */
export async function serve(values: ReturnType<typeof parse>): Promise<number> {
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

async function startFeed(sim: Simulator, config: ServeConfig, url: string) {
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
