import { MatchersV3 } from "@pact-foundation/pact";
import { describe, expect, it } from "vitest";
import { genericAdapter } from "../../connector/adapters/generic/index.ts";
import type { OrderDraft } from "../../connector/model.ts";
import * as shape from "./generic-shapes.ts";
import { contextFor, expectCommitted, failureOf, given, pactWith, seconds } from "./support.ts";

// What the connector engine relies on from the generic POS API, recorded by driving the real
// generic adapter against Pact's mock server.

const PROVIDER = "mockpos-generic";
const pact = pactWith(PROVIDER);

const { JSON_TYPE, PROBLEM_TYPE } = shape;
const LOC = "/v1/locations/loc-0001";
const EXAMPLE_ORDER = "loc-0001-ord-00004";
const auth = { "x-api-key": given("apiKey", "mpk_example") };
const writeHeaders = (key: string) => ({
  ...auth,
  "Idempotency-Key": key,
  "Content-Type": "application/json",
});
const at = (url: string) => contextFor(url, "loc-0001", { apiKey: "mpk_example" });
/** A path under one of the location's orders, whose id the provider state gives. */
const orderPath = (suffix = "") =>
  MatchersV3.fromProviderState(
    `${LOC}/orders/\${orderId}${suffix}`,
    `${LOC}/orders/${EXAMPLE_ORDER}${suffix}`,
  );
const item = (quantity: number) => ({ productId: given("productId", "prod-012"), quantity });

const draft = (externalId: string, quantity = 1): OrderDraft => ({
  externalId,
  flow: "pay_first",
  tableId: null,
  guests: null,
  items: [{ productId: "prod-012", quantity }],
  note: null,
});
/** The body the adapter sends for `draft(externalId, quantity)`. */
const createBody = (externalId: string, quantity = 1) => ({
  externalId,
  type: "take_away",
  paymentMode: "prepaid",
  items: [item(quantity)],
});

describe("generic reads", () => {
  it("location.status", async () => {
    await pact
      .addInteraction()
      .given("the location is open")
      .uponReceiving("a status request")
      .withRequest("GET", `${LOC}/status`, (b) => b.headers(auth))
      .willRespondWith(200, (b) => b.headers(JSON_TYPE).jsonBody(shape.status))
      .executeTest(async (server) => {
        const s = await genericAdapter.status(at(server.url));
        expect(s).toEqual({ online: true, timezone: "Europe/London", businessDate: "2026-03-13" });
      });
  });

  it("menu.get and modifiers.get", async () => {
    pact
      .addInteraction()
      .given("the location is open")
      .uponReceiving("a menu request")
      .withRequest("GET", `${LOC}/menu`, (b) => b.headers(auth))
      .willRespondWith(200, (b) => b.headers(JSON_TYPE).jsonBody(shape.menu));
    await pact
      .addInteraction()
      .given("the location is open")
      .uponReceiving("a modifiers request")
      .withRequest("GET", `${LOC}/modifiers`, (b) => b.headers(auth))
      .willRespondWith(200, (b) => b.headers(JSON_TYPE).jsonBody(shape.modifiers))
      .executeTest(async (server) => {
        const menu = await genericAdapter.menu(at(server.url));
        expect(menu.currency).toBe("GBP");
        expect(menu.version).toBe("1");
        const byId = new Map(menu.items.map((i) => [i.id, i]));
        expect(byId.get("prod-012")?.needsChoice).toBe(false);
        expect(byId.get("prod-020")?.variants).toEqual([{ id: "prod-020-s", name: "Small", price: 480 }]);
        // mg-01 needs at least one choice; a combo always needs its components chosen.
        expect(byId.get("prod-004")?.needsChoice).toBe(true);
        expect(byId.get("prod-001")?.needsChoice).toBe(true);
      });
  });

  it("availability.get", async () => {
    await pact
      .addInteraction()
      .given("the location is open")
      .uponReceiving("an availability request")
      .withRequest("GET", `${LOC}/availability`, (b) => b.headers(auth))
      .willRespondWith(200, (b) => b.headers(JSON_TYPE).jsonBody(shape.availability))
      .executeTest(async (server) => {
        expect(await genericAdapter.availability(at(server.url))).toEqual(new Map([["prod-012", false]]));
      });
  });

  it("orders.list: the first poll of new orders, without a cursor", async () => {
    await pact
      .addInteraction()
      .given("an order is open at a terminal")
      .uponReceiving("a poll for new orders without a cursor")
      .withRequest("GET", `${LOC}/orders`, (b) => b.headers(auth).query({ view: "new", limit: "100" }))
      .willRespondWith(200, (b) => b.headers(JSON_TYPE).jsonBody(shape.page("c2VxOjQ")))
      .executeTest(async (server) => {
        const page = await genericAdapter.listOrders?.(at(server.url), "new", null);
        expect(page?.cursor).toBe("c2VxOjQ");
        expect(page?.orders[0]).toMatchObject({
          id: EXAMPLE_ORDER,
          status: "open",
          externalId: null,
          lines: 1,
        });
      });
  });

  it("orders.list: in-progress orders after a cursor", async () => {
    await pact
      .addInteraction()
      .given("an order was opened after the last poll", { dialect: "generic" })
      .uponReceiving("a poll for in-progress orders after a cursor")
      .withRequest("GET", `${LOC}/orders`, (b) =>
        b.headers(auth).query({ view: "in_progress", limit: "100", cursor: given("cursor", "c2VxOjQ") }),
      )
      .willRespondWith(200, (b) => b.headers(JSON_TYPE).jsonBody(shape.page("c2VxOjU")))
      .executeTest(async (server) => {
        const page = await genericAdapter.listOrders?.(at(server.url), "in_progress", "c2VxOjQ");
        expect(page).toMatchObject({ cursor: "c2VxOjU", hasMore: false });
        expect(page?.orders).toHaveLength(1);
      });
  });

  it("order.get", async () => {
    await pact
      .addInteraction()
      .given("an order is open at a terminal")
      .uponReceiving("a request for an order")
      .withRequest("GET", orderPath(), (b) => b.headers(auth))
      .willRespondWith(200, (b) =>
        b.headers(JSON_TYPE).jsonBody(shape.order({ externalId: null, tableId: "tbl-01", status: "open" })),
      )
      .executeTest(async (server) => {
        const order = await genericAdapter.getOrder(at(server.url), EXAMPLE_ORDER);
        expect(order).toMatchObject({
          id: EXAMPLE_ORDER,
          status: "open",
          total: 620,
          due: 620,
          tableId: "tbl-01",
        });
      });
  });

  it("order lookup by external id: found", async () => {
    await pact
      .addInteraction()
      .given("an order was created with idempotency key K", {
        dialect: "generic",
        key: "pact-lookup",
        externalId: "pact-ext-lookup",
      })
      .uponReceiving("a lookup of an order by the external id it was created with")
      .withRequest("GET", `${LOC}/orders`, (b) =>
        b.headers(auth).query({ view: "changed", externalId: "pact-ext-lookup", limit: "1" }),
      )
      .willRespondWith(200, (b) =>
        b.headers(JSON_TYPE).jsonBody({
          ...shape.page("c2VxOjU"),
          orders: MatchersV3.eachLike(shape.order({ externalId: "pact-ext-lookup", tableId: null })),
        }),
      )
      .executeTest(async (server) => {
        const found = await genericAdapter.findByExternalId?.(at(server.url), "pact-ext-lookup");
        expect(found).toMatchObject({ externalId: "pact-ext-lookup", tableId: null });
      });
  });

  it("order lookup by external id: not found", async () => {
    await pact
      .addInteraction()
      .given("no order carries external id E", { externalId: "pact-ext-none" })
      .uponReceiving("a lookup of an external id no order carries")
      .withRequest("GET", `${LOC}/orders`, (b) =>
        b.headers(auth).query({ view: "changed", externalId: "pact-ext-none", limit: "1" }),
      )
      .willRespondWith(200, (b) =>
        b.headers(JSON_TYPE).jsonBody({ ...shape.page("c2VxOjQ"), orders: MatchersV3.equal([]) }),
      )
      .executeTest(async (server) => {
        expect(await genericAdapter.findByExternalId?.(at(server.url), "pact-ext-none")).toBeNull();
      });
  });
});

describe("generic writes", () => {
  it("order.create with an Idempotency-Key", async () => {
    await pact
      .addInteraction()
      .given("the location is open")
      .uponReceiving("an order created with an idempotency key")
      .withRequest("POST", `${LOC}/orders`, (b) =>
        b.headers(writeHeaders("pact-create")).jsonBody(createBody("pact-ext-create")),
      )
      .willRespondWith(201, (b) =>
        b
          .headers(JSON_TYPE)
          .jsonBody(shape.order({ externalId: "pact-ext-create", tableId: null, status: "open" })),
      )
      .executeTest(async (server) => {
        const order = await genericAdapter.createOrder(
          at(server.url),
          draft("pact-ext-create"),
          "pact-create",
        );
        expect(order).toMatchObject({
          externalId: "pact-ext-create",
          status: "open",
          tableId: null,
          lines: 1,
        });
      });
  });

  it("order.append: a round on an open order", async () => {
    await pact
      .addInteraction()
      .given("an order is open at a terminal")
      .uponReceiving("a round appended to an open order")
      .withRequest("POST", orderPath("/rounds"), (b) =>
        b.headers(writeHeaders("pact-round")).jsonBody({ items: [item(1)] }),
      )
      .willRespondWith(200, (b) =>
        b.headers(JSON_TYPE).jsonBody(shape.order({ externalId: null, tableId: "tbl-01", status: "open" })),
      )
      .executeTest(async (server) => {
        const items = [{ productId: "prod-012", quantity: 1 }];
        const order = await genericAdapter.appendRound?.(at(server.url), EXAMPLE_ORDER, items, "pact-round");
        expect(order).toMatchObject({ id: EXAMPLE_ORDER, status: "open" });
      });
  });

  it("order.pay: marked paid with a tip", async () => {
    await pact
      .addInteraction()
      .given("an order is open at a terminal")
      .uponReceiving("a payment of what is due, with a tip")
      .withRequest("POST", orderPath("/payments"), (b) =>
        b.headers(writeHeaders("pact-pay")).jsonBody({ method: "card", amount: given("due", 620), tip: 100 }),
      )
      .willRespondWith(200, (b) =>
        b.headers(JSON_TYPE).jsonBody(shape.order({ externalId: null, tableId: "tbl-01", status: "paid" })),
      )
      .executeTest(async (server) => {
        const payment = { method: "card" as const, amount: 620, tip: 100, reference: null };
        const order = await genericAdapter.pay?.(at(server.url), EXAMPLE_ORDER, payment, "pact-pay");
        expect(order).toMatchObject({ status: "paid", due: 0 });
      });
  });

  it("kitchen.message", async () => {
    await pact
      .addInteraction()
      .given("an order is open at a terminal")
      .uponReceiving("a message to the kitchen about an open order")
      .withRequest("POST", orderPath("/kitchen-messages"), (b) =>
        b.headers(writeHeaders("pact-kitchen")).jsonBody({ text: "no onions, please" }),
      )
      .willRespondWith(201)
      .executeTest(async (server) => {
        await expect(
          genericAdapter.kitchenMessage?.(at(server.url), EXAMPLE_ORDER, "no onions, please", "pact-kitchen"),
        ).resolves.toBeUndefined();
      });
  });

  it("loyalty.apply", async () => {
    await pact
      .addInteraction()
      .given("a loyalty card is active and an order is open")
      .uponReceiving("a loyalty card applied to an open order")
      .withRequest("POST", orderPath("/loyalty"), (b) =>
        b
          .headers(writeHeaders("pact-loyalty"))
          .jsonBody({ cardNumber: given("cardNumber", "2972266301345") }),
      )
      .willRespondWith(200, (b) =>
        b.headers(JSON_TYPE).jsonBody(shape.order({ externalId: null, tableId: "tbl-01", status: "open" })),
      )
      .executeTest(async (server) => {
        const order = await genericAdapter.applyLoyalty?.(
          at(server.url),
          EXAMPLE_ORDER,
          "2972266301345",
          "pact-loyalty",
        );
        expect(order).toMatchObject({ id: EXAMPLE_ORDER, status: "open" });
      });
  });

  it("idempotent replay: the same key and body answer the first result", async () => {
    await pact
      .addInteraction()
      .given("an order was created with idempotency key K", {
        dialect: "generic",
        key: "pact-replay",
        externalId: "pact-ext-replay",
      })
      .uponReceiving("a create retried with the same idempotency key and body")
      .withRequest("POST", `${LOC}/orders`, (b) =>
        b.headers(writeHeaders("pact-replay")).jsonBody(createBody("pact-ext-replay")),
      )
      .willRespondWith(201, (b) =>
        b
          .headers({ ...JSON_TYPE, "Idempotent-Replayed": "true" })
          .jsonBody(shape.order({ externalId: "pact-ext-replay", tableId: null, status: "open" })),
      )
      .executeTest(async (server) => {
        const order = await genericAdapter.createOrder(
          at(server.url),
          draft("pact-ext-replay"),
          "pact-replay",
        );
        expect(order).toMatchObject({ externalId: "pact-ext-replay", status: "open" });
      });
  });
});

describe("generic failures", () => {
  it("LOCKED: a waiter holds the order (423, Retry-After)", async () => {
    await pact
      .addInteraction()
      .given("an order is open and locked at a terminal", { seconds: 90 })
      .uponReceiving("a round appended to an order a waiter holds")
      .withRequest("POST", orderPath("/rounds"), (b) =>
        b.headers(writeHeaders("pact-round-locked")).jsonBody({ items: [item(1)] }),
      )
      .willRespondWith(423, (b) =>
        b.headers({ ...PROBLEM_TYPE, "Retry-After": seconds("90") }).jsonBody(shape.problem("LOCKED")),
      )
      .executeTest(async (server) => {
        const items = [{ productId: "prod-012", quantity: 1 }];
        const failure = await failureOf(
          genericAdapter.appendRound?.(at(server.url), EXAMPLE_ORDER, items, "pact-round-locked") ??
            Promise.resolve(),
        );
        expect(failure.code).toBe("LOCKED");
        expect(failure.details).toMatchObject({ status: 423, retryAfterMs: 90_000, vendorCode: "LOCKED" });
      });
  });

  it("UNREACHABLE: the location's POS is down behind a gateway (502)", async () => {
    await pact
      .addInteraction()
      .given("the location is unreachable")
      .uponReceiving("a status request while the location is unreachable")
      .withRequest("GET", `${LOC}/status`, (b) => b.headers(auth))
      .willRespondWith(502, (b) => b.headers(PROBLEM_TYPE).jsonBody(shape.problem("UNREACHABLE")))
      .executeTest(async (server) => {
        const failure = await failureOf(genericAdapter.status(at(server.url)));
        expect(failure.code).toBe("UNREACHABLE");
        expect(failure.details).toMatchObject({ status: 502, vendorCode: "UNREACHABLE" });
      });
  });

  it("RATE_LIMITED: 429 with Retry-After", async () => {
    await pact
      .addInteraction()
      .given("the location is rate limited")
      .uponReceiving("an availability request over the rate limit")
      .withRequest("GET", `${LOC}/availability`, (b) => b.headers(auth))
      .willRespondWith(429, (b) =>
        b
          .headers({ ...PROBLEM_TYPE, "Retry-After": seconds("1000") })
          .jsonBody(shape.problem("RATE_LIMITED")),
      )
      .executeTest(async (server) => {
        const failure = await failureOf(genericAdapter.availability(at(server.url)));
        expect(failure.code).toBe("RATE_LIMITED");
        expect(failure.details).toMatchObject({ status: 429, retryAfterMs: 1_000_000 });
      });
  });

  it("IDEMPOTENCY_CONFLICT: the same key with another body", async () => {
    await pact
      .addInteraction()
      .given("an order was created with idempotency key K", {
        dialect: "generic",
        key: "pact-conflict",
        externalId: "pact-ext-conflict",
      })
      .uponReceiving("a create reusing an idempotency key with another body")
      .withRequest("POST", `${LOC}/orders`, (b) =>
        b.headers(writeHeaders("pact-conflict")).jsonBody(createBody("pact-ext-conflict", 2)),
      )
      .willRespondWith(409, (b) => b.headers(PROBLEM_TYPE).jsonBody(shape.problem("IDEMPOTENCY_CONFLICT")))
      .executeTest(async (server) => {
        const failure = await failureOf(
          genericAdapter.createOrder(at(server.url), draft("pact-ext-conflict", 2), "pact-conflict"),
        );
        expect(failure.code).toBe("IDEMPOTENCY_CONFLICT");
        expect(failure.details).toMatchObject({ status: 409, vendorCode: "IDEMPOTENCY_CONFLICT" });
      });
  });

  it("IDEMPOTENCY_CONFLICT: an external id already used names its order", async () => {
    await pact
      .addInteraction()
      .given("an order was created with idempotency key K", {
        dialect: "generic",
        key: "pact-first",
        externalId: "pact-ext-taken",
      })
      .uponReceiving("a create under a new key with an external id already used")
      .withRequest("POST", `${LOC}/orders`, (b) =>
        b.headers(writeHeaders("pact-second")).jsonBody(createBody("pact-ext-taken")),
      )
      .willRespondWith(409, (b) =>
        b
          .headers(PROBLEM_TYPE)
          .jsonBody(shape.problem("IDEMPOTENCY_CONFLICT", { orderId: MatchersV3.string(EXAMPLE_ORDER) })),
      )
      .executeTest(async (server) => {
        const failure = await failureOf(
          genericAdapter.createOrder(at(server.url), draft("pact-ext-taken"), "pact-second"),
        );
        expect(failure.code).toBe("IDEMPOTENCY_CONFLICT");
        expect(failure.details.orderId).toBe(EXAMPLE_ORDER);
      });
  });

  it("UNAUTHORIZED: wrong credentials (401)", async () => {
    await pact
      .addInteraction()
      .given("the credentials are wrong")
      .uponReceiving("a status request with a key that is no one's")
      .withRequest("GET", `${LOC}/status`, (b) => b.headers({ "x-api-key": "mpk_wrong" }))
      .willRespondWith(401, (b) => b.headers(PROBLEM_TYPE).jsonBody(shape.problem("UNAUTHORIZED")))
      .executeTest(async (server) => {
        const failure = await failureOf(
          genericAdapter.status(contextFor(server.url, "loc-0001", { apiKey: "mpk_wrong" })),
        );
        expect(failure.code).toBe("UNAUTHORIZED");
        expect(failure.details.status).toBe(401);
      });
  });
});

// Last, once every interaction above has been written.
it("wrote the same pact as the committed one (npm run pacts rewrites it)", () => expectCommitted(PROVIDER));
