import { cite, writes } from "../judge/journal.ts";
import { type Check, fail, notApplicable, pass } from "../types.ts";
import { offers, orderable, placeAndWait } from "./guests.ts";

/** Every write carries an idempotency key, so that a retry can never be applied twice (seed 003 checklist 8). */
export const idempotencyKey: Check = {
  id: "writes.idempotency-key",
  title: "Every write carries an idempotency key",
  rule: "Retried writes must be safe: every order create, round, payment and message carries an idempotency key.",
  // Judged on whatever writes the connector sends: observed, its own guests' writes count too.
  needsGuests: false,
  catches: "no-idempotency-key",
  async play(stage) {
    const driver = stage.driver;
    await stage.wait(60_000);
    if (!driver) {
      await stage.wait(3 * 60_000);
      return {};
    }
    const location = stage.locations[0];
    if (!location) throw new Error("no location");
    const items = await orderable(stage, location.id);
    await placeAndWait(stage, { locationId: location.id, flow: "pay_first", items: [items[0]] });
    if (!offers(stage, "order.append")) {
      await stage.wait(2 * 60_000);
      return {};
    }
    const tab = await placeAndWait(stage, {
      locationId: location.id,
      flow: "pay_later",
      tableId: location.tables[0],
      items: [items[0]],
    });
    if (tab.posOrderId !== null) {
      await driver.appendRound(tab.ref, { items: [items[1] ?? items[0]] }).catch(() => undefined);
      await stage.wait(30_000);
      await driver.pay(tab.ref, {}).catch(() => undefined);
    }
    await stage.wait(2 * 60_000);
    return {};
  },
  judge(run) {
    const all = writes(run);
    const bare = all.filter((e) => e.idempotencyKey === null);
    if (all.length === 0)
      return run.mode === "observe"
        ? notApplicable("the connector sent no write while it was observed")
        : fail("no write reached the POS: nothing to judge", []);
    return bare.length === 0
      ? pass(
          `all ${all.length} writes carried a key`,
          all.slice(0, 3).map((e) => cite(e)),
        )
      : fail(
          `${bare.length} of ${all.length} writes had no idempotency key`,
          bare.map((e) => cite(e)),
        );
  },
};
