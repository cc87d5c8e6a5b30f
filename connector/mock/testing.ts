import { createMockPos, type MockPos } from "../../simulator/app.ts";
import { VirtualClock } from "../../simulator/clock/index.ts";
import type { SimulatorOptions } from "../../simulator/state.ts";
import type { EngineConfigInput } from "../config.ts";
import { Engine } from "../engine/index.ts";
import { inProcessBaseUrl, inProcessFetch } from "./in-process.ts";

/** Saturday lunch in London: the simulated chain is open for service. */
export const SERVICE_START = Date.UTC(2026, 2, 14, 11, 30);

export interface Rig {
  mock: MockPos;
  clock: VirtualClock;
  engine: Engine;
  log: string[];
  /** Sends an admin or dialect request to the simulator in process; resolves with the parsed JSON body. */
  admin(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }>;
}

/**
 * A simulator and the reference engine in one process on one virtual clock, the engine
 * configured with every location of the chain in the generic dialect (tests override the config).
 */
export async function rig(
  options: SimulatorOptions & { config?: Partial<EngineConfigInput> } = {},
): Promise<Rig> {
  const clock = new VirtualClock(SERVICE_START);
  const { config, ...sim } = options;
  const mock = createMockPos({ seed: "engine", locations: 3, openService: false, ...sim, clock });
  const log: string[] = [];
  const engine = new Engine({ clock, fetch: inProcessFetch(mock), log: (l) => log.push(l) });
  await engine.configure({
    config: {
      seed: "engine-test",
      locations: mock.sim.chain.locations.map((l) => ({
        id: l.id,
        dialect: "generic",
        baseUrl: inProcessBaseUrl("generic"),
        credentials: { apiKey: l.credentials.apiKey },
      })),
      ...config,
    },
  });
  return {
    mock,
    clock,
    engine,
    log,
    async admin(method, path, body) {
      const res = await mock.app.request(path, {
        method,
        ...(body !== undefined
          ? { body: JSON.stringify(body), headers: { "content-type": "application/json" } }
          : {}),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null };
    },
  };
}
