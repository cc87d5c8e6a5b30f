import { resolveInstant, toMinutes } from "../../contracts/admin/fault-primitives.ts";
import type { Clock, TimerHandle } from "../clock/index.ts";
import { localTime } from "../domain/business-day.ts";
import { findLocation } from "../domain/chain.ts";
import { invalid } from "../domain/errors.ts";
import type { Chain, Location } from "../domain/types.ts";
import { Random } from "../random/index.ts";
import type { FaultKind, RuleBase } from "./kind.ts";
import type { FaultKinds } from "./registry.ts";
import type { FaultRuleInput } from "./schema.ts";

export { resolveInstant, toMinutes } from "../../contracts/admin/fault-primitives.ts";

/** What the engine knows of a request when deciding which rules apply. */
export interface RequestFacts {
  operation: string;
  locationId: string | null;
  orderId: string | null;
  write: boolean;
}

/** A rule in force, with what it carries: hits, its seeded generator, its timers. */
export class ActiveRule<R extends RuleBase = RuleBase> {
  readonly rule: R;
  readonly rng: Random;
  readonly from: number;
  readonly to: number;
  hits = 0;
  readonly timers: TimerHandle[] = [];

  constructor(rule: R, seed: string, origin: number) {
    this.rule = rule;
    this.rng = new Random(`${seed}:fault:${rule.id}`);
    this.from =
      rule.when.from === undefined ? Number.NEGATIVE_INFINITY : resolveInstant(rule.when.from, origin);
    this.to = rule.when.to === undefined ? Number.POSITIVE_INFINITY : resolveInstant(rule.when.to, origin);
  }

  get exhausted(): boolean {
    return this.rule.times !== undefined && this.hits >= this.rule.times;
  }
}

/** A rule as code or a client writes it: one of the built-in kinds, or an already validated rule of any kind. */
export type RuleInput = FaultRuleInput | RuleBase;

export interface FaultEngineOptions {
  clock: Clock;
  chain: () => Chain;
  /** Seed of the rules' generators (read when a rule is put in force, so a reconfigured simulator reseeds). */
  seed: () => string;
  /** The kinds of rule the engine knows: the built-in ones, and any a caller added. */
  kinds: FaultKinds;
  /** The instant `+<duration>` instants count from. Default: the clock's time at construction. */
  origin?: number;
}

/**
 * The fault rules in force. Like MSW's handlers: a baseline set (the scenario's), rules added
 * at runtime with `use()` (checked first), `remove()`, and `reset()` back to the baseline.
 * What a rule does is its kind's business (simulator/faults/kinds); the engine only keeps them.
 */
export class FaultEngine {
  readonly clock: Clock;
  readonly chain: () => Chain;
  readonly seed: () => string;
  readonly kinds: FaultKinds;
  origin: number;
  #baseline: RuleBase[] = [];
  #rules: ActiveRule[] = [];

  constructor(options: FaultEngineOptions) {
    this.clock = options.clock;
    this.chain = options.chain;
    this.seed = options.seed;
    this.kinds = options.kinds;
    this.origin = options.origin ?? options.clock.now();
  }

  /** Validates rules (throwing VALIDATION naming the bad field) and puts them in force, ahead of the others. */
  use(...inputs: RuleInput[]): ActiveRule[] {
    const rules = inputs.map((input, i) => this.#parse(input, inputs.length > 1 ? `faults[${i}]` : "fault"));
    const ids = new Set(this.#rules.map((r) => r.rule.id));
    for (const rule of rules) {
      if (ids.has(rule.id)) throw invalid("id", `a fault rule '${rule.id}' is already in force`);
      ids.add(rule.id);
    }
    const added = rules.map((rule) => this.#activate(rule));
    this.#rules = [...added, ...this.#rules];
    return added;
  }

  /** Sets the rules `reset()` returns to (a scenario's own), and resets to them. */
  setBaseline(inputs: readonly RuleInput[]): void {
    const rules = inputs.map((input, i) => this.#parse(input, `faults[${i}]`));
    rules.forEach((rule, i) => {
      if (rules.findIndex((r) => r.id === rule.id) !== i)
        throw invalid(`faults[${i}].id`, `'${rule.id}' is used twice`);
    });
    this.#baseline = rules;
    this.reset();
  }

  remove(id: string): boolean {
    const rule = this.#rules.find((r) => r.rule.id === id);
    if (!rule) return false;
    this.#deactivate(rule);
    this.#rules = this.#rules.filter((r) => r !== rule);
    return true;
  }

  /** Back to the baseline rules, with fresh hit counts and generators. */
  reset(origin = this.origin): void {
    for (const rule of this.#rules) this.#deactivate(rule);
    for (const kind of this.kinds.all) kind.reset?.(this);
    this.origin = origin;
    this.#rules = this.#baseline.map((rule) => this.#activate(rule));
  }

  get rules(): readonly ActiveRule[] {
    return this.#rules;
  }

  /** The kind of a rule in force (every rule in force has one: it was validated against the kinds). */
  kindOf(active: ActiveRule): FaultKind {
    return this.kinds.get(active.rule.kind) as FaultKind;
  }

  /**
   * Whether no rule is in force and no kind's standing state could shape an authenticated read:
   * then the fault middleware would do nothing to one, and a read may be answered without it.
   */
  sparesReads(): boolean {
    if (this.#rules.length > 0) return false;
    for (const kind of this.kinds.all) if (kind.standing && !kind.standingSparesReads?.(this)) return false;
    return true;
  }

  /** Rules that apply to this request now, in order; each probability is drawn here, once per request. */
  applicable(facts: RequestFacts): ActiveRule[] {
    // Most requests meet no rule at all: they pay neither the clock nor the location lookup.
    if (this.#rules.length === 0) return [];
    const now = this.clock.now();
    const location = facts.locationId === null ? undefined : findLocation(this.chain(), facts.locationId);
    const delivery = facts.operation.startsWith("webhook.");
    return this.#rules.filter((active) => {
      const { rule } = active;
      if (active.exhausted || now < active.from || now >= active.to) return false;
      const scope = rule.scope;
      if (scope.operations && !scope.operations.includes(facts.operation as never)) return false;
      if (scope.locations && (facts.locationId === null || !scope.locations.includes(facts.locationId)))
        return false;
      if (scope.orders && (facts.orderId === null || !scope.orders.includes(facts.orderId))) return false;
      if (scope.tables) {
        const tableId = facts.orderId && location?.orders.get(facts.orderId)?.tableId;
        if (!tableId || !scope.tables.includes(tableId)) return false;
      }
      if (rule.when.daily && !(location && inDailyWindow(rule.when.daily, now, location))) return false;
      const kind = this.kindOf(active);
      // Write-only kinds draw only on writes, so read traffic does not shift which writes they hit.
      if (!facts.write && kind.writesOnly) return false;
      // Webhook rules shape deliveries only, and deliveries meet no other kind: neither draws the other's probabilities.
      if ((kind.target === "webhooks") !== delivery) return false;
      if (rule.when.probability !== undefined && !active.rng.chance(rule.when.probability)) return false;
      return true;
    });
  }

  #parse(input: RuleInput, where: string): RuleBase {
    const result = this.kinds.schema.safeParse(input);
    if (result.success) return result.data;
    const issue = result.error.issues[0];
    const path = (issue?.path ?? [])
      .map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`))
      .join("");
    throw invalid(`${where}${path}`, issue?.message ?? "invalid fault rule");
  }

  #activate(rule: RuleBase): ActiveRule {
    const active = new ActiveRule(rule, this.seed(), this.origin);
    this.kindOf(active).schedule?.(this, active);
    return active;
  }

  #deactivate(active: ActiveRule): void {
    for (const timer of active.timers) this.clock.clearTimeout(timer);
    active.timers.length = 0;
    this.kindOf(active).deactivate?.(this, active);
  }

  /** Locations a rule covers: its scope, or the whole chain. */
  locationsOf(rule: RuleBase): Location[] {
    const chain = this.chain();
    if (!rule.scope.locations) return chain.locations;
    return rule.scope.locations
      .map((id) => findLocation(chain, id))
      .filter((l): l is Location => l !== undefined);
  }
}

function inDailyWindow(windows: { from: string; to: string }[], now: number, location: Location): boolean {
  const t = localTime(now, location.timezone);
  const minute = t.hour * 60 + t.minute;
  return windows.some(({ from, to }) => {
    const a = toMinutes(from);
    const b = toMinutes(to);
    return a <= b ? minute >= a && minute < b : minute >= a || minute < b;
  });
}
