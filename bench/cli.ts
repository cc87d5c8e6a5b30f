import { type ParseArgsOptionsConfig, parseArgs } from "node:util";

/** A bad flag; the message names it. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** Strict flag parsing (no positionals, no unknown flags), with parse errors as UsageError. */
export function parseFlags<O extends ParseArgsOptionsConfig>(argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, strict: true, allowPositionals: false, options }).values;
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

export interface NumberRange {
  /** Smallest value allowed; with `above`, values must be greater than it. */
  min: number;
  max: number;
  integer?: boolean;
  above?: boolean;
}

/** A numeric flag's value, the fallback when absent; out of range is a UsageError naming the flag. */
export function numberFlag(
  flag: string,
  raw: string | undefined,
  fallback: number,
  range: NumberRange,
): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  const low = range.above ? n > range.min : n >= range.min;
  if (
    raw.trim() === "" ||
    !Number.isFinite(n) ||
    (range.integer && !Number.isInteger(n)) ||
    !low ||
    n > range.max
  ) {
    const kind = range.integer ? "an integer" : "a number";
    const from = range.above ? `above ${range.min}` : `from ${range.min}`;
    throw new UsageError(`${flag} must be ${kind} ${from} to ${range.max}, got '${raw}'`);
  }
  return n;
}

/**
 * Parses a benchmark's flags: the settings, or the exit code when there is nothing to run
 * (0 after printing the usage for --help, 2 after naming a bad flag).
 */
export function settingsOrExit<S>(
  argv: string[],
  parse: (argv: string[]) => S | "help",
  usage: string,
  name: string,
): S | number {
  let settings: S | "help";
  try {
    settings = parse(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`${name}: ${err.message}\n\n${usage}`);
    return 2;
  }
  if (settings === "help") {
    process.stdout.write(usage);
    return 0;
  }
  return settings;
}
