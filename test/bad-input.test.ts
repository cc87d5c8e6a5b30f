import type { RouteConfig } from "@hono/zod-openapi";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { ADMIN_ROUTES } from "../client/admin/routes.ts";
import { GENERIC_ROUTES } from "../contracts/generic/routes.ts";
import { MAX_BODY_BYTES } from "../simulator/app.ts";
import { chainSnapshot } from "../simulator/domain/locations.ts";
import type { Location } from "../simulator/domain/types.ts";
import { simpleProduct } from "./support/menu.ts";
import { type RequestOptions, type Sent, testPos } from "./support/pos.ts";

/**
 * The bad-input tour: every route of every contract gets malformed JSON, wrong types,
 * missing fields, the wrong content type, an oversized body, unknown ids, unknown query
 * values and wrong credentials. Each must be a 4xx problem+json (the contract check in
 * testPos verifies the body), nothing may change, and the server must keep serving.
 */

type Case = { name: string; path: string; options: RequestOptions; expected?: number[] };

const routes = [...GENERIC_ROUTES, ...ADMIN_ROUTES] as RouteConfig[];

function setup() {
  const pos = testPos({ seed: "tour", locations: 2 });
  const loc = pos.location(0);
  const order = [...loc.orders.values()].find((o) => o.status === "open");
  if (!order) throw new Error("the opening service must leave an open order");
  const valid: Record<string, string> = {
    locationId: loc.id,
    orderId: order.id,
    lineId: order.lines[0]?.id ?? "ln-1",
    productId: simpleProduct(loc).id,
    shiftId: loc.shifts[0]?.id ?? "shift-1",
    cardNumber: pos.sim.chain.loyalty?.cards[0]?.number ?? "1234567890123",
    faultId: "no-such-rule",
  };
  return { ...pos, loc, valid };
}

function fill(path: string, params: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? "x"));
}

function casesFor(route: RouteConfig, valid: Record<string, string>, self: Location): Case[] {
  const path = fill(route.path, valid);
  const cases: Case[] = [];
  const hasBody = route.request?.body !== undefined;
  const isGeneric = route.tags?.includes("generic") ?? false;
  if (hasBody) {
    cases.push(
      {
        name: "malformed JSON",
        path,
        options: { raw: '{"items": [', headers: { "content-type": "application/json" } },
      },
      {
        name: "JSON that is not an object",
        path,
        options: { raw: "[1,2,3]", headers: { "content-type": "application/json" } },
      },
      { name: "null body", path, options: { raw: "null", headers: { "content-type": "application/json" } } },
      { name: "empty body", path, options: { raw: "", headers: { "content-type": "application/json" } } },
      { name: "missing fields", path, options: { body: {} } },
      {
        name: "wrong types",
        path,
        options: {
          body: {
            type: 7,
            items: "many",
            status: 3,
            method: [],
            text: {},
            cardNumber: 5,
            terminalId: 9,
            soldOut: "yes",
          },
        },
      },
      {
        name: "wrong content type",
        path,
        options: { raw: "type=dine_in", headers: { "content-type": "text/plain" } },
      },
      { name: "no content type", path, options: { raw: '{"a":1}' } },
      {
        name: "oversized body",
        path,
        options: {
          raw: JSON.stringify({ note: "x".repeat(MAX_BODY_BYTES + 10) }),
          headers: { "content-type": "application/json" },
        },
        expected: [413],
      },
    );
  }
  for (const name of Object.keys(valid)) {
    if (!route.path.includes(`{${name}}`)) continue;
    // With a body, the (empty) body may be refused before the id is looked up: both are right.
    const expected = [isGeneric && name === "locationId" ? 403 : 404, ...(hasBody ? [400] : [])];
    // Credentials stay those of the real location, so what is tested is the unknown id.
    const options = { as: self, body: hasBody ? {} : undefined };
    cases.push({
      name: `unknown ${name}`,
      path: fill(route.path, { ...valid, [name]: "does-not-exist" }),
      options,
      expected,
    });
    cases.push({
      name: `overlong ${name}`,
      path: fill(route.path, { ...valid, [name]: "z".repeat(500) }),
      options: { as: self },
    });
  }
  const query = route.request?.query as z.ZodObject | undefined;
  for (const [key, schema] of Object.entries(query?.shape ?? {})) {
    if ((schema as z.ZodType).safeParse("bogus").success) continue;
    cases.push({
      name: `unknown value for query ${key}`,
      path: `${path}?${key}=bogus`,
      options: {},
      expected: [400],
    });
  }
  if (isGeneric) {
    cases.push(
      { name: "no credentials", path, options: { as: false }, expected: [401] },
      {
        name: "wrong API key",
        path,
        options: { as: false, headers: { "x-api-key": "mpk_000000000000000000000000" } },
        expected: [401],
      },
      {
        name: "garbage Basic header",
        path,
        options: { as: false, headers: { authorization: "Basic %%%" } },
        expected: [401],
      },
    );
  }
  return cases;
}

describe("bad-input tour", () => {
  for (const route of routes) {
    if (route.operationId === "adminReset") continue;
    it(`${route.method.toUpperCase()} ${route.path}: every bad request is a 4xx problem and changes nothing`, async () => {
      const pos = setup();
      const before = chainSnapshot(pos.sim.chain);
      const cases = casesFor(route, pos.valid, pos.loc);
      if (route.request?.body || route.request?.params) expect(cases.length).toBeGreaterThan(0);
      for (const c of cases) {
        let res: Sent;
        try {
          res = await pos.request(route.method.toUpperCase(), c.path, c.options);
        } catch (err) {
          throw new Error(`${c.name}: ${(err as Error).message}`);
        }
        const what = `${c.name} → ${res.status} ${res.text.slice(0, 200)}`;
        expect(res.status, what).toBeGreaterThanOrEqual(400);
        expect(res.status, what).toBeLessThan(500);
        if (c.expected) expect(c.expected, what).toContain(res.status);
        expect(res.headers.get("content-type"), what).toBe("application/problem+json");
        expect(typeof res.body.code, what).toBe("string");
      }
      expect(pos.sim.chain).toEqual(before);
      expect((await pos.request("GET", `/v1/locations/${pos.loc.id}/status`)).status).toBe(200);
    });
  }

  it("a round refused on its last item uses up nothing, not even line numbers", async () => {
    const pos = setup();
    const before = chainSnapshot(pos.sim.chain);
    const good = { productId: simpleProduct(pos.loc).id, quantity: 1 };
    for (const [path, body] of [
      [
        `/v1/locations/${pos.loc.id}/orders`,
        { type: "take_away", items: [good, good, { productId: "nope", quantity: 1 }] },
      ],
      [
        `/v1/locations/${pos.loc.id}/orders/${pos.valid.orderId}/rounds`,
        { items: [good, { ...good, quantity: 0 }] },
      ],
    ] as const) {
      const res = await pos.request("POST", path, { body });
      expect(res.status).toBe(400);
    }
    expect(pos.sim.chain).toEqual(before);
  });

  it("an unknown route is a 404 problem, not an HTML page", async () => {
    const pos = setup();
    for (const [method, path] of [
      ["GET", "/nope"],
      ["GET", "/v1/locations"],
      ["GET", `/v1/locations/${pos.loc.id}/menu/`],
    ] as const) {
      const res = await pos.request(method, path);
      expect(res.status).toBe(404);
      expect(res.body.code).toBe("NOT_FOUND");
    }
  });

  it("a method a declared path does not take is 405 METHOD_NOT_ALLOWED with Allow, journaled", async () => {
    const pos = setup();
    const orders = `/v1/locations/${pos.loc.id}/orders`;
    for (const [method, path, allow] of [
      ["DELETE", `/v1/locations/${pos.loc.id}/menu`, "GET, HEAD"],
      ["PUT", orders, "GET, HEAD, POST"],
      ["PATCH", `${orders}/${pos.valid.orderId}/status`, "GET, HEAD, POST"],
      ["GET", `${orders}/${pos.valid.orderId}/payments`, "POST"],
      ["OPTIONS", `/v1/locations/${pos.loc.id}/status`, "GET, HEAD"],
    ] as const) {
      const before = pos.sim.journal.total;
      const res = await pos.request(method, path);
      expect(res.status, `${method} ${path}`).toBe(405);
      expect(res.headers.get("allow"), `${method} ${path}`).toBe(allow);
      expect(res.headers.get("content-type"), `${method} ${path}`).toBe("application/problem+json");
      expect(res.body).toMatchObject({ code: "METHOD_NOT_ALLOWED", status: 405, allow: allow.split(", ") });
      expect(pos.sim.journal.total).toBe(before + 1);
      expect([...pos.sim.journal.entries()].at(-1)).toMatchObject({
        method,
        path,
        status: 405,
        outcome: "METHOD_NOT_ALLOWED",
      });
    }
    // HEAD is GET without a body: where there is no GET, it is refused the same way.
    const head = await pos.app.request(`${orders}/${pos.valid.orderId}/rounds`, { method: "HEAD" });
    expect(head.status).toBe(405);
    expect(head.headers.get("allow")).toBe("POST");
    // The admin API answers the same way (not journaled: it is not a dialect).
    const admin = await pos.request("DELETE", "/__admin/health");
    expect(admin.status).toBe(405);
    expect(admin.headers.get("allow")).toBe("GET, HEAD");
  });
});
