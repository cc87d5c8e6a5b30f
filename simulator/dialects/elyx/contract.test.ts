import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ELYX_FAILURES } from "../../../contracts/elyx/failures.ts";
import { OPERATIONS } from "../../../contracts/operations.ts";
import { PUBLISHED } from "../../../scripts/write-openapi.ts";
import { FAILURE_CODES } from "../../domain/errors.ts";
import { elyxPos } from "./test-support.ts";

const ELYX_OPERATIONS = [
  "location.status",
  "menu.get",
  "orders.list",
  "order.get",
  "order.create",
  "order.append",
  "order.pay",
  "shifts.list",
  "shift.get",
];

async function served() {
  const res = await elyxPos().app.request("/openapi.json");
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  return (await res.json()) as any;
}

function operations(doc: any): { path: string; method: string; op: any }[] {
  return Object.entries(doc.paths).flatMap(([path, item]: [string, any]) =>
    Object.entries(item).map(([method, op]) => ({ path, method, op })),
  );
}

describe("the Elyx contract", () => {
  it("is OpenAPI 3.1, names its API key scheme, and tags every operation with a canonical operation", async () => {
    const doc = await served();
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.components.securitySchemes).toEqual({
      apiKey: expect.objectContaining({ type: "apiKey", in: "header", name: "X-API-KEY" }),
    });
    const ops = operations(doc);
    for (const { path, method, op } of ops) {
      expect(OPERATIONS, `${method} ${path}`).toContain(op["x-mockpos-operation"]);
      expect(op.security, `${method} ${path}`).toEqual([{ apiKey: [] }]);
    }
    expect([...new Set(ops.map((o) => o.op["x-mockpos-operation"]))].sort()).toEqual(
      [...ELYX_OPERATIONS].sort(),
    );
  });

  it("documents every failure of every route in the Elyx envelope, and a distinct number for every failure code", async () => {
    const doc = await served();
    for (const { path, method, op } of operations(doc)) {
      for (const status of ["400", "401", "403", "404", "429", "500", "502", "503", "504"]) {
        const response = op.responses[status];
        expect(response?.content?.["application/json"]?.schema, `${method} ${path} ${status}`).toEqual({
          $ref: "#/components/schemas/ElyxError",
        });
        expect(response.description).toMatch(/^Elyx error \d{4} [A-Z_]+/);
      }
      if (method === "post") {
        for (const status of ["409", "413", "415"])
          expect(op.responses[status], `${method} ${path} ${status}`).toBeDefined();
        expect(op.responses["503"].description).toContain("3001 SHIFT_CLOSING");
      }
    }
    expect(Object.keys(doc["x-mockpos-failures"]).sort()).toEqual([...FAILURE_CODES].sort());
    const numbers = Object.values(ELYX_FAILURES).map((f) => f.code);
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(new Set(Object.values(ELYX_FAILURES).map((f) => f.name)).size).toBe(numbers.length);
    expect(doc["x-mockpos-failures"].LOCKED).toMatchObject({
      code: 2001,
      name: "TICKET_LOCKED",
      status: 423,
      retryable: true,
    });
    const paths = Object.keys(doc.paths);
    expect(paths.every((p) => p.startsWith("/api/v1/"))).toBe(true);
  });

  it("is published in contracts/openapi/elyx.openapi.json and the file is up to date (run `npm run openapi`)", async () => {
    const file = readFileSync(PUBLISHED.elyx.file, "utf8");
    expect(file).toBe(PUBLISHED.elyx.render());
    expect(JSON.parse(file)).toEqual(await served());
  });
});
