import { type Breakage, broken } from "../connector/engine/broken.ts";
import { Engine } from "../connector/engine/index.ts";
import type { EngineFactory } from "./stage/in-process.ts";

/** The reference connector engine, in process. */
export const referenceEngine: EngineFactory = ({ clock, fetch }) => new Engine({ clock, fetch });

/** The reference engine with one deliberate defect: what a check must catch. */
export function brokenEngine(breakage: Breakage): EngineFactory {
  return ({ clock, fetch }) => new Engine({ clock, fetch, broken: broken(breakage) });
}
