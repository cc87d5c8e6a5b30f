import type { z } from "zod";

/** A command that reads settings. */
export type Command = "serve" | "mock" | "run";

/** How a setting is written down; `setting()` derives the rest of its names from `key`. */
export interface SettingSpec {
  /** How a value is read: from a flag's or variable's text, or the config file's JSON value. */
  schema: z.ZodType;
  /** What `--help` says it does (the default is added from `schema`). */
  help: string;
  /** The value in `--help`: `--port N`. Absent: a switch that takes no value (`--no-probe`). */
  value?: string;
  /** The commands that take it. */
  commands: readonly Command[];
  /** Its MOCKPOS_* variable; `false`: none (a command-line-only setting). */
  env?: false;
  /** Whether a config file may hold it (default true). */
  file?: boolean;
  /** The default `--help` shows, when the schema's own default says too little. */
  shownDefault?: string;
}

/** One setting, with every name it goes by. */
export interface Setting extends SettingSpec {
  /** The config-file key, camelCase: `journalSize`. */
  key: string;
  /** `--journal-size`. */
  flag: string;
  /** `MOCKPOS_JOURNAL_SIZE`, or undefined for none. */
  envVar: string | undefined;
  inFile: boolean;
}

const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** A setting named `key`: flag `--kebab-case`, variable `MOCKPOS_UPPER_SNAKE`, file key `key`. */
export function setting(key: string, spec: SettingSpec): Setting {
  const flag = `--${kebab(key)}`;
  return {
    ...spec,
    key,
    flag,
    envVar: spec.env === false ? undefined : `MOCKPOS_${kebab(key).replace(/-/g, "_").toUpperCase()}`,
    inFile: spec.file ?? true,
  };
}

/** What a setting is when nobody gives it, as `--help` shows it; undefined when it has no default. */
export function shownDefault(s: Setting): string | undefined {
  if (s.shownDefault !== undefined) return s.shownDefault;
  if (s.value === undefined) return undefined;
  const parsed = s.schema.safeParse(undefined);
  if (!parsed.success || parsed.data === undefined) return undefined;
  return Array.isArray(parsed.data) ? parsed.data.join(",") : String(parsed.data);
}
