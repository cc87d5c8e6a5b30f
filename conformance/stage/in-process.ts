import type { AdapterName } from "../../connector/adapters/index.ts";
import type { Driver } from "../../connector/driver/protocol.ts";
import type { FetchLike } from "../../connector/http.ts";
import { engineConfigFor } from "../../connector/mock/config.ts";
import { inProcessBaseUrl, inProcessFetch } from "../../connector/mock/in-process.ts";
import { createMockPos } from "../../simulator/app.ts";
import { type Clock, VirtualClock } from "../../simulator/clock/index.ts";
import type { ChainLocation, Mode, Run, Sample, Stage } from "../types.ts";
import { STAGE_START, simulatorActions, WEBHOOK_SECRET } from "./common.ts";

/** An engine the suite builds in its own process, on the suite's clock. */
export type InProcessEngine = Driver & {
  webhookHandler?(dialect: string): (request: Request) => Promise<Response>;
};

/** Makes the engine under test: the reference engine, a broken variant, or a module's own. */
export type EngineFactory = (options: { clock: Clock; fetch: FetchLike }) => InProcessEngine;

export interface InProcessOptions {
  dialect: AdapterName;
  mode: Mode;
  locations: number;
  seed: string;
  engine: EngineFactory;
}

const MINUTE = 60_000;

/**
 * A check's world in one process on a virtual clock: a fresh simulator, the engine wired to it
 * with `app.request` (no socket), Sinqro webhooks delivered to the engine's handler. A service
 * hour passes in well under a second.
 */
export async function inProcessStage(
  options: InProcessOptions,
): Promise<{ stage: Stage; finish(notes: Run["notes"]): Run }> {
  const clock = new VirtualClock(STAGE_START);
  const mock = createMockPos({ seed: options.seed, locations: options.locations, clock });
  const engine = options.engine({ clock, fetch: inProcessFetch(mock) });
  const handler = engine.webhookHandler?.(options.dialect);
  if (handler)
    mock.sim.configureWebhooks({
      url: "http://engine.internal/webhooks",
      secret: WEBHOOK_SECRET,
      fetch: (url, init) => handler(new Request(url, init)),
    });
  const chain = mock.sim.chain;
  const locations: ChainLocation[] = chain.locations.map((l) => ({
    id: l.id,
    apiKey: l.credentials.apiKey,
    tables: l.areas.flatMap((a) => a.tables.map((t) => t.id)),
    terminals: l.terminals.filter((t) => t.kind !== "integration").map((t) => t.id),
  }));
  await engine.configure({
    config: {
      ...engineConfigFor(chain, options.dialect, inProcessBaseUrl(options.dialect)),
      seed: options.seed,
      webhookSecret: WEBHOOK_SECRET,
    },
  });
  const start = clock.now();
  const firstSeq = mock.sim.journal.total;
  const samples: Sample[] = [];
  let nextSample = start;
  const driver = options.mode === "drive" ? engine : null;

  const wait = async (ms: number) => {
    const end = clock.now() + ms;
    while (clock.now() < end) {
      if (clock.now() >= nextSample) {
        samples.push({ at: clock.now(), locations: await engine.locations() });
        nextSample += MINUTE;
      }
      await clock.advanceTo(Math.min(end, nextSample));
    }
  };

  const actions = simulatorActions(mock, locations, { now: () => clock.now(), wait, step: 1000 });
  const stage: Stage = {
    dialect: options.dialect,
    mode: options.mode,
    start,
    locations,
    driver,
    now: () => clock.now(),
    at: (ms) => new Date(start + ms).toISOString(),
    wait,
    ...actions,
  };

  return {
    stage,
    finish(notes) {
      void engine.stop();
      mock.sim.configureWebhooks(null);
      return {
        dialect: options.dialect,
        mode: options.mode,
        start,
        end: clock.now(),
        locations,
        journal: [...mock.sim.journal.entries()].filter((e) => e.seq > firstSeq && e.operation !== "admin"),
        samples,
        notes,
      };
    },
  };
}
