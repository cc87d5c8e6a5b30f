import { MatchersV3 } from "@pact-foundation/pact";
import { describe, expect, it } from "vitest";
import { sinqroAdapter } from "../../connector/adapters/sinqro/index.ts";
import type { PosEvent } from "../../connector/model.ts";
import { RealClock } from "../../simulator/clock/index.ts";
import { signWebhook, WEBHOOK_HEADERS } from "../../simulator/webhooks/sign.ts";
import { expectCommitted, instant, pactWith } from "./support.ts";

// The Sinqro webhooks the engine consumes, as V4 asynchronous message pacts: each message is
// handed, signed as the POS signs it, to the intake the engine mounts (the Sinqro adapter's
// webhookIntake), and the test checks the event the engine gets from it.

const PROVIDER = "mockpos-sinqro-webhooks";
const pact = pactWith(PROVIDER);
const { equal, integer, regex, string } = MatchersV3;
const SECRET = "whsec_pact";

/** Signs `content` as the POS does and posts it to the engine's intake; resolves with what the engine got. */
async function deliver(content: unknown): Promise<PosEvent[]> {
  const events: PosEvent[] = [];
  const intake = sinqroAdapter.webhookIntake?.({
    secret: SECRET,
    clock: new RealClock(),
    onEvent: (e) => events.push(e),
  });
  if (!intake) throw new Error("the Sinqro adapter takes no webhooks");
  const body = JSON.stringify(content);
  const timestamp = Math.floor(Date.now() / 1000);
  const { id, type } = content as { id: string; type: string };
  const res = await intake(
    new Request("http://engine.test/sinqro/webhooks", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        [WEBHOOK_HEADERS.eventId]: id,
        [WEBHOOK_HEADERS.eventType]: type,
        [WEBHOOK_HEADERS.timestamp]: String(timestamp),
        [WEBHOOK_HEADERS.signature]: signWebhook(SECRET, timestamp, body),
        [WEBHOOK_HEADERS.attempt]: "1",
      },
      body,
    }),
  );
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ received: true });
  return events;
}

const envelope = (type: string, data: unknown) => ({
  id: regex(/^evt_[0-9a-f]+_\d+$/, "evt_5f0c1a2b_00000042"),
  type: equal(type),
  createdAt: instant(),
  restaurantId: string("loc-0001"),
  data,
});

const orderChange = (o: { externalReference: string | null; status: unknown; paid: boolean }) =>
  envelope("order.status_changed", {
    orderId: string("loc-0001-ord-00004"),
    externalReference: equal(o.externalReference),
    status: o.status,
    paid: equal(o.paid),
    version: integer(2),
    updatedAt: instant(),
  });

const availabilityChange = (d: Record<string, unknown>) => envelope("availability.changed", d);

/** One message: the state the POS was brought to, the webhook it sent, and what the engine must get. */
async function expectMessage(
  state: string,
  params: Record<string, string>,
  description: string,
  content: unknown,
  expected: PosEvent,
) {
  await pact
    .addAsynchronousInteraction()
    .given(state, params)
    .expectsToReceive(description, (b) => b.withJSONContent(content))
    .executeTest(async (message) => {
      expect(await deliver(message.contents.content)).toEqual([expected]);
    });
}

const order = { type: "order", posLocationId: "loc-0001", posOrderId: "loc-0001-ord-00004" } as const;
const availability = { type: "availability", posLocationId: "loc-0001" } as const;
const OPEN_STATUS = regex(/^(NEW|ACCEPTED|PREPARING|READY|COMPLETED)$/, "NEW");

describe("Sinqro webhooks the engine consumes", () => {
  it("order.status_changed: an order injected through the API", async () => {
    await expectMessage(
      "an order was injected through the API",
      { externalReference: "pact-ext-webhook" },
      "an order status webhook for an order injected through the API",
      orderChange({ externalReference: "pact-ext-webhook", status: OPEN_STATUS, paid: false }),
      { ...order, externalId: "pact-ext-webhook", status: "open" },
    );
  });

  it("order.status_changed: paid at the POS", async () => {
    await expectMessage(
      "an order injected through the API was paid at the POS",
      { externalReference: "pact-ext-paid" },
      "an order status webhook for an order paid at the POS",
      orderChange({ externalReference: "pact-ext-paid", status: OPEN_STATUS, paid: true }),
      { ...order, externalId: "pact-ext-paid", status: "paid" },
    );
  });

  it("order.status_changed: voided at a terminal", async () => {
    await expectMessage(
      "an order opened at a terminal was voided",
      {},
      "an order status webhook for an order voided at a terminal",
      orderChange({ externalReference: null, status: equal("CANCELED"), paid: false }),
      { ...order, externalId: null, status: "voided" },
    );
  });

  it("availability.changed: a product sold out", async () => {
    await expectMessage(
      "a product sold out",
      {},
      "an availability webhook for a product that sold out",
      availabilityChange({ productId: string("prod-012"), available: equal(false) }),
      { ...availability, productId: "prod-012", soldOut: true },
    );
  });

  it("availability.changed: a product came back", async () => {
    await expectMessage(
      "a sold-out product came back",
      {},
      "an availability webhook for a product back on sale",
      availabilityChange({ productId: string("prod-012"), available: equal(true) }),
      { ...availability, productId: "prod-012", soldOut: false },
    );
  });

  it("availability.changed: the restaurant closed for online orders for a while", async () => {
    await expectMessage(
      "the restaurant closed for online orders for an hour",
      {},
      "an availability webhook for the whole restaurant closing for online orders",
      availabilityChange({
        productId: equal(null),
        available: equal(false),
        reason: string("kitchen closed"),
        until: instant("2026-03-13T13:30:00.000Z"),
      }),
      { ...availability, productId: null, soldOut: true },
    );
  });

  it("catalog.element_changed: a product's price changed", async () => {
    await expectMessage(
      "a product's price changed",
      {},
      "a catalog webhook for a product whose price changed",
      envelope("catalog.element_changed", {
        element: string("product"),
        elementId: string("prod-012"),
        change: regex(/^(created|updated|deleted)$/, "updated"),
        menuVersion: integer(2),
      }),
      { type: "catalog", posLocationId: "loc-0001" },
    );
  });
});

// Last, once every message above has been written.
it("wrote the same pact as the committed one (npm run pacts rewrites it)", () => expectCommitted(PROVIDER));
