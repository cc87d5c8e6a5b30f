import { z } from "zod";
import { COMMON_FIELDS } from "../../contracts/admin/fault-primitives.ts";
import type { DropMode } from "./connection.ts";
import type { ActiveRule, FaultEngine } from "./engine.ts";

/** What every rule carries, whatever its kind (the common fields, after validation). */
export interface RuleBase {
  id: string;
  kind: string;
  description?: string | undefined;
  scope: z.output<typeof COMMON_FIELDS.scope>;
  when: z.output<typeof COMMON_FIELDS.when>;
  times?: number | undefined;
}

/** The schema of one kind's rules: the common fields, the kind's literal, its own options. */
export type RuleSchema = z.ZodType<RuleBase, unknown>;

/** The strict object schema of a kind: the common fields, then `kind`, then the kind's own options. */
export function ruleSchema<K extends string, S extends z.ZodRawShape>(kind: K, shape: S) {
  return z.object({ ...COMMON_FIELDS, kind: z.literal(kind), ...shape }).strict();
}

/** One field of the console's fault form; its name is a path in the rule (`distribution.p50`). */
export interface KindField {
  name: string;
  label: string;
  type: "text" | "duration" | "number" | "select" | "checkbox" | "list";
  options?: readonly (readonly [string, string])[];
  placeholder?: string;
  /** Shown (and sent) only while another field of the kind has this value: `mode=blackhole`. */
  if?: string;
}

/** A request as a fault kind sees it: what it is, and what a kind may do to it. */
export interface FaultRequest {
  readonly operation: string;
  readonly locationId: string | null;
  readonly orderId: string | null;
  /** What the route's method says, not the operation's name. */
  readonly write: boolean;
  readonly now: number;
  /** The secret the request identifies itself with, in whichever header its dialect uses. */
  readonly credential: string;
  readonly engine: FaultEngine;
  /** Counts a hit of the rule and names it as having shaped this response. */
  fire(active: ActiveRule): void;
  /** Names a rule as having shaped this response (X-Mockpos-Fault, the journal), without a hit. */
  blame(ruleId: string): void;
  /** Names this rule alone: the refusal about to be thrown is its doing, whatever else was named. */
  blameOnly(ruleId: string): void;
  /** The journal's outcome for an answer that never comes. */
  outcome(code: "TIMEOUT" | "UNREACHABLE"): void;
  /** Cuts the connection: the client gets no HTTP answer. */
  drop(mode: DropMode): never;
  /** Holds the request until the client hangs up or `ms` of clock time pass. */
  holdUntilGivenUp(ms: number): Promise<void>;
}

/** A request after the handler answered: its response can be replaced. */
export interface FaultResponse extends FaultRequest {
  response: Response;
}

/** What the rules do to one outgoing webhook delivery attempt. */
export interface DeliveryShape {
  /** Sent this much later (ms of clock time). */
  delay: number;
  /** Held until a later event of the restaurant has been sent, or this long at most. */
  hold: number | null;
  /** Sent a second time, byte for byte, after the first answer. */
  duplicate: boolean;
  /** Signed with the wrong secret. */
  badSignature: boolean;
  /** Lost: this attempt only (the event is retried), or the whole event. */
  drop: "attempt" | "event" | null;
}

/** How a kind's one-line summary writes a duration (the console's own format). */
export interface Wording {
  duration(ms: number): string;
}

/**
 * A fault kind, whole: its rule schema (for the admin API and scenarios), what it does before
 * the handler, to the response, on the clock and to a webhook delivery, and its words for the
 * docs and the console. Every hook is optional; a kind does only what it declares.
 */
export interface FaultKind<S extends RuleSchema = RuleSchema> {
  readonly kind: z.output<S>["kind"];
  readonly schema: S;
  /** One line for the console and the docs: what the kind does. */
  readonly summary: string;
  /** The console's form fields for the kind's own options. */
  readonly form: readonly KindField[];
  /** A rule's own options in one line. */
  describe(rule: z.output<S>, words: Wording): string;
  /** `webhooks`: its rules shape webhook deliveries and meet no request. Default `requests`. */
  readonly target?: "requests" | "webhooks";
  /** Its rules apply to writes only (reads do not draw their probability either). */
  readonly writesOnly?: boolean;
  /** On every request, before any rule: what the kind's standing state (a lock, a closing) does to it. */
  standing?(request: FaultRequest): void;
  /**
   * Whether `standing` would leave an authenticated read alone now, whatever it is. Asked only of
   * a kind with `standing`; a kind that does not answer is taken to touch reads, so the reads that
   * skip the fault middleware (the hot-read lane) go back through it while the kind exists.
   */
  standingSparesReads?(engine: FaultEngine): boolean;
  /** Before the handler; throws to refuse or cut the request. */
  before?(request: FaultRequest, active: ActiveRule<z.output<S>>): void | Promise<void>;
  /** After the handler, for each rule of the kind that applied and let the request through. */
  after?(response: FaultResponse, active: ActiveRule<z.output<S>>): void | Promise<void>;
  /** When the rule is put in force: timers for what it does on the clock (they are cancelled with it). */
  schedule?(engine: FaultEngine, active: ActiveRule<z.output<S>>): void;
  /** When the rule leaves force. */
  deactivate?(engine: FaultEngine, active: ActiveRule<z.output<S>>): void;
  /** When the engine goes back to its baseline: forget the kind's standing state. */
  reset?(engine: FaultEngine): void;
  /** What the rule does to one webhook delivery attempt (for `target: "webhooks"`). */
  webhook?(shape: DeliveryShape, active: ActiveRule<z.output<S>>): void;
}

/** Declares a fault kind; the schema's `kind` literal names it. */
export function defineFaultKind<S extends RuleSchema>(kind: FaultKind<S>): FaultKind<S> {
  return kind;
}

/** Whether a rule in force is of this kind (and typed as such). */
export function isOfKind<S extends RuleSchema>(
  active: ActiveRule,
  kind: FaultKind<S>,
): active is ActiveRule<z.output<S>> {
  return active.rule.kind === kind.kind;
}

/** State a kind keeps per engine or per rule, created on first use (so a kind needs no slot in the engine). */
export function keyed<K extends object, T>(create: (key: K) => T): (key: K) => T {
  const map = new WeakMap<K, T>();
  return (key) => {
    let value = map.get(key);
    if (value === undefined) {
      value = create(key);
      map.set(key, value);
    }
    return value;
  };
}

/** Select options whose label is their value. */
export function choices(...values: string[]): (readonly [string, string])[] {
  return values.map((v) => [v, v] as const);
}
