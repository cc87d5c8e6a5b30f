import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { getRequestListener } from "@hono/node-server";
import { afterEach, describe, expect, it } from "vitest";
import { addSinqroWebhooks, SinqroWebhookEvent } from "../../contracts/sinqro/webhooks.ts";
import { simpleProduct } from "../../test/support/menu.ts";
import { testPos } from "../../test/support/pos.ts";
import { createWebhookReceiver } from "./index.ts";

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** A receiver on a real 127.0.0.1 socket. */
async function listen(secret: string, now: () => number) {
  const receiver = createWebhookReceiver(secret, { now });
  const server = createServer(getRequestListener(receiver.app.fetch));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  return { receiver, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/sinqro/webhooks` };
}

describe("admin API: /__admin/webhooks", () => {
  it("configures a listener over HTTP, delivers a signed event to a real socket, and stops", async () => {
    const pos = testPos();
    const { receiver, url } = await listen("s3cret-key", () => pos.clock.now());
    expect((await pos.request("GET", "/__admin/webhooks")).body).toMatchObject({
      configured: false,
      state: "off",
    });

    const put = await pos.request("PUT", "/__admin/webhooks", {
      body: { url, secret: "s3cret-key", events: ["order.status_changed"], schedule: ["5s", "1m"] },
    });
    expect(put.status).toBe(200);
    expect(put.body.config).toEqual({
      url,
      events: ["order.status_changed"],
      timeoutMs: 2000,
      schedule: [5000, 60_000],
      maxAttempts: 3,
    });
    expect(put.text).not.toContain("s3cret-key");

    const loc = pos.location(0);
    const created = await pos.request("POST", `/v1/locations/${loc.id}/orders`, {
      body: { type: "take_away", items: [{ productId: simpleProduct(loc).id, quantity: 1 }] },
    });
    expect(created.status).toBe(201);
    await pos.sim.webhooks?.idle();
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]).toMatchObject({ verified: true, status: 200, attempt: 1 });
    expect(SinqroWebhookEvent.parse(receiver.events[0])).toMatchObject({
      data: { orderId: created.body.id },
    });

    const got = await pos.request("GET", "/__admin/webhooks?limit=10");
    expect(got.body).toMatchObject({ state: "active", stats: { events: 1, delivered: 1 } });
    expect(got.body.deliveries).toEqual([
      expect.objectContaining({ outcome: "delivered", status: 200, attempt: 1 }),
    ]);

    expect((await pos.request("DELETE", "/__admin/webhooks")).body).toEqual({ stopped: true });
    expect((await pos.request("DELETE", "/__admin/webhooks")).body).toEqual({ stopped: false });
    expect((await pos.request("GET", "/__admin/webhooks")).body.configured).toBe(false);
  });

  it("refuses a bad configuration with a 400 naming the field", async () => {
    const pos = testPos();
    for (const body of [
      { url: "ftp://example.test/", secret: "x" },
      { url: "http://example.test/", secret: "" },
      { url: "http://example.test/", secret: "x", events: ["order.eaten"] },
      { url: "http://example.test/", secret: "x", timeout: 0 },
      { url: "http://example.test/", secret: "x", unknown: true },
    ]) {
      const res = await pos.request("PUT", "/__admin/webhooks", { body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.code).toBe("VALIDATION");
    }
    expect(pos.sim.webhooks).toBeNull();
  });

  it("a reset keeps the listener but forgets the log", async () => {
    const pos = testPos();
    const { url } = await listen("k", () => pos.clock.now());
    await pos.request("PUT", "/__admin/webhooks", { body: { url, secret: "k" } });
    const loc = pos.location(0);
    await pos.request("PUT", `/__admin/locations/${loc.id}/availability/${simpleProduct(loc).id}`, {
      body: { soldOut: true },
    });
    await pos.sim.webhooks?.idle();
    expect((await pos.request("GET", "/__admin/webhooks")).body.deliveries).toHaveLength(1);
    await pos.request("POST", "/__admin/reset");
    const after = await pos.request("GET", "/__admin/webhooks");
    expect(after.body).toMatchObject({ configured: true, state: "active", deliveries: [] });
  });
});

describe("the webhook contract", () => {
  it("adds the three webhooks to an OpenAPI 3.1 document, each with its canonical operation", () => {
    const doc = addSinqroWebhooks({ openapi: "3.1.0", components: { schemas: { Other: {} } } });
    const hooks = doc.webhooks as Record<string, { post: Record<string, any> }>;
    expect(Object.keys(hooks)).toEqual([
      "orderStatusChanged",
      "productElementChanged",
      "availabilityChanged",
    ]);
    expect(Object.values(hooks).map((h) => h.post["x-mockpos-operation"])).toEqual([
      "webhook.order_status",
      "webhook.catalog",
      "webhook.availability",
    ]);
    expect(hooks.orderStatusChanged?.post.parameters.map((p: any) => p.name)).toContain("x-sinqro-signature");
    expect(Object.keys(doc.components?.schemas ?? {})).toEqual(
      expect.arrayContaining([
        "Other",
        "SinqroWebhookOrderStatus",
        "SinqroWebhookCatalog",
        "SinqroWebhookAvailability",
      ]),
    );
  });
});
