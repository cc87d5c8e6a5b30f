#!/usr/bin/env node
import { READS_ENV_AND_FILE, resolveCommand, serveConfigFrom, settingsFor } from "../simulator/config.ts";
import { renderOptions } from "../simulator/settings/help.ts";
import { exitOnMistake, UsageError } from "./cli.ts";
import { type RunSettings, run } from "./run.ts";
import { serve } from "./serve.ts";

const USAGE = `mockpos — a mock restaurant POS for building and testing POS connectors

Usage:
  mockpos serve [options]                  start the simulator (mockpos serve --help)
  mockpos run --scenario FILE [--out FILE] [--journal-size N]
                                           play a scenario headless in virtual time and judge it
                                           (mockpos run --help)
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

Each command's options: mockpos COMMAND --help.
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === "-h" || command === "--help" || command === "help") {
    process.stdout.write(USAGE);
    return command === undefined ? 2 : 0;
  }
  const usage = command === "serve" || command === "run" ? commandUsage(command) : USAGE;
  return exitOnMistake("mockpos", usage, async () => {
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
    const { line, values } = resolveCommand(command, rest, process.env);
    if (line.help) {
      process.stdout.write(commandUsage(command));
      return 0;
    }
    return command === "serve"
      ? await serve(serveConfigFrom(values))
      : await run(values as unknown as RunSettings);
  });
}

const SYNOPSIS = {
  serve:
    "mockpos serve [options]\n\nThe simulator: every dialect over one virtual chain, with the admin API, docs and console.",
  run: "mockpos run --scenario FILE [--out FILE] [--journal-size N]\n\nPlays a scenario headless in virtual time and judges it: exit 0 when every invariant held.",
} as const;

/** `mockpos serve --help`, `mockpos run --help`: the command's synopsis and every option it takes. */
function commandUsage(command: "serve" | "run"): string {
  const sources = { env: READS_ENV_AND_FILE[command], file: READS_ENV_AND_FILE[command] };
  return `Usage:\n  ${SYNOPSIS[command]}\n\nOptions:\n${renderOptions(command, settingsFor(), sources)}`;
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
