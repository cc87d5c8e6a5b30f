import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { afterEach, describe, expect, it } from "vitest";
import { MockPosAdmin } from "../client/admin/index.ts";
import { clockFromSetting } from "../connector/clock.ts";
import { HttpDriver } from "../connector/driver/client.ts";
import type { OrderView } from "../connector/driver/protocol.ts";
import { engineConfigFor } from "../connector/mock/config.ts";
import { rig } from "../connector/mock/testing.ts";
import type { ClockSetting } from "../contracts/driver/schemas.ts";
import { ScaledClock } from "../simulator/clock/index.ts";
import { guestJourney, JOURNEY_OUTCOME, waitUntil } from "./support/journey.ts";
import { json, mockpos, type Running, stopAll } from "./support/processes.ts";

const SECOND = 1000;
const MINUTE = 60 * SECOND;
/** Saturday lunch: the simulated chain is open. */
const LUNCH = "2026-03-14T11:30:00Z";
/** 60×: a simulated minute (the envelope's shortest cadence) is a real second. */
const FACTOR = 60;

afterEach(stopAll);

/** `mockpos serve` on a scaled clock, generic dialect only, on a free port; resolves with its URL and admin API. */
async function served(seed: string): Promise<{ url: string; process: Running; admin: MockPosAdmin }> {
  const sim = mockpos(
    ...["serve", "--clock", "scaled", "--clock-factor", String(FACTOR), "--start", LUNCH],
    ...["--port", "0", "--locations", "3", "--dialects", "generic", "--seed", seed],
  );
  const [, url] = await sim.printed(/listening on (http:\/\/\S+)/);
  return { url: url as string, process: sim, admin: new MockPosAdmin({ baseUrl: url as string }) };
}

/** `mockpos connector` on a free port; resolves with its base URL (without /driver/v1). */
async function connector(...args: string[]): Promise<{ url: string; process: Running }> {
  const engine = mockpos("connector", "--port", "0", ...args);
  const [, url] = await engine.printed(/^mockpos connector: driver protocol on (http:\/\/\S+)\/driver\/v1$/m);
  return { url: url as string, process: engine };
}

/**
 * The clock setting that makes an engine's time agree with a served simulator's: what the
 * simulator's clock shows, at the wall-clock instant it showed it.
 */
async function clockOf(admin: MockPosAdmin): Promise<ClockSetting> {
  const before = Date.now();
  const { now } = await admin.clock.get();
  const after = Date.now();
  return { factor: FACTOR, origin: Date.parse(now), startedAt: Math.round((before + after) / 2) };
}

/**
 * The engine's timeouts in real seconds: at 60× its default 10 s would be 167 ms of wall time, which
 * a loaded machine takes to answer now and then — a lost answer to the engine, and a flaky test.
 * A timeout is a hang detector here, not a speed claim.
 */
const REAL_TIMEOUTS = { readTimeoutMs: 10 * SECOND * FACTOR, writeTimeoutMs: 20 * SECOND * FACTOR };

describe("one guest journey, the engine in process and as a process", { timeout: 60_000 }, () => {
  it("in process, on a virtual clock", async () => {
    const r = await rig({ configure: false });
    const outcome = await guestJourney({
      driver: r.engine,
      advance: (ms) => r.clock.advance(ms),
      setup: { config: r.config },
      pos: async (path, init) => r.mock.app.request(path, init),
      admin: r.admin,
    });
    expect(outcome).toEqual(JOURNEY_OUTCOME);
    await r.engine.stop();
  });

  it("as a process behind its control port, on a scaled clock", async () => {
    const sim = await served("journey");
    const engine = await connector();
    const chain = await sim.admin.chain.get();
    const clock = await clockOf(sim.admin);
    const time = clockFromSetting(clock);
    const outcome = await guestJourney({
      driver: new HttpDriver({ baseUrl: engine.url }),
      advance: (ms) => time.sleep(ms),
      setup: {
        config: { seed: "journey", ...engineConfigFor(chain, "generic", sim.url), ...REAL_TIMEOUTS },
        clock,
      },
      pos: (path, init) => fetch(`${sim.url}${path}`, init),
      admin: sim.admin,
    });
    expect(outcome).toEqual(JOURNEY_OUTCOME);
    const exit = engine.process.exited;
    engine.process.child.kill("SIGTERM");
    expect(await exit).toBe(0);
    expect(engine.process.stdout()).toContain("mockpos connector: stopped");
  });
});

describe("mockpos connector killed mid-write", { timeout: 90_000 }, () => {
  it("restarts from its outbox: no write lost, no order, round or payment twice", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mockpos-crash-"));
    const outbox = join(dir, "outbox.db");
    const sim = await served("crash");
    // Every write waits 20 s of simulator time at the median before the POS acts on it (a third
    // of a real second at 60×): long enough to be caught on its way.
    await sim.admin.faults.add({
      id: "slow-writes",
      kind: "latency",
      scope: { operations: ["order.create", "order.append", "order.pay"] },
      distribution: { type: "lognormal", p50: "20s", p99: "50s" },
    });
    const chain = await sim.admin.chain.get();
    // The engine waits out the slow writes rather than calling them lost: the kill is what loses them.
    const config = {
      seed: "crash",
      ...engineConfigFor(chain, "generic", sim.url),
      ...REAL_TIMEOUTS,
    };
    const start = async () => {
      const engine = await connector("--outbox", outbox);
      const driver = new HttpDriver({ baseUrl: engine.url });
      const clock = await clockOf(sim.admin);
      await driver.configure({ config, clock });
      const time = clockFromSetting(clock);
      return { engine, driver, h: { advance: (ms: number) => time.sleep(ms) } };
    };

    const first = await start();
    await waitUntil(first.h, "every location online with its menu", async () =>
      (await first.driver.locations()).every((l) => l.mode === "online" && l.menuVersion !== null),
    );
    const refs: { ref: string; locationId: string; apiKey: string; rounds: number }[] = [];
    for (const loc of chain.locations) {
      const item = (await first.driver.menu(loc.id))?.items.find((i) => !i.needsChoice && !i.soldOut);
      if (!item) throw new Error(`nothing orderable at ${loc.id}`);
      const detail = await sim.admin.chain.location(loc.id);
      const items = [{ productId: item.id, quantity: 1 }];
      const tab = await first.driver.placeOrder({
        ref: `tab-${loc.id}`,
        locationId: loc.id,
        flow: "pay_later",
        tableId: detail.areas[0]?.tables[0]?.id,
        items,
      });
      await first.driver.appendRound(tab.ref, { items });
      await first.driver.pay(tab.ref, { tip: 100 });
      const quick = await first.driver.placeOrder({
        ref: `quick-${loc.id}`,
        locationId: loc.id,
        flow: "pay_first",
        items,
        tip: 50,
      });
      refs.push({ ref: tab.ref, locationId: loc.id, apiKey: loc.credentials.apiKey, rounds: 2 });
      refs.push({ ref: quick.ref, locationId: loc.id, apiKey: loc.credentials.apiKey, rounds: 1 });
    }
    const views = async (driver: HttpDriver) =>
      Promise.all(
        refs.map(async ({ ref }) => {
          const view = await driver.order(ref);
          if (!view) throw new Error(`the engine does not know order ${ref}`);
          return view;
        }),
      );
    const writes = (all: OrderView[]) => all.flatMap((o) => o.writes);
    // Kill it once some writes are done and others are on their way to the POS.
    await waitUntil(
      first.h,
      "some writes done while others are in flight",
      async () => {
        const w = writes(await views(first.driver));
        return (
          (w.some((x) => x.state === "done") && w.some((x) => x.state === "sending")) ||
          w.map((x) => x.state).join(",")
        );
      },
      2 * MINUTE,
      SECOND,
    );
    first.engine.process.child.kill("SIGKILL");
    expect(await first.engine.process.exited).toBeNull();

    // What the dead process owed, as its outbox kept it: writes sent with no answer yet.
    const db = new DatabaseSync(outbox, { readOnly: true });
    const atKill = db.prepare("SELECT idempotency_key AS key, state FROM writes").all() as {
      key: string;
      state: string;
    }[];
    db.close();
    const inFlight = atKill.filter((w) => w.state === "sending").map((w) => w.key);
    expect(atKill).toHaveLength(15);
    expect(inFlight.length, "the kill hit writes on their way").toBeGreaterThan(0);
    expect(atKill.filter((w) => w.state === "done").length).toBeLessThan(15);

    const second = await start();
    await waitUntil(
      second.h,
      "every order placed and paid after the restart",
      async () => {
        const all = await views(second.driver);
        const behind = all.filter((o) => o.state !== "placed" || o.posStatus !== "paid");
        return behind.length === 0 || behind.map((o) => `${o.ref} ${o.state}/${o.posStatus}`).join(", ");
      },
      20 * MINUTE,
    );
    const after = writes(await views(second.driver));
    expect(after.filter((w) => w.state !== "done")).toEqual([]);
    // Each write the kill caught was tried again (or looked up) by the restarted engine.
    for (const key of inFlight)
      expect(after.find((w) => w.idempotencyKey === key)?.attempts, key).toBeGreaterThanOrEqual(2);

    // The POS holds each order once, each round once, each payment once.
    for (const { ref, locationId, apiKey, rounds } of refs) {
      const { orders } = await json(
        `${sim.url}/v1/locations/${locationId}/orders?view=changed&externalId=${encodeURIComponent(ref)}`,
        { headers: { "x-api-key": apiKey } },
      );
      const mine = (orders as any[]).filter((o) => o.externalId === ref);
      expect(mine, ref).toHaveLength(1);
      expect(mine[0]).toMatchObject({ status: "paid" });
      expect(mine[0].rounds, ref).toHaveLength(rounds);
      expect(mine[0].payments, ref).toHaveLength(1);
    }
    // And ran each write once: every key has one answer that was not a replay.
    const { entries } = await sim.admin.journal.list({ limit: 100_000 });
    const ran = new Map<string, number>();
    for (const e of entries) {
      if (e.idempotencyKey === null || e.status < 200 || e.status >= 300 || e.replayed) continue;
      ran.set(e.idempotencyKey, (ran.get(e.idempotencyKey) ?? 0) + 1);
    }
    expect([...ran.keys()].sort()).toEqual(atKill.map((w) => w.key).sort());
    expect(
      [...ran.values()].every((n) => n === 1),
      JSON.stringify([...ran]),
    ).toBe(true);
  });
});

describe("mockpos connector --config", { timeout: 30_000 }, () => {
  it("exits 2 naming the bad field of the configuration", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mockpos-connector-"));
    const file = join(dir, "engine.json");
    writeFileSync(
      file,
      JSON.stringify({
        locations: [{ id: "x", dialect: "generic", baseUrl: "ftp://pos", credentials: { apiKey: "k" } }],
      }),
    );
    const bad = mockpos("connector", "--port", "0", "--config", file);
    expect(await bad.exited).toBe(2);
    expect(bad.stderr()).toContain(`--config ${file}: locations[0].baseUrl: an http(s) URL`);
    const junk = join(dir, "junk.json");
    writeFileSync(junk, "{ not json");
    const unreadable = mockpos("connector", "--port", "0", "--config", junk);
    expect(await unreadable.exited).toBe(2);
    expect(unreadable.stderr()).toContain("is not valid JSON");
  });

  it("starts configured from a good file", async () => {
    const sim = await served("from-file");
    const chain = await sim.admin.chain.get();
    const dir = mkdtempSync(join(tmpdir(), "mockpos-connector-"));
    const file = join(dir, "engine.json");
    writeFileSync(file, JSON.stringify(engineConfigFor(chain, "generic", sim.url)));
    const { now } = await sim.admin.clock.get();
    const engine = await connector("--config", file, "--clock-factor", String(FACTOR), "--clock-origin", now);
    const driver = new HttpDriver({ baseUrl: engine.url });
    expect(await driver.hello()).toMatchObject({ configured: true });
    const time = new ScaledClock({ factor: FACTOR });
    await waitUntil({ advance: (ms) => time.sleep(ms) }, "every location online", async () =>
      (await driver.locations()).every((l) => l.mode === "online"),
    );
  });
});

describe("mockpos mock", { timeout: 60_000 }, () => {
  it("serves the simulator and the engine on one clock, with guests; SIGTERM stops both", async () => {
    const m = mockpos(
      ...["mock", "--port", "0", "--elyx-port", "0", "--sinqro-port", "0", "--control-port", "0"],
      ...["--clock", "scaled", "--clock-factor", String(FACTOR), "--start", LUNCH, "--seed", "smoke"],
      ...["--guests-per-hour", "120"],
    );
    const [, simUrl] = await m.printed(/^mockpos mock listening on (http:\/\/\S+)/m);
    const [, control] = await m.printed(/^ {2}engine +(http:\/\/\S+)\/driver\/v1/m);
    const banner = m.stdout();
    expect(banner).toMatch(/^ {2}generic +http:\/\/127\.0\.0\.1:\d+$/m);
    expect(banner).toMatch(/^ {2}elyx +http:\/\/127\.0\.0\.1:\d+$/m);
    expect(banner).toMatch(/^ {2}sinqro +http:\/\/127\.0\.0\.1:\d+$/m);
    expect(banner).toMatch(/^ {2}try +curl http:\/\/127\.0\.0\.1:\d+\/driver\/v1\/locations$/m);
    const driver = new HttpDriver({ baseUrl: control as string });
    const time = new ScaledClock({ factor: FACTOR });
    const h = { advance: (ms: number) => time.sleep(ms) };
    await waitUntil(h, "every location online", async () => {
      const locations = await driver.locations();
      return locations.length === 3 && locations.every((l) => l.mode === "online");
    });
    await waitUntil(
      h,
      "guests' orders written to the POS",
      async () => (await driver.locations()).every((l) => l.counters.writesDone > 0),
      20 * MINUTE,
    );
    const admin = new MockPosAdmin({ baseUrl: simUrl as string });
    const { entries } = await admin.journal.list({ operation: "order.create", limit: 1000 });
    expect(entries.filter((e) => e.status === 201).length).toBeGreaterThan(0);
    expect(m.stdout()).toMatch(/^guests: guest loc-000\d#\d+: (opened a tab|ordered and paid)/m);
    // The engine's log is stamped with the simulator's time (a Saturday in March), not the wall's.
    expect(m.stderr()).toMatch(/^2026-03-14T1\d:\d\d:\d\d\.\d{3}Z engine: loc-0001: starting → online$/m);
    const exit = m.exited;
    m.child.kill("SIGTERM");
    expect(await exit).toBe(0);
    expect(m.stdout()).toContain("mockpos mock: stopped");
  });
});
