import { afterEach, describe, expect, it } from "vitest";
import { REQUEST_LIMITS } from "../contracts/common.ts";
import { elyxPos } from "../simulator/dialects/elyx/test-support.ts";
import { BASE, sinqroPos } from "../simulator/dialects/sinqro/testing.ts";
import { MAX_HEADER_BYTES } from "../simulator/http/limits.ts";
import { listen, type RunningServer } from "../simulator/server.ts";
import { testPos } from "./support/pos.ts";

/**
 * What a request may carry, in every dialect: integer query parameters in decimal digits only,
 * and header fields up to 16 KiB, over which a served dialect answers 431 in its own format.
 */

const SPELLINGS = ["0x10", "1e1", "5.0", " 5", "5 ", "+5", "-5", "05", "", "5,6", "Infinity", "NaN"];

describe("integer query parameters are decimal digits, nothing else", () => {
  it("generic: limit", async () => {
    const pos = testPos();
    const path = `/v1/locations/${pos.location(0).id}/orders`;
    for (const value of SPELLINGS) {
      const res = await pos.request("GET", `${path}?limit=${encodeURIComponent(value)}`);
      expect(res.status, JSON.stringify(value)).toBe(400);
      expect(res.body.invalidParams.map((p: { name: string }) => p.name)).toEqual(["query.limit"]);
    }
    for (const [value, status] of [
      ["5", 200],
      ["500", 200],
      ["501", 400],
      ["0", 400],
    ] as const) {
      expect((await pos.request("GET", `${path}?limit=${value}`)).status, value).toBe(status);
    }
    expect((await pos.request("GET", `${path}?limit=3`)).body.orders.length).toBeLessThanOrEqual(3);
  });

  it("elyx: limit and offset, on tickets and the sales feed", async () => {
    const pos = elyxPos();
    for (const [path, name] of [
      ["/api/v1/tickets", "limit"],
      ["/api/v1/tickets", "offset"],
      ["/api/v1/sales", "limit"],
    ] as const) {
      for (const value of SPELLINGS) {
        const res = await pos.request("GET", `${path}?${name}=${encodeURIComponent(value)}`);
        expect(res.status, `${path} ${name}=${JSON.stringify(value)}`).toBe(400);
        expect(res.body.error).toMatchObject({ code: 1100, fields: [{ field: `query.${name}` }] });
      }
    }
    const page = await pos.request("GET", "/api/v1/tickets?limit=2&offset=0");
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ limit: 2, offset: 0 });
    expect((await pos.request("GET", "/api/v1/tickets?offset=1000001")).status).toBe(400);
  });
});

describe("an over-long header is 431 in the dialect's own format", () => {
  let server: RunningServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const dialects = [
    {
      name: "generic",
      make: () => {
        const pos = testPos();
        const loc = pos.location(0);
        return {
          app: pos.app,
          sim: pos.sim,
          path: `/v1/locations/${loc.id}/status`,
          headers: { "x-api-key": loc.credentials.apiKey },
          type: "application/problem+json",
          code: (body: any) => body.code,
          expected: "PAYLOAD_TOO_LARGE",
        };
      },
    },
    {
      name: "elyx",
      make: () => {
        const pos = elyxPos();
        return {
          app: pos.app,
          sim: pos.sim,
          path: "/api/v1/locations",
          headers: { "x-api-key": pos.sim.chain.credentials.groupKey },
          type: "application/json",
          code: (body: any) => body.error.code,
          expected: 1101,
        };
      },
    },
    {
      name: "sinqro",
      make: () => {
        const pos = sinqroPos();
        return {
          app: pos.app,
          sim: pos.sim,
          path: `${BASE}/restaurant`,
          headers: {
            "x-api-server-access-token": pos.sim.chain.credentials.serverToken,
            "x-api-user-access-token": pos.location(0).credentials.apiKey,
          },
          type: "application/json",
          code: (body: any) => body.error.code,
          expected: "PAYLOAD_TOO_LARGE",
        };
      },
    },
  ];

  it("an app that is not a dialect (a receiver, a control port) gets node's bare 431, and runs nothing", async () => {
    let ran = 0;
    server = await listen(
      {
        fetch: () => {
          ran++;
          return new Response("ok");
        },
      },
      { port: 0 },
    );
    const res = await fetch(server.url, {
      method: "POST",
      headers: { "x-padding": "a".repeat(MAX_HEADER_BYTES) },
    });
    expect(res.status).toBe(431);
    expect(await res.text()).toBe("");
    expect(ran).toBe(0);
  });

  for (const dialect of dialects) {
    it(`${dialect.name}: up to the limit is served; past it, 431 with the failure in the dialect's words, journaled`, async () => {
      const d = dialect.make();
      server = await listen(d.app, { port: 0, dialect: true });
      const fits = await fetch(`${server.url}${d.path}`, {
        headers: { ...d.headers, "x-padding": "a".repeat(MAX_HEADER_BYTES - 1_000) },
      });
      expect(fits.status).toBe(200);
      await fits.arrayBuffer();
      const before = d.sim.journal.total;
      const res = await fetch(`${server.url}${d.path}?x=1`, {
        headers: { ...d.headers, "x-padding": "a".repeat(MAX_HEADER_BYTES) },
      });
      expect(res.status).toBe(431);
      expect(res.headers.get("content-type")).toBe(d.type);
      expect(res.headers.get("connection")).toBe("close");
      const body = await res.json();
      expect(d.code(body)).toBe(d.expected);
      expect(JSON.stringify(body)).toContain(String(REQUEST_LIMITS.headers.maxBytes));
      expect(d.sim.journal.total).toBe(before + 1);
      expect([...d.sim.journal.entries()].at(-1)).toMatchObject({
        method: "GET",
        path: d.path,
        query: "x=1",
        status: 431,
        outcome: "PAYLOAD_TOO_LARGE",
        credential: null,
      });
      // The server keeps serving.
      expect((await fetch(`${server.url}${d.path}`, { headers: d.headers })).status).toBe(200);
    });
  }
});
