import { request as httpRequest } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { type Served, serveConfigOf, startSimulator } from "../../bin/serve.ts";
import { ADMIN_ROUTES } from "../../client/admin/routes.ts";
import { createMockPos, type MockPos } from "../app.ts";
import { VirtualClock } from "../clock/index.ts";
import { ACTIONS } from "../console/actions.ts";
import { withConsole } from "../console/index.ts";
import { adminAccess, guardAdmin } from "./access.ts";

const START = Date.UTC(2026, 2, 14, 11, 30);
const TOKEN = "s3cret-admin-token-0123456789";
const SITE = "http://127.0.0.1:8080";

/** The main listener's app as served (dialect, admin API, console) behind the access rules of `options`. */
function served(options: Parameters<typeof adminAccess>[0]) {
  const mock = createMockPos({ seed: "access", locations: 2, clock: new VirtualClock(START) });
  const app = guardAdmin(withConsole(mock.app, mock), adminAccess(options));
  const call = (path: string, init: RequestInit = {}) => app.fetch(new Request(`${SITE}${path}`, init));
  return { mock, call };
}

/** A location with an open order, and the order. */
function openOrder(mock: MockPos) {
  for (const loc of mock.sim.chain.locations) {
    const order = [...loc.orders.values()].find((o) => o.status === "open" && o.lines.length > 0);
    if (order) return { loc, order };
  }
  throw new Error("no open order in the chain");
}

/** Real ids for every path parameter an admin route takes, so a route run with the token acts for real. */
function concrete(mock: MockPos, path: string): string {
  const { loc, order } = openOrder(mock);
  const line = order?.lines[0];
  const product = loc.menu.products[0];
  const values: Record<string, string> = {
    locationId: loc.id,
    orderId: order?.id ?? "none",
    lineId: line?.id ?? "none",
    productId: product?.id ?? "none",
    faultId: "rule-none",
    reservationId: "res-none",
  };
  return path.replace(/[:{](\w+)}?/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for the path parameter '${name}' of ${path}`);
    return value;
  });
}

/**
 * Every admin route the main app serves: the contract's route table (each of which must be
 * served) and anything else mounted under /__admin (vendor quirks), so a new route is toured
 * without editing this test. Then every console page and action.
 */
function tour(mock: MockPos): { method: string; path: string }[] {
  const key = (r: { method: string; path: string }) => `${r.method} ${r.path.replace(/:(\w+)/g, "{$1}")}`;
  const byKey = new Map(
    mock.app.routes
      .filter((r) => r.path.startsWith("/__admin") && r.method !== "ALL")
      .map((r) => ({ method: r.method.toUpperCase(), path: r.path }))
      .map((r) => [key(r), r]),
  );
  const served = [...byKey.values()];
  const servedKeys = new Set(byKey.keys());
  for (const route of ADMIN_ROUTES)
    expect(servedKeys, `${route.method} ${route.path} is served`).toContain(
      `${route.method.toUpperCase()} ${route.path}`,
    );
  const consolePages = ["/__console", "/__console/journal", "/__console/faults", "/__console/clock"];
  return [
    ...served.map((r) => ({ method: r.method, path: concrete(mock, r.path) })),
    ...consolePages.map((path) => ({ method: "GET", path })),
    { method: "GET", path: "/__console/events" },
    ...Object.keys(ACTIONS).map((name) => ({ method: "POST", path: `/__console/act/${name}` })),
  ];
}

/** Everything an admin request could change, read in process past the access rules. */
async function snapshot(mock: MockPos): Promise<string> {
  const read = async (path: string) => {
    const res = await mock.app.request(path);
    return `${path} ${res.status} ${await res.text()}`;
  };
  const parts = [
    await read("/__admin/chain?limit=10000"),
    await read("/__admin/faults"),
    await read("/__admin/clock"),
    await read("/__admin/scenario"),
    await read("/__admin/webhooks"),
    await read("/__admin/quirks"),
    await read("/__admin/journal?limit=100000"),
    String(mock.sim.journal.total),
  ];
  for (const l of mock.sim.chain.locations) {
    parts.push(await read(`/__admin/locations/${l.id}`));
    parts.push(await read(`/__admin/locations/${l.id}/reservations`));
    for (const id of l.orders.keys()) parts.push(await read(`/__admin/locations/${l.id}/orders/${id}`));
    parts.push(JSON.stringify({ closure: l.closure }));
  }
  return parts.join("\n");
}

const BODIES: Record<string, unknown> = {
  "/__admin/faults": { kind: "lock", locations: ["loc-0001"] },
  "/__admin/clock/advance": { by: "1m" },
  "/__admin/webhooks": { url: "http://127.0.0.1:1/hook", secret: "webhook-secret-123" },
  "/__admin/quirks": { quirks: "lock-as-500" },
};

function init(mock: MockPos, method: string, path: string, headers: Record<string, string>): RequestInit {
  if (method === "GET" || method === "HEAD") return { method, headers };
  if (path.startsWith("/__console/"))
    return {
      method,
      headers: { ...headers, origin: SITE },
      body: new URLSearchParams({ locationId: "loc-0001" }),
    };
  const loc = mock.sim.chain.locations[0];
  const terminalId = loc?.terminals.find((t) => t.kind !== "integration")?.id ?? "term-1";
  const body = BODIES[path] ?? { terminalId, soldOut: true, items: [{ productId: "none", quantity: 1 }] };
  return {
    method,
    headers: { ...headers, "content-type": "application/json" },
    body: JSON.stringify(body),
  };
}

describe("off loopback, the admin API and the console need the admin token", () => {
  for (const [label, headers] of [
    ["no token", {}],
    ["a wrong token", { authorization: "Bearer not-the-token-at-all" }],
    ["the token in the wrong scheme", { authorization: `Basic ${btoa(`admin:${TOKEN}`)}` }],
  ] as const) {
    it(`every route with ${label} is 401 in the admin's problem format and changes nothing`, async () => {
      const { mock, call } = served({ host: "0.0.0.0", token: TOKEN });
      const before = await snapshot(mock);
      const routes = tour(mock);
      expect(routes.length).toBeGreaterThan(40);
      for (const { method, path } of routes) {
        const res = await call(path, init(mock, method, path, headers));
        expect(res.status, `${method} ${path}`).toBe(401);
        expect(res.headers.get("content-type")).toBe("application/problem+json");
        expect(res.headers.get("www-authenticate")).toBe('Bearer realm="mockpos admin"');
        const body = (await res.json()) as Record<string, unknown>;
        expect(body).toMatchObject({ status: 401, code: "UNAUTHORIZED", retryable: false });
        expect(JSON.stringify(body)).not.toContain(TOKEN);
      }
      expect(await snapshot(mock)).toBe(before);
    });
  }

  it("with the token every route is served (the same tour changes the simulator)", async () => {
    const { mock, call } = served({ host: "0.0.0.0", token: TOKEN });
    const before = await snapshot(mock);
    const auths: Record<string, string>[] = [
      { authorization: `Bearer ${TOKEN}` },
      { "x-mockpos-admin-token": TOKEN },
    ];
    for (const auth of auths) {
      for (const { method, path } of tour(mock)) {
        if (path === "/__console/events") continue; // a stream that stays open
        // The console takes its session from a cookie: a header opens it too, for a client that is not a browser.
        const res = await call(path, init(mock, method, path, auth));
        expect([401, 403, 415, 421], `${method} ${path}`).not.toContain(res.status);
        await res.body?.cancel();
      }
    }
    expect(await snapshot(mock)).not.toBe(before);
  });

  it("bound beyond loopback without a token, everything is refused (mockpos serve generates one)", async () => {
    const { mock, call } = served({ host: "::" });
    const res = await call("/__admin/chain");
    expect(res.status).toBe(401);
    expect(((await res.json()) as { detail: string }).detail).toContain("--admin-token");
    expect((await call(`/v1/locations/loc-0001/status`)).status).toBe(401);
    const key = mock.sim.chain.locations[0]?.credentials.apiKey ?? "";
    // The dialect is not the admin API: its own credentials decide.
    expect((await call(`/v1/locations/loc-0001/status`, { headers: { "x-api-key": key } })).status).toBe(200);
  });

  it("the liveness probe /__health answers without the token, and says nothing about the chain", async () => {
    const { call } = served({ host: "0.0.0.0", token: TOKEN });
    const live = await call("/__health");
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ status: "ok" });
    expect((await call("/__admin/health")).status).toBe(401);
  });

  it("the console opens once with ?token=: a same-site cookie (not the token) carries the session", async () => {
    const { mock, call } = served({ host: "0.0.0.0", token: TOKEN });
    expect((await call("/__console")).status).toBe(401);
    const login = await call(`/__console/journal?token=${TOKEN}&operation=menu.get`);
    expect(login.status).toBe(303);
    expect(login.headers.get("location")).toBe("/__console/journal?operation=menu.get");
    const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    expect(login.headers.get("set-cookie")).toMatch(/; Path=\/__console; HttpOnly; SameSite=Strict$/);
    expect(cookie).toMatch(/^mockpos_console_8080=/);
    expect(cookie).not.toContain(TOKEN);
    expect((await call("/__console", { headers: { cookie } })).status).toBe(200);
    const act = await call("/__console/act/clock-step", {
      method: "POST",
      headers: { cookie, origin: SITE, accept: "application/json" },
      body: new URLSearchParams({ by: "1m" }),
    });
    expect(act.status).toBe(200);
    expect(mock.sim.clock.now()).toBe(START + 60_000);
    // The cookie opens the console only: it is no admin token.
    const value = cookie.split("=").slice(1).join("=");
    expect(
      (await call("/__admin/chain", { headers: { cookie, authorization: `Bearer ${value}` } })).status,
    ).toBe(401);
    expect((await call(`/__console?token=wrong-token-wrong-token`)).status).toBe(401);
  });
});

describe("on loopback, a web page cannot drive the admin API", () => {
  it("a cross-origin or cross-site request that changes state is refused with 403, and changes nothing", async () => {
    const { mock, call } = served({ host: "127.0.0.1" });
    const before = await snapshot(mock);
    for (const headers of [
      { origin: "http://evil.example" },
      { origin: "null" },
      { origin: "http://127.0.0.1:3000" },
      { "sec-fetch-site": "cross-site" },
      { "sec-fetch-site": "same-site" },
    ]) {
      for (const [method, path] of [
        ["POST", "/__admin/reset"],
        ["POST", "/__admin/clock/advance"],
        ["POST", "/__console/act/clock-step"],
      ] as const) {
        const res = await call(path, {
          method,
          headers: { ...headers, "content-type": "application/json" },
          body: JSON.stringify({ by: "1m" }),
        });
        expect(res.status, `${method} ${path} ${JSON.stringify(headers)}`).toBe(403);
        expect(await res.json()).toMatchObject({ code: "CROSS_SITE_REQUEST", status: 403 });
      }
    }
    expect(await snapshot(mock)).toBe(before);
    // Its own origin and a client that is no browser (no Origin) still may.
    const own = await call("/__admin/clock/advance", {
      method: "POST",
      headers: { origin: SITE, "sec-fetch-site": "same-origin", "content-type": "application/json" },
      body: JSON.stringify({ by: "1m" }),
    });
    expect(own.status).toBe(200);
    expect((await call("/__admin/reset", { method: "POST" })).status).toBe(200);
    expect(mock.sim.clock.now()).toBe(START + 60_000);
  });

  it("a simple request (text/plain, a form) to a state-changing admin route is 415, even from no origin", async () => {
    const { mock, call } = served({ host: "127.0.0.1" });
    const { loc: l, order } = openOrder(mock);
    const before = await snapshot(mock);
    for (const [type, body] of [
      ["text/plain", JSON.stringify({ kind: "lock" })],
      ["application/x-www-form-urlencoded", "kind=lock"],
      ["multipart/form-data; boundary=x", "--x--"],
    ]) {
      for (const [method, path] of [
        ["POST", "/__admin/reset"],
        ["POST", "/__admin/faults"],
        ["DELETE", `/__admin/locations/${l.id}/orders/${order.id}/lock`],
        ["PUT", "/__admin/quirks"],
      ]) {
        const res = await call(path as string, { method, headers: { "content-type": type as string }, body });
        expect(res.status, `${method} ${path} as ${type}`).toBe(415);
        expect(await res.json()).toMatchObject({ code: "UNSUPPORTED_MEDIA_TYPE" });
      }
    }
    expect(await snapshot(mock)).toBe(before);
    // Reads are not state-changing: no content type is asked of them.
    expect((await call("/__admin/health", { headers: { "content-type": "text/plain" } })).status).toBe(200);
  });

  it("a foreign Host is 421 (DNS rebinding) on the admin API and console; the listener's own names are served", async () => {
    const { call } = served({ host: "127.0.0.1", allowedHosts: ["pos.test"] });
    for (const host of ["evil.example", "evil.example:8080", "127.0.0.1.nip.io:8080"]) {
      for (const path of ["/__admin/chain", "/__console", "/__admin/journal"]) {
        const res = await call(path, { headers: { host } });
        expect(res.status, `${path} Host: ${host}`).toBe(421);
        expect(await res.json()).toMatchObject({ code: "MISDIRECTED_REQUEST", status: 421 });
      }
    }
    for (const host of ["127.0.0.1:8080", "localhost:8080", "[::1]:8080", "LOCALHOST", "pos.test:8080"]) {
      const res = await call("/__admin/health", { headers: { host } });
      expect(res.status, `Host: ${host}`).toBe(200);
    }
    // The dialect answers to any name: its credentials are not ambient, and proxies rename it.
    expect((await call("/openapi.json", { headers: { host: "evil.example" } })).status).toBe(200);
  });
});

describe("mockpos serve", () => {
  let running: Served | null = null;
  afterEach(async () => {
    await running?.close();
    running = null;
  });

  it("on a real 127.0.0.1 listener: the token given is required, a foreign Host is refused", async () => {
    const config = serveConfigOf({ port: "0", dialects: "generic", "admin-token": TOKEN });
    running = await startSimulator(config, { probe: false });
    if (!running) throw new Error("did not start");
    const url = running.url;
    expect(running.adminToken).toBe(TOKEN);
    expect(running.banner("mockpos").join("\n")).not.toContain(TOKEN);
    expect((await fetch(`${url}/__admin/chain`)).status).toBe(401);
    expect(
      (await fetch(`${url}/__admin/chain`, { headers: { authorization: `Bearer ${TOKEN}` } })).status,
    ).toBe(200);
    const foreign = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${url}/__admin/health`, {
        headers: { host: "rebound.example", authorization: `Bearer ${TOKEN}` },
      });
      req.on("response", (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      req.end();
    });
    expect(foreign).toBe(421);
  });
});
