import { describe, expect, it } from "vitest";
import { START } from "../../test/support/pos.ts";
import { changePrices } from "../domain/menu.ts";
import { appendRound, payOrder, setFulfilment, voidOrder } from "../domain/orders.ts";
import { createReservation, setReservationStatus } from "../domain/reservations.ts";
import { closeTemporarily, isScheduledOpen, reopen } from "../domain/schedule.ts";
import { lockOrder, setSoldOut } from "../domain/staff.ts";
import { verifyWebhook } from "./index.ts";
import { bodies, hooks, SECRET } from "./test-support.ts";

const api = { source: "api" } as const;

describe("webhooks: what is announced", () => {
  it("announces a new order and each status change once, signed, and nothing for other changes", async () => {
    const h = hooks();
    const order = h.newOrder();
    await h.sender.idle();
    setFulfilment(h.loc, order, "accepted", api, h.clock.now());
    lockOrder(h.loc, order, "term-1", h.clock.now(), 1000);
    appendRound(
      h.loc,
      order,
      { items: [{ productId: order.lines[0]?.productId ?? "", quantity: 1 }] },
      { source: "terminal", terminalId: "term-1" },
      h.clock.now(),
    );
    await h.sender.idle();

    const got = bodies(h.receiver.received);
    expect(got.map((b) => b.type)).toEqual(["order.status_changed", "order.status_changed"]);
    expect(got[0]).toMatchObject({
      restaurantId: h.loc.id,
      createdAt: new Date(START).toISOString(),
      data: {
        orderId: order.id,
        type: "TAKE_AWAY",
        status: "NEW",
        statusCode: 10,
        paid: false,
        previous: null,
      },
    });
    expect(got[1]?.data).toMatchObject({
      status: "ACCEPTED",
      statusCode: 20,
      previous: { status: "NEW", statusCode: 10, paid: false },
    });
    for (const r of h.receiver.received) {
      expect(r.status).toBe(200);
      expect(r.headers["x-sinqro-signature"]).toMatch(/^v1=[0-9a-f]{64}$/);
      expect(r.headers["x-sinqro-timestamp"]).toBe(String(Math.floor(START / 1000)));
      expect(r.headers["x-sinqro-attempt"]).toBe("1");
      expect(r.headers["x-sinqro-event-id"]).toBe(JSON.parse(r.rawBody).id);
      const check = verifyWebhook({
        secret: SECRET,
        headers: r.headers,
        rawBody: r.rawBody,
        now: h.clock.now(),
      });
      expect(check).toEqual({
        ok: true,
        eventId: JSON.parse(r.rawBody).id,
        timestamp: Math.floor(START / 1000),
      });
    }
    expect(h.sender.stats()).toMatchObject({ events: 2, delivered: 2, attempts: 2, failedAttempts: 0 });
  });

  it("announces payment and cancellation as status changes", async () => {
    const h = hooks();
    const paid = h.newOrder();
    const voided = h.newOrder();
    await h.sender.idle();
    payOrder(h.loc, paid, { method: "card" }, api, h.clock.now());
    voidOrder(h.loc, voided, api, h.clock.now());
    await h.sender.idle();
    expect(bodies(h.receiver.received.slice(2)).map((e) => e.data)).toMatchObject([
      { orderId: paid.id, status: "NEW", paid: true, previous: { status: "NEW", paid: false } },
      { orderId: voided.id, status: "CANCELED", statusCode: 110, paid: false, previous: { status: "NEW" } },
    ]);
  });

  it("verifyWebhook refuses a changed body, another secret, a stale timestamp and missing headers", async () => {
    const h = hooks();
    h.newOrder();
    await h.sender.idle();
    const r = h.receiver.received[0];
    if (!r) throw new Error("nothing received");
    const now = h.clock.now();
    const verify = (o: Partial<Parameters<typeof verifyWebhook>[0]>) =>
      verifyWebhook({ secret: SECRET, headers: r.headers, rawBody: r.rawBody, now, ...o });
    expect(verify({ rawBody: r.rawBody.replace("NEW", "ACCEPTED") })).toEqual({
      ok: false,
      reason: "bad_signature",
    });
    expect(verify({ secret: "another" })).toEqual({ ok: false, reason: "bad_signature" });
    expect(verify({ now: now + 301_000 })).toEqual({ ok: false, reason: "stale_timestamp" });
    expect(verify({ now: now + 301_000, toleranceSec: 600 }).ok).toBe(true);
    expect(verify({ headers: { ...r.headers, "x-sinqro-signature": undefined } })).toEqual({
      ok: false,
      reason: "missing_signature",
    });
    expect(verify({ headers: { ...r.headers, "x-sinqro-timestamp": "soon" } })).toEqual({
      ok: false,
      reason: "bad_timestamp",
    });
    expect(verify({ headers: new Headers(r.headers) }).ok).toBe(true);
    expect(verify({ rawBody: Buffer.from(r.rawBody) }).ok).toBe(true);
  });

  it("announces availability (a product, the whole restaurant) and each changed catalog element", async () => {
    const h = hooks();
    const [a, b] = h.loc.menu.products;
    if (!a || !b) throw new Error("menu too small");
    const now = h.clock.now();
    setSoldOut(h.loc, a.id, true, now);
    setSoldOut(h.loc, a.id, true, now); // no change, no event
    closeTemporarily(h.loc, { reason: "power cut", until: now + 3_600_000 }, now);
    await h.sender.idle();
    reopen(h.loc, now);
    changePrices(
      h.loc,
      [
        { productId: a.id, price: a.price + 100 },
        { productId: b.id, price: b.price + 50 },
      ],
      now,
    );
    await h.sender.idle();
    const version = h.loc.menu.version;
    expect(bodies(h.receiver.received).map((e) => [e.type, e.data])).toEqual([
      [
        "availability.changed",
        { scope: "product", productId: a.id, available: false, reason: null, until: null },
      ],
      [
        "availability.changed",
        {
          scope: "restaurant",
          productId: null,
          available: false,
          reason: "power cut",
          until: new Date(now + 3_600_000).toISOString(),
        },
      ],
      [
        "availability.changed",
        { scope: "restaurant", productId: null, available: true, reason: null, until: null },
      ],
      [
        "catalog.element_changed",
        { element: "product", elementId: a.id, change: "updated", menuVersion: version },
      ],
      [
        "catalog.element_changed",
        { element: "product", elementId: b.id, change: "updated", menuVersion: version },
      ],
    ]);
  });

  it("announces a booking and its status changes, and sends only the event types asked for", async () => {
    const h = hooks({ events: ["reservation.status_changed"] });
    let at = h.clock.now() + 3_600_000;
    // The first hour the venue is open; a week of hours bounds the search.
    for (let hours = 1; !isScheduledOpen(h.loc, at); hours++) {
      if (hours > 7 * 24) throw new Error(`${h.loc.id} is not open at any hour of the coming week`);
      at += 3_600_000;
    }
    const customer = { name: "Ana", phone: "+34 600 123 456" };
    const booking = createReservation(h.loc, { partySize: 2, reservedFor: at, customer }, h.clock.now());
    h.newOrder();
    await h.sender.idle();
    setReservationStatus(h.loc, booking, "accepted", h.clock.now());
    await h.sender.idle();
    expect(bodies(h.receiver.received).map((e) => e.data)).toMatchObject([
      { reservationId: booking.id, status: "REQUESTED", previousStatus: null, partySize: 2 },
      { reservationId: booking.id, status: "ACCEPTED", previousStatus: "REQUESTED" },
    ]);
  });

  it("gives the same ids and bodies for the same seed and actions, other ids for another seed", async () => {
    const run = async (seed: string) => {
      const h = hooks({ seed });
      const order = h.newOrder();
      await h.sender.idle();
      setFulfilment(h.loc, order, "accepted", api, h.clock.now());
      await h.advance(60_000);
      setSoldOut(h.loc, order.lines[0]?.productId ?? "", true, h.clock.now());
      await h.sender.idle();
      return h.receiver.received.map((r) => r.rawBody);
    };
    const a = await run("same");
    expect(a).toHaveLength(3);
    expect(await run("same")).toEqual(a);
    const other = await run("other");
    expect(other.map((b) => JSON.parse(b).id)).not.toEqual(a.map((b) => JSON.parse(b).id));
    expect(JSON.parse(a[0] ?? "{}").id).toMatch(/^evt_[0-9a-f]{8}_00000001$/);
  });
});
