import type { DialectDescriptor } from "./descriptor.ts";

export type { DialectDescriptor, DialectName } from "./descriptor.ts";

import { ELYX } from "./elyx/index.ts";
import { GENERIC } from "./generic/index.ts";
import { SINQRO } from "./sinqro/index.ts";

/** The dialects mockpos ships, in the order `--dialects` lists them by default. */
export const BUILTIN_DIALECTS = [GENERIC, ELYX, SINQRO] as const;

/** The name of a built-in dialect (pacts, adapters and verify speak only these). */
export type BuiltinDialect = (typeof BUILTIN_DIALECTS)[number]["name"];

/** The built-in dialects' names. */
export const DIALECTS: readonly BuiltinDialect[] = BUILTIN_DIALECTS.map((d) => d.name);

/** The dialect whose app also serves the admin API, the console and the main contract. */
export const MAIN_DIALECT = GENERIC.name;

const NAME = /^[a-z][a-z0-9]*$/;

/**
 * The built-in dialects followed by `extra`, checked: names are lower-case words (they become
 * flags and variables), unique, and no two dialects share a default port.
 */
export function dialectRegistry(extra: readonly DialectDescriptor[] = []): readonly DialectDescriptor[] {
  const all: DialectDescriptor[] = [...BUILTIN_DIALECTS];
  for (const d of extra) {
    if (all.includes(d)) continue;
    if (!NAME.test(d.name))
      throw new RangeError(
        `dialect '${d.name}': a name is lower-case letters and digits, starting with a letter`,
      );
    const same = all.find((o) => o.name === d.name || o.defaultPort === d.defaultPort);
    if (same)
      throw new RangeError(
        same.name === d.name
          ? `dialect '${d.name}' is registered twice`
          : `dialect '${d.name}': default port ${d.defaultPort} is ${same.name}'s`,
      );
    all.push(d);
  }
  return all;
}

/** Every header any of these dialects reads a credential from. */
export function credentialHeadersOf(dialects: readonly DialectDescriptor[]): string[] {
  return [...new Set(dialects.flatMap((d) => d.credentialHeaders.map((h) => h.toLowerCase())))];
}
