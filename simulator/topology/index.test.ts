import { describe, expect, it } from "vitest";
import { START, testPos } from "../../test/support/pos.ts";
import { serveTopology } from "../serve.ts";
import { planTopology, type TopologyOptions } from "./plan.ts";
import { scoped } from "./scope.ts";

const base: TopologyOptions = {
  topology: "central",
  dialects: ["generic", "elyx", "sinqro"],
  ports: { generic: 8080, elyx: 8082, sinqro: 8083 },
  locationPortBase: 9000,
  locations: ["loc-0001", "loc-0002"],
  main: "generic",
};

describe("topology plans", () => {
  it("central: one port per dialect for every location, admin on the generic one", () => {
    const plan = planTopology(base);
    expect(plan.map((l) => [l.name, l.port, l.main])).toEqual([
      ["generic", 8080, true],
      ["elyx", 8082, false],
      ["sinqro", 8083, false],
    ]);
    expect(plan.every((l) => l.scope.locations === null && l.scope.operations === null)).toBe(true);
  });

  it("per-location: each location its own server per dialect; the main port keeps the admin API only", () => {
    const plan = planTopology({ ...base, topology: "per-location", dialects: ["generic", "elyx"] });
    expect(plan.map((l) => [l.name, l.port])).toEqual([
      ["generic (admin)", 8080],
      ["generic@loc-0001", 9000],
      ["generic@loc-0002", 9001],
      ["elyx@loc-0001", 10000],
      ["elyx@loc-0002", 10001],
    ]);
    expect(plan[0]?.scope.operations).toEqual([]);
    expect(plan[2]?.scope).toEqual({ locations: ["loc-0002"], operations: null });
  });

  it("hybrid: menus central, every other operation at the location", () => {
    const plan = planTopology({ ...base, topology: "hybrid", dialects: ["sinqro"] });
    expect(plan.map((l) => l.name)).toEqual([
      "admin",
      "sinqro (menus)",
      "sinqro@loc-0001",
      "sinqro@loc-0002",
    ]);
    expect(plan[1]?.scope.operations).toEqual(["menu.get", "modifiers.get", "availability.get"]);
    expect(plan[2]?.scope.operations).toContain("order.create");
    expect(plan[2]?.scope.operations).not.toContain("menu.get");
  });

  it("refuses ports that collide or overflow, and more locations than a port range holds", () => {
    expect(() => planTopology({ ...base, ports: { generic: 8080, elyx: 8080, sinqro: 8083 } })).toThrow(
      "elyx and generic would both listen on port 8080",
    );
    expect(() => planTopology({ ...base, topology: "per-location", locationPortBase: 65_000 })).toThrow(
      "would listen on port 66000",
    );
    const many = Array.from({ length: 1001 }, (_, i) => `loc-${i}`);
    expect(() => planTopology({ ...base, topology: "per-location", locations: many })).toThrow(
      "at most 1000",
    );
    expect(() => planTopology({ ...base, dialects: [] })).toThrow("at least one dialect");
  });
});

describe("scoped listeners", () => {
  const call = (
    fetcher: { fetch: (r: Request) => Response | Promise<Response> },
    path: string,
    key: string,
  ) => fetcher.fetch(new Request(`http://pos${path}`, { headers: { "x-api-key": key } }));

  it("a location's own server answers for it and knows nothing of the others", async () => {
    const pos = testPos();
    const [a, b] = [pos.location(0), pos.location(1)];
    const own = scoped(pos.app, { locations: [a.id], operations: null });
    expect((await call(own, `/v1/locations/${a.id}/status`, a.credentials.apiKey)).status).toBe(200);
    const other = await call(own, `/v1/locations/${b.id}/status`, b.credentials.apiKey);
    expect(other.status).toBe(404);
    expect(await other.json()).toMatchObject({
      code: "NOT_FOUND",
      detail: `this server serves ${a.id}, not '${b.id}'`,
    });
    expect([...pos.sim.journal.entries()].at(-1)).toMatchObject({ locationId: b.id, outcome: "NOT_FOUND" });
  });

  it("hybrid: the central server has the menu and not the orders; the location's server the reverse", async () => {
    const pos = testPos();
    const a = pos.location(0);
    const central = scoped(pos.app, { locations: null, operations: ["menu.get"] });
    const local = scoped(pos.app, { locations: [a.id], operations: ["orders.list"] });
    expect((await call(central, `/v1/locations/${a.id}/menu`, a.credentials.apiKey)).status).toBe(200);
    const orders = await call(central, `/v1/locations/${a.id}/orders`, a.credentials.apiKey);
    expect(orders.status).toBe(404);
    expect(((await orders.json()) as any).detail).toBe(
      "this server does not answer orders.list; ask the location's own server",
    );
    expect((await call(local, `/v1/locations/${a.id}/orders`, a.credentials.apiKey)).status).toBe(200);
    const menu = await call(local, `/v1/locations/${a.id}/menu`, a.credentials.apiKey);
    expect(((await menu.json()) as any).detail).toBe(
      "this server does not answer menu.get; ask the chain's central server",
    );
  });
});

describe("an Elyx server per location", () => {
  it("with the chain's key still sees only its own location, and faults there hit it alone", async () => {
    const pos = testPos();
    const [a, b] = [pos.location(0), pos.location(1)];
    const own = scoped(pos.dialects.elyx.app, { locations: [b.id], operations: null });
    const get = async (path: string) => {
      const res = await own.fetch(
        new Request(`http://pos/api/v1${path}`, {
          headers: { "x-api-key": pos.sim.chain.credentials.groupKey },
        }),
      );
      return { status: res.status, body: (await res.json()) as any };
    };
    const listed = await get("/locations");
    expect(listed.body.locations.map((l: { id: number }) => l.id)).toEqual([2]);
    const tickets = await get("/tickets");
    expect(tickets.status).toBe(200);
    expect(tickets.body.tickets.every((t: { locationId: number }) => t.locationId === 2)).toBe(true);
    expect((await get("/locations/1")).body.error.code).toBe(1104);
    pos.sim.faults.use({ id: "b-down", kind: "unreachable", mode: "503", scope: { locations: [b.id] } });
    expect((await get("/tickets")).body.error.code).toBe(9002);
    expect(a.id).toBe("loc-0001");
  });
});

describe("a deployment on sockets", () => {
  it("listens per location on 127.0.0.1, lists its listeners in the admin API, and closes them all", async () => {
    const pos = testPos();
    const plan = planTopology({
      ...base,
      topology: "per-location",
      dialects: ["generic"],
      locations: pos.sim.chain.locations.map((l) => l.id),
    }).map((l) => ({ ...l, port: 0 }));
    // The dialect as served, its hot-read lane too: a scoped listener must not answer on it.
    const mock = { app: pos.app, sim: pos.sim, dialects: { generic: pos.dialects.generic } } as never;
    const deployment = await serveTopology(mock, plan, "127.0.0.1");
    try {
      const a = pos.location(0);
      const [admin, own] = deployment.listeners;
      expect(own?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const listed = (await (await fetch(`${admin?.url}/__admin/topology`)).json()) as any;
      expect(listed.listeners.map((l: { name: string }) => l.name)).toEqual([
        "generic (admin)",
        "generic@loc-0001",
        "generic@loc-0002",
      ]);
      const status = await fetch(`${own?.url}/v1/locations/${a.id}/status`, {
        headers: { "x-api-key": a.credentials.apiKey },
      });
      expect(status.status).toBe(200);
      const b = pos.location(1);
      const elsewhere = await fetch(`${own?.url}/v1/locations/${b.id}/status`, {
        headers: { "x-api-key": b.credentials.apiKey },
      });
      expect(elsewhere.status).toBe(404);
      const central = await fetch(`${admin?.url}/v1/locations/${a.id}/status`, {
        headers: { "x-api-key": a.credentials.apiKey },
      });
      expect(central.status).toBe(404);
      expect(pos.clock.now()).toBe(START);
    } finally {
      await deployment.close();
    }
    expect((await pos.app.request("/__admin/topology")).status).toBe(200);
    expect(((await (await pos.app.request("/__admin/topology")).json()) as any).listeners).toEqual([]);
  });
});
