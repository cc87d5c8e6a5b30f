import { describe, expect, it } from "vitest";
import { START } from "../../test/support/pos.ts";
import { RETRY_SCHEDULE } from "./index.ts";
import { hooks, SECRET } from "./test-support.ts";

describe("webhooks: retries", () => {
  it("retries a failed delivery on the schedule with the same event id, then stops at 2xx", async () => {
    let calls = 0;
    const h = hooks({ respond: () => (calls++ === 0 ? 500 : undefined) });
    h.newOrder();
    await h.sender.idle();
    expect(h.receiver.received.map((r) => r.status)).toEqual([500]);
    await h.advance(9_999);
    expect(h.receiver.received).toHaveLength(1);
    await h.advance(1);
    const [first, second] = h.receiver.received;
    expect(second?.at).toBe(START + 10_000);
    expect(second?.status).toBe(200);
    expect(second?.headers["x-sinqro-attempt"]).toBe("2");
    expect(second?.headers["x-sinqro-event-id"]).toBe(first?.headers["x-sinqro-event-id"]);
    expect(second?.rawBody).toBe(first?.rawBody);
    expect(second?.headers["x-sinqro-timestamp"]).toBe(String(Math.floor((START + 10_000) / 1000)));
    expect(h.sender.deliveries.map((d) => [d.attempt, d.outcome, d.status, d.retryAt])).toEqual([
      [1, "failed", 500, new Date(START + 10_000).toISOString()],
      [2, "delivered", 200, null],
    ]);
    await h.advance(24 * 3_600_000);
    expect(h.receiver.received).toHaveLength(2);
  });

  it("keeps to the documented schedule and gives up after the last attempt (~20.6 h)", async () => {
    const h = hooks({ respond: () => 503 });
    h.newOrder();
    await h.sender.idle();
    for (const wait of RETRY_SCHEDULE) await h.advance(wait);
    await h.advance(48 * 3_600_000);
    const offsets = h.receiver.received.map((r) => (r.at - START) / 1000);
    expect(offsets).toEqual([0, 10, 70, 370, 2170, 9370, 30970, 74170]);
    expect(h.sender.stats()).toMatchObject({
      events: 1,
      delivered: 0,
      attempts: 8,
      failedAttempts: 8,
      gaveUp: 1,
      waiting: 0,
    });
    expect(h.sender.deliveries.at(-1)).toMatchObject({ attempt: 8, outcome: "failed", retryAt: null });
  });

  it("takes a listener that does not answer in 2 s as failed, and a network error too", async () => {
    let calls = 0;
    const h = hooks();
    const hooksFetch = h.receiver.fetch;
    const sender = h.sim.configureWebhooks({
      url: "http://listener.test/",
      secret: SECRET,
      fetch: (url, init) => {
        calls++;
        if (calls === 1) return new Promise(() => {});
        if (calls === 2) return Promise.reject(new TypeError("fetch failed"));
        return hooksFetch(url, init);
      },
    });
    if (!sender) throw new Error("no sender");
    h.newOrder();
    await h.clock.advance(1_999);
    expect(sender.deliveries).toHaveLength(0);
    await h.clock.advance(1);
    await sender.idle();
    expect(sender.deliveries[0]).toMatchObject({ outcome: "timeout", status: null, durationMs: 2000 });
    expect(sender.deliveries[0]?.retryAt).toBe(new Date(START + 12_000).toISOString());
    await h.clock.advance(10_000);
    await sender.idle();
    expect(sender.deliveries[1]).toMatchObject({ attempt: 2, outcome: "error" });
    await h.clock.advance(60_000);
    await sender.idle();
    expect(sender.deliveries[2]).toMatchObject({ attempt: 3, outcome: "delivered" });
    expect(h.receiver.events).toHaveLength(1);
  });

  it("waits at least what a 429's Retry-After asks", async () => {
    let calls = 0;
    const h = hooks();
    const sender = h.sim.configureWebhooks({
      url: "http://listener.test/",
      secret: SECRET,
      fetch: async (url, init) =>
        calls++ === 0
          ? new Response("slow down", { status: 429, headers: { "retry-after": "120" } })
          : h.receiver.fetch(url, init),
    });
    h.newOrder();
    await sender?.idle();
    expect(sender?.deliveries[0]?.retryAt).toBe(new Date(START + 120_000).toISOString());
  });

  it("stops sending to a listener that answers 410 Gone, until a reset", async () => {
    const h = hooks({ respond: () => 410 });
    h.newOrder();
    h.newOrder();
    await h.sender.idle();
    expect(h.sender.state).toBe("disabled");
    expect(h.sender.disabledReason).toMatch(/410/);
    h.newOrder();
    await h.advance(3_600_000);
    expect(h.receiver.received.length).toBeLessThanOrEqual(2);
    h.sim.reset();
    expect(h.sender.state).toBe("active");
  });
});

describe("webhooks: life cycle and determinism", () => {
  it("stop() cancels waiting retries and sends nothing more", async () => {
    const h = hooks({ respond: () => 500 });
    h.newOrder();
    await h.sender.idle();
    const pending = h.clock.pending;
    h.sender.stop();
    expect(h.clock.pending).toBe(pending - 1);
    h.newOrder();
    await h.advance(3_600_000);
    expect(h.receiver.received).toHaveLength(1);
    expect(h.sender.state).toBe("stopped");
  });

  it("stays bounded: past maxPending the oldest waiting event is given up, and the log keeps logSize", async () => {
    const h = hooks({ respond: () => 500, maxPending: 2, logSize: 3 });
    const first = h.newOrder();
    h.newOrder();
    h.newOrder();
    await h.sender.idle();
    expect(h.sender.stats()).toMatchObject({ events: 3, waiting: 2, gaveUp: 1 });
    expect(h.sender.deliveries).toHaveLength(3);
    expect(h.sender.deliveries.map((d) => d.outcome)).toEqual(["failed", "abandoned", "failed"]);
    expect(h.sender.deliveries[1]?.eventId).toBe(h.receiver.received[0]?.headers["x-sinqro-event-id"]);
    expect(JSON.parse(h.receiver.received[0]?.rawBody ?? "{}").data.orderId).toBe(first.id);
  });

  it("flush() sends at once what waits on the clock", async () => {
    const h = hooks({ respond: (d) => (d.attempt === 1 ? 500 : undefined) });
    h.newOrder();
    await h.sender.idle();
    await h.sender.flush();
    expect(h.receiver.received.map((r) => r.status)).toEqual([500, 200]);
    expect(h.clock.now()).toBe(START);
  });

  it("a reset forgets the log and waiting retries, and ids keep counting so a listener's dedupe stays right", async () => {
    let calls = 0;
    const h = hooks({ respond: () => (calls++ === 0 ? 500 : undefined) });
    h.newOrder();
    await h.sender.idle();
    const before = h.receiver.received[0]?.headers["x-sinqro-event-id"];
    h.sim.reset();
    expect(h.sender.deliveries).toHaveLength(0);
    expect(h.sender.stats().waiting).toBe(0);
    h.newOrder();
    await h.advance(3_600_000);
    const ids = h.receiver.received.map((r) => r.headers["x-sinqro-event-id"]);
    expect(ids).toHaveLength(2);
    expect(ids[1]).not.toBe(before);
  });
});
