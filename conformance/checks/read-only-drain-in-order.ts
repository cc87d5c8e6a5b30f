import { at, cite, writes } from "../judge/journal.ts";
import { type Check, type Evidence, fail, pass } from "../types.ts";
import { linkDown, orderable, type PosOrderDetail, placeAndWait, posOrderDetail } from "./guests.ts";

const MINUTE = 60_000;
const DOWN = 3 * MINUTE;
const UP = 10 * MINUTE;
const ACT = 5 * MINUTE;
const DRAIN = 5 * MINUTE;
/** Each round is told apart at the POS by its quantity: the first queued round orders 2, the second 3. */
const FIRST = 2;
const SECOND = 3;

/**
 * The drain keeps the order the guests acted in: a tab's first offline round before its second,
 * both before the payment that closes it (seed 003: queued updates drain when the POS is back;
 * a payment sent first would close the order and turn the rounds away).
 */
export const readOnlyDrainInOrder: Check = {
  id: "read-only.drain-in-order",
  title: "What was queued offline drains in the order guests acted",
  rule: "Updates queued while a location is read-only drain when its POS is back in the order the guests made them: rounds in turn, the payment after the rounds it pays for.",
  needsGuests: true,
  // A passive POS takes only whole, prepaid orders, refused while offline: it has nothing to queue.
  needsAny: ["order.append"],
  catches: "drain-newest-first",
  async play(stage) {
    const driver = stage.driver;
    const location = stage.locations[0];
    if (!driver || !location) throw new Error("drive mode only");
    const [item] = await orderable(stage, location.id, 1);
    const tab = await placeAndWait(stage, {
      locationId: location.id,
      flow: "pay_later",
      tableId: location.tables[0],
      items: [{ ...item, quantity: 1 }],
    });
    await linkDown(stage, location.id, DOWN, UP);
    await stage.wait(ACT - (stage.now() - stage.start));
    const actions: { what: string; at: number; accepted: boolean; reason?: string }[] = [];
    const act = async (what: string, action: () => Promise<unknown>) => {
      const when = stage.now();
      try {
        await action();
        actions.push({ what, at: when, accepted: true });
      } catch (err) {
        actions.push({
          what,
          at: when,
          accepted: false,
          reason: err instanceof Error ? err.message : String(err),
        });
      }
      // Guests act a little apart, as a table does.
      await stage.wait(20_000);
    };
    await act("first round", () => driver.appendRound(tab.ref, { items: [{ ...item, quantity: FIRST }] }));
    await act("second round", () => driver.appendRound(tab.ref, { items: [{ ...item, quantity: SECOND }] }));
    await act("payment", () => driver.pay(tab.ref, {}));
    await stage.wait(UP + DRAIN - (stage.now() - stage.start));
    const found = await stage.posOrders(location.id, tab.ref);
    const pos = await Promise.all(found.map((o) => posOrderDetail(stage, location.id, o.id)));
    return {
      locationId: location.id,
      ref: tab.ref,
      posId: tab.posOrderId,
      actions,
      atPos: pos,
      windows: [
        { from: stage.start + DOWN, to: stage.start + UP, label: "link down", locationId: location.id },
      ],
    };
  },
  judge(run) {
    const locationId = String(run.notes.locationId);
    const actions = run.notes.actions as { what: string; at: number; accepted: boolean; reason?: string }[];
    const pos = run.notes.atPos as PosOrderDetail[];
    // A guest action the connector turned away has nothing to drain: only the order of what it took is judged here.
    const refused = actions.filter((a) => !a.accepted);
    const noted: Evidence[] = refused.map((a) => ({
      at: a.at,
      text: `refused offline, not judged here: ${a.what}: ${a.reason}`,
    }));
    const actedAt = (actions[0] as { at: number }).at;
    // The writes the drain sent (whatever the answer), in the order they reached the POS: the tab
    // is the only order in play at the location, and dialects name its order in their own way.
    const sent = writes(run, locationId).filter((e) => at(e) >= actedAt);
    const problems: Evidence[] = [];
    // Payment before a round: the POS closes the order, and what comes after it is turned away.
    const firstPay = sent.find((e) => e.operation === "order.pay");
    const lateRounds = firstPay
      ? sent.filter((e) => e.operation === "order.append" && e.seq > firstPay.seq)
      : [];
    if (firstPay && lateRounds.length > 0) {
      problems.push(cite(firstPay, "the payment went first"));
      problems.push(...lateRounds.map((e) => cite(e, "a round sent after the payment")));
    }
    // Rounds in turn: at the POS, the first queued round's lines come in an earlier round than the second's.
    const order = pos.length === 1 ? (pos[0] as PosOrderDetail) : null;
    const roundOf = (quantity: number) =>
      order?.lines.find((l) => l.kind === "item" && !l.voided && l.quantity === quantity)?.round ?? null;
    const first = roundOf(FIRST);
    const second = roundOf(SECOND);
    if (first !== null && second !== null && second < first)
      problems.push({
        at: Date.parse(order?.rounds.find((r) => r.number === second)?.at ?? new Date(run.end).toISOString()),
        text: `the second queued round is round ${second} at the POS, the first is round ${first}: they were swapped`,
      });
    const landed = sent.filter((e) => e.status >= 200 && e.status < 300 && !e.replayed);
    const sequence = landed.map((e) => e.operation).join(" → ") || "nothing";
    if (problems.length > 0)
      return fail(`the drain did not keep the guests' order (reached the POS: ${sequence})`, [
        ...problems,
        ...landed.map((e) => cite(e, "drained")),
      ]);
    if (landed.length < 2)
      return pass(
        `only ${landed.length} of the ${actions.length} guest updates reached the POS: nothing out of order (delivery itself is read-only.drain-exactly-once's to judge)`,
        [...landed.map((e) => cite(e, "drained")), ...noted],
      );
    return pass(
      `the queued updates reached the POS in the guests' order: ${sequence}${
        first !== null && second !== null ? ` (rounds ${first} and ${second} at the POS)` : ""
      }`,
      landed.map((e) => cite(e, "drained")),
    );
  },
};
