import { type Check, type Evidence, fail, pass } from "../types.ts";
import {
  citeWebhook,
  orderable,
  placeAndWait,
  voidAtTerminal,
  type WebhookAttempt,
  webhookAttempts,
} from "./guests.ts";

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const RULE = "twice";

/** What the connector reports it applied, through the driver: order events it learnt of. */
async function ordersSeen(stage: Parameters<Check["play"]>[0], locationId: string): Promise<number> {
  const driver = stage.driver;
  if (!driver) throw new Error("drive mode only");
  const view = (await driver.locations()).find((l) => l.id === locationId);
  if (!view) throw new Error(`the connector does not report ${locationId}`);
  return view.counters.ordersSeen;
}

/**
 * A webhook delivered twice is processed once (README "Webhooks": delivery is at least once;
 * the listener dedupes on the event id, as Square's listeners do on `event_id`). The connector's
 * own count of the order changes it applied (`counters.ordersSeen`) must not count a copy.
 */
export const webhooksReplayOnce: Check = {
  id: "webhooks.replay-once",
  title: "A webhook delivered twice is processed once",
  rule: "POS webhooks come at least once: a connector dedupes them on the event id, so an event delivered twice is applied once.",
  needsGuests: true,
  needsAny: ["webhooks"],
  catches: "process-duplicate-webhooks",
  async play(stage) {
    const driver = stage.driver;
    const location = stage.locations[0];
    if (!driver || !location) throw new Error("drive mode only");
    const items = await orderable(stage, location.id);
    await stage.wait(30 * SECOND);
    // Every order status webhook of the location comes twice, byte for byte.
    await stage.faults([
      {
        id: RULE,
        kind: "webhook",
        mode: "duplicate",
        scope: { locations: [location.id], operations: ["webhook.order_status"] },
      },
    ]);
    const from = stage.now();
    const seenBefore = await ordersSeen(stage, location.id);
    // Two guest orders, one voided at a terminal: three status changes, each announced once.
    const kept = await placeAndWait(stage, { locationId: location.id, flow: "pay_first", items: [items[0]] });
    const voided = await placeAndWait(stage, {
      locationId: location.id,
      flow: "pay_first",
      items: [items[1] ?? items[0]],
    });
    await stage.wait(MINUTE);
    const [pos] = await stage.posOrders(location.id, voided.ref);
    if (!pos) throw new Error(`order ${voided.ref} did not reach the POS`);
    await voidAtTerminal(stage, location.id, pos.id);
    await stage.wait(2 * MINUTE);
    const seenAfter = await ordersSeen(stage, location.id);
    return {
      locationId: location.id,
      refs: [kept.ref, voided.ref],
      from,
      seenBefore,
      seenAfter,
      finalStatus: (await driver.order(voided.ref))?.posStatus ?? null,
      webhooks: await webhookAttempts(stage, location.id),
    };
  },
  judge(run) {
    const from = Number(run.notes.from);
    const seen = Number(run.notes.seenAfter) - Number(run.notes.seenBefore);
    const webhooks = (run.notes.webhooks as WebhookAttempt[]).filter(
      (w) => w.type === "order.status_changed" && Date.parse(w.at) >= from,
    );
    const delivered = webhooks.filter((w) => w.outcome === "delivered");
    const events = new Set(delivered.map((w) => w.eventId));
    const copies = delivered.filter((w) => w.duplicate);
    if (copies.length === 0) return fail("no webhook was delivered twice: nothing to judge");
    const evidence: Evidence[] = [
      {
        at: run.end,
        text: `the connector counts ${seen} order change(s) applied at ${String(run.notes.locationId)} since the first duplicated event (counters.ordersSeen ${String(run.notes.seenBefore)} → ${String(run.notes.seenAfter)})`,
      },
      ...delivered.map((w) => citeWebhook(w, w.duplicate ? "the same event again" : "delivered")),
    ];
    return seen <= events.size
      ? pass(
          `${events.size} order event(s) delivered ${delivered.length} times; the connector applied ${seen} (copies not counted)`,
          evidence,
        )
      : fail(
          `the connector applied ${seen} order changes for ${events.size} distinct event(s) delivered ${delivered.length} times: ${seen - events.size} copy(ies) processed again`,
          evidence,
        );
  },
};
