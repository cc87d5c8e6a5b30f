import { MatchersV3 } from "@pact-foundation/pact";
import { describe, expect, it } from "vitest";
import { sinqroAdapter } from "../../connector/adapters/sinqro/index.ts";
import type { OrderDraft } from "../../connector/model.ts";
import * as shape from "./sinqro-shapes.ts";
import { contextFor, expectCommitted, failureOf, given, pactWith, seconds } from "./support.ts";

// What the connector engine relies on from the Sinqro-passive POS API, recorded by driving the real
// Sinqro adapter against Pact's mock server. Passive: no order list, rounds, payment, kitchen
// message or loyalty; order changes come as webhooks (sinqro-webhooks.test.ts). Nothing the adapter
// sends can meet ORDER_LOCKED: a lock holds an existing order's writes, and the adapter only
// creates orders and reads them.

const PROVIDER = "mockpos-sinqro";
const pact = pactWith(PROVIDER);

const { JSON_TYPE } = shape;
const API = "/sinqro/v1";
const ORDER = "loc-0001-ord-00004";
const auth = {
  "x-api-user-access-token": given("apiKey", "mpk_example"),
  "x-api-server-access-token": given("serverToken", "mps_example"),
};
const credentials = { userToken: "mpk_example", serverToken: "mps_example" };
const writeHeaders = (key: string) => ({
  ...auth,
  "x-idempotency-key": key,
  "Content-Type": "application/json",
});
const at = (url: string) => contextFor(url, "loc-0001", credentials);

const draft = (externalId: string, quantity = 1): OrderDraft => ({
  externalId,
  flow: "pay_first",
  tableId: null,
  guests: null,
  items: [{ productId: "prod-012", quantity }],
  note: null,
});
/** The body the adapter sends for `draft(externalId, quantity)`: paid online, take-away. */
const createBody = (externalReference: string, quantity = 1) => ({
  externalReference,
  type: "TAKE_AWAY",
  payment: { method: "EPAYMENT" },
  items: [{ productId: given("productId", "prod-012"), quantity }],
});

/** A GET of one catalog route in the given state. */
const read = (state: string, description: string, path: string, body: unknown) =>
  pact
    .addInteraction()
    .given(state)
    .uponReceiving(description)
    .withRequest("GET", `${API}${path}`, (b) => b.headers(auth))
    .willRespondWith(200, (b) => b.headers(JSON_TYPE).jsonBody(body));

describe("sinqro reads", () => {
  it("location.status: the restaurant", async () => {
    await read("the location is open", "a restaurant request", "/restaurant", shape.restaurant).executeTest(
      async (server) => {
        const s = await sinqroAdapter.status(at(server.url));
        expect(s).toEqual({ online: true, timezone: "Europe/London", businessDate: "2026-03-13" });
      },
    );
  });

  it("menu.get: menus, products, variants, option categories and the temporary closing", async () => {
    read("the location is open", "a menus request", "/menus", shape.menus);
    read("the location is open", "a products request", "/products", shape.products);
    read("the location is open", "a product variants request", "/product-variants", shape.variants);
    read(
      "the location is open",
      "an option categories request",
      "/product-option-categories",
      shape.optionCategories,
    );
    await read(
      "the location is open",
      "a temporary closing request",
      "/temporary-closing",
      shape.closing(false),
    ).executeTest(async (server) => {
      const menu = await sinqroAdapter.menu(at(server.url));
      expect(menu).toMatchObject({ currency: "GBP", version: "1" });
      const byId = new Map(menu.items.map((i) => [i.id, i]));
      expect(byId.get("prod-012")).toMatchObject({ soldOut: false, needsChoice: false, variants: [] });
      expect(byId.get("prod-004")?.needsChoice).toBe(true);
      expect(byId.get("prod-001")?.needsChoice).toBe(true);
    });
  });

  it("availability.get: a temporary closing makes every product unorderable", async () => {
    const state = "the restaurant is closed for online orders";
    read(state, "a products request while closed for online orders", "/products", shape.products);
    await read(
      state,
      "a temporary closing request while closed for online orders",
      "/temporary-closing",
      shape.closing(true),
    ).executeTest(async (server) => {
      const flags = await sinqroAdapter.availability(at(server.url));
      expect([...flags.values()]).toEqual([true, true, true]);
    });
  });

  it("order.get", async () => {
    await pact
      .addInteraction()
      .given("an order was created with idempotency key K", {
        dialect: "sinqro",
        key: "pact-get",
        externalId: "pact-ext-get",
      })
      .uponReceiving("a request for an order injected through the API")
      .withRequest(
        "GET",
        MatchersV3.fromProviderState(`${API}/orders/\${orderId}`, `${API}/orders/${ORDER}`),
        (b) => b.headers(auth),
      )
      .willRespondWith(200, (b) => b.headers(JSON_TYPE).jsonBody(shape.order("pact-ext-get")))
      .executeTest(async (server) => {
        const order = await sinqroAdapter.getOrder(at(server.url), ORDER);
        expect(order).toMatchObject({ id: ORDER, externalId: "pact-ext-get", status: "open", total: 310 });
      });
  });
});

describe("sinqro writes", () => {
  it("order.create with an x-idempotency-key", async () => {
    await pact
      .addInteraction()
      .given("the location is open")
      .uponReceiving("an order injected with an idempotency key")
      .withRequest("POST", `${API}/orders`, (b) =>
        b.headers(writeHeaders("pact-create")).jsonBody(createBody("pact-ext-create")),
      )
      .willRespondWith(201, (b) => b.headers(JSON_TYPE).jsonBody(shape.order("pact-ext-create")))
      .executeTest(async (server) => {
        const order = await sinqroAdapter.createOrder(
          at(server.url),
          draft("pact-ext-create"),
          "pact-create",
        );
        expect(order).toMatchObject({ externalId: "pact-ext-create", status: "open", waiterId: null });
      });
  });

  it("idempotent replay: the same key and body answer the first order", async () => {
    await pact
      .addInteraction()
      .given("an order was created with idempotency key K", {
        dialect: "sinqro",
        key: "pact-replay",
        externalId: "pact-ext-replay",
      })
      .uponReceiving("an order injection retried with the same idempotency key and body")
      .withRequest("POST", `${API}/orders`, (b) =>
        b.headers(writeHeaders("pact-replay")).jsonBody(createBody("pact-ext-replay")),
      )
      .willRespondWith(201, (b) =>
        b.headers({ ...JSON_TYPE, "Idempotent-Replayed": "true" }).jsonBody(shape.order("pact-ext-replay")),
      )
      .executeTest(async (server) => {
        const order = await sinqroAdapter.createOrder(
          at(server.url),
          draft("pact-ext-replay"),
          "pact-replay",
        );
        expect(order).toMatchObject({ externalId: "pact-ext-replay", status: "open" });
      });
  });
});

describe("sinqro failures", () => {
  it("DUPLICATE_REFERENCE: the same key with another body", async () => {
    await pact
      .addInteraction()
      .given("an order was created with idempotency key K", {
        dialect: "sinqro",
        key: "pact-conflict",
        externalId: "pact-ext-conflict",
      })
      .uponReceiving("an order injection reusing an idempotency key with another body")
      .withRequest("POST", `${API}/orders`, (b) =>
        b.headers(writeHeaders("pact-conflict")).jsonBody(createBody("pact-ext-conflict", 2)),
      )
      .willRespondWith(409, (b) => b.headers(JSON_TYPE).jsonBody(shape.error("DUPLICATE_REFERENCE")))
      .executeTest(async (server) => {
        const failure = await failureOf(
          sinqroAdapter.createOrder(at(server.url), draft("pact-ext-conflict", 2), "pact-conflict"),
        );
        expect(failure.code).toBe("IDEMPOTENCY_CONFLICT");
        expect(failure.details).toMatchObject({ status: 409, vendorCode: "DUPLICATE_REFERENCE" });
      });
  });

  it("DUPLICATE_REFERENCE: an external reference already used names its order", async () => {
    await pact
      .addInteraction()
      .given("an order was created with idempotency key K", {
        dialect: "sinqro",
        key: "pact-first",
        externalId: "pact-ext-taken",
      })
      .uponReceiving("an order injection under a new key with an external reference already used")
      .withRequest("POST", `${API}/orders`, (b) =>
        b.headers(writeHeaders("pact-second")).jsonBody(createBody("pact-ext-taken")),
      )
      .willRespondWith(409, (b) =>
        b
          .headers(JSON_TYPE)
          .jsonBody(shape.error("DUPLICATE_REFERENCE", { details: { orderId: MatchersV3.string(ORDER) } })),
      )
      .executeTest(async (server) => {
        const failure = await failureOf(
          sinqroAdapter.createOrder(at(server.url), draft("pact-ext-taken"), "pact-second"),
        );
        expect(failure.code).toBe("IDEMPOTENCY_CONFLICT");
        expect(failure.details.orderId).toBe(ORDER);
      });
  });

  it("RESTAURANT_CLOSED: no order while closed for online orders", async () => {
    await pact
      .addInteraction()
      .given("the restaurant is closed for online orders")
      .uponReceiving("an order injected while the restaurant is closed for online orders")
      .withRequest("POST", `${API}/orders`, (b) =>
        b.headers(writeHeaders("pact-closed")).jsonBody(createBody("pact-ext-closed")),
      )
      .willRespondWith(409, (b) => b.headers(JSON_TYPE).jsonBody(shape.error("RESTAURANT_CLOSED")))
      .executeTest(async (server) => {
        const failure = await failureOf(
          sinqroAdapter.createOrder(at(server.url), draft("pact-ext-closed"), "pact-closed"),
        );
        expect(failure.code).toBe("ITEM_UNAVAILABLE");
        expect(failure.details).toMatchObject({ status: 409, vendorCode: "RESTAURANT_CLOSED" });
      });
  });

  it("POS_UNREACHABLE: the restaurant's POS is down behind a gateway (502)", async () => {
    await pact
      .addInteraction()
      .given("the location is unreachable")
      .uponReceiving("a restaurant request while the location is unreachable")
      .withRequest("GET", `${API}/restaurant`, (b) => b.headers(auth))
      .willRespondWith(502, (b) => b.headers(JSON_TYPE).jsonBody(shape.error("POS_UNREACHABLE")))
      .executeTest(async (server) => {
        const failure = await failureOf(sinqroAdapter.status(at(server.url)));
        expect(failure.code).toBe("UNREACHABLE");
        expect(failure.details).toMatchObject({ status: 502, vendorCode: "POS_UNREACHABLE" });
      });
  });

  it("TOO_MANY_REQUESTS: 429 with Retry-After", async () => {
    await pact
      .addInteraction()
      .given("the location is rate limited")
      .uponReceiving("a products request over the rate limit")
      .withRequest("GET", `${API}/products`, (b) => b.headers(auth))
      .willRespondWith(429, (b) =>
        b
          .headers({ ...JSON_TYPE, "Retry-After": seconds("1000") })
          .jsonBody(shape.error("TOO_MANY_REQUESTS")),
      )
      .executeTest(async (server) => {
        const failure = await failureOf(sinqroAdapter.availability(at(server.url)));
        expect(failure.code).toBe("RATE_LIMITED");
        expect(failure.details).toMatchObject({ status: 429, retryAfterMs: 1_000_000 });
      });
  });

  it("INVALID_ACCESS_TOKEN: wrong credentials (401)", async () => {
    await pact
      .addInteraction()
      .given("the credentials are wrong")
      .uponReceiving("a restaurant request with a user token that is no one's")
      .withRequest("GET", `${API}/restaurant`, (b) =>
        b.headers({
          "x-api-user-access-token": "mpk_wrong",
          "x-api-server-access-token": given("serverToken", "mps_example"),
        }),
      )
      .willRespondWith(401, (b) => b.headers(JSON_TYPE).jsonBody(shape.error("INVALID_ACCESS_TOKEN")))
      .executeTest(async (server) => {
        const ctx = contextFor(server.url, "loc-0001", { ...credentials, userToken: "mpk_wrong" });
        const failure = await failureOf(sinqroAdapter.status(ctx));
        expect(failure.code).toBe("UNAUTHORIZED");
        expect(failure.details).toMatchObject({ status: 401, vendorCode: "INVALID_ACCESS_TOKEN" });
      });
  });
});

// Last, once every interaction above has been written.
it("wrote the same pact as the committed one (npm run pacts rewrites it)", () => expectCommitted(PROVIDER));
