import type { AdapterName } from "../../connector/adapters/index.ts";
import type { Driver } from "../../connector/driver/protocol.ts";
import { engineConfigFor } from "../../connector/mock/config.ts";
import { createMockPos } from "../../simulator/app.ts";
import { RealClock, ScaledClock } from "../../simulator/clock/index.ts";
import { listen } from "../../simulator/server.ts";
import type { Mode, Run, Sample, Stage } from "../types.ts";
import { chainLocations, STAGE_START, simulatorActions, WEBHOOK_SECRET } from "./common.ts";

export interface ServedOptions {
  dialect: AdapterName;
  mode: Mode;
  locations: number;
  seed: string;
  /** The connector under test, reached over its control port (`HttpDriver`). */
  driver: Driver;
  /** Where the connector serves the driver protocol and its webhook intake (`POST /webhooks/sinqro`). */
  controlUrl: string;
  /** How much faster than the wall clock the check's time runs (60: a simulated minute a second). */
  timeScale: number;
}

const MINUTE = 60_000;
/** A step of `until`: how often a predicate is asked again, in simulated time. */
const POLL_STEP = 1000;
/** How long, in simulated time, closing the simulator's listener may take (a black-holed request can hang). */
const CLOSE_WITHIN = 5 * MINUTE;
/** The unjudged lap a connector runs first in each dialect (simulated time). */
const WARM_UP = 2 * MINUTE;

/** The dialects each connector has run its warm-up lap in. */
const warmed = new WeakMap<Driver, Set<AdapterName>>();

/**
 * A check's world with the connector in another process: a fresh simulator in the suite's own
 * process on a scaled clock, its dialect served on 127.0.0.1 (a free port), the connector
 * configured over the driver protocol with the same clock, Sinqro's webhooks delivered to the
 * connector's intake on its control port. At 60× a service hour passes in a minute.
 */
export async function servedStage(
  options: ServedOptions,
): Promise<{ stage: Stage; finish(notes: Run["notes"]): Promise<Run> }> {
  await warmUp(options);
  return openServed(options);
}

/**
 * Before its first check in a dialect, a connector runs an unjudged lap on a throwaway chain. At
 * 60× the engine's 10 s read timeout is 167 ms of wall time, and a cold process (code loaded and
 * compiled at its first requests, in the connector and in the suite's simulator alike) can take
 * that long to answer: the first minutes of a cold start must not decide a verdict.
 */
async function warmUp(options: ServedOptions): Promise<void> {
  const done = warmed.get(options.driver) ?? new Set<AdapterName>();
  warmed.set(options.driver, done);
  if (done.has(options.dialect)) return;
  done.add(options.dialect);
  const lap = await openServed({ ...options, seed: `${options.seed}:warm-up` });
  await lap.stage.wait(WARM_UP);
  await lap.finish({});
}

async function openServed(
  options: ServedOptions,
): Promise<{ stage: Stage; finish(notes: Run["notes"]): Promise<Run> }> {
  const clock = new ScaledClock({ factor: options.timeScale, origin: STAGE_START });
  // What the clock shows, at the wall-clock instant it showed it: the connector's clock agrees.
  const origin = clock.now();
  const startedAt = new RealClock().now();
  const mock = createMockPos({ seed: options.seed, locations: options.locations, clock });
  const { app, lane } = mock.dialects[options.dialect];
  const server = await listen(app, { port: 0, lane });
  const driver = options.driver;
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    mock.sim.configureWebhooks(null);
    await Promise.race([server.close(), clock.sleep(CLOSE_WITHIN)]);
  };
  const chain = mock.sim.chain;
  const locations = chainLocations(chain);
  if (options.dialect === "sinqro")
    mock.sim.configureWebhooks({
      url: `${options.controlUrl.replace(/\/+$/, "")}/webhooks/sinqro`,
      secret: WEBHOOK_SECRET,
      // Two seconds of wall time whatever the scale: the connector is another process.
      timeoutMs: 2000 * options.timeScale,
    });
  // Everything the connector does once configured is the run's: its first poll may come at once.
  const start = clock.now();
  const firstSeq = mock.sim.journal.total;
  try {
    await driver.configure({
      config: {
        ...engineConfigFor(chain, options.dialect, server.url),
        seed: options.seed,
        webhookSecret: WEBHOOK_SECRET,
        outbox: ":memory:",
      },
      clock: { factor: options.timeScale, origin, startedAt },
    });
  } catch (err) {
    await close();
    throw err;
  }
  const samples: Sample[] = [];
  let nextSample = start;

  const wait = async (ms: number) => {
    const end = clock.now() + ms;
    while (clock.now() < end) {
      if (clock.now() >= nextSample) {
        samples.push({ at: clock.now(), locations: await driver.locations() });
        // A slow answer must not make samples pile up: the next one is the next minute to come.
        while (nextSample <= clock.now()) nextSample += MINUTE;
      }
      await clock.sleep(Math.max(1, Math.min(end, nextSample) - clock.now()));
    }
  };

  const actions = simulatorActions(mock, locations, { now: () => clock.now(), wait, step: POLL_STEP });
  const stage: Stage = {
    dialect: options.dialect,
    mode: options.mode,
    start,
    locations,
    driver: options.mode === "drive" ? driver : null,
    now: () => clock.now(),
    at: (ms) => new Date(start + ms).toISOString(),
    wait,
    ...actions,
  };

  return {
    stage,
    async finish(notes) {
      // Stopped first, so nothing it sends after the end is left half in the journal.
      await driver.stop().catch(() => undefined);
      const end = clock.now();
      const journal = [...mock.sim.journal.entries()].filter(
        (e) => e.seq > firstSeq && e.operation !== "admin",
      );
      await close();
      return {
        dialect: options.dialect,
        mode: options.mode,
        start,
        end,
        locations,
        journal,
        samples,
        notes,
      };
    },
  };
}
