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
const RULE = "overtaken";
/** Payment states, furthest last: an order never goes back from paid or voided to open. */
const RANK: Record<string, number> = { open: 0, paid: 1, voided: 1 };

interface Look {
  at: number;
  posStatus: string | null;
}

/**
 * Webhooks that arrive out of order never move the connector's view of an order backwards
 * (README "Webhooks": delivery is unordered; orders are ordered by `data.version`): after an
 * order's creation is announced late, behind its void, the connector still says voided.
 */
export const webhooksReorderTolerated: Check = {
  id: "webhooks.reorder-tolerated",
  title: "Webhooks out of order never move an order backwards",
  rule: "POS webhooks may come out of order: a connector applies an order's change only if it is newer than what it already applied, so its view ends where the POS is.",
  needsGuests: true,
  needsAny: ["webhooks"],
  catches: "apply-stale-webhooks",
  async play(stage) {
    const driver = stage.driver;
    const location = stage.locations[0];
    if (!driver || !location) throw new Error("drive mode only");
    const items = await orderable(stage, location.id);
    // The next order status webhook of the location waits until a later one has gone out.
    await stage.faults([
      {
        id: RULE,
        kind: "webhook",
        mode: "reorder",
        hold: "2m",
        times: 1,
        scope: { locations: [location.id], operations: ["webhook.order_status"] },
      },
    ]);
    const from = stage.now();
    const order = await placeAndWait(stage, {
      locationId: location.id,
      flow: "pay_first",
      items: [items[0]],
    });
    const [pos] = await stage.posOrders(location.id, order.ref);
    if (!pos) throw new Error(`order ${order.ref} did not reach the POS`);
    await stage.wait(20 * SECOND);
    // Staff void it: the void is announced, then the held announcement of its creation follows.
    await voidAtTerminal(stage, location.id, pos.id);
    const looks: Look[] = [];
    for (let i = 0; i < 24; i++) {
      looks.push({ at: stage.now(), posStatus: (await driver.order(order.ref))?.posStatus ?? null });
      await stage.wait(5 * SECOND);
    }
    await stage.wait(MINUTE);
    looks.push({ at: stage.now(), posStatus: (await driver.order(order.ref))?.posStatus ?? null });
    const [after] = await stage.posOrders(location.id, order.ref);
    return {
      locationId: location.id,
      ref: order.ref,
      from,
      looks,
      posStatus: after?.status ?? null,
      webhooks: await webhookAttempts(stage, location.id),
    };
  },
  judge(run) {
    const ref = String(run.notes.ref);
    const looks = run.notes.looks as Look[];
    const posStatus = run.notes.posStatus as string | null;
    const webhooks = (run.notes.webhooks as WebhookAttempt[]).filter(
      (w) => w.type === "order.status_changed" && Date.parse(w.at) >= Number(run.notes.from),
    );
    const held = webhooks.filter((w) => w.fault?.split(",").includes(RULE));
    const overtaking = webhooks.filter((w) => !w.fault?.split(",").includes(RULE));
    const late = held.filter((h) => overtaking.some((o) => o.at <= h.at && o.eventId !== h.eventId));
    if (late.length === 0)
      return fail("no webhook was overtaken by a later one: the scenario did not reorder, nothing to judge", [
        ...webhooks.map((w) => citeWebhook(w)),
      ]);
    const ordered: Evidence[] = [
      ...overtaking.slice(0, 1).map((w) => citeWebhook(w, "the newer change, first")),
      ...late.map((w) => citeWebhook(w, "the older change, after it")),
    ];
    // Backwards: a status the connector had left (paid/voided) comes back (open).
    let furthest: Look | null = null;
    let backwards: { from: Look; to: Look } | null = null;
    for (const look of looks) {
      const rank = RANK[look.posStatus ?? ""] ?? -1;
      if (furthest && rank < (RANK[furthest.posStatus ?? ""] ?? -1) && !backwards)
        backwards = { from: furthest, to: look };
      if (!furthest || rank >= (RANK[furthest.posStatus ?? ""] ?? -1)) furthest = look;
    }
    const last = looks[looks.length - 1];
    const final = last?.posStatus ?? null;
    if (backwards || final !== posStatus)
      return fail(
        `the connector's view of ${ref} ${
          backwards
            ? `went back from ${backwards.from.posStatus} to ${backwards.to.posStatus}`
            : "is not where the POS is"
        }: it ends ${final}, the POS says ${posStatus}`,
        [
          ...(backwards
            ? [
                { at: backwards.from.at, text: `the connector says ${ref} is ${backwards.from.posStatus}` },
                { at: backwards.to.at, text: `the connector says ${ref} is ${backwards.to.posStatus} again` },
              ]
            : []),
          ...ordered,
          { at: last?.at ?? run.end, text: `finally the connector says ${final}, the POS ${posStatus}` },
        ],
      );
    return pass(`the late, older webhook left ${ref} where it was: ${final}, as at the POS`, [
      ...ordered,
      { at: last?.at ?? run.end, text: `finally the connector says ${final}, the POS ${posStatus}` },
    ]);
  },
};
