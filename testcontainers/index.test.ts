import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MockPosAdminError } from "../client/admin/index.ts";
import { BUILTIN_DIALECTS } from "../simulator/dialects/registry.ts";
import { MOCKPOS_PORTS, MockPosContainer, type StartedMockPosContainer } from "./index.ts";

// MockPosContainer as a user drives it, against a real Docker engine and the image CI builds
// (MOCKPOS_IMAGE, default mockpos:local), built again here from this tree as test/container does
// (cached layers: seconds when nothing changed). Without an engine this fails, saying how to get
// one: it never skips. The resource reaper (Ryuk) is an image pull, which this machine cannot
// make: vitest.config.ts turns it off.

const ROOT = resolve(import.meta.dirname, "..");
const IMAGE = process.env.MOCKPOS_IMAGE || "mockpos:local";
// Hang detectors for a busy two-core machine, not speed claims.
const BUILD_LIMIT = 600_000;
const START_LIMIT = 180_000;
const DOCKER_LIMIT = 60_000;

function run(command: string, args: string[], limit: number) {
  const r = spawnSync(command, args, { cwd: ROOT, encoding: "utf8", timeout: limit, killSignal: "SIGKILL" });
  if (r.error || r.status !== 0)
    throw new Error(
      `${command} ${args.join(" ")} failed: ${r.error?.message ?? `exit ${r.status}`}\n${r.stdout}\n${r.stderr}`,
    );
}

function buildImage() {
  const engine = spawnSync("docker", ["version", "--format", "{{.Server.Version}}"], {
    encoding: "utf8",
    timeout: DOCKER_LIMIT,
  });
  if (engine.status !== 0)
    throw new Error(
      `MockPosContainer's test needs a Docker engine and none answers (bash scripts/dockerd.sh starts one):\n${engine.error?.message ?? engine.stderr}`,
    );
  run("bash", ["scripts/docker-base.sh"], BUILD_LIMIT);
  run("bash", ["scripts/docker-image.sh"], BUILD_LIMIT);
}

const SCENARIO = `name: container-lunch
description: A scenario file of the user's machine, played inside the container.
chain: { seed: scenario-in-a-box, locations: 2, locale: fr }
clock: { start: "2026-03-13T11:30:00+01:00" }
duration: 1h
faults:
  - id: busy-terminal
    kind: lock
    duration: 30s
invariants: [no-double-create]
`;

let pos: StartedMockPosContainer | undefined;
let played: StartedMockPosContainer | undefined;
let scratch = "";

beforeAll(async () => {
  buildImage();
  scratch = mkdtempSync(join(tmpdir(), "mockpos-tc-"));
  const scenario = join(scratch, "container-lunch.yaml");
  writeFileSync(scenario, SCENARIO);
  // Both at once: two cold starts overlap instead of adding up. Each one that started is kept,
  // so afterAll stops it even when the other failed (no reaper here to do it).
  const [first, second] = await Promise.allSettled([
    new MockPosContainer(IMAGE)
      .withLocations(5)
      .withSeed("testcontainers")
      .withDialects("generic", "elyx")
      .withClock({ mode: "virtual", start: "2026-03-13T11:30:00Z" })
      .start(),
    new MockPosContainer(IMAGE).withScenario(scenario).withDialects("generic").start(),
  ]);
  if (first.status === "fulfilled") pos = first.value;
  if (second.status === "fulfilled") played = second.value;
  for (const r of [first, second]) if (r.status === "rejected") throw r.reason;
}, BUILD_LIMIT + START_LIMIT);

afterAll(async () => {
  await Promise.all([pos?.stop(), played?.stop()]);
  if (scratch) rmSync(scratch, { recursive: true, force: true });
}, DOCKER_LIMIT);

function started(): StartedMockPosContainer {
  if (!pos) throw new Error("the container did not start");
  return pos;
}

type Problem = { code: string; retryable: boolean };
type ElyxError = { error: { code: number; type: string } };

describe("MockPosContainer", { timeout: DOCKER_LIMIT }, () => {
  it("publishes the image's dialect ports as the dialects' own defaults", () => {
    for (const d of BUILTIN_DIALECTS) expect(MOCKPOS_PORTS[d.name]).toBe(d.defaultPort);
  });

  it("gives the asked dialects' base URLs, every location's credentials and the chain's", async () => {
    const c = started();
    const creds = await c.credentials();
    expect(creds.locations.map((l) => l.id)).toEqual([
      "loc-0001",
      "loc-0002",
      "loc-0003",
      "loc-0004",
      "loc-0005",
    ]);
    expect(new Set(creds.locations.map((l) => l.credentials.apiKey)).size).toBe(5);
    expect(creds.chain.groupKey).not.toBe("");
    expect((await c.admin.health()).seed).toBe("testcontainers");
    const last = creds.locations[4];
    if (!last) throw new Error("no fifth location");
    const generic = await fetch(`${c.baseUrl("generic")}/v1/locations/${last.id}/status`, {
      headers: {
        authorization: `Basic ${btoa(`${last.credentials.username}:${last.credentials.password}`)}`,
      },
    });
    expect([generic.status, ((await generic.json()) as { locationId: string }).locationId]).toEqual([
      200,
      "loc-0005",
    ]);
    // Elyx's server key sees every location.
    const elyx = await fetch(`${c.baseUrl("elyx")}/api/v1/locations`, {
      headers: { "x-api-key": creds.chain.groupKey },
    });
    expect(elyx.status).toBe(200);
    expect(((await elyx.json()) as { locations: { id: number }[] }).locations.map((l) => l.id)).toEqual([
      1, 2, 3, 4, 5,
    ]);
    expect(() => c.baseUrl("sinqro")).toThrow(/'sinqro' is not served by this container/);
    expect(() => c.getMappedPort(MOCKPOS_PORTS.sinqro)).toThrow();
    expect(c.adminUrl()).toBe(`${c.baseUrl("generic")}/__admin`);
  });

  it("drives an order through a terminal lock and reads the locked attempts and the success in the journal", async () => {
    const c = started();
    const loc = (await c.credentials()).locations[1];
    if (!loc) throw new Error("no second location");
    const headers = { "x-api-key": loc.credentials.apiKey, "content-type": "application/json" };
    const generic = `${c.baseUrl("generic")}/v1/locations/${loc.id}`;

    const menu = (await (await fetch(`${generic}/menu`, { headers })).json()) as {
      products: { id: string; combo: unknown; soldOut: boolean; modifierGroupIds: string[] }[];
    };
    const product = menu.products.find(
      (p) => p.combo === null && !p.soldOut && p.modifierGroupIds.length === 0,
    );
    if (!product) throw new Error(`${loc.id}'s menu has no product without choices`);
    const created = await fetch(`${generic}/orders`, {
      method: "POST",
      headers,
      body: JSON.stringify({ type: "take_away", items: [{ productId: product.id, quantity: 2 }] }),
    });
    expect(created.status).toBe(201);
    const order = (await created.json()) as { id: string; number: number; totals: { due: number } };

    // Once: the lock it puts on the order refuses every write until the waiter lets go.
    await c.admin.faults.add({
      id: "busy-waiter",
      kind: "lock",
      duration: "45s",
      scope: { orders: [order.id] },
      times: 1,
    });
    const pay = () =>
      fetch(`${generic}/orders/${order.id}/payments`, {
        method: "POST",
        headers,
        body: JSON.stringify({ method: "card", amount: order.totals.due }),
      });

    const locked = await pay();
    expect(locked.status).toBe(423);
    expect(locked.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect((await locked.json()) as Problem).toMatchObject({ code: "LOCKED", retryable: true });
    expect(locked.headers.get("retry-after")).toBe("45");

    // The same order through the Elyx port meets the same lock, in Elyx's words.
    const ticket = `${Number(loc.id.replace(/\D/g, ""))}-${order.number}`;
    const elyx = await fetch(`${c.baseUrl("elyx")}/api/v1/tickets/${ticket}/payments`, {
      method: "POST",
      headers: { "x-api-key": loc.credentials.apiKey, "content-type": "application/json" },
      body: JSON.stringify({ method: "cash" }),
    });
    expect(elyx.status).toBe(423);
    expect((await elyx.json()) as ElyxError).toMatchObject({ error: { code: 2001, type: "TICKET_LOCKED" } });

    // The waiter lets go once the virtual clock passes the lock's 45 s.
    await c.admin.clock.advance("45s");
    const paid = await pay();
    expect(paid.status).toBe(200);
    expect(((await paid.json()) as { status: string }).status).toBe("paid");

    const { entries } = await c.admin.journal.list({ locationId: loc.id, operation: "order.pay" });
    expect(entries.map((e) => [e.dialect, e.status, e.outcome, e.fault])).toEqual([
      ["generic", 423, "LOCKED", "busy-waiter"],
      ["elyx", 423, "LOCKED", "busy-waiter"],
      ["generic", 200, "OK", null],
    ]);
    expect(Date.parse(entries[2]?.time ?? "") - Date.parse(entries[0]?.time ?? "")).toBe(45_000);
  });

  it("plays a scenario file copied from this machine, its chain and faults in force", async () => {
    if (!played) throw new Error("the scenario's container did not start");
    const scenario = await played.admin.scenario.get();
    expect(scenario).toMatchObject({ name: "container-lunch", faults: ["busy-terminal"] });
    const creds = await played.credentials();
    expect(creds.locations.map((l) => l.id)).toEqual(["loc-0001", "loc-0002"]);
    expect(await played.admin.health()).toMatchObject({ seed: "scenario-in-a-box" });
  });

  it("refuses what a scenario decides itself, before any container starts", async () => {
    const file = join(scratch, "container-lunch.yaml");
    await expect(new MockPosContainer(IMAGE).withScenario(file).withLocations(3).start()).rejects.toThrow(
      /leave out MOCKPOS_LOCATIONS/,
    );
    expect(() => new MockPosContainer(IMAGE).withScenario(join(scratch, "none.yaml"))).toThrow(/no file/);
    expect(() => new MockPosContainer(IMAGE).withLocations(0)).toThrow(RangeError);
  });

  it("locks the admin API with a token of its own, which its admin client sends", async () => {
    const c = started();
    const asked = (token?: string) =>
      fetch(`${c.adminUrl()}/chain`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
    expect((await asked()).status).toBe(401);
    expect((await asked(`${c.adminToken}x`)).status).toBe(401);
    expect((await asked(c.adminToken)).status).toBe(200);
    expect(c.adminToken).toMatch(/^[\w-]{32}$/);
    expect(c.adminToken).not.toBe(played?.adminToken);
  });

  it("fails to start with what mockpos said when it refuses its settings", async () => {
    const refused = new MockPosContainer(IMAGE).withAdminToken("too short").start();
    await expect(refused).rejects.toThrow(/mockpos said:[\s\S]*16 to 200 printable characters/);
    await expect(refused).rejects.not.toThrow(/too short/);
  });

  it("answers a refused admin request with the typed error", async () => {
    const c = started();
    const refused = await c.admin.faults.add({ kind: "no-such-kind" } as never).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(MockPosAdminError);
    expect((refused as MockPosAdminError).status).toBe(400);
  });
});
