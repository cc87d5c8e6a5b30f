// Dialects beyond the built-in ones, for a load run: `--dialect-module FILE` names a module whose
// `dialect` export is a DialectDescriptor. The simulator child serves it, and k6 gets an entry
// script that registers the descriptor's request builders before the envelope loads.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { DialectDescriptor } from "../simulator/dialects/descriptor.ts";
import { dialectRegistry } from "../simulator/dialects/registry.ts";

export { loadDialectModules } from "../simulator/dialects/modules.ts";

const ENVELOPE = fileURLToPath(new URL("./k6/envelope.ts", import.meta.url));
const K6_DIALECTS = fileURLToPath(new URL("./k6/dialects/index.ts", import.meta.url));

/** The registered dialect named `name` (built-in or from the modules), or an Error saying which there are. */
export function findDialect(name: string, extra: readonly DialectDescriptor[]): DialectDescriptor {
  const registry = dialectRegistry(extra);
  const d = registry.find((x) => x.name === name);
  if (!d)
    throw new Error(`--dialect must be one of ${registry.map((x) => x.name).join(", ")}, got '${name}'`);
  if (!d.load) throw new Error(`the ${name} dialect names no k6 module (its descriptor has no \`load\`)`);
  return d;
}

/**
 * Writes the k6 entry of a run in `dir`: it registers the dialect's request builders (from the
 * module its descriptor names) and then re-exports the envelope, so the envelope sees the dialect
 * when it loads. Returns the entry's path.
 */
export function writeK6Entry(dir: string, dialect: DialectDescriptor): string {
  if (!dialect.load) throw new Error(`the ${dialect.name} dialect names no k6 module`);
  const url = (path: string) => JSON.stringify(pathToFileURL(path).href);
  const register = join(dir, "register-dialect.js");
  writeFileSync(
    register,
    `import { registerDialect } from ${url(K6_DIALECTS)};\n` +
      `import { dialect } from ${url(dialect.load.module)};\n` +
      "registerDialect(dialect);\n",
  );
  const entry = join(dir, "envelope.js");
  writeFileSync(entry, `import "./register-dialect.js";\nexport * from ${url(ENVELOPE)};\n`);
  return entry;
}
