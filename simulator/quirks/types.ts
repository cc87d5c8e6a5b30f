import type { Context } from "hono";
import type { Clock } from "../clock/index.ts";
import type { DialectDescriptor } from "../dialects/descriptor.ts";
import type { AppEnv } from "../http/env.ts";
import type { Simulator } from "../state.ts";

// A vendor quirk makes a served mockpos answer like a weaker POS API, so that `mockpos verify`
// can be shown to fail where it should. Quirks are off unless switched on (`serve --quirks`,
// `PUT /__admin/quirks`); each one lives in its own module and acts in every dialect's shell,
// before the route (rewriting what the POS is asked, or making it wait) and after it (rewriting
// what it answers).

export interface QuirkContext {
  c: Context<AppEnv>;
  sim: Simulator;
  /** The dialect serving the request: what a quirk needs to know of it comes through its descriptor. */
  dialect: DialectDescriptor;
  /** The quirk's number (`slow-writes=2500`), or its default. */
  setting: number | undefined;
  /** Wall-clock time: a slow answer is slow for whoever waits on it, whatever the simulator's clock. */
  clock: Clock;
}

export interface Quirk {
  name: string;
  /** What weaker POS it imitates. */
  summary: string;
  /** A number the switch takes after `=`, with its unit, default and bounds. */
  setting?: { unit: string; default: number; min: number; max: number };
  before?(q: QuirkContext): void | Promise<void>;
  after?(q: QuirkContext): void | Promise<void>;
}

/** The methods that change the POS (the one answer: `isWriteMethod` in contracts/operations.ts). */
export { isWriteMethod as isWrite } from "../../contracts/operations.ts";
