import { ConfigError } from "../simulator/config.ts";
import type { Scenario } from "../simulator/scenario/schema.ts";
import { UsageError } from "../simulator/settings/errors.ts";

export { UsageError };

/** A scenario file, or a ConfigError saying where it is wrong. */
export async function loadScenario(file: string): Promise<Scenario> {
  const { loadScenarioFile, ScenarioError } = await import("../simulator/scenario/load.ts");
  try {
    return loadScenarioFile(file);
  } catch (err) {
    if (err instanceof ScenarioError)
      throw new ConfigError(`--scenario: ${file} is not a valid scenario\n${err.message}`);
    throw err;
  }
}

/**
 * Resolves with the signal's name at the first SIGINT or SIGTERM, having said so on stdout as
 * `<prefix>: SIGTERM received, shutting down`. Install it before printing a banner: whoever
 * reads the banner may signal at once.
 */
export function untilSignal(prefix: string): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: string) => {
      process.off("SIGINT", onInt);
      process.off("SIGTERM", onTerm);
      process.stdout.write(`${prefix}: ${signal} received, shutting down\n`);
      resolve(signal);
    };
    const onInt = () => stop("SIGINT");
    const onTerm = () => stop("SIGTERM");
    process.once("SIGINT", onInt);
    process.once("SIGTERM", onTerm);
  });
}

/**
 * Runs a command and turns its mistakes into what a user sees: a UsageError prints the message
 * and `usage` (exit 2), a ConfigError the settings it names (exit 2); anything else is thrown.
 */
export async function exitOnMistake(
  name: string,
  usage: string,
  run: () => Promise<number>,
): Promise<number> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`${name}: ${err.message}\n\n${usage}`);
      return 2;
    }
    if (err instanceof ConfigError) {
      process.stderr.write(`${name}: invalid configuration\n${err.message.replace(/^/gm, "  ")}\n`);
      return 2;
    }
    throw err;
  }
}
