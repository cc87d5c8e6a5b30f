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
const RULE = "forged";
/** How long the sender signs with the wrong secret: its first attempt and the retry 10 s later. */
const FORGING = 30 * SECOND;

interface Look {
  at: number;
  posStatus: string | null;
}

/**
 * A webhook whose signature does not verify is refused and changes nothing the connector
 * believes (README "Webhooks": the listener verifies the HMAC on the raw body; a POS announcing
 * a change signs it with the shared secret, anyone else cannot).
 */
export const webhooksForgedRefused: Check = {
  id: "webhooks.forged-refused",
  title: "A webhook with a forged signature is refused",
  rule: "A connector that takes POS webhooks verifies their signature: one that does not verify is answered 4xx and changes nothing the connector believes.",
  needsGuests: true,
  needsAny: ["webhooks"],
  catches: "accept-forged-webhooks",
  async play(stage) {
    const driver = stage.driver;
    const location = stage.locations[0];
    if (!driver || !location) throw new Error("drive mode only");
    const items = await orderable(stage, location.id);
    const order = await placeAndWait(stage, {
      locationId: location.id,
      flow: "pay_first",
      items: [items[0]],
    });
    const [pos] = await stage.posOrders(location.id, order.ref);
    if (!pos) throw new Error(`order ${order.ref} did not reach the POS`);
    await stage.wait(30 * SECOND);
    const before = (await driver.order(order.ref))?.posStatus ?? null;
    // From now on, for a while, the order's status webhooks are signed with the wrong secret.
    await stage.faults([
      {
        id: RULE,
        kind: "webhook",
        mode: "bad_signature",
        scope: { locations: [location.id], operations: ["webhook.order_status"] },
        when: {
          from: stage.at(stage.now() - stage.start),
          to: stage.at(stage.now() - stage.start + FORGING),
        },
      },
    ]);
    const forgedFrom = stage.now();
    await voidAtTerminal(stage, location.id, pos.id);
    // What the connector believes while only forged attempts have come (the first genuine
    // retry is due about 70 s after the void).
    const looks: Look[] = [];
    for (let i = 0; i < 12; i++) {
      await stage.wait(5 * SECOND);
      looks.push({ at: stage.now(), posStatus: (await driver.order(order.ref))?.posStatus ?? null });
    }
    await stage.wait(2 * MINUTE);
    const after = (await driver.order(order.ref))?.posStatus ?? null;
    return {
      locationId: location.id,
      ref: order.ref,
      before,
      after,
      forgedFrom,
      looks,
      webhooks: await webhookAttempts(stage, location.id),
      windows: [
        { from: forgedFrom, to: forgedFrom + FORGING, label: "forged signatures", locationId: location.id },
      ],
    };
  },
  judge(run) {
    const ref = String(run.notes.ref);
    const before = run.notes.before as string | null;
    const looks = run.notes.looks as Look[];
    const webhooks = (run.notes.webhooks as WebhookAttempt[]).filter(
      (w) => w.type === "order.status_changed" && Date.parse(w.at) >= Number(run.notes.forgedFrom),
    );
    const forged = webhooks.filter((w) => w.fault?.split(",").includes(RULE));
    const genuine = webhooks.filter((w) => !w.fault?.split(",").includes(RULE));
    if (forged.length === 0) return fail("no forged webhook was sent: nothing to judge");
    const accepted = forged.filter((w) => w.status === null || w.status < 400 || w.status >= 500);
    // What the connector said between the first forged attempt and the first genuine one.
    const firstGenuine = genuine[0] ? Date.parse(genuine[0].at) : Number.POSITIVE_INFINITY;
    const moved = looks.filter((l) => l.at < firstGenuine && l.posStatus !== before);
    const evidence: Evidence[] = [
      ...accepted.map((w) => citeWebhook(w, "forged, not refused")),
      ...moved.slice(0, 1).map((l) => ({
        at: l.at,
        text: `the connector says ${ref} is ${l.posStatus} (was ${before}) with only forged webhooks received`,
      })),
      ...forged.filter((w) => !accepted.includes(w)).map((w) => citeWebhook(w, "forged, refused")),
      ...genuine.slice(0, 1).map((w) => citeWebhook(w, "the genuine retry")),
      { at: run.end, text: `the connector says ${ref} is ${String(run.notes.after)} at the end` },
    ];
    if (accepted.length > 0 || moved.length > 0)
      return fail(
        `${accepted.length} of ${forged.length} forged webhook(s) answered without a 4xx${
          moved.length > 0 ? `; the connector took one (${ref} ${before} → ${moved[0]?.posStatus})` : ""
        }`,
        evidence,
      );
    return pass(
      `all ${forged.length} forged webhook(s) answered ${[...new Set(forged.map((w) => w.status))].join("/")}; ${ref} stayed ${before} until a genuine one came`,
      evidence,
    );
  },
};
