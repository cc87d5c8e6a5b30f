import { MockPosAdmin } from "../../client/admin/index.ts";
import { createMockPos, type MockPos } from "../../simulator/app.ts";
import { VirtualClock } from "../../simulator/clock/index.ts";
import type { SimulatorOptions } from "../../simulator/state.ts";
import type { AdapterName } from "../adapters/index.ts";
import type { EngineConfigInput } from "../config.ts";
import { Engine } from "../engine/index.ts";
import { engineConfigFor } from "./config.ts";
import { inProcessBaseUrl, inProcessFetch } from "./in-process.ts";

/** Saturday lunch in London: the simulated chain is open for service. */
export const SERVICE_START = Date.UTC(2026, 2, 14, 11, 30);

/** The secret a Sinqro rig's webhooks are signed with. */
export const RIG_WEBHOOK_SECRET = "rig-webhook-secret";

export interface Rig {
  mock: MockPos;
  clock: VirtualClock;
  engine: Engine;
  /** The configuration the engine was (or, with `configure: false`, would be) started with. */
  config: EngineConfigInput;
  log: string[];
  /** The simulator's admin API, in process: staff actions, faults, the journal. */
  admin: MockPosAdmin;
}

export interface RigOptions extends SimulatorOptions {
  /** The dialect the engine speaks to every location (default generic). */
  dialect?: AdapterName;
  /** Settings over the chain's configuration. */
  config?: Partial<EngineConfigInput>;
  /** Start the engine with the configuration (default true); false leaves that to the test. */
  configure?: boolean;
}

/**
 * A simulator and the reference engine in one process on one virtual clock, the engine
 * configured with every location of the chain in one dialect (generic unless told; tests
 * override the config). A Sinqro rig's webhooks go straight to the engine's intake.
 */
export async function rig(options: RigOptions = {}): Promise<Rig> {
  const clock = new VirtualClock(SERVICE_START);
  const { config: overrides, dialect = "generic", configure = true, ...sim } = options;
  const mock = createMockPos({ seed: "engine", locations: 3, openService: false, ...sim, clock });
  const log: string[] = [];
  const engine = new Engine({ clock, fetch: inProcessFetch(mock), log: (l) => log.push(l) });
  const pushes = dialect === "sinqro";
  const config: EngineConfigInput = {
    seed: "engine-test",
    ...engineConfigFor(mock.sim.chain, dialect, inProcessBaseUrl(dialect)),
    ...(pushes ? { webhookSecret: RIG_WEBHOOK_SECRET } : {}),
    ...overrides,
  };
  if (pushes) {
    // The POS pushes its changes straight into the engine's intake, as mock mode does over HTTP.
    const intake = engine.webhookHandler("sinqro");
    mock.sim.configureWebhooks({
      url: "http://engine.mockpos.internal/webhooks/sinqro",
      secret: typeof config.webhookSecret === "string" ? config.webhookSecret : RIG_WEBHOOK_SECRET,
      fetch: (url, init) => intake(new Request(url, init)),
    });
  }
  if (configure) await engine.configure({ config });
  return {
    mock,
    clock,
    engine,
    config,
    log,
    admin: MockPosAdmin.inProcess(mock.app),
  };
}
