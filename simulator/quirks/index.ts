import type { MiddlewareHandler } from "hono";
import { type Clock, RealClock } from "../clock/index.ts";
import type { DialectDescriptor } from "../dialects/descriptor.ts";
import type { AppEnv } from "../http/env.ts";
import type { Simulator } from "../state.ts";
import { lockAs500 } from "./lock-as-500.ts";
import { noIdempotencyReplay } from "./no-idempotency-replay.ts";
import { renamedField } from "./renamed-field.ts";
import { sharedCredentials } from "./shared-credentials.ts";
import { slowWrites } from "./slow-writes.ts";
import type { Quirk } from "./types.ts";

export type { Quirk, QuirkContext } from "./types.ts";

/** Every quirk a served mockpos can put on, by name (one module each). */
export const QUIRKS: Readonly<Record<string, Quirk>> = Object.fromEntries(
  [noIdempotencyReplay, lockAs500, sharedCredentials, slowWrites, renamedField].map((q) => [q.name, q]),
);

export const QUIRK_NAMES = Object.keys(QUIRKS);

/** The quirks in force: name → its setting (undefined when it takes none). */
export type ActiveQuirks = ReadonlyMap<string, number | undefined>;

/** A quirk list that cannot be read; the message names the entry at fault. */
export class QuirkError extends Error {
  override name = "QuirkError";
}

/**
 * Reads `no-idempotency-replay,slow-writes=1500` (or a list of such entries): known names only,
 * a setting only where the quirk takes one, within its bounds. An empty list is no quirk.
 */
export function parseQuirks(input: string | readonly string[]): ActiveQuirks {
  const entries = (typeof input === "string" ? input.split(",") : input).map((s) => s.trim()).filter(Boolean);
  const active = new Map<string, number | undefined>();
  for (const entry of entries) {
    const [name = "", raw] = entry.split("=", 2).map((s) => s.trim());
    const quirk = QUIRKS[name];
    if (!quirk) throw new QuirkError(`unknown quirk '${name}'; known: ${QUIRK_NAMES.join(", ")}`);
    if (raw === undefined) {
      active.set(name, quirk.setting?.default);
      continue;
    }
    const s = quirk.setting;
    if (!s) throw new QuirkError(`quirk '${name}' takes no setting (got '${entry}')`);
    const n = Number(raw);
    if (raw === "" || !Number.isFinite(n) || n < s.min || n > s.max)
      throw new QuirkError(`quirk '${name}' takes ${s.unit} from ${s.min} to ${s.max} (got '${raw}')`);
    active.set(name, n);
  }
  return active;
}

/** The active quirks as the command line writes them. */
export function quirksText(active: ActiveQuirks): string {
  return [...active]
    .map(([name, setting]) => (setting === undefined ? name : `${name}=${setting}`))
    .join(",");
}

interface QuirkState {
  active: ActiveQuirks;
  clock: Clock;
}

// Kept beside the simulator, not in it: quirks are a switch of the server, and survive a reset
// of the chain (which is what provider states do before every interaction).
const states = new WeakMap<Simulator, QuirkState>();

/** Puts `active` in force on `sim` (replacing what was); `clock` times slow answers (default wall clock). */
export function setQuirks(sim: Simulator, active: ActiveQuirks, clock?: Clock): void {
  const before = states.get(sim);
  states.set(sim, { active: new Map(active), clock: clock ?? before?.clock ?? new RealClock() });
}

/** The quirks in force on `sim`. */
export function quirksOf(sim: Simulator): ActiveQuirks {
  return states.get(sim)?.active ?? new Map();
}

/** Whether any quirk is in force on `sim` (a request with none pays nothing for them). */
export function quirksOn(sim: Simulator): boolean {
  return (states.get(sim)?.active.size ?? 0) > 0;
}

/**
 * The dialect shell's middleware: each active quirk acts before the route and after it, in the
 * registry's order. With no quirk on, the shell does not call it at all (`quirksOn`).
 */
export function applyQuirks(sim: Simulator, dialect: DialectDescriptor): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const state = states.get(sim);
    if (!state || state.active.size === 0) return next();
    const on = [...state.active].flatMap(([name, setting]) => {
      const quirk = QUIRKS[name];
      return quirk ? [{ quirk, q: { c, sim, dialect, setting, clock: state.clock } }] : [];
    });
    for (const { quirk, q } of on) await quirk.before?.(q);
    await next();
    for (const { quirk, q } of on) await quirk.after?.(q);
  };
}
