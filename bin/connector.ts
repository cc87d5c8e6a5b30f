import { parseArgs } from "node:util";
import { ConfigError as EngineConfigError, parseConfig } from "../connector/config.ts";
import type { Driver } from "../connector/driver/protocol.ts";
import { DRIVER_PREFIX } from "../contracts/driver/routes.ts";
import type { ClockSetting } from "../contracts/driver/schemas.ts";
import { ConfigError, readConfigFile } from "../simulator/config.ts";
import { exitOnMistake, UsageError, untilSignal } from "./cli.ts";

export const CONNECTOR_FLAGS = {
  port: { type: "string" },
  host: { type: "string" },
  config: { type: "string" },
  outbox: { type: "string" },
  "clock-factor": { type: "string" },
  "clock-origin": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

export const CONNECTOR_USAGE = `Usage: mockpos connector [options]

Runs the reference connector engine as a process. Its control port serves the driver protocol
(${DRIVER_PREFIX}: configure, place guest orders, observe) and, for a Sinqro chain, the webhook
intake (POST /webhooks/sinqro).

Options:
  --port N            control port (default 9090; 0 picks a free one)
  --host ADDR         interface to bind (default 127.0.0.1)
  --config FILE       engine configuration (JSON) to start with; without it the engine waits
                      for PUT ${DRIVER_PREFIX}/config
  --outbox FILE       the durable outbox (SQLite): overrides the configuration's \`outbox\`, also
                      in configurations PUT later, so a restarted process picks up what it owed
  --clock-factor F    with --config: the engine's time runs F times the wall clock (default 1)
  --clock-origin ISO  with --config: the instant the engine's clock shows as it starts (default now)
  -h, --help          this help
`;

/** Reads a number flag, or names it and says why not. */
function numberFlag(name: string, value: string | undefined, check: (n: number) => boolean, want: string) {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || !check(n))
    throw new ConfigError(`--${name}: ${want} (got "${value}")`);
  return n;
}

/**
 * `mockpos connector`: the engine behind its control port until SIGINT or SIGTERM; exit 2 (and
 * why, naming the flag or the configuration's field) on a mistake.
 */
export function runConnector(args: string[]): Promise<number> {
  return exitOnMistake("mockpos connector", CONNECTOR_USAGE, () => connector(args));
}

async function connector(args: string[]): Promise<number> {
  let values: ReturnType<typeof parseFlags>;
  try {
    values = parseFlags(args);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (values.help) {
    process.stdout.write(CONNECTOR_USAGE);
    return 0;
  }
  const port =
    numberFlag("port", values.port, (n) => Number.isInteger(n) && n >= 0 && n <= 65_535, "a port, 0-65535") ??
    9090;
  const host = values.host ?? "127.0.0.1";
  const factor = numberFlag(
    "clock-factor",
    values["clock-factor"],
    (n) => n > 0 && n <= 10_000,
    "a number above 0, at most 10000",
  );
  const originText = values["clock-origin"];
  const origin = originText === undefined ? undefined : Date.parse(originText);
  if (origin !== undefined && Number.isNaN(origin))
    throw new ConfigError(
      `--clock-origin: an ISO 8601 instant like 2026-03-14T11:30:00Z (got "${originText}")`,
    );
  if (values.config === undefined && (factor !== undefined || origin !== undefined))
    throw new UsageError(
      "--clock-factor and --clock-origin set the clock of --config: the driver sets it otherwise",
    );
  const outbox = values.outbox;
  const initial = values.config === undefined ? undefined : readEngineConfig(values.config, outbox);

  const [{ Engine }, { driverApp }, { listen }, { clockFromSetting }] = await Promise.all([
    import("../connector/engine/index.ts"),
    import("../connector/driver/server.ts"),
    import("../simulator/server.ts"),
    import("../connector/clock.ts"),
  ]);
  // Stamped with the engine's own time (scaled when the driver asks for it), the time of its views.
  const log = (line: string) => process.stderr.write(`${new Date(engine.now()).toISOString()} ${line}\n`);
  const engine: InstanceType<typeof Engine> = new Engine({
    clock: (setting: ClockSetting) => clockFromSetting(setting),
    // No fetch given: the engine's own, which trusts a configured `caFile`.
    log,
  });
  if (initial) {
    await engine.configure({
      config: initial,
      clock: { factor: factor ?? 1, ...(origin !== undefined ? { origin, startedAt: Date.now() } : {}) },
    });
  }
  const app = driverApp(pinnedOutbox(engine, outbox), {
    onError: (err) => log(`driver: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`),
  });
  // The Sinqro intake: the POS delivers its signed webhooks to the same port.
  const intake = engine.webhookHandler("sinqro");
  app.post("/webhooks/sinqro", (c) => intake(c.req.raw));

  let server: Awaited<ReturnType<typeof listen>>;
  try {
    server = await listen({ fetch: (request: Request) => app.fetch(request) }, { port, host });
  } catch (err) {
    process.stderr.write(`mockpos connector: cannot listen on ${host}:${port}: ${(err as Error).message}\n`);
    await engine.stop();
    return 1;
  }
  const stopped = untilSignal("mockpos connector");
  process.stdout.write(
    [
      `mockpos connector: driver protocol on ${server.url}${DRIVER_PREFIX}`,
      initial
        ? `  configured  ${initial.locations.length} location(s) from ${values.config}`
        : `  waiting     for PUT ${server.url}${DRIVER_PREFIX}/config`,
      `  outbox      ${outbox ?? initial?.outbox ?? "from the configuration (default :memory:)"}`,
      `  webhooks    POST ${server.url}/webhooks/sinqro`,
      `  contract    ${server.url}/openapi.json`,
      `  try         curl ${server.url}${DRIVER_PREFIX}/locations`,
      "",
    ].join("\n"),
  );
  await stopped;
  // What is still owed stays in the outbox for the next start.
  await engine.stop();
  await server.close();
  process.stdout.write("mockpos connector: stopped\n");
  return 0;
}

function parseFlags(args: string[]) {
  return parseArgs({ args, strict: true, allowPositionals: false, options: CONNECTOR_FLAGS }).values;
}

/** The engine configuration in `file`, checked, with the outbox overridden; a ConfigError naming each bad field otherwise. */
function readEngineConfig(file: string, outbox: string | undefined) {
  const raw = readConfigFile(file);
  return parseEngineConfig(file, outbox === undefined ? raw : { ...raw, outbox });
}

function parseEngineConfig(file: string, config: Record<string, unknown>) {
  try {
    parseConfig(config);
  } catch (err) {
    if (err instanceof EngineConfigError)
      throw new ConfigError(err.problems.map((p) => `--config ${file}: ${p.path}: ${p.reason}`).join("\n"));
    throw err;
  }
  return config as Record<string, unknown> & { locations: unknown[]; outbox?: string };
}

/**
 * The engine as the driver protocol serves it, its outbox pinned to `outbox` when one is given:
 * a process restarted with the same `--outbox` finds what it owed, whatever the driver sends.
 */
function pinnedOutbox(engine: Driver, outbox: string | undefined): Driver {
  return {
    hello: () => engine.hello(),
    configure: (input) =>
      engine.configure(outbox === undefined ? input : { ...input, config: { ...input.config, outbox } }),
    placeOrder: (input) => engine.placeOrder(input),
    appendRound: (ref, input) => engine.appendRound(ref, input),
    pay: (ref, input) => engine.pay(ref, input),
    kitchenMessage: (ref, input) => engine.kitchenMessage(ref, input),
    applyLoyalty: (ref, input) => engine.applyLoyalty(ref, input),
    order: (ref) => engine.order(ref),
    locations: () => engine.locations(),
    menu: (locationId) => engine.menu(locationId),
    stop: () => engine.stop(),
  };
}
