import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { RETRY_POLICY } from "../contracts/retry-policy.ts";
import { PUBLISHED } from "../scripts/write-openapi.ts";
import { createMockPos } from "../simulator/app.ts";
import { VirtualClock } from "../simulator/clock/index.ts";
import { elyxPos } from "../simulator/dialects/elyx/test-support.ts";
import { BASE, sinqroPos } from "../simulator/dialects/sinqro/testing.ts";
import { simpleProduct } from "./support/menu.ts";
import { testPos } from "./support/pos.ts";

type Doc = any;

const DIALECTS = ["generic", "elyx", "sinqro"] as const;
const doc = (name: keyof typeof PUBLISHED): Doc => JSON.parse(readFileSync(PUBLISHED[name].file, "utf8"));
const README = readFileSync(new URL("../README.md", import.meta.url), "utf8");

/** Each dialect's /docs page, as a fresh simulator serves it. */
async function docsPages(): Promise<Record<(typeof DIALECTS)[number], string>> {
  const { dialects } = createMockPos({ clock: new VirtualClock() });
  const pages = await Promise.all(DIALECTS.map(async (d) => (await dialects[d].app.request("/docs")).text()));
  return Object.fromEntries(DIALECTS.map((d, i) => [d, pages[i]])) as never;
}

/** The HTML section of one operation on a docs page. */
function section(html: string, operationId: string): string {
  const start = html.indexOf(`<section id="${operationId}">`);
  expect(start, operationId).toBeGreaterThan(-1);
  return html.slice(start, html.indexOf("</section>", start));
}

/** How /docs renders a line of the policy: escaped, inline code in <code>. */
const asHtml = (text: string) =>
  text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/`([^`]+)`/g, "<code>$1</code>");

describe("/docs shows request bodies", () => {
  it("every operation with a body shows its fields (type, required, constraints) and an example, in every dialect", async () => {
    const pages = await docsPages();
    for (const dialect of DIALECTS) {
      const d = doc(dialect);
      const html = pages[dialect];
      expect(html, dialect).not.toContain("see the schema");
      let bodies = 0;
      for (const item of Object.values(d.paths) as Doc[]) {
        for (const op of Object.values(item) as Doc[]) {
          if (!op.requestBody) continue;
          bodies++;
          const s = section(html, op.operationId);
          expect(s, `${dialect} ${op.operationId}`).toMatch(/<table class="fields">|<p>Type: /);
          expect(s, `${dialect} ${op.operationId}`).toMatch(/Example[^<]*:<\/p><pre>[[{"]/);
        }
      }
      expect(bodies, dialect).toBeGreaterThan(2);
    }
  });

  it("the generic create spells out every field, nested ones included, and shows the contract's own example", async () => {
    const html = section((await docsPages()).generic, "orderCreate");
    const row = (field: string, type: string, required: string, constraints: string) =>
      `<tr><td><code>${field}</code></td><td><code>${type}</code></td><td>${required}</td><td>${constraints}</td>`;
    expect(html).toContain(
      row("type", "&quot;dine_in&quot; | &quot;take_away&quot; | &quot;delivery&quot;", "required", ""),
    );
    expect(html).toContain(row("tableId", "string | null", "optional", "length 1–100"));
    expect(html).toContain(row("items", "ItemRequest[]", "required", "1–200 items"));
    expect(html).toContain(row("items[].quantity", "integer", "required", "1–999"));
    expect(html).toContain(row("items[].modifiers[].optionId", "string", "required", "length 1–100"));
    expect(html).toContain("A <code>dine_in</code> order needs a <code>tableId</code>.");
    const example = doc("generic").components.schemas.CreateOrderRequest.example;
    expect(html).toContain(
      `Example:</p><pre>${JSON.stringify(example, null, 2).replace(/"/g, "&quot;")}</pre>`,
    );
  });

  it("a made-up example keeps the schema's own rules: a dine-in ticket gets a table", async () => {
    const html = section((await docsPages()).elyx, "elyxTicketCreate");
    expect(html).toContain("Example (made from the schema)");
    expect(html).toMatch(/&quot;type&quot;: &quot;dine_in&quot;[\s\S]*&quot;tableId&quot;/);
  });
});

describe("the generic create-order example", () => {
  it("is taken as it stands by a fresh simulator: 201", async () => {
    const example = doc("generic").components.schemas.CreateOrderRequest.example;
    expect(example).toMatchObject({ type: "dine_in", externalId: expect.any(String) });
    const { app, sim } = createMockPos({ clock: new VirtualClock() });
    const loc = sim.chain.locations.find((l) => l.id === "loc-0001");
    if (!loc) throw new Error("no loc-0001");
    const res = await app.request(`/v1/locations/${loc.id}/orders`, {
      method: "POST",
      headers: { "x-api-key": loc.credentials.apiKey, "content-type": "application/json" },
      body: JSON.stringify(example),
    });
    const body = (await res.json()) as { externalId: string; lines: unknown[] };
    expect(res.status, JSON.stringify(body)).toBe(201);
    expect(body.externalId).toBe(example.externalId);
    expect(body.lines).toHaveLength(example.items.length);
  });
});

describe("the retry policy for connectors, written once", () => {
  it("is README's table, row for row", () => {
    const start = README.indexOf("## Retry policy for connectors\n");
    expect(start).toBeGreaterThan(-1);
    const readme = README.slice(start, README.indexOf("\n## ", start + 1));
    for (const rule of RETRY_POLICY) expect(readme).toContain(`| ${rule.when} | ${rule.do} |`);
    expect(readme.match(/^\| (?!---|the POS answered)/gm)).toHaveLength(RETRY_POLICY.length);
  });

  it("is in every dialect's contract and on its /docs, and the other places link to it", async () => {
    const pages = await docsPages();
    for (const dialect of DIALECTS) {
      expect(doc(dialect)["x-mockpos-retry-policy"], dialect).toEqual(RETRY_POLICY);
      const html = pages[dialect];
      expect(html, dialect).toContain('<h2 id="retry-policy">Retry policy for connectors</h2>');
      for (const rule of RETRY_POLICY)
        expect(html, dialect).toContain(`<tr><td>${asHtml(rule.when)}</td><td>${asHtml(rule.do)}</td></tr>`);
    }
    const links = README.match(/\]\(#retry-policy-for-connectors\)/g) ?? [];
    expect(links.length).toBeGreaterThanOrEqual(4);
  });
});

describe("the admin contract", () => {
  it("lists for a read only what it can answer: no 409, 413, 415 or 423 on a GET (401 and 421: the access rules)", () => {
    const d = doc("generic");
    const reads = Object.entries(d.paths).flatMap(([path, item]: [string, Doc]) =>
      item.get?.tags?.includes("admin") ? [[path, item.get] as const] : [],
    );
    expect(reads.length).toBeGreaterThan(5);
    for (const [path, op] of reads)
      expect(
        Object.keys(op.responses).filter((s) => !["200", "400", "404", "401", "421"].includes(s)),
        path,
      ).toEqual([]);
    expect(Object.keys(d.paths["/__admin/journal"].get.responses)).toEqual(["200", "400", "401", "421"]);
    expect(Object.keys(d.paths["/__admin/locations/{locationId}"].get.responses)).toEqual([
      "200",
      "400",
      "401",
      "404",
      "421",
    ]);
    // Every admin route, read or write, documents the access rules' refusals.
    for (const [path, item] of Object.entries(d.paths) as [string, Doc][])
      for (const [method, op] of Object.entries(item) as [string, Doc][])
        if (op.tags?.includes("admin") && path.startsWith("/__admin"))
          expect(op.responses, `${method} ${path}`).toHaveProperty("401");
    // Writes still list what acting as the staff meets.
    expect(
      d.paths["/__admin/locations/{locationId}/orders/{orderId}/lock"].put.responses["423"],
    ).toBeDefined();
  });

  it("documents the lock's required terminalId", () => {
    const body =
      doc("generic").paths["/__admin/locations/{locationId}/orders/{orderId}/lock"].put.requestBody.content[
        "application/json"
      ].schema;
    expect(body.required).toContain("terminalId");
    expect(body.properties.terminalId.description).toMatch(/staff terminal/);
    expect(body.properties.terminalId.description).toMatch(/integration/);
  });
});

describe("a duplicate external id names the existing order in a documented field", () => {
  it("generic: `orderId` in the problem body", async () => {
    const field = doc("generic").components.schemas.Problem.properties.orderId;
    expect(field).toMatchObject({ type: "string" });
    expect(field.description).toMatch(/externalId/);
    const pos = testPos();
    const loc = pos.location(0);
    const send = () =>
      pos.request("POST", `/v1/locations/${loc.id}/orders`, {
        body: {
          externalId: "uber-77",
          type: "take_away",
          items: [{ productId: simpleProduct(loc).id, quantity: 1 }],
        },
      });
    const first = await send();
    const again = await send();
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: "IDEMPOTENCY_CONFLICT", orderId: first.body.id });
  });

  it("elyx: `ticketId` in the error", async () => {
    const field = doc("elyx").components.schemas.ElyxError.properties.error.properties.ticketId;
    expect(field.description).toMatch(/externalId/);
    const pos = elyxPos();
    const loc = pos.location(0);
    const send = () =>
      pos.post("/api/v1/locations/1/tickets", {
        externalId: "uber-77",
        type: "take_away",
        lines: [{ articleId: simpleProduct(loc).id, quantity: 1 }],
      });
    const first = await send();
    const again = await send();
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 1105, ticketId: first.body.id });
  });

  it("sinqro: `details.orderId` in the error", async () => {
    const details = doc("sinqro").components.schemas.SinqroError.properties.error.properties.details;
    expect(details.properties.orderId.description).toMatch(/externalReference/);
    const pos = sinqroPos();
    const send = () =>
      pos.request("POST", `${BASE}/orders`, {
        body: {
          externalReference: "uber-77",
          type: "TAKE_AWAY",
          payment: { method: "CASH" },
          items: [{ productId: simpleProduct(pos.location(0)).id, quantity: 1 }],
        },
      });
    const first = await send();
    const again = await send();
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({
      code: "DUPLICATE_REFERENCE",
      details: { orderId: first.body.data.id },
    });
  });
});
