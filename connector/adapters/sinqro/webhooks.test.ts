import { describe, expect, it } from "vitest";
import { createMockPos } from "../../../simulator/app.ts";
import { VirtualClock } from "../../../simulator/clock/index.ts";
import { changePrice } from "../../../simulator/domain/menu.ts";
import { payOrder, setFulfilment } from "../../../simulator/domain/orders.ts";
import { closeTemporarily, reopen } from "../../../simulator/domain/schedule.ts";
import { setSoldOut } from "../../../simulator/domain/staff.ts";
import type { FaultRuleInput } from "../../../simulator/faults/schema.ts";
import { signWebhook, type WebhookSender } from "../../../simulator/webhooks/index.ts";
import { simpleProduct } from "../../../test/support/menu.ts";
import { START } from "../../../test/support/pos.ts";
import { Http } from "../../http.ts";
import type { AdapterContext } from "../types.ts";
import { sinqroAdapter } from "./index.ts";
import { type SinqroIntakeEvent, sinqroWebhookIntake } from "./webhooks.ts";

const SECRET = "whsec_engine_0123456789";
const URL = "http://engine.test/sinqro/webhooks";
const terminal = { source: "terminal", terminalId: "term-1" } as const;

/**
 * A simulator on a virtual clock sending its real webhooks to the engine's intake, in process
 * (the sender's fetch calls the handler), and the Sinqro adapter to act through its API.
 */
function setup(options: { faults?: FaultRuleInput[]; capacity?: number; secret?: string } = {}) {
  const clock = new VirtualClock(START);
  const pos = createMockPos({ seed: "sinqro-intake", locations: 3, locale: "es", clock });
  const { sim } = pos;
  const events: SinqroIntakeEvent[] = [];
  const intake = sinqroWebhookIntake({
    secret: SECRET,
    clock,
    onEvent: (e) => events.push(e),
    ...(options.capacity !== undefined ? { capacity: options.capacity } : {}),
  });
  const answers: number[] = [];
  const replies: { duplicate?: boolean }[] = [];
  const sender = sim.configureWebhooks({
    url: URL,
    secret: options.secret ?? SECRET,
    fetch: async (url, init) => {
      const res = await intake(new Request(url, init));
      answers.push(res.status);
      replies.push((await res.clone().json()) as { duplicate?: boolean });
      return res;
    },
  }) as WebhookSender;
  if (options.faults) sim.faults.use(...options.faults);
  const loc = sim.chain.locations[0];
  if (!loc) throw new Error("no location");
  const app = pos.dialects.sinqro.app;
  const ctx: AdapterContext<{ userToken: string; serverToken: string }> = {
    location: {
      id: loc.id,
      posLocationId: loc.id,
      credentials: { userToken: loc.credentials.apiKey, serverToken: sim.chain.credentials.serverToken },
    },
    http: new Http({
      fetch: async (u, i) => app.request(u, i),
      clock,
      baseUrl: "http://sinqro.test",
      timeoutMs: 10_000,
    }),
  };
  /** Injects an order the way the engine does, and waits until its webhook is answered. */
  const createOrder = async (externalId: string) => {
    const created = await sinqroAdapter.createOrder(
      ctx,
      {
        externalId,
        flow: "pay_first",
        tableId: null,
        guests: null,
        items: [{ productId: simpleProduct(loc).id, quantity: 1 }],
        note: null,
      },
      `key-${externalId}`,
    );
    await sender.idle();
    const order = loc.orders.get(created.id);
    if (!order) throw new Error("order not held");
    return order;
  };
  const advance = async (ms: number) => {
    await clock.advance(ms);
    await sender.idle();
  };
  return { sim, clock, loc, intake, events, answers, replies, sender, createOrder, advance };
}

/** A delivery signed like the POS signs it (or not), straight to the intake. */
function deliver(
  intake: (r: Request) => Promise<Response>,
  body: unknown,
  o: { at?: number; secret?: string | null; raw?: string; method?: string } = {},
) {
  const raw = o.raw ?? JSON.stringify(body);
  const timestamp = Math.floor((o.at ?? START) / 1000);
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (o.secret !== null) {
    headers["x-sinqro-timestamp"] = String(timestamp);
    headers["x-sinqro-signature"] = signWebhook(o.secret ?? SECRET, timestamp, raw);
  }
  return intake(
    new Request(URL, { method: o.method ?? "POST", headers, body: o.method === "GET" ? undefined : raw }),
  );
}

const orderEvent = (id: string, version: number, status = "ACCEPTED", paid = false) => ({
  id,
  type: "order.status_changed",
  createdAt: new Date(START + version * 1000).toISOString(),
  restaurantId: "loc-0001",
  data: {
    status,
    statusCode: 20,
    paid,
    orderId: "loc-0001-ord-00042",
    externalReference: "eng-42",
    number: 42,
    type: "TAKE_AWAY",
    previous: null,
    version,
    updatedAt: new Date(START + version * 1000).toISOString(),
  },
});

const availabilityEvent = (id: string, at: number, available: boolean, productId: string | null = "p-1") => ({
  id,
  type: "availability.changed",
  createdAt: new Date(at).toISOString(),
  restaurantId: "loc-0001",
  data: {
    scope: productId === null ? "restaurant" : "product",
    productId,
    available,
    reason: null,
    until: null,
  },
});

describe("sinqro intake: real webhooks from the simulator", () => {
  it("an order injected by the engine, then accepted and paid at the POS, reaches onEvent once per change", async () => {
    const t = setup();
    const order = await t.createOrder("eng-1");
    await t.advance(1000);
    setFulfilment(t.loc, order, "accepted", terminal, t.clock.now());
    await t.sender.idle();
    await t.advance(1000);
    payOrder(t.loc, order, { method: "card" }, terminal, t.clock.now());
    await t.sender.idle();
    expect(t.events).toEqual([
      {
        type: "order",
        eventId: expect.stringMatching(/^evt_/),
        restaurantId: t.loc.id,
        posOrderId: order.id,
        externalId: "eng-1",
        status: "open",
        fulfilment: "new",
        version: 1,
        at: new Date(START).toISOString(),
      },
      expect.objectContaining({ posOrderId: order.id, status: "open", fulfilment: "accepted", version: 2 }),
      expect.objectContaining({ posOrderId: order.id, status: "paid", fulfilment: "accepted", version: 3 }),
    ]);
    expect(new Set(t.events.map((e) => e.eventId)).size).toBe(3);
    expect(t.answers).toEqual([200, 200, 200]);
    expect(t.sender.stats()).toMatchObject({ delivered: 3, failedAttempts: 0 });
  });

  it("a cancel at the POS arrives as voided", async () => {
    const t = setup();
    const order = await t.createOrder("eng-2");
    setFulfilment(t.loc, order, "canceled", terminal, t.clock.now() + 1);
    await t.sender.idle();
    expect(t.events.at(-1)).toMatchObject({ type: "order", status: "voided", fulfilment: "canceled" });
  });

  it("availability (a product, the whole restaurant) and catalog changes arrive in the engine's terms", async () => {
    const t = setup();
    const product = simpleProduct(t.loc, 1);
    setSoldOut(t.loc, product.id, true, t.clock.now());
    await t.advance(1000);
    closeTemporarily(t.loc, { reason: "kitchen overwhelmed", until: START + 3_600_000 }, t.clock.now());
    await t.advance(1000);
    reopen(t.loc, t.clock.now());
    await t.advance(1000);
    changePrice(t.loc, { productId: product.id, price: product.price + 50 }, t.clock.now());
    await t.sender.idle();
    expect(t.events).toMatchObject([
      { type: "availability", restaurantId: t.loc.id, productId: product.id, soldOut: true },
      {
        type: "availability",
        productId: null,
        soldOut: true,
        reason: "kitchen overwhelmed",
        until: new Date(START + 3_600_000).toISOString(),
      },
      { type: "availability", productId: null, soldOut: false, reason: null, until: null },
      {
        type: "catalog",
        element: "product",
        elementId: product.id,
        change: "updated",
        menuVersion: t.loc.menu.version,
      },
    ]);
  });

  it("a bad_signature delivery is refused 401 without onEvent; the retry, signed right, is processed", async () => {
    const t = setup({ faults: [{ id: "forged", kind: "webhook", mode: "bad_signature", times: 1 }] });
    await t.createOrder("eng-3");
    expect(t.answers).toEqual([401]);
    expect(t.events).toEqual([]);
    expect(t.sender.deliveries[0]).toMatchObject({ status: 401, outcome: "failed", fault: "forged" });
    await t.advance(10_000);
    expect(t.answers).toEqual([401, 200]);
    expect(t.events).toHaveLength(1);
  });

  it("a sender with another secret is refused every time", async () => {
    const t = setup({ secret: "whsec_someone_else" });
    await t.createOrder("eng-4");
    await t.advance(10_000);
    await t.advance(60_000);
    expect(t.answers).toEqual([401, 401, 401]);
    expect(t.events).toEqual([]);
  });

  it("a duplicate delivery is answered 200 and processed once (an order event, and a catalog one)", async () => {
    const t = setup({ faults: [{ id: "twice", kind: "webhook", mode: "duplicate" }] });
    await t.createOrder("eng-5");
    const product = simpleProduct(t.loc, 2);
    changePrice(t.loc, { productId: product.id, price: product.price + 10 }, t.clock.now());
    await t.sender.idle();
    expect(t.sender.deliveries.map((d) => [d.type, d.duplicate, d.status])).toEqual([
      ["order.status_changed", false, 200],
      ["order.status_changed", true, 200],
      ["catalog.element_changed", false, 200],
      ["catalog.element_changed", true, 200],
    ]);
    expect(t.replies.map((r) => r.duplicate ?? false)).toEqual([false, true, false, true]);
    expect(t.events.map((e) => e.type)).toEqual(["order", "catalog"]);
  });

  it("a reordered delivery does not move the order backwards", async () => {
    // The order's first event (NEW) is held until the restaurant's next one (ACCEPTED) has gone.
    const t = setup({
      faults: [
        {
          id: "swap",
          kind: "webhook",
          mode: "reorder",
          times: 1,
          scope: { operations: ["webhook.order_status"] },
        },
      ],
    });
    const order = await t.createOrder("eng-6");
    expect(t.answers).toEqual([]);
    await t.advance(1000);
    setFulfilment(t.loc, order, "accepted", terminal, t.clock.now());
    await t.sender.idle();
    // Both arrived, the newer first, and both were acknowledged.
    expect(t.sender.deliveries.map((d) => d.fault)).toEqual([null, "swap"]);
    expect(t.answers).toEqual([200, 200]);
    expect(t.events.map((e) => (e.type === "order" ? [e.fulfilment, e.version] : e.type))).toEqual([
      ["accepted", 2],
    ]);
  });
});

describe("sinqro intake: the handler on its own", () => {
  it("401 on a missing, forged or stale signature, and on a body changed after signing", async () => {
    const t = setup();
    const body = orderEvent("evt_a", 1);
    expect((await deliver(t.intake, body, { secret: null })).status).toBe(401);
    expect((await deliver(t.intake, body, { secret: "guess" })).status).toBe(401);
    const stale = await deliver(t.intake, body, { at: START - 301_000 });
    expect(stale.status).toBe(401);
    expect(await stale.json()).toEqual({ error: "stale_timestamp" });
    const raw = JSON.stringify(body);
    const signedAt = Math.floor(START / 1000);
    const tampered = await t.intake(
      new Request(URL, {
        method: "POST",
        headers: {
          "x-sinqro-timestamp": String(signedAt),
          "x-sinqro-signature": signWebhook(SECRET, signedAt, raw),
        },
        body: raw.replace('"paid":false', '"paid":true'),
      }),
    );
    expect(tampered.status).toBe(401);
    expect(t.events).toEqual([]);
    // Within the tolerance, on the engine's clock.
    expect((await deliver(t.intake, body, { at: START - 299_000 })).status).toBe(200);
    expect(t.events).toHaveLength(1);
  });

  it("400 on a verified body it cannot read, and such a body is not remembered as processed", async () => {
    const t = setup();
    expect((await deliver(t.intake, null, { raw: "{not json" })).status).toBe(400);
    expect((await deliver(t.intake, { hello: "world" })).status).toBe(400);
    const broken = orderEvent("evt_b", 1) as { data: Record<string, unknown> };
    broken.data.version = "one";
    const answer = await deliver(t.intake, broken);
    expect(answer.status).toBe(400);
    expect(await answer.json()).toMatchObject({
      error: "invalid_event",
      message: expect.stringMatching(/version/),
    });
    expect(t.events).toEqual([]);
    // Fixed, the same id goes through.
    expect((await deliver(t.intake, orderEvent("evt_b", 1))).status).toBe(200);
    expect(t.events).toHaveLength(1);
    expect((await deliver(t.intake, null, { method: "GET" })).status).toBe(405);
  });

  it("acknowledges what the engine does not take (bookings, new types) without calling onEvent", async () => {
    const t = setup();
    const booking = {
      ...orderEvent("evt_r", 1),
      type: "reservation.status_changed",
      data: { reservationId: "r" },
    };
    const res = await deliver(t.intake, booking);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ignored: expect.stringMatching(/reservation/) });
    expect((await deliver(t.intake, { ...booking, id: "evt_x", type: "loyalty.changed" })).status).toBe(200);
    expect(t.events).toEqual([]);
  });

  it("orders: an older or equal version is acknowledged and not applied; other orders are independent", async () => {
    const t = setup();
    expect((await deliver(t.intake, orderEvent("evt_3", 3, "READY"))).status).toBe(200);
    const older = await deliver(t.intake, orderEvent("evt_2", 2, "ACCEPTED"));
    expect(older.status).toBe(200);
    expect(await older.json()).toMatchObject({ stale: true });
    expect((await deliver(t.intake, orderEvent("evt_3b", 3, "READY"))).status).toBe(200);
    const other = orderEvent("evt_o", 1, "NEW");
    other.data.orderId = "loc-0001-ord-00043";
    await deliver(t.intake, other);
    await deliver(t.intake, orderEvent("evt_4", 4, "COMPLETED", true));
    expect(
      t.events.map((e) => (e.type === "order" ? [e.posOrderId.slice(-2), e.fulfilment, e.status] : [])),
    ).toEqual([
      ["42", "ready", "open"],
      ["43", "new", "open"],
      ["42", "completed", "paid"],
    ]);
  });

  it("availability: an older change of the same product is not applied over a newer one", async () => {
    const t = setup();
    await deliver(t.intake, availabilityEvent("evt_back", START + 2000, true));
    await deliver(t.intake, availabilityEvent("evt_out", START + 1000, false));
    await deliver(t.intake, availabilityEvent("evt_other", START + 1000, false, "p-2"));
    await deliver(t.intake, availabilityEvent("evt_closed", START + 1000, false, null));
    expect(t.events.map((e) => (e.type === "availability" ? [e.productId, e.soldOut] : []))).toEqual([
      ["p-1", false],
      ["p-2", true],
      [null, true],
    ]);
  });

  it("a failing onEvent answers 500 and the retry is processed", async () => {
    const t = setup();
    let fail = true;
    const seen: string[] = [];
    const intake = sinqroWebhookIntake({
      secret: SECRET,
      clock: t.clock,
      onEvent: (e) => {
        if (fail) throw new Error("engine busy");
        seen.push(e.eventId);
      },
    });
    expect((await deliver(intake, orderEvent("evt_f", 1))).status).toBe(500);
    fail = false;
    expect((await deliver(intake, orderEvent("evt_f", 1))).status).toBe(200);
    expect(seen).toEqual(["evt_f"]);
  });

  it("remembers a bounded number of ids: past capacity the oldest is forgotten", async () => {
    const t = setup({ capacity: 2 });
    for (const id of ["evt_1", "evt_2"]) await deliver(t.intake, availabilityEvent(id, START, false, id));
    expect(
      await (await deliver(t.intake, availabilityEvent("evt_1", START, false, "evt_1"))).json(),
    ).toMatchObject({
      duplicate: true,
    });
    await deliver(t.intake, availabilityEvent("evt_3", START, false, "evt_3"));
    // evt_1 fell out of the window (and so did its product's position): processed again.
    const again = await deliver(t.intake, availabilityEvent("evt_1", START, false, "evt_1"));
    expect(await again.json()).toEqual({ received: true });
    expect(t.events.map((e) => e.eventId)).toEqual(["evt_1", "evt_2", "evt_3", "evt_1"]);
    expect(() =>
      sinqroWebhookIntake({ secret: SECRET, clock: t.clock, onEvent: () => {}, capacity: 0 }),
    ).toThrow(RangeError);
  });
});
