import { MatchersV3 } from "@pact-foundation/pact";
import { describe, expect, it } from "vitest";
import { elyxAdapter } from "../../connector/adapters/elyx/index.ts";
import type { OrderDraft } from "../../connector/model.ts";
import * as shape from "./elyx-shapes.ts";
import { contextFor, expectCommitted, failureOf, given, pactWith, seconds } from "./support.ts";

// What the connector engine relies on from the Elyx-style POS API, recorded by driving the real
// Elyx adapter against Pact's mock server. Elyx has no availability route (the articles carry the
// sold-out flags), no kitchen messages, no loyalty and no lookup by external id.

const PROVIDER = "mockpos-elyx";
const pact = pactWith(PROVIDER);

const { JSON_TYPE } = shape;
const API = "/api/v1";
const TICKET = "1-4";
const CURSOR = "ZTE6MTc3MzQwNDUyMDAwMDoxOjE6MWZlYjMwOTA";
const NEXT_CURSOR = "ZTE6MTc3MzQwNDUyMDAwMDoxOjI6MWZlYjMwOTA";
const auth = { "X-API-KEY": given("apiKey", "mpk_example") };
const writeHeaders = (key: string) => ({
  ...auth,
  "Idempotency-Key": key,
  "Content-Type": "application/json",
});
const at = (url: string) => contextFor(url, "1", { apiKey: "mpk_example" });
/** A path under one of the location's tickets, whose id the provider state gives. */
const ticketPath = (suffix = "") =>
  MatchersV3.fromProviderState(`${API}/tickets/\${ticketId}${suffix}`, `${API}/tickets/${TICKET}${suffix}`);
const line = (quantity: number) => ({ articleId: given("productId", "prod-012"), quantity });
const items = [{ productId: "prod-012", quantity: 1 }];

const draft = (externalId: string, quantity = 1): OrderDraft => ({
  externalId,
  flow: "pay_first",
  tableId: null,
  guests: null,
  items: [{ productId: "prod-012", quantity }],
  note: null,
});
const createBody = (externalId: string, quantity = 1) => ({
  externalId,
  type: "take_away",
  lines: [line(quantity)],
});

describe("elyx reads", () => {
  it("location.status", async () => {
    await pact
      .addInteraction()
      .given("the location is open")
      .uponReceiving("a location request")
      .withRequest("GET", `${API}/locations/1`, (b) => b.headers(auth))
      .willRespondWith(200, (b) => b.headers(JSON_TYPE).jsonBody(shape.status))
      .executeTest(async (server) => {
        const s = await elyxAdapter.status(at(server.url));
        expect(s).toEqual({ online: true, timezone: "Europe/London", businessDate: "2026-03-13" });
      });
  });

  it("menu.get: the articles with their modifier groups", async () => {
    await pact
      .addInteraction()
      .given("the location is open")
      .uponReceiving("an articles request for the menu")
      .withRequest("GET", `${API}/locations/1/articles`, (b) => b.headers(auth))
      .willRespondWith(200, (b) => b.headers(JSON_TYPE).jsonBody(shape.articles))
      .executeTest(async (server) => {
        const menu = await elyxAdapter.menu(at(server.url));
        expect(menu).toMatchObject({ currency: "GBP", version: "1" });
        const byId = new Map(menu.items.map((i) => [i.id, i]));
        expect(byId.get("prod-012")).toMatchObject({ categoryId: "cat-03", price: 310, needsChoice: false });
        expect(byId.get("prod-020")?.variants).toHaveLength(1);
        expect(byId.get("prod-004")?.needsChoice).toBe(true);
        expect(byId.get("prod-001")?.needsChoice).toBe(true);
      });
  });

  it("availability.get: the articles read for their sold-out flags", async () => {
    await pact
      .addInteraction()
      .given("the location is open")
      .uponReceiving("an articles request for sold-out flags")
      .withRequest("GET", `${API}/locations/1/articles`, (b) => b.headers(auth))
      .willRespondWith(200, (b) => b.headers(JSON_TYPE).jsonBody(shape.soldOutFlags))
      .executeTest(async (server) => {
        expect(await elyxAdapter.availability(at(server.url))).toEqual(new Map([["prod-012", false]]));
      });
  });

  it("orders.list: the sales feed from its start", async () => {
    await pact
      .addInteraction()
      .given("an order is open at a terminal")
      .uponReceiving("a sales feed request without a cursor")
      .withRequest("GET", `${API}/sales`, (b) => b.headers(auth).query({ locations: "1", limit: "100" }))
      .willRespondWith(200, (b) => b.headers(JSON_TYPE).jsonBody(shape.sales(CURSOR)))
      .executeTest(async (server) => {
        const page = await elyxAdapter.listOrders?.(at(server.url), "new", null);
        expect(page).toMatchObject({ cursor: CURSOR, hasMore: false });
        expect(page?.orders[0]).toMatchObject({ id: TICKET, externalId: null, tableId: "tbl-01", lines: 1 });
      });
  });

  it("orders.list: the sales feed after a cursor", async () => {
    await pact
      .addInteraction()
      .given("an order was opened after the last poll", { dialect: "elyx" })
      .uponReceiving("a sales feed request after a cursor")
      .withRequest("GET", `${API}/sales`, (b) =>
        b.headers(auth).query({ locations: "1", limit: "100", cursor: given("cursor", CURSOR) }),
      )
      .willRespondWith(200, (b) => b.headers(JSON_TYPE).jsonBody(shape.sales(NEXT_CURSOR)))
      .executeTest(async (server) => {
        const page = await elyxAdapter.listOrders?.(at(server.url), "in_progress", CURSOR);
        expect(page?.cursor).toBe(NEXT_CURSOR);
        expect(page?.orders).toHaveLength(1);
      });
  });

  it("order.get", async () => {
    await pact
      .addInteraction()
      .given("an order is open at a terminal")
      .uponReceiving("a request for a ticket")
      .withRequest("GET", ticketPath(), (b) => b.headers(auth))
      .willRespondWith(200, (b) =>
        b.headers(JSON_TYPE).jsonBody(shape.ticket({ externalId: null, atTable: true, status: "open" })),
      )
      .executeTest(async (server) => {
        const order = await elyxAdapter.getOrder(at(server.url), TICKET);
        expect(order).toMatchObject({
          id: TICKET,
          status: "open",
          total: 620,
          due: 620,
          waiterId: "staff-07",
        });
      });
  });
});

describe("elyx writes", () => {
  it("order.create with an Idempotency-Key", async () => {
    await pact
      .addInteraction()
      .given("the location is open")
      .uponReceiving("a ticket created with an idempotency key")
      .withRequest("POST", `${API}/locations/1/tickets`, (b) =>
        b.headers(writeHeaders("pact-create")).jsonBody(createBody("pact-ext-create")),
      )
      .willRespondWith(201, (b) =>
        b
          .headers(JSON_TYPE)
          .jsonBody(shape.ticket({ externalId: "pact-ext-create", atTable: false, status: "open" })),
      )
      .executeTest(async (server) => {
        const order = await elyxAdapter.createOrder(at(server.url), draft("pact-ext-create"), "pact-create");
        expect(order).toMatchObject({ externalId: "pact-ext-create", status: "open", tableId: null });
      });
  });

  it("order.append: lines on an open ticket", async () => {
    await pact
      .addInteraction()
      .given("an order is open at a terminal")
      .uponReceiving("lines appended to an open ticket")
      .withRequest("POST", ticketPath("/lines"), (b) =>
        b.headers(writeHeaders("pact-round")).jsonBody({ lines: [line(1)] }),
      )
      .willRespondWith(200, (b) =>
        b.headers(JSON_TYPE).jsonBody(shape.ticket({ externalId: null, atTable: true, status: "open" })),
      )
      .executeTest(async (server) => {
        const order = await elyxAdapter.appendRound?.(at(server.url), TICKET, items, "pact-round");
        expect(order).toMatchObject({ id: TICKET, status: "open" });
      });
  });

  it("order.pay: marked paid with a tip", async () => {
    await pact
      .addInteraction()
      .given("an order is open at a terminal")
      .uponReceiving("a payment of what is due on a ticket, with a tip")
      .withRequest("POST", ticketPath("/payments"), (b) =>
        b.headers(writeHeaders("pact-pay")).jsonBody({ method: "card", amount: given("due", 620), tip: 100 }),
      )
      .willRespondWith(200, (b) =>
        b.headers(JSON_TYPE).jsonBody(shape.ticket({ externalId: null, atTable: true, status: "paid" })),
      )
      .executeTest(async (server) => {
        const payment = { method: "card" as const, amount: 620, tip: 100, reference: null };
        const order = await elyxAdapter.pay?.(at(server.url), TICKET, payment, "pact-pay");
        expect(order).toMatchObject({ status: "paid", due: 0 });
      });
  });

  it("idempotent replay: the same key and body answer the first ticket", async () => {
    await pact
      .addInteraction()
      .given("an order was created with idempotency key K", {
        dialect: "elyx",
        key: "pact-replay",
        externalId: "pact-ext-replay",
      })
      .uponReceiving("a ticket create retried with the same idempotency key and body")
      .withRequest("POST", `${API}/locations/1/tickets`, (b) =>
        b.headers(writeHeaders("pact-replay")).jsonBody(createBody("pact-ext-replay")),
      )
      .willRespondWith(201, (b) =>
        b
          .headers({ ...JSON_TYPE, "Idempotent-Replayed": "true" })
          .jsonBody(shape.ticket({ externalId: "pact-ext-replay", atTable: false, status: "open" })),
      )
      .executeTest(async (server) => {
        const order = await elyxAdapter.createOrder(at(server.url), draft("pact-ext-replay"), "pact-replay");
        expect(order).toMatchObject({ externalId: "pact-ext-replay", status: "open" });
      });
  });
});

describe("elyx failures", () => {
  it("2001 TICKET_LOCKED: a waiter holds the ticket (423, Retry-After)", async () => {
    await pact
      .addInteraction()
      .given("an order is open and locked at a terminal", { seconds: 90 })
      .uponReceiving("lines appended to a ticket a waiter holds")
      .withRequest("POST", ticketPath("/lines"), (b) =>
        b.headers(writeHeaders("pact-round-locked")).jsonBody({ lines: [line(1)] }),
      )
      .willRespondWith(423, (b) =>
        b.headers({ ...JSON_TYPE, "Retry-After": seconds("90") }).jsonBody(shape.error(2001)),
      )
      .executeTest(async (server) => {
        const failure = await failureOf(
          elyxAdapter.appendRound?.(at(server.url), TICKET, items, "pact-round-locked") ?? Promise.resolve(),
        );
        expect(failure.code).toBe("LOCKED");
        expect(failure.details).toMatchObject({ status: 423, retryAfterMs: 90_000, vendorCode: "2001" });
      });
  });

  it("9002 LOCATION_OFFLINE: the location is unreachable (502)", async () => {
    await pact
      .addInteraction()
      .given("the location is unreachable")
      .uponReceiving("a location request while the location is unreachable")
      .withRequest("GET", `${API}/locations/1`, (b) => b.headers(auth))
      .willRespondWith(502, (b) => b.headers(JSON_TYPE).jsonBody(shape.error(9002)))
      .executeTest(async (server) => {
        const failure = await failureOf(elyxAdapter.status(at(server.url)));
        expect(failure.code).toBe("UNREACHABLE");
        expect(failure.details).toMatchObject({ status: 502, vendorCode: "9002" });
      });
  });

  it("1003 TOO_MANY_REQUESTS: 429 with Retry-After", async () => {
    await pact
      .addInteraction()
      .given("the location is rate limited")
      .uponReceiving("an articles request over the rate limit")
      .withRequest("GET", `${API}/locations/1/articles`, (b) => b.headers(auth))
      .willRespondWith(429, (b) =>
        b.headers({ ...JSON_TYPE, "Retry-After": seconds("1000") }).jsonBody(shape.error(1003)),
      )
      .executeTest(async (server) => {
        const failure = await failureOf(elyxAdapter.availability(at(server.url)));
        expect(failure.code).toBe("RATE_LIMITED");
        expect(failure.details).toMatchObject({ status: 429, retryAfterMs: 1_000_000, vendorCode: "1003" });
      });
  });

  it("1105 DUPLICATE_REQUEST: the same key with another body", async () => {
    await pact
      .addInteraction()
      .given("an order was created with idempotency key K", {
        dialect: "elyx",
        key: "pact-conflict",
        externalId: "pact-ext-conflict",
      })
      .uponReceiving("a ticket create reusing an idempotency key with another body")
      .withRequest("POST", `${API}/locations/1/tickets`, (b) =>
        b.headers(writeHeaders("pact-conflict")).jsonBody(createBody("pact-ext-conflict", 2)),
      )
      .willRespondWith(409, (b) => b.headers(JSON_TYPE).jsonBody(shape.error(1105)))
      .executeTest(async (server) => {
        const failure = await failureOf(
          elyxAdapter.createOrder(at(server.url), draft("pact-ext-conflict", 2), "pact-conflict"),
        );
        expect(failure.code).toBe("IDEMPOTENCY_CONFLICT");
        expect(failure.details).toMatchObject({ status: 409, vendorCode: "1105" });
      });
  });

  it("1105 DUPLICATE_REQUEST: an external id already used names its ticket", async () => {
    await pact
      .addInteraction()
      .given("an order was created with idempotency key K", {
        dialect: "elyx",
        key: "pact-first",
        externalId: "pact-ext-taken",
      })
      .uponReceiving("a ticket create under a new key with an external id already used")
      .withRequest("POST", `${API}/locations/1/tickets`, (b) =>
        b.headers(writeHeaders("pact-second")).jsonBody(createBody("pact-ext-taken")),
      )
      .willRespondWith(409, (b) =>
        b.headers(JSON_TYPE).jsonBody(shape.error(1105, { ticketId: MatchersV3.regex(/^\d+-\d+$/, TICKET) })),
      )
      .executeTest(async (server) => {
        const failure = await failureOf(
          elyxAdapter.createOrder(at(server.url), draft("pact-ext-taken"), "pact-second"),
        );
        expect(failure.code).toBe("IDEMPOTENCY_CONFLICT");
        expect(failure.details.orderId).toBe(TICKET);
      });
  });

  it("1001 API_KEY_INVALID: wrong credentials (401)", async () => {
    await pact
      .addInteraction()
      .given("the credentials are wrong")
      .uponReceiving("a location request with a key that is no one's")
      .withRequest("GET", `${API}/locations/1`, (b) => b.headers({ "X-API-KEY": "mpk_wrong" }))
      .willRespondWith(401, (b) => b.headers(JSON_TYPE).jsonBody(shape.error(1001)))
      .executeTest(async (server) => {
        const failure = await failureOf(
          elyxAdapter.status(contextFor(server.url, "1", { apiKey: "mpk_wrong" })),
        );
        expect(failure.code).toBe("UNAUTHORIZED");
        expect(failure.details).toMatchObject({ status: 401, vendorCode: "1001" });
      });
  });
});

// Last, once every interaction above has been written.
it("wrote the same pact as the committed one (npm run pacts rewrites it)", () => expectCommitted(PROVIDER));
