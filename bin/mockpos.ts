#!/usr/bin/env node
import { parseArgs } from "node:util";
import { ConfigError, resolveServeConfig } from "../simulator/config.ts";

const USAGE = `mockpos — a mock restaurant POS for building and testing POS connectors

Usage:
  mockpos serve [options]     start the simulator

Options for serve:
  --port N             port to listen on (default 8080; 0 picks a free one)
  --host ADDR          interface to bind (default 127.0.0.1)
  --seed TEXT          seed of the virtual chain (default "mockpos")
  --locations N        number of locations, 1-10000 (default 3)
  --locale CODE        en, es, fr or pl (default en)
  --journal-size N     requests kept in the journal (default 10000)
  --config FILE        JSON file with any of: port, host, seed, locations, locale, journalSize
  -h, --help           this help

Environment: MOCKPOS_PORT, MOCKPOS_HOST, MOCKPOS_SEED, MOCKPOS_LOCATIONS, MOCKPOS_LOCALE,
MOCKPOS_JOURNAL_SIZE (flags win over variables, variables over the config file).
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === "-h" || command === "--help" || command === "help") {
    process.stdout.write(USAGE);
    return command === undefined ? 2 : 0;
  }
  if (command !== "serve") {
    process.stderr.write(`mockpos: unknown command '${command}'\n\n${USAGE}`);
    return 2;
  }
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: rest,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: "string" },
        host: { type: "string" },
        seed: { type: "string" },
        locations: { type: "string" },
        locale: { type: "string" },
        "journal-size": { type: "string" },
        config: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (err) {
    process.stderr.write(`mockpos: ${(err as Error).message}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const str = (v: string | boolean | undefined) => (typeof v === "string" ? v : undefined);
  let config: ReturnType<typeof resolveServeConfig>;
  try {
    config = resolveServeConfig(
      {
        port: str(values.port),
        host: str(values.host),
        seed: str(values.seed),
        locations: str(values.locations),
        locale: str(values.locale),
        journalSize: str(values["journal-size"]),
      },
      process.env,
      str(values.config),
    );
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`mockpos: invalid configuration\n${err.message.replace(/^/gm, "  ")}\n`);
    return 2;
  }
  // Loaded only once the configuration is known to be good, so a mistake is reported at once.
  const [{ createMockPos }, { listen }] = await Promise.all([
    import("../simulator/app.ts"),
    import("../simulator/server.ts"),
  ]);
  const { app, sim } = createMockPos({
    seed: config.seed,
    locations: config.locations,
    locale: config.locale,
    journalSize: config.journalSize,
  });
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
  process.stdout.write(
    [
      `mockpos listening on ${server.url}  (chain "${sim.chain.name}", ${sim.chain.locations.length} location(s), seed "${config.seed}", locale ${config.locale})`,
      `  docs        ${server.url}/docs`,
      `  contract    ${server.url}/openapi.json`,
      `  locations   ${server.url}/__admin/chain   (credentials of every location)`,
      first
        ? `  try         curl -H 'X-Api-Key: ${first.credentials.apiKey}' ${server.url}/v1/locations/${first.id}/menu`
        : "",
      "",
    ].join("\n"),
  );
  await stopped;
  await server.close();
  process.stdout.write("mockpos: stopped\n");
  return 0;
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
