import { describe, expect, it } from "vitest";
import { simpleProduct } from "../../test/support/menu.ts";
import { START } from "../../test/support/pos.ts";
import { createMockPos } from "../app.ts";
import { ScaledClock } from "../clock/index.ts";
import { createOrder } from "../domain/orders.ts";
import { createWebhookReceiver, verifyWebhook, type WebhookSender } from "./index.ts";
import { hooks, SECRET, URL } from "./test-support.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe("webhooks: the signed timestamp", () => {
  it("is wall-clock time under a scaled clock started in the past, so a listener on its own clock accepts it", async () => {
    // `mockpos serve --clock scaled --clock-factor 60 --start <a day ago>`: simulated time is a
    // day behind the wall clock. No timer runs and nothing waits: the first attempt goes out at once.
    // At 60× the clock gains a minute a second: a day behind, it stays over half an hour behind for
    // 23 minutes of wall time (an hour behind gave 30 s, which a loaded machine can use up).
    const clock = new ScaledClock({ factor: 60, origin: Date.now() - DAY });
    const { sim } = createMockPos({ seed: "scaled", locations: 1, locale: "es", clock });
    const receiver = createWebhookReceiver(SECRET); // verifies against Date.now, like a real listener
    const sender = sim.configureWebhooks({
      url: URL,
      secret: SECRET,
      fetch: receiver.fetch,
    }) as WebhookSender;
    try {
      const loc = sim.chain.locations[0];
      if (!loc) throw new Error("no location");
      const before = Date.now();
      createOrder(
        sim.chain,
        loc,
        { type: "take_away", items: [{ productId: simpleProduct(loc).id, quantity: 1 }] },
        { source: "api" },
        clock.now(),
      );
      await sender.idle();
      const after = Date.now();
      const [got] = receiver.received;
      expect(got).toMatchObject({ verified: true, reason: null, status: 200 });
      const stamp = Number(got?.headers["x-sinqro-timestamp"]) * 1000;
      expect(stamp).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
      expect(stamp).toBeLessThanOrEqual(after);
      expect(receiver.events).toHaveLength(1);
      expect(sender.stats()).toMatchObject({ delivered: 1, failedAttempts: 0, waiting: 0 });
      // The delivery log stays on the simulator's clock.
      expect(Date.parse(sender.deliveries[0]?.at ?? "")).toBeLessThan(before - HOUR / 2);
    } finally {
      sender.stop();
    }
  });

  it("is the virtual clock's time under a virtual clock: deterministic, verified by passing `now`", async () => {
    const h = hooks({ respond: () => 500 });
    await h.clock.advance(90_000);
    h.newOrder();
    await h.sender.idle();
    await h.advance(10_000);
    const [first, retry] = h.receiver.received;
    expect(first?.headers["x-sinqro-timestamp"]).toBe(String(Math.floor((START + 90_000) / 1000)));
    expect(retry?.headers["x-sinqro-timestamp"]).toBe(String(Math.floor((START + 100_000) / 1000)));
    const verify = (now?: number) =>
      verifyWebhook({ secret: SECRET, headers: retry?.headers ?? {}, rawBody: retry?.rawBody ?? "", now });
    expect(verify(h.clock.now())).toMatchObject({ ok: true });
    // Wall time is nowhere near the virtual START, so a verifier on Date.now must be given `now`.
    expect(Math.abs(Date.now() - START)).toBeGreaterThan(HOUR);
    expect(verify()).toEqual({ ok: false, reason: "stale_timestamp" });
  });
});
