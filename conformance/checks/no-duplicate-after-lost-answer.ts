import type { JournalEntry } from "../../simulator/journal/index.ts";
import { cite, requests } from "../judge/journal.ts";
import { type Check, type Evidence, fail, pass } from "../types.ts";
import { orderable, placeAndWait } from "./guests.ts";

const MINUTE = 60_000;
const RULE = "create-answer-lost";

/** A create the POS applied (its answer may have been lost on the way back), and not an idempotent replay. */
function committed(e: JournalEntry): boolean {
  if (e.replayed) return false;
  if (e.status >= 200 && e.status < 300) return true;
  // The commit_then_timeout rule fires only on a write the POS applied; then the answer is cut.
  return e.status === 0 && (e.fault ?? "").split(",").includes(RULE);
}

/**
 * A create whose answer was lost after the POS committed it is not created twice (seed 003:
 * "a retry after a timeout cannot double-create an order"; checklist 8), in every dialect:
 * with a lookup by external id, or the same key replaying the first answer.
 */
export const noDuplicateAfterLostAnswer: Check = {
  id: "writes.no-duplicate-after-lost-answer",
  title: "A lost create answer never makes a second order",
  rule: "Retried writes must be safe: a retry after a timeout cannot double-create an order.",
  needsGuests: true,
  catches: "blind-recreate",
  async play(stage) {
    const location = stage.locations[0];
    if (!stage.driver || !location) throw new Error("drive mode only");
    const items = await orderable(stage, location.id);
    await stage.faults([
      {
        id: RULE,
        kind: "commit_then_timeout",
        times: 1,
        scope: { locations: [location.id], operations: ["order.create"] },
      },
    ]);
    const placedAt = stage.now();
    const view = await placeAndWait(stage, { locationId: location.id, flow: "pay_first", items });
    await stage.wait(Math.max(0, 5 * MINUTE - (stage.now() - placedAt)));
    const order = (await stage.driver.order(view.ref)) ?? view;
    return {
      locationId: location.id,
      ref: view.ref,
      placedAt,
      orders: [order],
      pos: { [view.ref]: await stage.posOrders(location.id, view.ref) },
    };
  },
  judge(run) {
    const locationId = String(run.notes.locationId);
    const ref = String(run.notes.ref);
    const creates = requests(run, locationId, "order.create").filter((e) => e.method !== "GET");
    const lost = creates.find((e) => e.status === 0 && (e.fault ?? "").split(",").includes(RULE));
    if (!lost)
      return fail(
        "the create never met the lost answer: nothing to judge",
        creates.map((e) => cite(e)),
      );
    const made = creates.filter(committed);
    const byRef = run.notes.pos?.[ref] ?? [];
    const view = run.notes.orders?.[0];
    const evidence: Evidence[] = [
      cite(lost, "committed, answer lost"),
      ...creates.filter((e) => e !== lost).map((e) => cite(e, committed(e) ? "a new POS order" : undefined)),
      {
        at: run.end,
        text: `the POS holds ${byRef.length} order(s) with external id ${ref}${byRef.length ? ` (${byRef.map((o) => o.id).join(", ")})` : ""}`,
      },
      ...(view
        ? [
            {
              at: run.end,
              text: `the connector says ${ref} is ${view.state} as POS order ${view.posOrderId}`,
            },
          ]
        : []),
    ];
    if (made.length > 1 || byRef.length > 1)
      return fail(
        `one guest order made ${Math.max(made.length, byRef.length)} POS orders at ${locationId}: the create was sent again as a new order after its answer was lost`,
        evidence,
      );
    if (byRef.length === 0)
      return fail(`the POS holds no order with external id ${ref} after the lost answer`, evidence);
    return pass(
      `one guest order, one POS order: the lost answer was recovered without a second create (${creates.length} create request(s))`,
      evidence,
    );
  },
};
