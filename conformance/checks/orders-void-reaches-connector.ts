import { at, cite, requests } from "../judge/journal.ts";
import { type Check, type Evidence, fail, pass } from "../types.ts";
import {
  citeWebhook,
  offers,
  orderable,
  placeAndWait,
  voidAtTerminal,
  type WebhookAttempt,
  webhookAttempts,
} from "./guests.ts";

const MINUTE = 60_000;
/** The in-progress refresh runs every 2 minutes; a void may take that long, and 10 % more, to be seen. */
const WITHIN = 2 * MINUTE * 1.1;
/** How long the check watches for it, so a late connector is measured rather than cut off. */
const WATCH = 5 * MINUTE;

/**
 * A void keyed in at a terminal reaches the connector within the in-progress cadence (seed 003:
 * "voids happen at the POS terminal … Fooodo picks them up through the in-progress order
 * refresh", every 2 minutes); a POS that pushes changes (Sinqro) announces it by webhook.
 */
export const ordersVoidReachesConnector: Check = {
  id: "orders.void-reaches-connector",
  title: "A void at the terminal reaches the connector within 2 minutes",
  rule: "Voids happen at the POS terminal; the connector picks them up through the in-progress order refresh (every 2 minutes), or the POS's push where it has one.",
  needsGuests: true,
  needsAny: ["orders.list", "webhooks"],
  catches: "ignore-voids",
  async play(stage) {
    const driver = stage.driver;
    const location = stage.locations[0];
    if (!driver || !location) throw new Error("drive mode only");
    const items = await orderable(stage, location.id);
    // An order still open at the POS: a tab where the POS takes payments later, else a prepaid
    // order (which stays open until served) on a passive POS.
    const tabs = offers(stage, "order.pay");
    const order = await placeAndWait(stage, {
      locationId: location.id,
      flow: tabs ? "pay_later" : "pay_first",
      ...(tabs ? { tableId: location.tables[0] } : {}),
      items: [items[0]],
    });
    // The POS's own id (a dialect may name the order its own way): found by the external id.
    const [pos] = await stage.posOrders(location.id, order.ref);
    if (!pos) throw new Error(`order ${order.ref} did not reach the POS`);
    // Let the envelope settle into its rhythm, then void at an instant unrelated to it.
    await stage.wait(3 * MINUTE + 17_000);
    const before = (await driver.order(order.ref))?.posStatus ?? null;
    await voidAtTerminal(stage, location.id, pos.id);
    const voidedAt = stage.now();
    let seenAt: number | null = null;
    await stage.until(async () => {
      if ((await driver.order(order.ref))?.posStatus !== "voided") return false;
      seenAt = stage.now();
      return true;
    }, WATCH);
    const after = (await driver.order(order.ref))?.posStatus ?? null;
    const webhooks = offers(stage, "webhooks") ? await webhookAttempts(stage, location.id) : [];
    return {
      locationId: location.id,
      ref: order.ref,
      posId: pos.id,
      before,
      after,
      voidedAt,
      seenAt,
      webhooks,
      windows: [{ from: voidedAt, to: voidedAt + WITHIN, label: "void to be seen", locationId: location.id }],
    };
  },
  judge(run) {
    const locationId = String(run.notes.locationId);
    const ref = String(run.notes.ref);
    const voidedAt = Number(run.notes.voidedAt);
    const seenAt = run.notes.seenAt as number | null;
    const webhooks = (run.notes.webhooks as WebhookAttempt[]).filter(
      (w) => w.type === "order.status_changed" && Date.parse(w.at) >= voidedAt,
    );
    // How the news could have come: the order refreshes after the void, and any webhook about it.
    const reads: Evidence[] = [
      ...requests(run, locationId, "orders.list")
        .filter((e) => at(e) >= voidedAt && at(e) <= (seenAt ?? voidedAt + WITHIN))
        .map((e) => cite(e, "order refresh after the void")),
      ...requests(run, locationId, "order.get")
        .filter((e) => at(e) >= voidedAt && at(e) <= (seenAt ?? voidedAt + WITHIN))
        .map((e) => cite(e, "order read after the void")),
      ...webhooks.map((w) => citeWebhook(w, "webhook after the void")),
    ].sort((a, b) => a.at - b.at);
    const voided: Evidence = {
      at: voidedAt,
      text: `staff voided ${ref}'s POS order ${String(run.notes.posId)} at a terminal`,
    };
    if (seenAt === null)
      return fail(
        `the connector still says ${ref} is ${String(run.notes.after)} ${Math.round(WATCH / 1000)} s after it was voided at the POS`,
        [voided, ...reads],
      );
    const took = seenAt - voidedAt;
    const seen: Evidence = {
      at: seenAt,
      text: `the connector says ${ref} is voided (${Math.round(took / 1000)} s after the void)`,
    };
    return took <= WITHIN
      ? pass(`the void reached the connector in ${Math.round(took / 1000)} s (limit ${WITHIN / 1000} s)`, [
          voided,
          seen,
          ...reads,
        ])
      : fail(`the void took ${Math.round(took / 1000)} s to reach the connector (limit ${WITHIN / 1000} s)`, [
          voided,
          seen,
          ...reads,
        ]);
  },
};
