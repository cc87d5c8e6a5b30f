import { lineTotals, orderTotals } from "../domain/money.ts";
import { shiftTotals } from "../domain/shifts.ts";
import type { Chain, Order } from "../domain/types.ts";
import type { Journal } from "../journal/index.ts";
import type { InvariantName } from "./schema.ts";

export interface Verdict {
  invariant: InvariantName;
  holds: boolean;
  /** What was checked, or the first counter-examples. */
  detail: string;
}

/** What the invariants read: the chain as it ended, and the journal of the run. */
export interface InvariantSubject {
  readonly chain: Chain;
  readonly journal: Journal;
}

type Check = (sim: InvariantSubject) => string[];

/** Each returns its violations; none means the invariant holds. */
const CHECKS: Record<InvariantName, Check> = {
  "totals-match-lines": (sim) =>
    eachOrder(sim, (o) => {
      const t = orderTotals(o);
      const sum = o.lines.reduce((s, l) => s + lineTotals(l).total, 0);
      return t.total === sum ? null : `${o.id}: total ${t.total} ≠ Σ lines ${sum}`;
    }),
  "paid-orders-balance": (sim) =>
    eachOrder(sim, (o) => {
      if (o.status !== "paid") return null;
      const t = orderTotals(o);
      return t.paid === t.total && t.due === 0 ? null : `${o.id}: paid ${t.paid} of ${t.total}`;
    }),
  "no-double-create": (sim) => {
    const problems: string[] = [];
    for (const location of sim.chain.locations) {
      const seen = new Map<string, string>();
      for (const o of location.orders.values()) {
        if (o.externalId === null) continue;
        const first = seen.get(o.externalId);
        if (first) problems.push(`${location.id}: externalId ${o.externalId} on ${first} and ${o.id}`);
        seen.set(o.externalId, o.id);
      }
    }
    return problems;
  },
  "shifts-reconcile": (sim) => {
    const problems: string[] = [];
    for (const location of sim.chain.locations) {
      let booked = 0;
      for (const shift of location.shifts) booked += shiftTotals(location, shift).gross;
      let taken = 0;
      for (const o of location.orders.values()) for (const p of o.payments) taken += p.amount;
      if (booked !== taken) problems.push(`${location.id}: shifts book ${booked}, payments total ${taken}`);
    }
    return problems;
  },
  "no-unexplained-server-errors": (sim) =>
    [...sim.journal.entries()]
      .filter((e) => e.status >= 500 && e.fault === null)
      .map((e) => `#${e.seq} ${e.method} ${e.path} → ${e.status} ${e.outcome} with no fault`),
  // A lock with an end lets go by itself; one without is a terminal that never released the order.
  "locks-release": (sim) =>
    eachOrder(sim, (o) =>
      o.lock && o.lock.until === null ? `${o.id}: held at ${o.lock.terminalId} with no end` : null,
    ),
};

function eachOrder(sim: InvariantSubject, check: (order: Order) => string | null): string[] {
  const problems: string[] = [];
  for (const location of sim.chain.locations) {
    for (const order of location.orders.values()) {
      const problem = check(order);
      if (problem) problems.push(problem);
    }
  }
  return problems;
}

/** Checks the named invariants against the simulator as it is now. */
export function checkInvariants(sim: InvariantSubject, names: readonly InvariantName[]): Verdict[] {
  return names.map((invariant) => {
    const problems = CHECKS[invariant](sim);
    return {
      invariant,
      holds: problems.length === 0,
      detail:
        problems.length === 0
          ? "holds"
          : `${problems.length} violation(s): ${problems.slice(0, 5).join("; ")}`,
    };
  });
}
