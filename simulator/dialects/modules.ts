import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { DialectDescriptor } from "./descriptor.ts";

/**
 * The descriptors that modules export as `dialect` (paths relative to the working directory), for
 * `serve --dialect-modules` and `npm run load -- --dialect-module`; throws naming a module that
 * cannot be loaded or exports none.
 */
export async function loadDialectModules(files: readonly string[]): Promise<DialectDescriptor[]> {
  const out: DialectDescriptor[] = [];
  for (const file of files) {
    let module: { dialect?: DialectDescriptor };
    try {
      module = (await import(pathToFileURL(resolve(file)).href)) as { dialect?: DialectDescriptor };
    } catch (err) {
      throw new Error(`cannot load the dialect module ${file}: ${(err as Error).message}`);
    }
    const d = module.dialect;
    if (!d || typeof d.name !== "string" || typeof d.routes !== "function")
      throw new Error(`${file} exports no dialect descriptor as \`dialect\``);
    out.push(d);
  }
  return out;
}
