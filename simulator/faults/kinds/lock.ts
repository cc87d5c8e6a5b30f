import { Duration } from "../../../contracts/admin/fault-primitives.ts";
import { findLocation } from "../../domain/chain.ts";
import { activeLock } from "../../domain/orders.ts";
import { lockOrder } from "../../domain/staff.ts";
import type { FaultEngine } from "../engine.ts";
import { defineFaultKind, keyed, ruleSchema } from "../kind.ts";

/** Locks a rule put on orders, so later refusals of the same lock still name the rule. */
const placed = keyed((_: FaultEngine) => new WeakMap<object, { rule: string; since: number }>());

/** A waiter holds the order at a staff terminal: writes to it get LOCKED for the rule's duration. */
export const lock = defineFaultKind({
  schema: ruleSchema("lock", {
    /** How long the terminal holds the order. */
    duration: Duration.default(60_000),
  }),
  kind: "lock",
  summary: "a waiter holds the order at a staff terminal: writes get LOCKED",
  form: [{ name: "duration", label: "held for", type: "duration", placeholder: "60s" }],
  describe: (rule, words) => `held ${words.duration(rule.duration)}`,
  writesOnly: true,
  // Its standing state refuses writes to a locked order, never a read.
  standingSparesReads: () => true,
  // A write to an order a rule locked earlier: the refusal it is about to get is the rule's doing too.
  standing(request) {
    const { engine, locationId, orderId, now } = request;
    if (!request.write || !orderId || locationId === null) return;
    const order = findLocation(engine.chain(), locationId)?.orders.get(orderId);
    const lock = order && placed(engine).get(order);
    if (lock && lock.since === activeLock(order, now)?.since) request.blame(lock.rule);
  },
  before(request, active) {
    const { engine, locationId, orderId, now } = request;
    if (!request.write || !locationId || !orderId) return;
    const location = findLocation(engine.chain(), locationId);
    const order = location?.orders.get(orderId);
    if (!location || !order || order.status !== "open" || activeLock(order, now)) return;
    const staff = location.terminals.filter((t) => t.kind !== "integration").map((t) => t.id);
    const pool = active.rule.scope.terminals?.filter((id) => staff.includes(id)) ?? staff;
    if (pool.length === 0) return;
    request.fire(active);
    lockOrder(location, order, active.rng.pick(pool), now, active.rule.duration);
    placed(engine).set(order, { rule: active.rule.id, since: now });
  },
});
