#!/usr/bin/env -S node --max-semi-space-size=16 --expose-gc
// The flags as scripts/run.sh gives them: RSS that follows the live heap (README "Memory").
import { exitOnMistake, parse, UsageError } from "./cli.ts";
import { run } from "./run.ts";
import { serve } from "./serve.ts";

const USAGE = `mockpos — a mock restaurant POS for building and testing POS connectors

Usage:
  mockpos serve [options]                  start the simulator
  mockpos run --scenario FILE [--out FILE] [--journal-size N]
                                           play a scenario headless in virtual time and judge it
  mockpos ingest [options]                 receive a push feed and report what is wrong with it
                                           (mockpos ingest --help)
  mockpos mock [options]                   mock mode: the simulator and the reference connector
                                           engine in one process, guests optional
                                           (mockpos mock --help)
  mockpos connector [options]              the reference connector engine as a process behind
                                           its driver protocol port (mockpos connector --help)
  mockpos conform [options] --out DIR      run the conformance suite against a connector (driven
                                           or observed); JUnit, JSON and HTML reports
                                           (mockpos conform --help)
  mockpos verify --target URL --dialect D --credentials FILE [options]
                                           check a POS vendor's API against the published pacts,
                                           OpenAPI documents and evaluation checklist
                                           (mockpos verify --help)

Options for run:
  --scenario FILE      the scenario to play (YAML or JSON)
  --out FILE           write the journal there, as NDJSON
  --journal-size N     requests kept in the journal and written to --out (default 1000000)

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
  --scenario FILE      play a scenario (YAML or JSON); it sets the chain and the clock (a --clock
                       given beside it runs the scenario's day at that speed from its start)
  --no-probe           with --scenario: no built-in probe connector (serve it to your own)
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
  --quirks LIST        answer like a weaker POS API, to prove \`mockpos verify\` fails where it
                       should: no-idempotency-replay, lock-as-500, shared-credentials,
                       slow-writes[=MS], renamed-field (also PUT /__admin/quirks)
  --reports DIR        where the console (/__console) finds the latest conform and verify
                       reports (default out)
  --config FILE        JSON file with any of: port, host, seed, locations, locale, journalSize,
                       clock, clockFactor, start, scenario, topology, dialects, elyxPort,
                       sinqroPort, locationPortBase, pushUrl, pushRouting, pushUser,
                       pushPassword, pushInterval, pushBatchSize, webhookUrl, webhookSecret,
                       webhookTimeout, reports
  -h, --help           this help

Environment: MOCKPOS_PORT, MOCKPOS_HOST, MOCKPOS_SEED, MOCKPOS_LOCATIONS, MOCKPOS_LOCALE,
MOCKPOS_JOURNAL_SIZE, MOCKPOS_CLOCK, MOCKPOS_CLOCK_FACTOR, MOCKPOS_START, MOCKPOS_SCENARIO,
MOCKPOS_TOPOLOGY, MOCKPOS_DIALECTS, MOCKPOS_ELYX_PORT, MOCKPOS_SINQRO_PORT,
MOCKPOS_LOCATION_PORT_BASE, MOCKPOS_PUSH_URL, MOCKPOS_PUSH_ROUTING, MOCKPOS_PUSH_USER,
MOCKPOS_PUSH_PASSWORD, MOCKPOS_PUSH_INTERVAL, MOCKPOS_PUSH_BATCH_SIZE, MOCKPOS_WEBHOOK_URL,
MOCKPOS_WEBHOOK_SECRET, MOCKPOS_WEBHOOK_TIMEOUT, MOCKPOS_REPORTS (flags win over
variables, variables over the config file).
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === "-h" || command === "--help" || command === "help") {
    process.stdout.write(USAGE);
    return command === undefined ? 2 : 0;
  }
  return exitOnMistake("mockpos", USAGE, async () => {
    if (command === "ingest") return await (await import("./ingest.ts")).runIngest(rest);
    if (command === "conform") return await (await import("./conform.ts")).runConform(rest);
    if (command === "verify") return await (await import("../verify/cli.ts")).runVerify(rest);
    if (command === "connector" || command === "mock") {
      const code =
        command === "connector"
          ? await (await import("./connector.ts")).runConnector(rest)
          : await (await import("./mock.ts")).runMock(rest);
      // The engine may still wait on a POS answer: its outbox holds that write as in flight, and
      // the next start settles it. Nothing is gained by waiting for the answer here.
      process.exit(code);
    }
    if (command !== "serve" && command !== "run") throw new UsageError(`unknown command '${command}'`);
    const values = parse(rest);
    if (values.help) {
      process.stdout.write(USAGE);
      return 0;
    }
    return command === "serve" ? await serve(values) : await run(values);
  });
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
