import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { PUBLISHED } from "../scripts/write-openapi.ts";
import { elyxPos } from "../simulator/dialects/elyx/test-support.ts";
import { BASE, sinqroPos } from "../simulator/dialects/sinqro/testing.ts";
import { validate } from "./support/json-schema.ts";
import { simpleProduct } from "./support/menu.ts";
import { testPos } from "./support/pos.ts";

/**
 * Every example in every published contract stays valid: it matches its own schema, and where
 * a client would send it (a path or query parameter, a request body field) the server takes it.
 * An instant cannot be such an example: whatever a committed document says, the server's rules
 * (a booking in the future and at most 90 days ahead) would refuse it within months.
 */

type Doc = any;

const NAMES = Object.keys(PUBLISHED) as (keyof typeof PUBLISHED)[];
const doc = (name: keyof typeof PUBLISHED): Doc => JSON.parse(readFileSync(PUBLISHED[name].file, "utf8"));

interface Example {
  where: string;
  schema: Doc;
  value: unknown;
  /** Sent by a client: under a parameter or a request body. */
  request: boolean;
}

/** Every `example` / `examples` in a document, with the schema it illustrates. */
function examples(d: Doc): Example[] {
  const out: Example[] = [];
  const walk = (node: Doc, where: string, request: boolean) => {
    if (Array.isArray(node)) {
      for (const [i, n] of node.entries()) walk(n, `${where}[${i}]`, request);
      return;
    }
    if (!node || typeof node !== "object") return;
    if ("example" in node) out.push({ where, schema: node.schema ?? node, value: node.example, request });
    if (Array.isArray(node.examples))
      for (const value of node.examples) out.push({ where, schema: node, value, request });
    else if (node.examples && typeof node.examples === "object")
      for (const [name, ex] of Object.entries(node.examples as Record<string, Doc>))
        out.push({ where: `${where}#${name}`, schema: node.schema, value: ex.value, request });
    for (const [key, value] of Object.entries(node)) {
      if (key === "example" || key === "examples") continue;
      walk(value, `${where}/${key}`, request || key === "parameters" || key === "requestBody");
    }
  };
  walk(d, "", false);
  return out;
}

/** Request-body schemas by component name, used by a request: their examples are sent. */
function requestSchemas(d: Doc): Set<string> {
  const names = new Set<string>();
  const refs = (node: Doc) => {
    if (Array.isArray(node)) node.forEach(refs);
    else if (node && typeof node === "object") {
      if (typeof node.$ref === "string") {
        const name = node.$ref.split("/").at(-1);
        if (!names.has(name)) {
          names.add(name);
          refs(d.components?.schemas?.[name]);
        }
      }
      for (const value of Object.values(node)) refs(value);
    }
  };
  for (const item of Object.values(d.paths ?? {}) as Doc[])
    for (const op of Object.values(item) as Doc[]) refs(op.requestBody);
  return names;
}

describe("examples in the published contracts", () => {
  for (const name of NAMES) {
    it(`${name}: every example matches its own schema`, () => {
      const d = doc(name);
      const found = examples(d);
      const wrong = found.flatMap((e) => validate(e.schema, e.value, d).map((p) => `${e.where}: ${p}`));
      expect(wrong).toEqual([]);
    });

    it(`${name}: no example a client sends is an instant or a date (it would go stale)`, () => {
      const d = doc(name);
      const inBodies = requestSchemas(d);
      const sent = examples(d).filter(
        (e) => e.request || [...inBodies].some((s) => e.where.startsWith(`/components/schemas/${s}/`)),
      );
      const dated = sent.filter(
        (e) => ["date-time", "date"].includes(e.schema.format) || /^\d{4}-\d{2}-\d{2}/.test(String(e.value)),
      );
      expect(dated.map((e) => `${e.where} = ${JSON.stringify(e.value)}`)).toEqual([]);
    });
  }

  it("the booking time has no example, and says how to pick one the server takes", () => {
    const booking = doc("sinqro").components.schemas.SinqroCreateReservationRequest.properties.reservedFor;
    expect(booking.example).toBeUndefined();
    expect(booking.description).toMatch(/in the future, at most 90 days ahead/);
  });

  it("parameter examples name things the server has: each is answered, never refused as invalid", async () => {
    const generic = testPos();
    const elyx = elyxPos();
    const sinqro = sinqroPos();
    const callers: Record<string, (path: string) => Promise<number>> = {
      generic: async (path) => (await generic.request("GET", path)).status,
      elyx: async (path) => (await elyx.get(path)).status,
      sinqro: async (path) => (await sinqro.request("GET", path)).status,
    };
    let tried = 0;
    for (const name of ["generic", "elyx", "sinqro"] as const) {
      const d = doc(name);
      for (const [path, item] of Object.entries(d.paths) as [string, Doc][]) {
        const op = item.get;
        if (!op || op.tags?.includes("admin")) continue;
        const params: Doc[] = op.parameters ?? [];
        const withExample = params.filter((p) => p.schema?.example !== undefined);
        if (withExample.length === 0) continue;
        const pathParams = params.filter((p) => p.in === "path");
        if (!pathParams.every((p) => p.schema?.example !== undefined)) continue;
        let url = path;
        for (const p of pathParams)
          url = url.replace(`{${p.name}}`, encodeURIComponent(String(p.schema.example)));
        const query = withExample
          .filter((p) => p.in === "query")
          .map((p) => `${p.name}=${encodeURIComponent(String(p.schema.example))}`);
        const status = await (callers[name] as (p: string) => Promise<number>)(
          query.length ? `${url}?${query.join("&")}` : url,
        );
        tried++;
        // 404 is an answer (a ticket numbered 3 may not exist yet); 400 would mean the example is not valid input.
        expect([200, 404], `${name} GET ${url} ${query.join("&")}`).toContain(status);
      }
    }
    expect(tried).toBeGreaterThan(10);
  });

  it("request body examples are taken by the server (Sinqro's channel, the admin terminal)", async () => {
    const sinqro = sinqroPos();
    const loc = sinqro.location(0);
    const sinqroDoc = doc("sinqro");
    const channel = sinqroDoc.components.schemas.SinqroCreateOrderRequest.properties.channel.example;
    const order = await sinqro.request("POST", `${BASE}/orders`, {
      body: {
        channel,
        type: "TAKE_AWAY",
        payment: { method: "CASH" },
        items: [{ productId: simpleProduct(loc).id, quantity: 1 }],
      },
    });
    expect(order.status).toBe(201);
    expect(order.body.data.channel).toBe(channel);
    const bookingChannel =
      sinqroDoc.components.schemas.SinqroCreateReservationRequest.properties.channel.example;
    const open = [{ opens: "12:00", closes: "23:30" }];
    const week = Object.fromEntries(
      ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"].map((d) => [d, open]),
    );
    expect(
      (
        await sinqro.generic.request(`/__admin/locations/${loc.id}/schedule`, {
          method: "PUT",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(week),
        })
      ).status,
    ).toBe(200);
    const booking = await sinqro.request("POST", `${BASE}/reservations`, {
      body: {
        channel: bookingChannel,
        partySize: 2,
        reservedFor: new Date(sinqro.clock.now() + 24 * 3_600_000).toISOString(),
        customer: { name: "Ana", phone: "+34 600 123 456" },
      },
    });
    expect(booking.status, booking.text).toBe(201);

    const generic = testPos();
    const g = generic.location(0);
    const admin = doc("generic").paths["/__admin/locations/{locationId}/orders"].post;
    const terminalId = admin.requestBody.content["application/json"].schema.properties.terminalId.example;
    const staff = await generic.request("POST", `/__admin/locations/${g.id}/orders`, {
      body: { terminalId, type: "take_away", items: [{ productId: simpleProduct(g).id, quantity: 1 }] },
    });
    expect(staff.status).toBe(201);
  });
});
