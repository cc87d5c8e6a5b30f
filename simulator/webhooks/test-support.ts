import { SinqroWebhookEvent } from "../../contracts/sinqro/webhooks.ts";
import { simpleProduct } from "../../test/support/menu.ts";
import { START } from "../../test/support/pos.ts";
import { createMockPos } from "../app.ts";
import { VirtualClock } from "../clock/index.ts";
import { createOrder } from "../domain/orders.ts";
import type { Order } from "../domain/types.ts";
import { createWebhookReceiver, type WebhookOptions, type WebhookSender } from "./index.ts";
import type { ReceivedWebhook } from "./receiver.ts";

export const SECRET = "whsec_test_0123456789";
export const URL = "http://listener.test/sinqro/webhooks/mockpos";

export interface HookSetup extends Partial<WebhookOptions> {
  seed?: string;
  /** The receiver's answer to a new, verified delivery (undefined: 200). */
  respond?: (delivery: ReceivedWebhook) => number | undefined;
}

/** A simulator on a virtual clock sending webhooks to an in-process receiver that verifies and dedupes. */
export function hooks(setup: HookSetup = {}) {
  const { seed = "hooks", respond, ...options } = setup;
  const clock = new VirtualClock(START);
  const { sim, app } = createMockPos({ seed, locations: 2, locale: "es", clock });
  const receiver = createWebhookReceiver(SECRET, { now: () => clock.now(), respond });
  const sender = sim.configureWebhooks({
    url: URL,
    secret: SECRET,
    fetch: receiver.fetch,
    ...options,
  }) as WebhookSender;
  const loc = sim.chain.locations[0];
  if (!loc) throw new Error("no location");
  const newOrder = (): Order =>
    createOrder(
      sim.chain,
      loc,
      { type: "take_away", items: [{ productId: simpleProduct(loc).id, quantity: 1 }] },
      { source: "api" },
      clock.now(),
    );
  /** Advances the clock, then waits for the answers to what went out. */
  const advance = async (ms: number) => {
    await clock.advance(ms);
    await sender.idle();
  };
  return { sim, app, clock, receiver, sender, loc, newOrder, advance };
}

/** The bodies the receiver verified, in arrival order (duplicates included), checked against the contract. */
export function bodies(received: readonly ReceivedWebhook[]): SinqroWebhookEvent[] {
  return received.filter((r) => r.verified).map((r) => SinqroWebhookEvent.parse(JSON.parse(r.rawBody)));
}
