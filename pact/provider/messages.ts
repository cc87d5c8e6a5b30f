import type { WebhookType } from "../../contracts/sinqro/webhooks.ts";
import {
  type Base,
  createThroughApi,
  open,
  openOrder,
  type StateHost,
  terminalOf,
} from "../../simulator/admin/provider-states/arrange.ts";
import { createMockPos, type MockPos } from "../../simulator/app.ts";
import { VirtualClock } from "../../simulator/clock/index.ts";
import { changePrice } from "../../simulator/domain/menu.ts";
import { inProcessHost, PROVIDER_CHAIN } from "./serve.ts";

// The provider side of the webhook message pacts: each message state brings a fresh simulator to
// the state through its admin API (and Sinqro's own order route for an injected order), and the
// simulator's own webhook sender builds and signs the message; the message providers hand the
// verifier the body it sent. Delivery goes to an in-process listener that keeps every body.

type Params = Record<string, unknown>;
type Act = (host: StateHost, base: Base, mockpos: MockPos, params: Params) => Promise<void>;

const reference = (params: Params) => String(params.externalReference ?? "pact-ext-webhook");
const inject = (host: StateHost, base: Base, params: Params) =>
  createThroughApi(host, base, {
    dialect: "sinqro",
    key: `webhook-${reference(params)}`,
    externalId: reference(params),
    quantity: 1,
  });
const soldOut = (host: StateHost, base: Base, value: boolean) =>
  host.admin.staff.setSoldOut(base.locationId, base.productId, value);

/** What happens in the restaurant in each message state. */
const ACTS: Record<string, Act> = {
  "an order was injected through the API": async (host, base, _m, params) => {
    await inject(host, base, params);
  },
  "an order injected through the API was paid at the POS": async (host, base, _m, params) => {
    const { orderId } = await inject(host, base, params);
    await host.admin.staff.pay(base.locationId, String(orderId), {
      terminalId: terminalOf(base),
      method: "card",
    });
  },
  "an order opened at a terminal was voided": async (host, base) => {
    const { orderId } = await openOrder(host, base);
    await host.admin.staff.voidOrder(base.locationId, String(orderId), { terminalId: terminalOf(base) });
  },
  "a product sold out": async (host, base) => {
    await soldOut(host, base, true);
  },
  "a sold-out product came back": async (host, base) => {
    await soldOut(host, base, true);
    await soldOut(host, base, false);
  },
  "the restaurant closed for online orders for an hour": async (host, base) => {
    const { now } = await host.admin.clock.get();
    const until = new Date(Date.parse(now) + 3_600_000).toISOString();
    await host.admin.staff.closeOnline(base.locationId, { reason: "kitchen closed", until });
  },
  // No admin route reprices the menu (staff do it in the morning prep): the domain call they make.
  "a product's price changed": async (_host, base, mockpos) => {
    const { sim } = mockpos;
    const location = sim.chain.locations.find((l) => l.id === base.locationId);
    if (!location) throw new Error(`no location ${base.locationId}`);
    const product = location.menu.products.find((p) => p.id === base.productId);
    changePrice(
      location,
      { productId: base.productId, price: (product?.price ?? 100) + 10 },
      sim.clock.now(),
    );
  },
};

/** Each message the pacts name, and the webhook type that carries it. */
const MESSAGES: Record<string, WebhookType> = {
  "an order status webhook for an order injected through the API": "order.status_changed",
  "an order status webhook for an order paid at the POS": "order.status_changed",
  "an order status webhook for an order voided at a terminal": "order.status_changed",
  "an availability webhook for a product that sold out": "availability.changed",
  "an availability webhook for a product back on sale": "availability.changed",
  "an availability webhook for the whole restaurant closing for online orders": "availability.changed",
  "a catalog webhook for a product whose price changed": "catalog.element_changed",
};

/** Pact-JS `stateHandlers` and `messageProviders` for the webhook message pacts. */
export function webhookVerification() {
  let sent: { type: string; body: unknown }[] = [];

  const arrange = (act: Act) => async (params?: unknown) => {
    const { seed, locations, start } = PROVIDER_CHAIN;
    const mockpos = createMockPos({ seed, locations, clock: new VirtualClock(start) });
    sent = [];
    const sender = mockpos.sim.configureWebhooks({
      url: "http://engine.test/sinqro/webhooks",
      secret: "whsec_pact",
      fetch: async (_url, init) => {
        const body = JSON.parse(String(init.body)) as { type: string };
        sent.push({ type: body.type, body });
        return new Response(null, { status: 204 });
      },
    });
    const host = inProcessHost(mockpos);
    await act(host, await open(host), mockpos, (params ?? {}) as Params);
    await sender?.flush();
    await sender?.idle();
  };

  const latest = (type: WebhookType) => async () => {
    const found = sent.findLast((s) => s.type === type);
    if (!found)
      throw new Error(
        `the simulator sent no ${type} webhook (it sent: ${sent.map((s) => s.type).join(", ")})`,
      );
    return found.body;
  };

  return {
    stateHandlers: Object.fromEntries(Object.entries(ACTS).map(([state, act]) => [state, arrange(act)])),
    messageProviders: Object.fromEntries(
      Object.entries(MESSAGES).map(([description, type]) => [description, latest(type)]),
    ),
  };
}
