import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createMockPos, type MockPos } from "../simulator/app.ts";
import { ScaledClock, VirtualClock } from "../simulator/clock/index.ts";
import {
  DIALECTS,
  type BuiltinDialect as DialectName,
  MAIN_DIALECT,
} from "../simulator/dialects/registry.ts";
import { type Deployment, serveTopology } from "../simulator/serve.ts";
import { prepareTls } from "../simulator/tls/index.ts";
import { planTopology } from "../simulator/topology/plan.ts";
import { ADAPTERS } from "./adapters/index.ts";
import type { EngineConfigInput } from "./config.ts";
import { DriverRefusal } from "./driver/protocol.ts";
import { Engine } from "./engine/index.ts";
import { PosFailure } from "./failure.ts";
import { Http } from "./http.ts";
import { engineConfigFor } from "./mock/config.ts";
import { trustingFetch } from "./trust.ts";

const LUNCH = Date.UTC(2026, 2, 14, 11, 30);

let mock: MockPos;
let deployment: Deployment;
let caFile: string;
const urls = {} as Record<DialectName, string>;

beforeAll(async () => {
  mock = createMockPos({ seed: "trust", locations: 2, clock: new VirtualClock(LUNCH) });
  const tls = prepareTls(
    { mode: "self-signed", dir: mkdtempSync(join(tmpdir(), "mockpos-trust-")) },
    "127.0.0.1",
  );
  caFile = tls.ca?.file ?? "";
  const plan = planTopology({
    topology: "central",
    main: MAIN_DIALECT,
    dialects: DIALECTS,
    ports: { generic: 0, elyx: 0, sinqro: 0 },
    locationPortBase: 0,
    locations: mock.sim.chain.locations.map((l) => l.id),
  });
  deployment = await serveTopology(mock, plan, "127.0.0.1", { tls });
  for (const l of deployment.listeners) urls[l.dialect as DialectName] = l.url;
});
afterAll(() => deployment.close());

/** One location of the simulated chain as the engine configures it in `dialect`, at the HTTPS listener. */
function locationIn(dialect: DialectName) {
  const [first] = engineConfigFor(mock.sim.chain, dialect, urls[dialect]).locations;
  if (!first) throw new Error("no location");
  return first;
}

describe("the engine's HTTP client with a CA file", () => {
  for (const dialect of DIALECTS) {
    it(`reads status and menu from the ${dialect} dialect over HTTPS, and gets no answer without the CA`, async () => {
      const loc = locationIn(dialect);
      const adapter = ADAPTERS[dialect];
      const ctx = (trust: string | null) => ({
        location: {
          id: loc.id,
          posLocationId: loc.posLocationId ?? loc.id,
          credentials: adapter.credentials.parse(loc.credentials),
        },
        http: new Http({
          // The engine's clock only bounds the wait; a virtual one never runs out while the socket works.
          clock: new VirtualClock(LUNCH),
          baseUrl: loc.baseUrl,
          timeoutMs: 10_000,
          fetch: trust === null ? (url, init) => fetch(url, init) : trustingFetch(trust),
        }),
      });
      const trusted = ctx(caFile);
      expect(loc.baseUrl).toMatch(/^https:/);
      const status = await adapter.status(trusted as never);
      expect(status.online).toBe(true);
      const menu = await adapter.menu(trusted as never);
      expect(menu.items.length).toBeGreaterThan(10);
      const before = mock.sim.journal.total;
      const refused = await adapter.status(ctx(null) as never).catch((err: unknown) => err);
      expect(refused).toBeInstanceOf(PosFailure);
      expect(refused).toMatchObject({ code: "UNREACHABLE" });
      // The handshake failed: no request reached the POS.
      expect(mock.sim.journal.total).toBe(before);
    });
  }
});

describe("the engine configured with caFile", () => {
  let engine: Engine | null = null;
  afterEach(async () => {
    await engine?.stop();
    engine = null;
  });

  /** A chain of one location per dialect, each at its HTTPS listener. */
  function config(extra: Partial<EngineConfigInput>): EngineConfigInput {
    return {
      seed: "trust",
      locations: DIALECTS.map((d) => {
        const loc = locationIn(d);
        return { ...loc, id: `${d}-${loc.id}`, posLocationId: loc.posLocationId ?? loc.id };
      }),
      ...extra,
    };
  }

  // 600×: the envelope's spread of first status checks (up to a minute) passes in a tenth of a second.
  const clock = () => new ScaledClock({ factor: 600, origin: LUNCH });

  it("talks HTTPS to every dialect: each location comes online with its menu", async () => {
    engine = new Engine({ clock: clock() });
    await engine.configure({ config: config({ caFile }) });
    const running = engine;
    // A bound on a hang, not a speed claim: the polls go over real sockets.
    await vi.waitFor(
      async () => {
        const locations = await running.locations();
        expect(locations.map((l) => [l.id, l.mode, l.menuVersion !== null])).toEqual(
          DIALECTS.map((d) => [`${d}-${locationIn(d).id}`, "online", true]),
        );
      },
      { timeout: 30_000, interval: 50 },
    );
  });

  it("without it, no location is reached: each is read-only with the failure UNREACHABLE", async () => {
    engine = new Engine({ clock: clock() });
    await engine.configure({ config: config({}) });
    const running = engine;
    await vi.waitFor(
      async () => {
        const locations = await running.locations();
        expect(locations.map((l) => [l.mode, l.lastError?.code])).toEqual(
          DIALECTS.map(() => ["read_only", "UNREACHABLE"]),
        );
      },
      { timeout: 30_000, interval: 50 },
    );
  });

  it("a CA file it cannot read is refused, naming the field", async () => {
    engine = new Engine({ clock: clock() });
    const missing = join(tmpdir(), "mockpos-no-such-ca.pem");
    const cfg = config({ caFile });
    const [first, ...rest] = cfg.locations;
    if (!first) throw new Error("no location");
    const refusal = await engine
      .configure({ config: { ...cfg, locations: [{ ...first, caFile: missing }, ...rest] } })
      .catch((err: unknown) => err);
    expect(refusal).toBeInstanceOf(DriverRefusal);
    expect(refusal).toMatchObject({
      status: 400,
      invalidParams: [{ name: "config.locations[0].caFile", reason: `cannot read ${missing} (ENOENT)` }],
    });
  });
});
