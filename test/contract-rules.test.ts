import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { PUBLISHED } from "../scripts/write-openapi.ts";
import { elyxPos } from "../simulator/dialects/elyx/test-support.ts";
import { BASE, sinqroPos } from "../simulator/dialects/sinqro/testing.ts";
import { MAX_BODY_BYTES, MAX_HEADER_BYTES } from "../simulator/http/limits.ts";
import { validate } from "./support/json-schema.ts";
import { freeTable, simpleProduct } from "./support/menu.ts";
import { testPos } from "./support/pos.ts";

/**
 * What the published contracts say a client may send, checked against what the server does:
 * the bounds of every integer, the limits of a request, and the business rules OpenAPI 3.1 can
 * state (a dine-in order needs a table, COD is for delivery, …), each rule held against the
 * server with a body that breaks it and one that keeps it.
 */

type Doc = any;

const DIALECTS = ["generic", "elyx", "sinqro"] as const;
const doc = (name: keyof typeof PUBLISHED): Doc => JSON.parse(readFileSync(PUBLISHED[name].file, "utf8"));

function operations(d: Doc) {
  return Object.entries(d.paths as Record<string, Record<string, Doc>>).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([, op]) => !op.tags?.includes("admin"))
      .map(([method, op]) => ({ path, method, op })),
  );
}

function deref(d: Doc, schema: Doc): Doc {
  let s = schema;
  while (s?.$ref)
    s = s.$ref
      .replace(/^#\//, "")
      .split("/")
      .reduce((o: Doc, k: string) => o?.[k], d);
  return s;
}

/** Every integer schema a client sends in `schema`, with where it is. */
function integers(d: Doc, schema: Doc, at: string, seen = new Set<Doc>()): { at: string; schema: Doc }[] {
  const s = deref(d, schema);
  if (!s || typeof s !== "object" || seen.has(s)) return [];
  seen.add(s);
  const out: { at: string; schema: Doc }[] = [];
  const types = Array.isArray(s.type) ? s.type : [s.type];
  if (types.includes("integer")) out.push({ at, schema: s });
  for (const [name, sub] of Object.entries(s.properties ?? {}))
    out.push(...integers(d, sub, `${at}.${name}`, seen));
  if (s.items) out.push(...integers(d, s.items, `${at}[]`, seen));
  for (const key of ["allOf", "anyOf", "oneOf"])
    for (const sub of s[key] ?? []) out.push(...integers(d, sub, at, seen));
  return out;
}

describe("the published contracts declare the bounds the server enforces", () => {
  for (const name of DIALECTS) {
    it(`${name}: every integer a client sends has a minimum and a maximum (or is one of a few values)`, () => {
      const d = doc(name);
      const unbounded: string[] = [];
      let count = 0;
      for (const { path, method, op } of operations(d)) {
        const where = `${method.toUpperCase()} ${path}`;
        const found = [
          ...(op.parameters ?? []).flatMap((p: Doc) => integers(d, p.schema, `${p.in}.${p.name}`)),
          ...integers(d, op.requestBody?.content?.["application/json"]?.schema, "body"),
        ];
        for (const { at, schema } of found) {
          count++;
          const bounded =
            schema.enum !== undefined ||
            schema.const !== undefined ||
            (schema.minimum !== undefined && schema.maximum !== undefined);
          if (!bounded) unbounded.push(`${where} ${at}`);
        }
        for (const p of op.parameters ?? []) {
          if (p.in === "query" && deref(d, p.schema).type === "integer")
            expect(p.description, `${where} query.${p.name}`).toContain("Decimal digits only");
        }
      }
      expect(count).toBeGreaterThan(0);
      expect(unbounded).toEqual([]);
    });

    it(`${name}: every request the contract allows fits in the request head limit (no 431 for valid input)`, () => {
      const d = doc(name);
      const over: string[] = [];
      for (const { path, method, op } of operations(d)) {
        // The request line, the longest value of every parameter, and room for credentials and the usual headers.
        let bytes = `${method.toUpperCase()} ${path} HTTP/1.1\r\n`.length + 1_024;
        for (const p of op.parameters ?? []) {
          const s = deref(d, p.schema) ?? {};
          // An enum, a date or a pattern of a few digits is short; any other string needs a maxLength.
          const short = s.enum !== undefined || s.format !== undefined || s.pattern !== undefined;
          if (s.type === "string" && s.maxLength === undefined && !short)
            over.push(`${method} ${path} ${p.in}.${p.name}: no maxLength`);
          // Percent-encoding may triple a value.
          bytes += p.name.length + 4 + 3 * (s.maxLength ?? 40);
        }
        if (bytes > MAX_HEADER_BYTES) over.push(`${method} ${path}: up to ${bytes} bytes`);
      }
      expect(over).toEqual([]);
    });

    it(`${name}: publishes its request limits, 405 and 431 (x-mockpos-limits, components.responses)`, () => {
      const d = doc(name);
      expect(d["x-mockpos-limits"]).toMatchObject({
        body: { maxBytes: MAX_BODY_BYTES, status: 413 },
        headers: { maxBytes: MAX_HEADER_BYTES, status: 431 },
        methods: { status: 405, failure: "METHOD_NOT_ALLOWED" },
        idempotencyKeys: { ttlSeconds: 86_400 },
      });
      expect(d.components.responses.MethodNotAllowed.headers.Allow).toBeDefined();
      const [[, media]] = Object.entries(d.components.responses.MethodNotAllowed.content) as [string, Doc][];
      expect(deref(d, media.schema)).toBeDefined();
      expect(d.components.responses.HeadersTooLarge.description).toContain("431");
      expect(d.info.description).toContain("405");
    });
  }
});

/** A rule: a body that breaks it (refused, naming `field`), the same body mended (accepted). */
interface Case {
  name: string;
  schema: string;
  broken: unknown;
  kept: unknown;
  field: string;
  send: (body: unknown) => Promise<{ status: number; fields: string[] }>;
}

async function cases(): Promise<Case[]> {
  const generic = testPos();
  const g = generic.location(0);
  const gItem = { productId: simpleProduct(g).id, quantity: 1 };
  const elyx = elyxPos();
  const e = elyx.location(0);
  const eItem = { articleId: simpleProduct(e).id, quantity: 1 };
  const sinqro = sinqroPos();
  const s = sinqro.location(0);
  const sItem = { productId: simpleProduct(s).id, quantity: 1 };
  const sinqroOrder = async (body: unknown) => {
    const res = await sinqro.request("POST", `${BASE}/orders`, { body });
    return { status: res.status, fields: (res.body.error?.fields ?? []).map((f: Doc) => f.field) };
  };
  const sinqroStatus = async (body: unknown) => {
    const created = await sinqro.request("POST", `${BASE}/orders`, {
      body: { type: "TAKE_AWAY", payment: { method: "CASH" }, items: [sItem] },
    });
    const res = await sinqro.request("POST", `${BASE}/orders/${created.body.data.id}/status`, { body });
    return { status: res.status, fields: (res.body.error?.fields ?? []).map((f: Doc) => f.field) };
  };
  const address = { name: "Ana", phone: "+34 600 123 456", address: "Calle Mayor 1" };
  return [
    {
      name: "generic: a dine_in order needs a table",
      schema: "generic#CreateOrderRequest",
      broken: { type: "dine_in", items: [gItem] },
      kept: { type: "dine_in", tableId: freeTable(g).id, items: [gItem] },
      field: "body.tableId",
      send: async (body) => {
        const res = await generic.request("POST", `/v1/locations/${g.id}/orders`, { body });
        return { status: res.status, fields: (res.body.invalidParams ?? []).map((p: Doc) => p.name) };
      },
    },
    {
      name: "elyx: a dine_in ticket needs a table",
      schema: "elyx#ElyxTicketRequest",
      broken: { type: "dine_in", lines: [eItem] },
      kept: { type: "dine_in", tableId: freeTable(e).id, lines: [eItem] },
      field: "body.tableId",
      send: async (body) => {
        const res = await elyx.post("/api/v1/locations/1/tickets", body);
        return { status: res.status, fields: (res.body.error?.fields ?? []).map((f: Doc) => f.field) };
      },
    },
    {
      name: "sinqro: a DINE_IN order needs a table",
      schema: "sinqro#SinqroCreateOrderRequest",
      broken: { type: "DINE_IN", payment: { method: "CASH" }, items: [sItem] },
      kept: { type: "DINE_IN", tableId: freeTable(s).id, payment: { method: "CASH" }, items: [sItem] },
      field: "body.tableId",
      send: sinqroOrder,
    },
    {
      name: "sinqro: a DELIVERY order needs an address",
      schema: "sinqro#SinqroCreateOrderRequest",
      broken: {
        type: "DELIVERY",
        payment: { method: "EPAYMENT" },
        customer: { name: "Ana" },
        items: [sItem],
      },
      kept: { type: "DELIVERY", payment: { method: "EPAYMENT" }, customer: address, items: [sItem] },
      field: "body.customer.address",
      send: sinqroOrder,
    },
    {
      name: "sinqro: COD is for DELIVERY only",
      schema: "sinqro#SinqroCreateOrderRequest",
      broken: { type: "TAKE_AWAY", payment: { method: "COD" }, items: [sItem] },
      kept: { type: "DELIVERY", payment: { method: "COD" }, customer: address, items: [sItem] },
      field: "body.payment.method",
      send: sinqroOrder,
    },
    {
      name: "sinqro: a status change gives status or statusCode",
      schema: "sinqro#SinqroSetOrderStatusRequest",
      broken: {},
      kept: { statusCode: 20 },
      field: "body.status",
      send: sinqroStatus,
    },
  ];
}

describe("the business rules a contract states are the server's", () => {
  it("each rule refuses in the contract exactly what the server refuses, naming the field", async () => {
    const docs = { generic: doc("generic"), elyx: doc("elyx"), sinqro: doc("sinqro") };
    for (const c of await cases()) {
      const [dialect, name] = c.schema.split("#") as [keyof typeof docs, string];
      const d = docs[dialect];
      const schema = d.components.schemas[name];
      expect(schema, c.name).toBeDefined();
      expect(
        validate(schema, c.broken, d),
        `${c.name}: the contract must refuse the broken body`,
      ).not.toEqual([]);
      expect(validate(schema, c.kept, d), `${c.name}: the contract must accept the mended body`).toEqual([]);
      const refused = await c.send(c.broken);
      expect(refused.status, c.name).toBe(400);
      expect(refused.fields, c.name).toEqual([c.field]);
      const accepted = await c.send(c.kept);
      expect(accepted.status, `${c.name}: ${JSON.stringify(accepted.fields)}`).toBeLessThan(300);
    }
  });

  it("rules OpenAPI cannot tie together are in the descriptions: amount due, cursor or from, from before to", () => {
    const generic = doc("generic");
    expect(generic.components.schemas.PayRequest.properties.amount.description).toContain(
      "must equal the amount due",
    );
    const elyx = doc("elyx");
    const sales = elyx.paths["/api/v1/sales"].get.parameters;
    for (const name of ["cursor", "from"])
      expect(sales.find((p: Doc) => p.name === name).description).toContain("not both");
    const tickets = elyx.paths["/api/v1/tickets"].get.parameters;
    expect(tickets.find((p: Doc) => p.name === "to").description).toContain("later than");
    const sinqro = doc("sinqro");
    const booking = sinqro.components.schemas.SinqroCreateReservationRequest;
    expect(booking.properties.partySize.maximum).toBe(20);
    expect(booking.properties.reservedFor.description).toMatch(/future.*90 days/);
  });
});
