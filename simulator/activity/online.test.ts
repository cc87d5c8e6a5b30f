import { describe, expect, it } from "vitest";
import { simpleProduct } from "../../test/support/menu.ts";
import { VirtualClock } from "../clock/index.ts";
import { createOrder } from "../domain/orders.ts";
import { createReservation } from "../domain/reservations.ts";
import { Simulator } from "../state.ts";
import { startActivity } from "./index.ts";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
// 12:00 in Madrid on a Friday: open for lunch.
const NOON = Date.UTC(2026, 2, 13, 11, 0);

function setup(seed = "online") {
  const clock = new VirtualClock(NOON);
  const sim = new Simulator({ seed, locations: 2, locale: "es", clock, openService: false });
  const activity = startActivity(sim, { intensity: 0.01 });
  const advance = async (ms: number) => {
    for (let done = 0; done < ms; done += MINUTE) await clock.advance(MINUTE);
  };
  return { clock, sim, activity, advance };
}

function onlineOrder(sim: Simulator, i: number) {
  const location = sim.chain.locations[0];
  if (!location) throw new Error("no location");
  return createOrder(
    sim.chain,
    location,
    {
      type: "take_away",
      items: [{ productId: simpleProduct(location).id, quantity: 1 }],
      externalId: `web-${i}`,
    },
    { source: "api" },
    sim.clock.now(),
  );
}

describe("the staff answer the online channel", () => {
  it("accept an API order within two minutes, then cook it, make it ready and hand it over", async () => {
    const { sim, activity, advance } = setup();
    const orders = Array.from({ length: 12 }, (_, i) => onlineOrder(sim, i));
    await advance(2 * MINUTE);
    expect(orders.every((o) => o.fulfilment !== "new")).toBe(true);
    await advance(40 * MINUTE);
    const ends = orders.map((o) => o.fulfilment);
    expect(ends.filter((f) => f === "completed").length).toBeGreaterThanOrEqual(10);
    expect(ends.every((f) => f === "completed" || f === "canceled")).toBe(true);
    const events = activity.stats().events;
    expect(events.onlineAccepted + events.onlineRejected).toBe(12);
    expect(events.ordersProgressed).toBe(3 * events.onlineAccepted);
  });

  it("leave alone an order a connector moved first", async () => {
    const { sim, advance } = setup();
    const order = onlineOrder(sim, 1);
    order.fulfilment = "accepted";
    order.fulfilment = "preparing";
    await advance(40 * MINUTE);
    expect(order.fulfilment).toBe("preparing");
  });

  it("confirm a booking, then seat the party at the booked time (or record a no-show), the same way for a seed", async () => {
    const run = async () => {
      const { sim, activity, advance } = setup("bookings");
      const location = sim.chain.locations[1];
      if (!location) throw new Error("no location");
      const booked = Array.from({ length: 6 }, (_, i) =>
        createReservation(
          location,
          {
            partySize: 2,
            reservedFor: NOON + HOUR + i * 10 * MINUTE,
            customer: { name: `Guest ${i}`, phone: "+34600000000" },
          },
          sim.clock.now(),
        ),
      );
      await advance(20 * MINUTE);
      expect(booked.every((b) => b.status === "accepted" || b.status === "canceled")).toBe(true);
      await advance(5 * HOUR);
      const events = activity.stats().events;
      expect(events.bookingsAccepted + events.bookingsDeclined).toBe(6);
      return booked.map((b) => [b.status, b.tableId, b.updatedAt]);
    };
    const first = await run();
    expect(first.every(([s]) => s === "completed" || s === "no_show" || s === "canceled")).toBe(true);
    expect(first.some(([s]) => s === "completed")).toBe(true);
    expect(await run()).toEqual(first);
  });
});
