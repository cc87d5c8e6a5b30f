import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { OPERATIONS } from "../contracts/operations.ts";
import { PUBLISHED } from "../scripts/write-openapi.ts";
import { testPos } from "./support/pos.ts";

const PUSH_AND_WEBHOOKS = new Set([
  "catalog.push",
  "sales.push",
  "webhook.order_status",
  "webhook.catalog",
  "webhook.availability",
]);

/** The served document (fetched raw: the contract does not describe itself). */
async function document() {
  const res = await testPos().app.request("/openapi.json");
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  return res.json() as Promise<any>;
}

function operations(doc: any): { path: string; method: string; op: any }[] {
  return Object.entries(doc.paths).flatMap(([path, item]: [string, any]) =>
    Object.entries(item).map(([method, op]) => ({ path, method, op })),
  );
}

describe("the generic contract", () => {
  it("is OpenAPI 3.1 and tags every operation with its canonical operation", async () => {
    const doc = await document();
    expect(doc.openapi).toBe("3.1.0");
    for (const { path, method, op } of operations(doc)) {
      expect(op["x-mockpos-operation"], `${method} ${path}`).toBeTypeOf("string");
      expect(op.operationId, `${method} ${path}`).toBeTypeOf("string");
    }
    expect(doc.components.securitySchemes).toMatchObject({
      apiKey: { type: "apiKey", name: "X-Api-Key" },
      basic: { scheme: "basic" },
    });
  });

  it("covers every canonical operation except the push feed and webhooks", async () => {
    const doc = await document();
    const covered = new Set(operations(doc).map((o) => o.op["x-mockpos-operation"]));
    const wanted = OPERATIONS.filter((o) => !PUSH_AND_WEBHOOKS.has(o));
    expect(wanted.filter((o) => !covered.has(o))).toEqual([]);
  });

  it("documents every failure a generic route can give as problem+json", async () => {
    const doc = await document();
    for (const { path, method, op } of operations(doc)) {
      if (op.tags?.includes("admin")) continue;
      for (const status of ["400", "401", "403", "404", "429"]) {
        expect(
          op.responses[status]?.content?.["application/problem+json"],
          `${method} ${path} ${status}`,
        ).toBeDefined();
      }
    }
    expect(Object.keys(doc["x-mockpos-failures"])).toEqual(
      expect.arrayContaining(["LOCKED", "IDEMPOTENCY_CONFLICT", "ORDER_CLOSED"]),
    );
  });

  it("is published in contracts/openapi and the file is up to date (run `npm run openapi` after a schema change)", () => {
    expect(readFileSync(PUBLISHED.generic.file, "utf8")).toBe(PUBLISHED.generic.render());
  });

  it("has a readable docs page listing every path", async () => {
    const pos = testPos();
    const res = await pos.app.request("/docs");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/html/);
    const html = await res.text();
    const doc = await document();
    for (const path of Object.keys(doc.paths)) expect(html).toContain(path);
    expect(html).toContain("LOCKED");
  });
});
