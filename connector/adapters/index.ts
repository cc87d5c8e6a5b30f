import { elyxAdapter } from "./elyx/index.ts";
import { genericAdapter } from "./generic/index.ts";
import { sinqroAdapter } from "./sinqro/index.ts";
import type { Adapter } from "./types.ts";

// Each adapter checks its own credentials with its schema; the registry only needs their shape.
// biome-ignore lint/suspicious/noExplicitAny: credentials differ per dialect by design.
type AnyCredentials = any;

export type { Adapter, AdapterContext, AdapterLocation, Capability } from "./types.ts";

/**
 * Every dialect the engine speaks, by name. A new POS is one folder exporting an Adapter and
 * one line here; configuration, the driver protocol and the engine pick it up from this map.
 */
export const ADAPTERS = {
  generic: genericAdapter,
  sinqro: sinqroAdapter,
  elyx: elyxAdapter,
} as const satisfies Record<string, Adapter<AnyCredentials>>;

export type AdapterName = keyof typeof ADAPTERS;
