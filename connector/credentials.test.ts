import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createMockPos } from "../simulator/app.ts";
import { ScaledClock, VirtualClock } from "../simulator/clock/index.ts";
import { type Deployment, serveTopology } from "../simulator/serve.ts";
import { prepareTls } from "../simulator/tls/index.ts";
import { planTopology } from "../simulator/topology/plan.ts";
import type { AdapterName } from "./adapters/index.ts";
import { Engine } from "./engine/index.ts";
import { engineConfigFor } from "./mock/config.ts";
import { rig, SERVICE_START } from "./mock/testing.ts";

const MINUTE = 60_000;
const TOKEN_PATHS: Record<AdapterName, string> = {
  generic: "/oauth/token",
  elyx: "/api/v1/oauth/token",
  sinqro: "/sinqro/v1/oauth/token",
};

describe.each(["generic", "elyx", "sinqro"] as const)("the engine against an OAuth chain, %s", (dialect) => {
  it("fetches a token per location, keeps it, and gets a new one once after a revocation", async () => {
    const r = await rig({ auth: "oauth", dialect, locations: 2, configure: false });
    const config = {
      ...r.config,
      locations: (r.config.locations ?? []).map((loc) => {
        const l = r.mock.sim.chain.locations.find((x) => x.id === loc.id);
        if (!l) throw new Error(`no ${loc.id}`);
        const { username, password } = l.credentials;
        return {
          ...loc,
          auth: {
            type: "oauth" as const,
            tokenUrl: TOKEN_PATHS[dialect],
            clientId: username,
            clientSecret: password,
          },
        };
      }),
    };
    await r.engine.configure({ config });
    await r.clock.advance(5 * MINUTE);
    const modes = async () => (await r.engine.locations()).map((l) => l.mode);
    expect(await modes()).toEqual(["online", "online"]);
    const tokens = () => r.mock.sim.journal.query({}).filter((e) => e.operation === "oauth.token");
    expect(tokens().map((e) => e.status)).toEqual([200, 200]);
    const refused = () => r.mock.sim.journal.query({}).filter((e) => e.status === 401);
    expect(refused()).toEqual([]);

    await r.admin.faults.add({ id: "revoke", kind: "token_early_expiry", ttl: "1h" });
    await r.clock.advance(2 * MINUTE);
    // Each location met one 401 invalid_token, fetched one new token, and carried on.
    expect(tokens().map((e) => e.status)).toEqual([200, 200, 200, 200]);
    expect(refused().length).toBe(2);
    expect(await modes()).toEqual(["online", "online"]);
    // The retry with the new token answered: the engine's own view never met the refusal.
    expect((await r.engine.locations()).map((l) => l.lastError)).toEqual([null, null]);
    await r.engine.stop();
  });
});

describe("the engine against an mTLS chain", () => {
  let deployment: Deployment | null = null;
  let engine: Engine | null = null;
  afterEach(async () => {
    await engine?.stop();
    await deployment?.close();
  });

  it("reaches each location with its own client certificate, and without one is refused", async () => {
    const mock = createMockPos({
      seed: "engine-mtls",
      locations: 2,
      clock: new VirtualClock(SERVICE_START),
      auth: "mtls",
    });
    const dir = mkdtempSync(join(tmpdir(), "mockpos-engine-mtls-"));
    const tls = prepareTls({ mode: "self-signed", dir }, "127.0.0.1");
    const { clientCertificates } = await import("../simulator/auth/index.ts");
    const plan = planTopology({
      topology: "central",
      main: "generic",
      dialects: ["generic"],
      ports: { generic: 0 },
      locationPortBase: 0,
      locations: mock.sim.chain.locations.map((l) => l.id),
    });
    deployment = await serveTopology(mock, plan, "127.0.0.1", {
      tls: { ...tls, clientCa: clientCertificates(mock.sim).ca.cert },
    });
    const url = deployment.listeners[0]?.url ?? "";
    const base = engineConfigFor(mock.sim.chain, "generic", url);
    const locations = base.locations.map((loc, i) => {
      const pair = clientCertificates(mock.sim).of(loc.id);
      writeFileSync(join(dir, `${loc.id}.pem`), pair.cert);
      writeFileSync(join(dir, `${loc.id}.key`), pair.key);
      // The second location sends its certificate only: no client certificate, and it is refused.
      return i === 0
        ? {
            ...loc,
            auth: {
              type: "mtls" as const,
              certFile: join(dir, `${loc.id}.pem`),
              keyFile: join(dir, `${loc.id}.key`),
            },
          }
        : loc;
    });
    engine = new Engine({ clock: new ScaledClock({ factor: 600, origin: SERVICE_START }) });
    await engine.configure({ config: { seed: "mtls", caFile: tls.ca?.file, locations } });
    const running = engine;
    // A bound on a hang, not a speed claim: the polls go over real sockets.
    await vi.waitFor(
      async () => {
        const seen = await running.locations();
        expect(seen.map((l) => [l.id, l.mode])).toEqual([
          ["loc-0001", "online"],
          ["loc-0002", "auth_failed"],
        ]);
      },
      { timeout: 30_000, interval: 50 },
    );
  });
});
