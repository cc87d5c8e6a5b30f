import type { RouteConfig } from "@hono/zod-openapi";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { ELYX_ROUTES } from "../../../contracts/elyx/routes.ts";
import { MAX_BODY_BYTES } from "../../app.ts";
import { chainSnapshot } from "../../domain/locations.ts";
import { type ElyxRequest, elyxPos, type Sent } from "./test-support.ts";

/**
 * The bad-input tour of the Elyx dialect: every route gets malformed JSON, wrong types, missing
 * fields, the wrong content type, an oversized body, unknown and malformed ids, bad query values
 * and bad keys. Each must be a 4xx in the Elyx envelope (the contract check verifies the body
 * and that the route documents the code), nothing may change, and the server keeps serving.
 */

type Case = { name: string; path: string; options: ElyxRequest; expected?: number[] };

const json = (raw: string): ElyxRequest => ({ raw, headers: { "content-type": "application/json" } });

function setup() {
  const pos = elyxPos({ seed: "tour", locations: 2 });
  const loc = pos.location(0);
  const order = [...loc.orders.values()].find((o) => o.status === "open");
  if (!order) throw new Error("the opening service must leave an open ticket");
  const valid: Record<string, string> = { locationId: "1", ticketId: `1-${order.number}`, shiftId: "1-1" };
  const unknown: Record<string, string> = { locationId: "99", ticketId: "1-99999", shiftId: "1-999" };
  return { ...pos, valid, unknown };
}

function bodySchema(route: RouteConfig): z.ZodObject | undefined {
  const content = route.request?.body?.content as Record<string, { schema: z.ZodObject }> | undefined;
  return content?.["application/json"]?.schema;
}

function fill(path: string, params: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? "x"));
}

const BAD_QUERY: Record<string, string[]> = {
  locations: ["bogus", "1,,2", ",", "1;2", "-1", "1.0"],
  businessDate: ["bogus", "20260313", "2026-13-01"],
  shift: ["bogus", "1", "1-", "a-1"],
  status: ["bogus", "PAID"],
  from: ["bogus", "2026-03-13", "yesterday"],
  to: ["bogus"],
  limit: ["bogus", "0", "-1", "501", "1.5"],
  offset: ["bogus", "-1", "0.5"],
  cursor: ["bogus", "x".repeat(201)],
};

function casesFor(
  route: RouteConfig,
  valid: Record<string, string>,
  unknown: Record<string, string>,
  ownKey: string,
) {
  const path = fill(route.path, valid);
  const hasBody = route.request?.body !== undefined;
  const cases: Case[] = [];
  const fields = Object.keys(bodySchema(route)?.shape ?? {});
  if (fields.includes("lines")) {
    cases.push(
      {
        name: "lines of the wrong shape",
        path,
        options: { body: { type: "take_away", lines: [{ articleId: 5, quantity: 0 }] } },
      },
      { name: "no lines", path, options: { body: { type: "take_away", lines: [] } } },
    );
  }
  if (fields.includes("method")) {
    for (const body of [{ method: "bitcoin" }, { method: "cash", tip: -5 }, { method: "cash", amount: 1.5 }])
      cases.push({ name: `payment ${JSON.stringify(body)}`, path, options: { body }, expected: [400] });
  }
  if (hasBody) {
    cases.push(
      { name: "malformed JSON", path, options: json('{"lines": [') },
      { name: "JSON that is not an object", path, options: json("[1,2,3]") },
      { name: "null body", path, options: json("null") },
      { name: "empty body", path, options: json("") },
      { name: "missing fields", path, options: { body: {} } },
      {
        name: "wrong types",
        path,
        options: { body: { type: 7, lines: "many", method: [], tip: "lots", version: "1", guests: -1 } },
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
        options: json(JSON.stringify({ note: "x".repeat(MAX_BODY_BYTES + 10) })),
        expected: [413],
      },
    );
  }
  for (const name of Object.keys(valid)) {
    if (!route.path.includes(`{${name}}`)) continue;
    const body = hasBody ? {} : undefined;
    // With a body, the (empty) body may be refused before the id is looked up: both are right.
    const also = hasBody ? [400] : [];
    cases.push(
      {
        name: `unknown ${name}`,
        path: fill(route.path, { ...valid, [name]: unknown[name] ?? "" }),
        options: { body },
        expected: [404, ...also],
      },
      {
        name: `unknown ${name} with a location's key`,
        path: fill(route.path, { ...valid, [name]: unknown[name] ?? "" }),
        options: { body, key: ownKey },
        expected: [name === "locationId" ? 403 : 404, ...also],
      },
      {
        name: `malformed ${name}`,
        path: fill(route.path, { ...valid, [name]: "does-not-exist" }),
        options: { body },
        expected: [400],
      },
      {
        name: `overlong ${name}`,
        path: fill(route.path, { ...valid, [name]: "9".repeat(500) }),
        options: { body },
        expected: [400],
      },
    );
  }
  const query = route.request?.query as z.ZodObject | undefined;
  for (const key of Object.keys(query?.shape ?? {})) {
    for (const value of BAD_QUERY[key] ?? ["bogus"]) {
      cases.push({
        name: `query ${key}=${value.slice(0, 20)}`,
        path: `${path}?${key}=${encodeURIComponent(value)}`,
        options: {},
        expected: [400],
      });
    }
  }
  cases.push(
    { name: "no key", path, options: { key: false, body: hasBody ? {} : undefined }, expected: [401] },
    { name: "wrong key", path, options: { key: "mpg_000000000000000000000000" }, expected: [401] },
    {
      name: "key in the wrong header",
      path,
      options: { key: false, headers: { authorization: `Bearer ${ownKey}` } },
      expected: [401],
    },
  );
  return cases;
}

describe("elyx bad-input tour", () => {
  for (const route of ELYX_ROUTES as RouteConfig[]) {
    it(`${route.method.toUpperCase()} ${route.path}: every bad request is a 4xx Elyx error and changes nothing`, async () => {
      const pos = setup();
      const before = chainSnapshot(pos.sim.chain);
      const cases = casesFor(route, pos.valid, pos.unknown, pos.keyOf(0));
      expect(cases.length).toBeGreaterThan(2);
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
        expect(res.headers.get("content-type"), what).toBe("application/json");
        expect(Number.isInteger(res.body.error.code), what).toBe(true);
      }
      expect(pos.sim.chain).toEqual(before);
      expect((await pos.get("/api/v1/locations/1")).status).toBe(200);
    });
  }

  it("an unknown route is 1104 in the Elyx envelope, not an HTML page", async () => {
    const pos = setup();
    for (const [method, path] of [
      ["GET", "/nope"],
      ["GET", "/v1/locations/loc-0001/menu"],
      ["DELETE", "/api/v1/tickets/1-1/lines/2"],
    ] as const) {
      const res = await pos.request(method, path);
      expect(res.status).toBe(404);
      expect(res.body.error).toMatchObject({ code: 1104, type: "NOT_FOUND" });
    }
  });

  it("a method a declared path does not take is 405, code 1103, with Allow, journaled", async () => {
    const pos = setup();
    for (const [method, path, allow] of [
      ["DELETE", "/api/v1/tickets/1-1", "GET, HEAD"],
      ["PUT", "/api/v1/locations/1/articles", "GET, HEAD"],
      ["GET", "/api/v1/locations/1/tickets", "POST"],
      ["PATCH", "/api/v1/tickets/1-1/payments", "POST"],
    ] as const) {
      const res = await pos.request(method, path);
      expect(res.status, `${method} ${path}`).toBe(405);
      expect(res.headers.get("allow")).toBe(allow);
      expect(res.headers.get("content-type")).toBe("application/json");
      expect(res.body.error).toMatchObject({ code: 1103, type: "METHOD_NOT_ALLOWED", retry: false });
      expect(pos.lastEntry()).toMatchObject({ method, path, status: 405, outcome: "METHOD_NOT_ALLOWED" });
    }
  });
});
