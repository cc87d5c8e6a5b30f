import type { RouteConfig } from "@hono/zod-openapi";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { SINQRO_ROUTES } from "../../../contracts/sinqro/routes.ts";
import { MAX_BODY_BYTES } from "../../app.ts";
import { chainSnapshot } from "../../domain/locations.ts";
import { createReservation } from "../../domain/reservations.ts";
import type { Location } from "../../domain/types.ts";
import { type Answer, BASE, type SinqroRequest, START, sinqroPos } from "./testing.ts";

/**
 * The Sinqro bad-input tour: every route gets malformed JSON, wrong types, missing fields,
 * the wrong content type, an oversized body, unknown and overlong ids and filters, and bad
 * tokens. Each must be a 4xx in Sinqro's error envelope, nothing may change, and the
 * server must keep serving.
 */

type Case = { name: string; path: string; options: SinqroRequest; expected?: number[] };

function setup() {
  const pos = sinqroPos({ seed: "tour" });
  const loc = pos.location(0);
  const order = [...loc.orders.values()].find((o) => o.status === "open");
  const product = loc.menu.products.find((p) => p.variants.length > 0 && p.modifierGroupIds.length > 0);
  const group = loc.menu.modifierGroups[0];
  if (!order || !product || !group)
    throw new Error("the tour needs an open order, a sized product and options");
  // Two hours before Friday's last service closes: inside it, whatever the generated hours.
  const friday = loc.schedule.friday.at(-1);
  const reservedFor = Date.UTC(2026, 2, 13, Number(friday?.closes.slice(0, 2) ?? 23) - 2, 0);
  const booking = createReservation(
    loc,
    { partySize: 2, reservedFor, customer: { name: "Tour", phone: "+34 600 000 000" } },
    START,
  );
  const valid: Record<string, string> = {
    orderId: order.id,
    reservationId: booking.id,
    menuId: "main",
    sectionId: product.categoryId,
    productId: product.id,
    variantId: product.variants[0]?.id ?? "",
    optionCategoryId: group.id,
    optionId: group.options[0]?.id ?? "",
  };
  return { ...pos, loc, valid };
}

const fill = (path: string, params: Record<string, string>) =>
  path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? "x"));

const json = (raw: string): SinqroRequest => ({ raw, headers: { "content-type": "application/json" } });

function casesFor(route: RouteConfig, valid: Record<string, string>, other: Location): Case[] {
  const path = fill(route.path, valid);
  const hasBody = route.request?.body !== undefined;
  const cases: Case[] = [];
  if (hasBody) {
    cases.push(
      { name: "malformed JSON", path, options: json('{"items": ['), expected: [400] },
      { name: "JSON that is not an object", path, options: json("[1,2,3]"), expected: [400] },
      { name: "null body", path, options: json("null"), expected: [400] },
      { name: "empty body", path, options: json(""), expected: [400] },
      { name: "missing fields", path, options: { body: {} }, expected: [400] },
      {
        name: "wrong types",
        path,
        options: {
          body: {
            type: 7,
            items: "many",
            payment: 2,
            status: 3,
            statusCode: "x",
            partySize: "4",
            reservedFor: 5,
            customer: 1,
          },
        },
        expected: [400],
      },
      {
        name: "bad values",
        path,
        options: {
          body: {
            type: "PICKUP",
            payment: { method: "BITCOIN" },
            items: [{ productId: "", quantity: 0 }],
            status: "DONE",
            partySize: 0,
            reservedFor: "tonight",
            customer: { name: "", phone: "" },
          },
        },
        expected: [400],
      },
      {
        name: "wrong content type",
        path,
        options: { raw: "a=1", headers: { "content-type": "text/plain" } },
        expected: [415],
      },
      { name: "no content type", path, options: { raw: '{"a":1}' }, expected: [400, 415] },
      {
        name: "oversized body",
        path,
        options: json(JSON.stringify({ comment: "x".repeat(MAX_BODY_BYTES + 10) })),
        expected: [413],
      },
      {
        name: "bad idempotency key",
        path,
        options: { body: {}, headers: { "x-idempotency-key": "has spaces" } },
        expected: [400],
      },
    );
  }
  for (const name of Object.keys(valid)) {
    if (!route.path.endsWith(`{${name}}`) && !route.path.includes(`{${name}}/`)) continue;
    const body = hasBody ? {} : undefined;
    cases.push(
      {
        name: `unknown ${name}`,
        path: fill(route.path, { ...valid, [name]: "does-not-exist" }),
        options: { body },
        expected: hasBody ? [400, 404] : [404],
      },
      {
        name: `overlong ${name}`,
        path: fill(route.path, { ...valid, [name]: "z".repeat(500) }),
        options: {},
        expected: [400],
      },
    );
    // Another restaurant's token does not see this one's orders and bookings.
    if (name === "orderId" || name === "reservationId")
      cases.push({
        name: `${name} of another restaurant`,
        path,
        options: { as: other, body },
        expected: hasBody ? [400, 404] : [404],
      });
  }
  const query = route.request?.query as z.ZodObject | undefined;
  for (const key of Object.keys(query?.shape ?? {}))
    cases.push({
      name: `overlong filter ${key}`,
      path: `${path}?${key}=${"q".repeat(500)}`,
      options: {},
      expected: [400],
    });
  cases.push(
    { name: "no tokens", path, options: { server: false, as: false }, expected: [401] },
    { name: "wrong server token", path, options: { server: "mps_0000" }, expected: [401] },
    {
      name: "wrong user token",
      path,
      options: { as: false, headers: { "x-api-user-access-token": "mpk_0" } },
      expected: [401],
    },
  );
  return cases;
}

describe("sinqro bad-input tour", () => {
  for (const route of SINQRO_ROUTES) {
    it(`${route.method.toUpperCase()} ${route.path}: every bad request is a 4xx Sinqro error and changes nothing`, async () => {
      const pos = setup();
      const before = chainSnapshot(pos.sim.chain);
      const cases = casesFor(route, pos.valid, pos.location(1));
      for (const c of cases) {
        let res: Answer;
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
        expect(res.body, what).toMatchObject({ success: false, error: { code: expect.any(String) } });
      }
      expect(pos.sim.chain).toEqual(before);
      expect((await pos.request("GET", `${BASE}/restaurant`)).status).toBe(200);
    });
  }

  it("an unknown route is NOT_FOUND in Sinqro's envelope", async () => {
    const pos = setup();
    for (const [method, path] of [
      ["GET", "/nope"],
      ["GET", `${BASE}/tables`],
      ["DELETE", `${BASE}/orders/x/lines`],
    ] as const) {
      const res = await pos.request(method, path);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe("NOT_FOUND");
    }
  });

  it("a method a declared path does not take is 405 METHOD_NOT_ALLOWED with Allow, journaled", async () => {
    const pos = setup();
    for (const [method, path, allow] of [
      ["DELETE", `${BASE}/menus`, "GET, HEAD"],
      ["PUT", `${BASE}/orders/x/status`, "GET, HEAD, POST, PATCH"],
      ["GET", `${BASE}/orders`, "POST"],
      ["POST", `${BASE}/restaurant`, "GET, HEAD"],
    ] as const) {
      const res = await pos.request(method, path);
      expect(res.status, `${method} ${path}`).toBe(405);
      expect(res.headers.get("allow")).toBe(allow);
      expect(res.body).toMatchObject({
        success: false,
        error: { code: "METHOD_NOT_ALLOWED", retryable: false, details: { allow: allow.split(", ") } },
      });
      expect([...pos.sim.journal.entries()].at(-1)).toMatchObject({
        dialect: "sinqro",
        method,
        path,
        status: 405,
        outcome: "METHOD_NOT_ALLOWED",
      });
    }
  });
});
