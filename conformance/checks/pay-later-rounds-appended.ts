import { at, cite, requests } from "../judge/journal.ts";
import { type Check, fail, pass } from "../types.ts";
import { orderable, type PosOrderDetail, placeAndWait, posOrderDetail } from "./guests.ts";

const MINUTE = 60_000;
/** Rounds the table orders after the first. */
const ROUNDS = 2;

/**
 * Pay-later rounds go onto the tab's open POS order (seed 003: "rounds are appended to an open
 * POS order and paid at the end"): one POS order for the tab, every round on it, and no order
 * created for the tab after its first.
 */
export const payLaterRoundsAppended: Check = {
  id: "pay-later.rounds-appended",
  title: "Pay-later rounds are appended to the open order",
  rule: "In the pay-later flow every round is appended to the tab's open POS order: one POS order per tab, never a new order per round.",
  needsGuests: true,
  needsAny: ["order.append"],
  catches: "round-as-new-order",
  async play(stage) {
    const driver = stage.driver;
    const location = stage.locations[0];
    if (!driver || !location) throw new Error("drive mode only");
    const items = await orderable(stage, location.id);
    const tab = await placeAndWait(stage, {
      locationId: location.id,
      flow: "pay_later",
      tableId: location.tables[0],
      items: [items[0]],
    });
    const createdAt = stage.now();
    const rounds: { at: number; accepted: boolean; reason?: string }[] = [];
    for (let n = 0; n < ROUNDS; n++) {
      await stage.wait(2 * MINUTE);
      const when = stage.now();
      try {
        await driver.appendRound(tab.ref, { items: [items[(n + 1) % items.length] ?? items[0]] });
        rounds.push({ at: when, accepted: true });
      } catch (err) {
        rounds.push({ at: when, accepted: false, reason: err instanceof Error ? err.message : String(err) });
      }
    }
    await stage.wait(3 * MINUTE);
    const found = await stage.posOrders(location.id, tab.ref);
    const pos = await Promise.all(found.map((o) => posOrderDetail(stage, location.id, o.id)));
    return { locationId: location.id, ref: tab.ref, createdAt, rounds, atPos: pos };
  },
  judge(run) {
    const locationId = String(run.notes.locationId);
    const ref = String(run.notes.ref);
    const createdAt = Number(run.notes.createdAt);
    const rounds = run.notes.rounds as { at: number; accepted: boolean; reason?: string }[];
    const pos = run.notes.atPos as PosOrderDetail[];
    const refused = rounds.filter((r) => !r.accepted);
    if (refused.length > 0)
      return fail(
        `the connector refused ${refused.length} of ${rounds.length} rounds on an open tab`,
        refused.map((r) => ({ at: r.at, text: `round refused: ${r.reason}` })),
      );
    // The tab is the only guest order at the location: every order created after it is one too many.
    const creates = requests(run, locationId, "order.create").filter(
      (e) => e.status >= 200 && e.status < 300 && !e.replayed,
    );
    const tabCreate = creates.find((e) => at(e) <= createdAt);
    const extra = creates.filter((e) => at(e) > createdAt);
    const appends = requests(run, locationId, "order.append").filter(
      (e) => e.status >= 200 && e.status < 300,
    );
    const order = pos.length === 1 ? (pos[0] as PosOrderDetail) : null;
    const want = 1 + rounds.length;
    if (extra.length > 0 || order === null || order.rounds.length !== want) {
      const what =
        order === null
          ? `the POS holds ${pos.length} orders for tab ${ref}`
          : `tab ${ref} has ${order.rounds.length} of ${want} rounds on POS order ${order.id}`;
      return fail(`${what}; ${extra.length} order(s) created after the tab's first`, [
        ...extra.map((e) => cite(e, "a new order instead of a round")),
        ...(tabCreate ? [cite(tabCreate, "the tab's order")] : []),
        ...appends.map((e) => cite(e, "round appended")),
      ]);
    }
    return pass(
      `tab ${ref}: one POS order (${order.id}) with all ${want} rounds, no order created after it`,
      [
        ...appends.map((e) => cite(e, "round appended")),
        ...(tabCreate ? [cite(tabCreate, "the tab's order")] : []),
      ],
    );
  },
};
