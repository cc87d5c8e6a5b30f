import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { OPERATIONS } from "../../../contracts/operations.ts";
import { SINQRO_FAILURES } from "../../../contracts/sinqro/failures.ts";
import { SINQRO_ROUTES } from "../../../contracts/sinqro/routes.ts";
import { PUBLISHED } from "../../../scripts/write-openapi.ts";
import { FAILURE_CODES } from "../../domain/errors.ts";
import { sinqroPos } from "./testing.ts";

/** The served document, fetched raw from the Sinqro app. */
async function served() {
  const res = await sinqroPos().app.request("/openapi.json");
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  return res.json() as Promise<any>;
}

function operations(doc: any): { path: string; method: string; op: any }[] {
  return Object.entries(doc.paths).flatMap(([path, item]: [string, any]) =>
    Object.entries(item).map(([method, op]) => ({ path, method, op })),
  );
}

describe("the Sinqro contract", () => {
  it("is OpenAPI 3.1; every operation has an operationId, a canonical x-mockpos-operation and both tokens", async () => {
    const doc = await served();
    expect(doc.openapi).toBe("3.1.0");
    const ops = operations(doc);
    expect(ops).toHaveLength(SINQRO_ROUTES.length);
    for (const { path, method, op } of ops) {
      expect(OPERATIONS, `${method} ${path}`).toContain(op["x-mockpos-operation"]);
      expect(op.operationId, `${method} ${path}`).toMatch(/^sinqro/);
      expect(op.security).toEqual([{ serverToken: [], userToken: [] }]);
    }
    expect(doc.components.securitySchemes).toMatchObject({
      serverToken: { type: "apiKey", in: "header", name: "x-api-server-access-token" },
      userToken: { type: "apiKey", in: "header", name: "x-api-user-access-token" },
    });
  });

  it("covers the passive integration: orders, bookings, status both ways, the catalog, schedule and closing", async () => {
    const doc = await served();
    const paths = Object.keys(doc.paths);
    for (const entity of [
      "menus",
      "menu-sections",
      "products",
      "product-variants",
      "product-option-categories",
      "product-options",
    ]) {
      expect(paths).toContain(`/sinqro/v1/${entity}`);
      expect(paths.some((p) => p.startsWith(`/sinqro/v1/${entity}/{`))).toBe(true);
    }
    for (const what of ["orders", "reservations"]) {
      expect(Object.keys(doc.paths[`/sinqro/v1/${what}`])).toEqual(["post"]);
      expect(Object.keys(doc.paths[`/sinqro/v1/${what}/{${what.slice(0, -1)}Id}/status`]).sort()).toEqual([
        "get",
        "patch",
        "post",
      ]);
    }
    expect(paths).toEqual(
      expect.arrayContaining([
        "/sinqro/v1/schedule",
        "/sinqro/v1/temporary-closing",
        "/sinqro/v1/restaurant",
      ]),
    );
  });

  it("documents every failure each route can give, in Sinqro's envelope, with a distinct code per canonical failure", async () => {
    const doc = await served();
    for (const { path, method, op } of operations(doc)) {
      for (const status of ["400", "401", "404", "429", "500", "502", "503", "504"]) {
        expect(
          op.responses[status]?.content?.["application/json"]?.schema,
          `${method} ${path} ${status}`,
        ).toEqual({
          $ref: "#/components/schemas/SinqroError",
        });
      }
      if (method !== "get")
        expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(["409", "413", "415"]));
    }
    const failures = doc["x-mockpos-failures"];
    expect(Object.keys(failures).sort()).toEqual([...FAILURE_CODES].sort());
    const codes = Object.values(SINQRO_FAILURES).map((f) => f.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(doc["x-sinqro-refusals"].RESTAURANT_CLOSED).toMatchObject({
      failure: "ITEM_UNAVAILABLE",
      status: 409,
    });
    expect(doc.paths["/sinqro/v1/orders/{orderId}/status"].post.responses["423"].description).toMatch(
      /ORDER_LOCKED/,
    );
  });

  it("is published in contracts/openapi/sinqro.openapi.json and the file is up to date (`npm run openapi`)", () => {
    expect(readFileSync(PUBLISHED.sinqro.file, "utf8")).toBe(PUBLISHED.sinqro.render());
  });

  it("has a readable docs page listing every path", async () => {
    const res = await sinqroPos().app.request("/docs");
    expect(res.status).toBe(200);
    const html = await res.text();
    for (const path of Object.keys((await served()).paths)) expect(html).toContain(path);
    expect(html).toContain("LOCKED");
  });
});
