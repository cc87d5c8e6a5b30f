import { z } from "@hono/zod-openapi";
import { describe, expect, it } from "vitest";
import { driverOpenApiDocument } from "../../contracts/driver/document.ts";
import { DRIVER_ROUTES } from "../../contracts/driver/routes.ts";
import { DRIVER_PROTOCOL_VERSION } from "../../contracts/driver/schemas.ts";
import { HttpDriver } from "./client.ts";
import {
  type ConfigureInput,
  type Driver,
  DriverRefusal,
  type Hello,
  type LocationView,
  type MenuView,
  type OrderView,
  type PlaceOrderInput,
} from "./protocol.ts";
import { driverApp } from "./server.ts";

const AT = "2026-03-02T12:00:00.000Z";
const FakeConfig = z
  .object({ locations: z.array(z.object({ id: z.string().min(1) }).strict()).min(1) })
  .strict();

/** An engine in miniature: enough state to answer every method, and a record of what it was asked. */
class FakeDriver implements Driver {
  calls: [string, ...unknown[]][] = [];
  configured = false;
  stopped = false;
  version = DRIVER_PROTOCOL_VERSION;
  protocol = "mockpos-driver";
  orders = new Map<string, OrderView>();
  locationIds: string[] = [];

  async hello(): Promise<Hello> {
    this.calls.push(["hello"]);
    return {
      protocol: this.protocol as "mockpos-driver",
      version: this.version,
      engine: "fake 0.0.1",
      dialects: ["generic"],
      configured: this.configured,
    };
  }

  async configure(input: ConfigureInput): Promise<void> {
    this.calls.push(["configure", input]);
    this.locationIds = FakeConfig.parse(input.config).locations.map((l) => l.id);
    this.configured = true;
  }

  async placeOrder(input: PlaceOrderInput): Promise<OrderView> {
    this.calls.push(["placeOrder", input]);
    if (!this.configured) throw new DriverRefusal(409, "the engine is not configured");
    if (!this.locationIds.includes(input.locationId)) {
      throw new DriverRefusal(404, `no location '${input.locationId}'`);
    }
    const ref = input.ref ?? `o-${this.orders.size + 1}`;
    if (this.orders.has(ref)) throw new DriverRefusal(409, `ref '${ref}' names another order`);
    const soldOut = input.items.find((i) => i.productId === "sold-out");
    const order: OrderView = {
      ref,
      locationId: input.locationId,
      flow: input.flow,
      state: soldOut ? "refused" : "pending",
      reason: soldOut ? "Sold out: sold-out" : null,
      posOrderId: null,
      posStatus: null,
      total: soldOut ? null : 1250,
      due: soldOut ? null : 1250,
      lines: soldOut ? null : input.items.length,
      writes: soldOut ? [] : [write(ref, "order.create", 1)],
      updatedAt: AT,
    };
    this.orders.set(ref, order);
    return order;
  }

  #write(ref: string, kind: OrderView["writes"][number]["kind"]): OrderView {
    const order = this.orders.get(ref);
    if (!order) throw new DriverRefusal(404, `no order '${ref}'`);
    if (order.state === "refused")
      throw new DriverRefusal(409, `order '${ref}' was refused; it takes nothing more`);
    const next = { ...order, writes: [...order.writes, write(ref, kind, order.writes.length + 1)] };
    this.orders.set(ref, next);
    return next;
  }

  async appendRound(ref: string, input: unknown): Promise<OrderView> {
    this.calls.push(["appendRound", ref, input]);
    return this.#write(ref, "order.append");
  }

  async pay(ref: string, input: unknown): Promise<OrderView> {
    this.calls.push(["pay", ref, input]);
    return this.#write(ref, "order.pay");
  }

  async kitchenMessage(ref: string, input: unknown): Promise<OrderView> {
    this.calls.push(["kitchenMessage", ref, input]);
    return this.#write(ref, "kitchen.message");
  }

  async applyLoyalty(ref: string, input: { card: string }): Promise<OrderView> {
    this.calls.push(["applyLoyalty", ref, input]);
    if (input.card === "boom") throw new Error("database is locked");
    return this.#write(ref, "loyalty.apply");
  }

  async order(ref: string): Promise<OrderView | null> {
    this.calls.push(["order", ref]);
    return this.orders.get(ref) ?? null;
  }

  async locations(): Promise<LocationView[]> {
    this.calls.push(["locations"]);
    return this.locationIds.map((id) => ({
      id,
      dialect: "generic",
      mode: "online",
      modeSince: AT,
      lastError: id === "loc-2" ? { code: "LOCKED", message: "order open at term-1", at: AT } : null,
      cursors: { new: "c-1", changed: null },
      menuVersion: id === "loc-1" ? "v1" : null,
      menuFetchedAt: id === "loc-1" ? AT : null,
      queueDepth: 0,
      counters: { requests: { "menu.get": 1 }, failures: {}, writesDone: 0, writesFailed: 0, ordersSeen: 0 },
    }));
  }

  async menu(locationId: string): Promise<MenuView | null> {
    this.calls.push(["menu", locationId]);
    if (locationId !== "loc-1") return null;
    return {
      locationId,
      currency: "EUR",
      version: "v1",
      fetchedAt: AT,
      items: [
        {
          id: "p-1",
          name: "Tortilla",
          categoryId: "c-1",
          price: 650,
          soldOut: false,
          variants: [],
          needsChoice: false,
        },
      ],
    };
  }

  async stop(): Promise<void> {
    this.calls.push(["stop"]);
    this.stopped = true;
  }
}

function write(
  ref: string,
  kind: OrderView["writes"][number]["kind"],
  n: number,
): OrderView["writes"][number] {
  return {
    id: `${ref}-w${n}`,
    kind,
    state: "queued",
    attempts: 0,
    idempotencyKey: `${ref}:${n}`,
    lastError: null,
  };
}

function setup(fake = new FakeDriver()) {
  const errors: unknown[] = [];
  const app = driverApp(fake, { onError: (err) => errors.push(err) });
  const client = new HttpDriver({
    baseUrl: "http://engine.test/",
    fetch: (url, init) => app.request(url, init),
  });
  return { fake, app, client, errors };
}

async function configured() {
  const s = setup();
  await s.client.configure({ config: { locations: [{ id: "loc-1" }, { id: "loc-2" }] } });
  return s;
}

const ITEMS = [{ productId: "p-1", quantity: 2 }];

/** The refusal a promise rejects with. */
async function refusal(p: Promise<unknown>): Promise<DriverRefusal> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DriverRefusal);
  return err as DriverRefusal;
}

function send(
  app: ReturnType<typeof driverApp>,
  method: string,
  path: string,
  body?: unknown,
  type = "application/json",
) {
  return app.request(path, {
    method,
    headers: body === undefined ? {} : { "content-type": type },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
}

describe("the driver protocol over HTTP", () => {
  it("round-trips hello, configure, locations and menu", async () => {
    const { fake, client } = setup();
    expect(await client.hello()).toEqual({
      protocol: "mockpos-driver",
      version: DRIVER_PROTOCOL_VERSION,
      engine: "fake 0.0.1",
      dialects: ["generic"],
      configured: false,
    });
    await client.configure({
      config: { locations: [{ id: "loc-1" }, { id: "loc-2" }] },
      clock: { origin: 1 },
    });
    // The server hands the driver the parsed input, defaults applied.
    expect(fake.calls.at(-1)).toEqual([
      "configure",
      { config: { locations: [{ id: "loc-1" }, { id: "loc-2" }] }, clock: { factor: 1, origin: 1 } },
    ]);
    expect((await client.hello()).configured).toBe(true);
    expect(await client.locations()).toEqual(await fake.locations());
    expect(await client.menu("loc-1")).toEqual(await fake.menu("loc-1"));
    expect(await client.menu("loc-2")).toBeNull();
  });

  it("round-trips an order through every guest action, and stop", async () => {
    const { fake, client } = await configured();
    const placed = await client.placeOrder({
      locationId: "loc-1",
      ref: "guest-1",
      flow: "pay_later",
      items: ITEMS,
    });
    expect(placed).toMatchObject({ ref: "guest-1", state: "pending", total: 1250, lines: 1 });
    expect(fake.calls.at(-1)).toEqual([
      "placeOrder",
      { locationId: "loc-1", ref: "guest-1", flow: "pay_later", items: ITEMS },
    ]);
    await client.appendRound("guest-1", {
      items: [{ productId: "p-2", quantity: 1, modifiers: [{ optionId: "m-1" }] }],
    });
    await client.kitchenMessage("guest-1", { text: "no onions" });
    await client.applyLoyalty("guest-1", { card: "L-123" });
    const paid = await client.pay("guest-1", { tip: 150, method: "card" });
    expect(paid.writes.map((w) => w.kind)).toEqual([
      "order.create",
      "order.append",
      "kitchen.message",
      "loyalty.apply",
      "order.pay",
    ]);
    expect(fake.calls.slice(-4).map((c) => c.slice(0, 3))).toEqual([
      [
        "appendRound",
        "guest-1",
        { items: [{ productId: "p-2", quantity: 1, modifiers: [{ optionId: "m-1" }] }] },
      ],
      ["kitchenMessage", "guest-1", { text: "no onions" }],
      ["applyLoyalty", "guest-1", { card: "L-123" }],
      ["pay", "guest-1", { tip: 150, method: "card" }],
    ]);
    expect(await client.order("guest-1")).toEqual(paid);
    expect(await client.order("nobody")).toBeNull();
    await client.stop();
    expect(fake.stopped).toBe(true);
  });

  it("answers a refused order as 201 with state refused: a guest-facing answer, not an error", async () => {
    const { app, client } = await configured();
    const refused = await client.placeOrder({
      locationId: "loc-1",
      flow: "pay_first",
      items: [{ productId: "sold-out", quantity: 1 }],
    });
    expect(refused).toMatchObject({ state: "refused", reason: "Sold out: sold-out", writes: [] });
    const res = await send(app, "POST", "/driver/v1/orders", {
      locationId: "loc-1",
      flow: "pay_first",
      items: [{ productId: "sold-out", quantity: 1 }],
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ state: "refused" });
  });

  it("keeps a refusal's status and message across the wire", async () => {
    const { app, client } = setup();
    const unconfigured = await refusal(
      client.placeOrder({ locationId: "loc-1", flow: "pay_first", items: ITEMS }),
    );
    expect([unconfigured.status, unconfigured.message]).toEqual([409, "the engine is not configured"]);
    await client.configure({ config: { locations: [{ id: "loc-1" }] } });
    const unknownLocation = await refusal(
      client.placeOrder({ locationId: "loc-9", flow: "pay_first", items: ITEMS }),
    );
    expect([unknownLocation.status, unknownLocation.message]).toEqual([404, "no location 'loc-9'"]);
    const unknownOrder = await refusal(client.pay("nobody", {}));
    expect([unknownOrder.status, unknownOrder.message]).toEqual([404, "no order 'nobody'"]);
    await client.placeOrder({ locationId: "loc-1", ref: "r", flow: "pay_first", items: ITEMS });
    const twice = await refusal(
      client.placeOrder({ locationId: "loc-1", ref: "r", flow: "pay_first", items: ITEMS }),
    );
    expect([twice.status, twice.message]).toEqual([409, "ref 'r' names another order"]);

    const res = await send(app, "POST", "/driver/v1/orders/nobody/rounds", { items: ITEMS });
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(await res.json()).toMatchObject({
      status: 404,
      code: "NOT_FOUND",
      detail: "no order 'nobody'",
      instance: "/driver/v1/orders/nobody/rounds",
    });
    const conflict = await send(app, "POST", "/driver/v1/orders", {
      locationId: "loc-1",
      ref: "r",
      flow: "pay_first",
      items: ITEMS,
    });
    expect(await conflict.json()).toMatchObject({
      status: 409,
      code: "INVALID_TRANSITION",
      detail: "ref 'r' names another order",
    });
  });

  it("refuses invalid input with a 400 naming each field, before the driver sees it", async () => {
    const { fake, app, client } = await configured();
    const before = fake.calls.length;
    const bad = await refusal(
      client.placeOrder({
        locationId: "loc-1",
        flow: "pay_first",
        items: [{ productId: "p-1", quantity: 0 }],
        colour: "blue",
      } as never),
    );
    expect(bad.status).toBe(400);
    expect(bad.invalidParams?.map((f) => f.name).sort()).toEqual(["body.colour", "body.items[0].quantity"]);
    expect(bad.message).toContain("body.items[0].quantity");
    expect((await refusal(client.kitchenMessage("r", { text: "" }))).invalidParams?.[0]?.name).toBe(
      "body.text",
    );
    expect((await refusal(client.pay("r", { tip: -1 }))).invalidParams?.[0]?.name).toBe("body.tip");
    expect((await refusal(client.order("x".repeat(101)))).invalidParams?.[0]?.name).toBe("path.ref");
    expect(fake.calls.length).toBe(before);

    const cases: [string, string, string, unknown, string | undefined, number, string | undefined][] = [
      ["malformed JSON", "POST", "/driver/v1/orders", '{"locationId": ', undefined, 400, "body"],
      ["null body", "POST", "/driver/v1/orders", "null", undefined, 400, "body"],
      ["an array", "PUT", "/driver/v1/config", "[]", undefined, 400, "body"],
      ["config not an object", "PUT", "/driver/v1/config", { config: 3 }, undefined, 400, "body.config"],
      [
        "clock too fast",
        "PUT",
        "/driver/v1/config",
        { config: {}, clock: { factor: 1e9 } },
        undefined,
        400,
        "body.clock.factor",
      ],
      ["text body", "POST", "/driver/v1/orders", "hello", "text/plain", 415, undefined],
      ["no body", "POST", "/driver/v1/orders/r/rounds", undefined, undefined, 400, "body.items"],
      ["unknown route", "GET", "/driver/v1/nothing", undefined, undefined, 404, undefined],
    ];
    for (const [name, method, path, body, type, status, field] of cases) {
      const res = await send(app, method, path, body, type);
      expect(res.status, name).toBe(status);
      expect(res.headers.get("content-type"), name).toBe("application/problem+json");
      const problem = (await res.json()) as any;
      expect(problem.detail, name).toBeTypeOf("string");
      if (field)
        expect(
          problem.invalidParams?.map((f: { name: string }) => f.name),
          name,
        ).toContain(field);
    }
    expect(fake.calls.length).toBe(before);
  });

  it("names the engine's own configuration errors as fields of body.config", async () => {
    const { client } = setup();
    const bad = await refusal(client.configure({ config: { locations: [{ id: "" }], extra: 1 } }));
    expect(bad.status).toBe(400);
    expect(bad.invalidParams?.map((f) => f.name).sort()).toEqual([
      "body.config.extra",
      "body.config.locations[0].id",
    ]);
  });

  it("lets a pay without a body mean no tip", async () => {
    const { fake, app, client } = await configured();
    await client.placeOrder({ locationId: "loc-1", ref: "r", flow: "pay_later", items: ITEMS });
    const res = await send(app, "POST", "/driver/v1/orders/r/payments");
    expect(res.status).toBe(200);
    expect(fake.calls.at(-1)).toEqual(["pay", "r", {}]);
  });

  it("answers an engine failure as a 500 problem, which the client raises as an Error, not a refusal", async () => {
    const { client, errors } = await configured();
    await client.placeOrder({ locationId: "loc-1", ref: "r", flow: "pay_later", items: ITEMS });
    const err = await client.applyLoyalty("r", { card: "boom" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(DriverRefusal);
    expect((err as Error).message).toBe(
      "driver: POST /driver/v1/orders/r/loyalty answered 500: the engine failed: database is locked",
    );
    expect(errors).toHaveLength(1);
  });

  it("refuses an engine that speaks another protocol or another major version", async () => {
    const fake = new FakeDriver();
    const { client } = setup(fake);
    fake.version = "1.7";
    expect((await client.hello()).version).toBe("1.7");
    fake.version = "2.0";
    await expect(client.hello()).rejects.toThrow(
      `the engine at http://engine.test speaks mockpos-driver 2.0, this suite speaks ${DRIVER_PROTOCOL_VERSION}: the major versions differ`,
    );
    fake.protocol = "something-else";
    await expect(client.hello()).rejects.toThrow(/is not a mockpos driver/);
  });

  it("raises a clear Error for an answer the protocol does not allow, or no answer at all", async () => {
    const fake = new FakeDriver();
    const { client } = setup(fake);
    await client.configure({ config: { locations: [{ id: "loc-1" }] } });
    fake.orders.set("odd", { ref: "odd", state: "lost" } as never);
    await expect(client.order("odd")).rejects.toThrow(
      /^driver: GET \/driver\/v1\/orders\/odd answered with what the protocol does not allow: .*state/,
    );
    const teapot = new HttpDriver({
      baseUrl: "http://x",
      fetch: () => new Response("I'm a teapot", { status: 418 }),
    });
    await expect(teapot.stop()).rejects.toThrow("driver: DELETE /driver/v1 answered 418: I'm a teapot");
    const gone = new HttpDriver({
      baseUrl: "http://127.0.0.1:1",
      fetch: () => Promise.reject(new TypeError("fetch failed")),
    });
    await expect(gone.locations()).rejects.toThrow(
      "driver: GET /driver/v1/locations at http://127.0.0.1:1 failed: fetch failed",
    );
  });

  it("serves its OpenAPI 3.1 document with every route", async () => {
    const { app } = setup();
    const res = await app.request("/openapi.json");
    expect(res.status).toBe(200);
    const doc = (await res.json()) as any;
    expect(doc).toEqual(JSON.parse(JSON.stringify(driverOpenApiDocument())));
    expect(doc.openapi).toBe("3.1.0");
    expect(doc["x-mockpos-driver-version"]).toBe(DRIVER_PROTOCOL_VERSION);
    expect(doc.info.version.startsWith(`${DRIVER_PROTOCOL_VERSION}.`)).toBe(true);

    const served = Object.entries(doc.paths).flatMap(([path, item]: [string, any]) =>
      Object.entries(item).map(([method, op]: [string, any]) => ({ path, method, op })),
    );
    expect(served.map((o) => `${o.method} ${o.path}`).sort()).toEqual(
      DRIVER_ROUTES.map((r) => `${r.method} ${r.path}`).sort(),
    );
    const methods: (keyof Driver)[] = [
      "hello",
      "configure",
      "placeOrder",
      "appendRound",
      "pay",
      "kitchenMessage",
      "applyLoyalty",
      "order",
      "locations",
      "menu",
      "stop",
    ];
    expect(served.map((o) => o.op.operationId).sort()).toEqual([...methods].sort());

    for (const { path, method, op } of served) {
      const at = `${method} ${path}`;
      expect(op["x-mockpos-driver-method"], at).toBe(op.operationId);
      expect(op.tags, at).toEqual(["driver"]);
      const declared = (op.parameters ?? []).filter((p: any) => p.in === "path").map((p: any) => p.name);
      expect(declared.sort(), at).toEqual([...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort());
      for (const [status, response] of Object.entries(op.responses) as [string, any][]) {
        expect(response.description, `${at} ${status}`).toBeTypeOf("string");
        if (Number(status) >= 400)
          expect(response.content?.["application/problem+json"], `${at} ${status}`).toBeDefined();
      }
      if (op.requestBody) expect(op.responses["400"], at).toBeDefined();
    }
    // Every $ref points at a component that is there.
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map(
      (m) => m[1],
    );
    expect(refs.length).toBeGreaterThan(0);
    for (const name of refs) expect(doc.components.schemas[name as string], name).toBeDefined();
  });
});
