import { readFileSync } from "node:fs";
import type { Command, Setting } from "./define.ts";
import { ConfigError, UsageError } from "./errors.ts";
import { closest } from "./suggest.ts";

/** What the command line said: the settings given by flag (text, or true for a switch), and the meta flags. */
export interface CommandLine {
  flags: Record<string, string | true>;
  help: boolean;
  /** `--config FILE`, for the commands that read one. */
  config: string | undefined;
}

/**
 * Reads `argv` against the settings of `command` (plus `--help`, and `--config` when `withConfig`):
 * `--flag value`, `--flag=value`, switches without a value. A flag the command does not take is
 * a UsageError that suggests the nearest one, or names the command it belongs to.
 */
export function parseCommandLine(
  command: Command,
  argv: readonly string[],
  all: readonly Setting[],
  withConfig: boolean,
): CommandLine {
  const own = all.filter((s) => s.commands.includes(command));
  const byFlag = new Map(own.map((s) => [s.flag, s]));
  const line: CommandLine = { flags: {}, help: false, config: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "-h" || arg === "--help") {
      line.help = true;
      continue;
    }
    if (!arg.startsWith("--")) throw new UsageError(`Unexpected argument '${arg}': options start with --`);
    const eq = arg.indexOf("=");
    const flag = eq < 0 ? arg : arg.slice(0, eq);
    const inline = eq < 0 ? undefined : arg.slice(eq + 1);
    const known = byFlag.get(flag);
    const takesValue = known ? known.value !== undefined : flag === "--config" && withConfig;
    if (!known && !takesValue) throw new UsageError(unknownFlag(command, flag, own, all, withConfig));
    let value: string | true = true;
    if (takesValue) {
      const next = argv[i + 1];
      if (inline !== undefined) value = inline;
      else if (next !== undefined && !next.startsWith("--")) {
        value = next;
        i++;
      } else throw new UsageError(`Option '${flag} ${known?.value ?? "FILE"}' needs a value`);
    } else if (inline !== undefined) throw new UsageError(`Option '${flag}' takes no value`);
    if (known) line.flags[known.key] = value;
    else line.config = value as string;
  }
  return line;
}

function unknownFlag(
  command: Command,
  flag: string,
  own: readonly Setting[],
  all: readonly Setting[],
  withConfig: boolean,
): string {
  const elsewhere = all.find((s) => s.flag === flag);
  if (elsewhere)
    return `Unknown option '${flag}': it belongs to \`mockpos ${elsewhere.commands.join("` and `mockpos ")}\``;
  const flags = [...own.map((s) => s.flag), "--help", ...(withConfig ? ["--config"] : [])];
  const near = closest(flag, flags);
  return `Unknown option '${flag}'${near ? ` — did you mean ${near}?` : ""} (mockpos ${command} --help lists them)`;
}

/**
 * The value of `flag` on the command line, read before the rest is parsed (a setting that decides
 * which other settings there are); the last one given wins, as in parseCommandLine.
 */
export function peekFlag(argv: readonly string[], flag: string): string | undefined {
  let value: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === flag && argv[i + 1] !== undefined) value = argv[i + 1];
    else if (arg.startsWith(`${flag}=`)) value = arg.slice(flag.length + 1);
  }
  return value;
}

/** Where each value came from, to name it in messages the way the user gave it. */
export type Origins = Map<string, string>;

/**
 * Merges the sources, lowest first: defaults (the schemas'), the config file, MOCKPOS_*
 * variables, flags. Returns the raw values (still text or JSON) and where each came from.
 */
export function mergeSources(
  settings: readonly Setting[],
  line: CommandLine,
  env: Record<string, string | undefined>,
  readEnv: boolean,
): { merged: Record<string, unknown>; origins: Origins } {
  const merged: Record<string, unknown> = {};
  const origins: Origins = new Map();
  if (line.config !== undefined) {
    const fromFile = readConfigFile(line.config);
    const keys = new Set(settings.filter((s) => s.inFile).map((s) => s.key));
    const unknown = Object.keys(fromFile).filter((k) => !keys.has(k));
    if (unknown.length > 0) {
      const hints = unknown.map((k) => {
        const near = closest(k, [...keys]);
        return `'${k}'${near ? ` (did you mean '${near}'?)` : ""}`;
      });
      throw new ConfigError(`unknown setting(s) ${hints.join(", ")} in ${line.config}`);
    }
    for (const [key, value] of Object.entries(fromFile)) {
      merged[key] = value;
      origins.set(key, `'${key}' in ${line.config}`);
    }
  }
  if (readEnv) {
    for (const s of settings) {
      const value = s.envVar === undefined ? undefined : env[s.envVar];
      if (value === undefined || value === "") continue;
      merged[s.key] = s.value === undefined ? switchValue(s.envVar as string, value) : value;
      origins.set(s.key, s.envVar as string);
    }
  }
  for (const s of settings) {
    const value = line.flags[s.key];
    if (value === undefined) continue;
    merged[s.key] = value;
    origins.set(s.key, s.flag);
  }
  return { merged, origins };
}

function switchValue(name: string, raw: string): boolean {
  if (raw === "1" || raw === "true") return true;
  if (raw === "0" || raw === "false") return false;
  throw new ConfigError(`${name}: 1, true, 0 or false (got ${JSON.stringify(raw)})`);
}

/** The JSON object in a `--config` file; a ConfigError saying what is wrong with it otherwise. */
export function readConfigFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new ConfigError(
      `--config: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? String(err)})`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`--config: ${file} is not valid JSON (${(err as Error).message})`);
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed))
    throw new ConfigError(`--config: ${file} must hold a JSON object`);
  return parsed as Record<string, unknown>;
}
