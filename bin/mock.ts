import { randomBytes } from "node:crypto";
import type { AdapterName } from "../connector/adapters/index.ts";
import { DRIVER_PREFIX } from "../contracts/driver/routes.ts";
import { type Clock, ScaledClock } from "../simulator/clock/index.ts";
import {
  ConfigError,
  READS_ENV_AND_FILE,
  resolveCommand,
  serveConfigFrom,
  settingsFor,
} from "../simulator/config.ts";
import { renderOptions } from "../simulator/settings/help.ts";
import { exitOnMistake, untilSignal } from "./cli.ts";
import { startSimulator } from "./serve.ts";

/** `mockpos mock --help`: what mock mode is, then every option it takes (simulator/config.ts). */
export function mockUsage(): string {
  return `Usage: mockpos mock [options]

Mock mode: the simulator and the reference connector engine in one process, on one clock, the
engine configured with every location of the chain in one dialect. For building against a POS
before any POS is at hand: act as guests through the engine's driver protocol (or let built-in
guests do it), act as staff in the simulator, break things with faults, watch both sides. The
simulator's options are \`mockpos serve\`'s (a scenario gives its chain, clock, activity and
faults, not its probe).

Options:
${renderOptions("mock", settingsFor(), { env: READS_ENV_AND_FILE.mock, file: READS_ENV_AND_FILE.mock })}`;
}

/** `mockpos mock`: mock mode until SIGINT or SIGTERM; exit 2 naming the setting on a mistake. */
export function runMock(args: string[]): Promise<number> {
  return exitOnMistake("mockpos mock", mockUsage(), () => mock(args));
}

async function mock(args: string[]): Promise<number> {
  const { line, values } = resolveCommand("mock", args, process.env);
  if (line.help) {
    process.stdout.write(mockUsage());
    return 0;
  }
  const dialect = values.dialect as AdapterName;
  const controlPort = values.controlPort as number;
  const perHour = values.guestsPerHour as number;
  const config = serveConfigFrom(values);
  if (config.topology === "hybrid")
    throw new ConfigError(
      "--topology: mock mode points the engine at one URL per location: central or per-location, not hybrid",
    );
  if (!config.dialects.includes(dialect))
    throw new ConfigError(
      `--dialects: the engine speaks ${dialect}, so serve it (got ${config.dialects.join(",")})`,
    );
  if (dialect === "sinqro" && config.webhookUrl !== undefined)
    throw new ConfigError("--webhook-url: in mock mode the Sinqro webhooks go to the engine's intake");

  const served = await startSimulator(config, { probe: false });
  if (!served) return 1;
  const [{ Engine }, { driverApp }, { listen }, { engineConfigFor }, { startGuests }] = await Promise.all([
    import("../connector/engine/index.ts"),
    import("../connector/driver/server.ts"),
    import("../simulator/server.ts"),
    import("../connector/mock/config.ts"),
    import("../connector/mock/guests.ts"),
  ]);
  const { sim } = served.mock;
  // Stamped with the simulator's time, the time of every view, journal entry and order it logs.
  const log = (line: string) =>
    process.stderr.write(`${new Date(served.clock.now()).toISOString()} engine: ${line}\n`);
  // The simulator's own clock: both sides see the same time, scaled or virtual alike.
  // The engine's own fetch (global fetch, or one trusting `--tls self-signed`'s CA file).
  const engine = new Engine({ clock: served.clock, log });
  const app = driverApp(engine, {
    onError: (err) => log(`driver: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`),
  });
  const intake = engine.webhookHandler("sinqro");
  app.post("/webhooks/sinqro", (c) => intake(c.req.raw));
  let control: Awaited<ReturnType<typeof listen>>;
  try {
    control = await listen(
      { fetch: (request: Request) => app.fetch(request) },
      { port: controlPort, host: config.host },
    );
  } catch (err) {
    process.stderr.write(
      `mockpos mock: cannot listen on ${config.host}:${controlPort}: ${(err as Error).message}\n`,
    );
    await served.close();
    return 1;
  }

  // Each location at the listener that serves it in the engine's dialect.
  const listeners = served.deployment.listeners.filter((l) => l.dialect === dialect);
  const urlOf = (locationId: string) => {
    const own = listeners.find((l) => l.scope.locations?.includes(locationId));
    const central = listeners.find((l) => l.scope.locations === null);
    const url = (own ?? central)?.url;
    if (url === undefined) throw new Error(`no ${dialect} listener serves ${locationId}`);
    return url;
  };
  const webhookSecret = dialect === "sinqro" ? randomBytes(16).toString("hex") : undefined;
  await engine.configure({
    config: {
      seed: sim.options.seed,
      ...engineConfigFor(sim.chain, dialect, urlOf),
      ...(webhookSecret !== undefined ? { webhookSecret } : {}),
      ...(served.tls?.ca ? { caFile: served.tls.ca.file } : {}),
      // Timeouts wait in real seconds: on a clock F times faster, 10 s of it would be 10/F s of
      // wall time, and a POS on this machine is no faster for the clock being scaled.
      ...realTimeouts(served.clock),
    },
  });
  const webhookUrl = `${control.url}/webhooks/sinqro`;
  if (webhookSecret !== undefined)
    sim.configureWebhooks({ url: webhookUrl, secret: webhookSecret, timeoutMs: config.webhookTimeout });
  const guests =
    perHour > 0
      ? await startGuests({
          driver: engine,
          clock: served.clock,
          perHour,
          seed: `${sim.options.seed}:guests`,
          tables: (id) =>
            sim.chain.locations.find((l) => l.id === id)?.areas.flatMap((a) => a.tables.map((t) => t.id)) ??
            [],
          log: (line) => process.stdout.write(`guests: ${line}\n`),
        })
      : null;

  const stopped = untilSignal("mockpos mock");
  const driverUrl = `${control.url}${DRIVER_PREFIX}`;
  const banner = served.banner("mockpos mock").filter((line) => !line.startsWith("  try "));
  process.stdout.write(
    [
      ...banner,
      `  engine      ${driverUrl}   (reference connector engine: ${dialect}, ${sim.chain.locations.length} location(s); driver protocol ${control.url}/openapi.json)`,
      webhookSecret !== undefined ? `  webhooks    sinqro → ${webhookUrl} (signed)` : "",
      `  guests      ${perHour > 0 ? `${perHour} party(ies) per location per hour` : "none (--guests-per-hour N for some)"}`,
      `  try         curl ${driverUrl}/locations`,
      "",
    ]
      .filter((line, i, all) => line !== "" || i === all.length - 1)
      .join("\n"),
  );
  await stopped;
  guests?.stop();
  // The simulator first: the engine's requests in flight get their answers before it stops.
  await served.close();
  await engine.stop();
  await control.close();
  process.stdout.write("mockpos mock: stopped\n");
  return 0;
}

/** The engine's default timeouts (10 s reads, 20 s writes) in wall-clock time, on any clock. */
function realTimeouts(clock: Clock): { readTimeoutMs: number; writeTimeoutMs: number } {
  const factor = clock instanceof ScaledClock ? clock.factor : 1;
  return { readTimeoutMs: Math.round(10_000 * factor), writeTimeoutMs: Math.round(20_000 * factor) };
}
