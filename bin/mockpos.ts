#!/usr/bin/env -S node --max-semi-space-size=16 --expose-gc
// The flags as scripts/run.sh gives them: RSS that follows the live heap (README "Memory").
import {
  ConfigError,
  READS_ENV_AND_FILE,
  resolveCommand,
  serveConfigFrom,
  settingsFor,
} from "../simulator/config.ts";
import type { DialectDescriptor } from "../simulator/dialects/descriptor.ts";
import { dialectRegistry } from "../simulator/dialects/registry.ts";
import type { Setting } from "../simulator/settings/define.ts";
import { renderOptions } from "../simulator/settings/help.ts";
import { peekFlag } from "../simulator/settings/parse.ts";
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
  let extra: DialectDescriptor[] = [];
  if (command === "serve") {
    const code = await exitOnMistake("mockpos", USAGE, async () => {
      extra = await dialectModulesOf(rest);
      return 0;
    });
    if (code !== 0) return code;
  }
  const registry = dialectRegistry(extra);
  const settings = settingsFor(registry);
  const usage = command === "serve" || command === "run" ? commandUsage(command, settings) : USAGE;
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
    const { line, values } = resolveCommand(command, rest, process.env, settings);
    if (line.help) {
      process.stdout.write(usage);
      return 0;
    }
    return command === "serve"
      ? await serve(serveConfigFrom(values, registry), extra)
      : await run(values as unknown as RunSettings);
  });
}

const SYNOPSIS = {
  serve:
    "mockpos serve [options]\n\nThe simulator: every dialect over one virtual chain, with the admin API, docs and console.",
  run: "mockpos run --scenario FILE [--out FILE] [--journal-size N]\n\nPlays a scenario headless in virtual time and judges it: exit 0 when every invariant held.",
} as const;

/** `mockpos serve --help`, `mockpos run --help`: the command's synopsis and every option it takes. */
function commandUsage(command: "serve" | "run", settings: readonly Setting[]): string {
  const sources = { env: READS_ENV_AND_FILE[command], file: READS_ENV_AND_FILE[command] };
  return `Usage:\n  ${SYNOPSIS[command]}\n\nOptions:\n${renderOptions(command, settings, sources)}`;
}

/**
 * The dialects `--dialect-modules` (or MOCKPOS_DIALECT_MODULES) names, loaded before the rest of
 * the command line is read: each adds settings of its own (`--<name>-port`).
 */
async function dialectModulesOf(argv: readonly string[]): Promise<DialectDescriptor[]> {
  const flag = peekFlag(argv, "--dialect-modules");
  const list = flag ?? process.env.MOCKPOS_DIALECT_MODULES ?? "";
  const files = list
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  if (files.length === 0) return [];
  const { loadDialectModules } = await import("../simulator/dialects/modules.ts");
  const origin = flag === undefined ? "MOCKPOS_DIALECT_MODULES" : "--dialect-modules";
  try {
    const loaded = await loadDialectModules(files);
    dialectRegistry(loaded);
    return loaded;
  } catch (err) {
    throw new ConfigError(`${origin}: ${(err as Error).message}`);
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
