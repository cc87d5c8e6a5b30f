import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { PUSH_ROUTES, pushOpenApiDocument } from "../../contracts/push/routes.ts";
import { PUBLISHED } from "../../scripts/write-openapi.ts";
import { catalog, order, receiver } from "./testing.ts";

describe("the ingest receiver's bad-input tour and contract", () => {
  it("bad-input tour: every refusal is a 4xx problem, and nothing from a refused batch is stored", async () => {
    const r = receiver({ maxBodyBytes: 64 * 1024 });
    await r.send("POST", "/orders/", { body: { orders: [order("keep")] } });
    await r.send("POST", "/catalog/", { body: catalog });
    const snapshot = () => JSON.stringify([r.store.orders("mad"), r.store.catalog("mad"), r.store.venues()]);
    const before = snapshot();
    const many = Array.from({ length: 501 }, (_, i) => order(`n-${i}`));
    const cases: [string, string, Parameters<typeof r.send>[2], number][] = [
      ["text/plain body", "/orders/", { raw: "{}", headers: { "content-type": "text/plain" } }, 415],
      [
        "no content type",
        "/orders/",
        { raw: JSON.stringify({ orders: [order("x")] }), headers: { "content-type": "" } },
        415,
      ],
      [
        "form body",
        "/catalog/",
        { raw: "a=b", headers: { "content-type": "application/x-www-form-urlencoded" } },
        415,
      ],
      ["malformed JSON", "/orders/", { raw: '{"orders": [' }, 400],
      ["empty body", "/orders/", { raw: "" }, 400],
      ["not UTF-8", "/orders/", { raw: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]) }, 400],
      ["null", "/orders/", { raw: "null" }, 400],
      ["an array", "/orders/", { raw: "[]" }, 400],
      ["a number", "/catalog/", { raw: "42" }, 400],
      ["orders not a list", "/orders/", { body: { orders: "x" } }, 400],
      ["no orders", "/orders/", { body: { orders: [] } }, 400],
      ["501 orders", "/orders/", { body: { orders: many } }, 413],
      [
        "too many orders under the size limit",
        "/orders/",
        { body: { orders: many.slice(0, 501).map((o) => ({ ...o, items: [], payments: [] })) } },
        400,
      ],
      ["unknown top-level field", "/orders/", { body: { orders: [order("x")], venue: "mad" } }, 400],
      [
        "good order beside a bad one",
        "/orders/",
        { body: { orders: [order("new-1"), order("bad", { seats: 0 })] } },
        400,
      ],
      [
        "amount as a string",
        "/orders/",
        {
          body: {
            orders: [order("x", { payments: [{ method: "card", base: "1000", tax: 100, total: 1100 }] })],
          },
        },
        400,
      ],
      [
        "huge amount",
        "/orders/",
        {
          body: {
            orders: [
              order("x", {
                items: [{ externalID: "p", name: "p", quantity: 1, pricePerUnit: 1e300, total: 1e300 }],
              }),
            ],
          },
        },
        400,
      ],
      [
        "negative quantity",
        "/orders/",
        {
          body: {
            orders: [
              order("x", {
                items: [{ externalID: "p", name: "p", quantity: -1, pricePerUnit: 100, total: -100 }],
              }),
            ],
          },
        },
        400,
      ],
      [
        "bad payment method",
        "/orders/",
        {
          body: {
            orders: [order("x", { payments: [{ method: "bitcoin", base: 1000, tax: 100, total: 1100 }] })],
          },
        },
        400,
      ],
      ["long externalID", "/orders/", { body: { orders: [order("x".repeat(101))] } }, 400],
      ["empty catalog", "/catalog/", { body: {} }, 400],
      [
        "dangling catalog",
        "/catalog/",
        { body: { items: [{ externalID: "p", name: "p", categoryID: "nope", price: 1 }] } },
        400,
      ],
      ["another venue's catalog", "/catalog/", { body: { ...catalog, venueID: "bcn" } }, 403],
      ["GET a push route", "/orders/", { headers: {} }, 405],
      ["unknown route", "/nowhere", {}, 404],
      ["bad report limit", "/reports?limit=0", {}, 400],
      ["another venue's orders", "/venues/bcn/orders", {}, 403],
    ];
    for (const [what, path, o, status] of cases) {
      const method = what.startsWith("GET") || !/^\/(orders|catalog)\//.test(path) ? "GET" : "POST";
      const res = await r.send(method, path, o);
      expect(res.status, what).toBe(status);
      expect(res.body.detail, what).toBeTypeOf("string");
      expect(snapshot(), what).toBe(before);
    }
    const refused = r.store.reports().filter((b) => !b.accepted);
    expect(refused.every((b) => b.problems.length > 0 && b.created === 0)).toBe(true);
    expect(refused.map((b) => b.status)).toContain(413);
  });

  it("serves its contract: OpenAPI 3.1, every operation tagged with its canonical operation", async () => {
    const r = receiver();
    const res = await r.app.request("/openapi.json");
    const doc: any = await res.json();
    expect(doc).toEqual(JSON.parse(JSON.stringify(pushOpenApiDocument())));
    expect(doc.openapi).toBe("3.1.0");
    const ops = Object.values(doc.paths).flatMap((item: any) => Object.values(item)) as any[];
    expect(ops.map((op) => op["x-mockpos-operation"])).toEqual([
      "catalog.push",
      "sales.push",
      "admin",
      "admin",
      "admin",
    ]);
    expect(doc.components.schemas.SalesOrder.additionalProperties).toBe(false);
    // Every documented route is served: without credentials it is 401, never 404.
    for (const route of PUSH_ROUTES) {
      const path = route.path.replace("{venueID}", "mad");
      const answer = await r.app.request(path, { method: route.method.toUpperCase() });
      expect(answer.status, `${route.method} ${route.path}`).toBe(401);
    }
  });

  it("is published, up to date, in contracts/openapi/push.openapi.json (npm run openapi rewrites it)", () => {
    expect(readFileSync(PUBLISHED.push.file, "utf8")).toBe(PUBLISHED.push.render());
  });
});
