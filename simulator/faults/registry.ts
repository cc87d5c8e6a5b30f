import { z } from "zod";
import type { FaultKind, RuleBase, RuleSchema } from "./kind.ts";
import { commitThenTimeout } from "./kinds/commit-then-timeout.ts";
import { error } from "./kinds/error.ts";
import { latency } from "./kinds/latency.ts";
import { lock } from "./kinds/lock.ts";
import { malformed } from "./kinds/malformed.ts";
import { rateLimit } from "./kinds/rate-limit.ts";
import { rotateCredentials } from "./kinds/rotate-credentials.ts";
import { shiftClose } from "./kinds/shift-close.ts";
import { tokenEarlyExpiry } from "./kinds/token-early-expiry.ts";
import { tokenEndpointDown } from "./kinds/token-endpoint-down.ts";
import { unreachable } from "./kinds/unreachable.ts";
import { webhook } from "./kinds/webhook.ts";

/** Each entry is filed under its own kind's name, so a kind under another's name does not compile. */
type Registry<R> = { [K in keyof R]: FaultKind<z.ZodType<RuleBase & { kind: K }, unknown>> };

/** A registry of kinds, checked by the compiler: each under its own name. */
export function faultKindRegistry<const R extends Registry<R>>(kinds: R): R {
  return kinds;
}

/**
 * The built-in fault kinds, in the order the contract and the console list them. A kind is one
 * module in ./kinds; listing it here is all it takes for the admin API, scenarios, the engine,
 * the webhook sender and the console to know it.
 */
export const FAULT_KINDS = faultKindRegistry({
  lock,
  unreachable,
  latency,
  commit_then_timeout: commitThenTimeout,
  shift_close: shiftClose,
  error,
  rate_limit: rateLimit,
  rotate_credentials: rotateCredentials,
  malformed,
  webhook,
  token_endpoint_down: tokenEndpointDown,
  token_early_expiry: tokenEarlyExpiry,
});

type BuiltIn = typeof FAULT_KINDS;
export type FaultKindName = keyof BuiltIn;
/** One rule of a built-in kind, validated (defaults filled in). */
export type FaultRule = { [K in FaultKindName]: z.output<BuiltIn[K]["schema"]> }[FaultKindName];
/** One rule of a built-in kind, as scenarios, the admin API and code write it. */
export type FaultRuleInput = { [K in FaultKindName]: z.input<BuiltIn[K]["schema"]> }[FaultKindName];

/**
 * The kinds an engine knows: the built-in ones and any a caller adds (`faultKinds` of the
 * simulator's options), and the rule schema they make together.
 */
export class FaultKinds {
  readonly all: readonly FaultKind[];
  /** One rule of any of these kinds: the union the admin API and scenarios validate against. */
  readonly schema: z.ZodType<RuleBase, unknown>;
  readonly #byName: Map<string, FaultKind>;

  /** Throws when two kinds share a name (an added kind cannot replace a built-in one). */
  constructor(extra: readonly FaultKind[] = []) {
    this.all = [...(Object.values(FAULT_KINDS) as FaultKind[]), ...extra];
    this.#byName = new Map();
    for (const kind of this.all) {
      if (this.#byName.has(kind.kind)) throw new RangeError(`fault kind '${kind.kind}' is defined twice`);
      this.#byName.set(kind.kind, kind);
    }
    const schemas = this.all.map((k) => k.schema) as unknown as [RuleSchema, ...RuleSchema[]];
    this.schema = z.discriminatedUnion("kind", schemas as never) as unknown as z.ZodType<RuleBase, unknown>;
  }

  get(kind: string): FaultKind | undefined {
    return this.#byName.get(kind);
  }

  get names(): string[] {
    return this.all.map((k) => k.kind);
  }
}

/** The built-in kinds alone: what a simulator knows unless it is given more. */
export const BUILT_IN_KINDS = new FaultKinds();

/** One rule of a built-in kind, as scenarios and the admin API declare it. */
export const FaultRule = BUILT_IN_KINDS.schema as unknown as z.ZodType<FaultRule, FaultRuleInput>;
