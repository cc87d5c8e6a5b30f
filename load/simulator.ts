// The simulator under load, in a process of its own so it never shares an event loop with the
// runner. `node load/simulator.ts --locations N --credentials FILE [--seed S] [--locale L]
// [--compress F] [--dialect generic|elyx|sinqro|…] [--dialect-module FILE]… [--shard K/N]`: serves
// that dialect, writes every location's credentials to FILE in the form the dialect's load needs,
// and prints its URL on stdout. With --shard it serves only its range of the chain
// (simulator/topology/shard.ts), and the credentials it writes are that range's, each with this
// process's URL as its `baseUrl`.
// The generic app also answers the admin API (the capacity bench puts fault rules in through it).
// Started with an IPC channel it exits when the channel closes, so it cannot outlive its parent.
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { createMockPos } from "../simulator/app.ts";
import { ScaledClock } from "../simulator/clock/index.ts";
import { locationIds } from "../simulator/domain/chain.ts";
import type { LocaleCode } from "../simulator/domain/types.ts";
import { listen } from "../simulator/server.ts";
import { shardScope } from "../simulator/topology/plan.ts";
import { scoped } from "../simulator/topology/scope.ts";
import { parseShard, type Shard, shardRange } from "../simulator/topology/shard.ts";
import { dialectCredentials } from "./dialect-credentials.ts";
import { findDialect, loadDialectModules } from "./dialect-modules.ts";

const LOCALES: readonly string[] = ["en", "es", "fr", "pl"];

/** Asked over IPC: start measuring event-loop delay afresh, or report it. */
export interface LoopRequest {
  id: number;
  type: "loop-reset" | "loop";
}

/** The event-loop delay since the last reset, in ms. */
export interface LoopReply {
  id: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

function fail(message: string): never {
  process.stderr.write(`load/simulator: ${message}\n`);
  process.exit(2);
}

const { values } = parseArgs({
  args: process.argv.slice(2),
  strict: true,
  options: {
    locations: { type: "string" },
    credentials: { type: "string" },
    seed: { type: "string", default: "load" },
    locale: { type: "string", default: "en" },
    compress: { type: "string", default: "1" },
    dialect: { type: "string", default: "generic" },
    "dialect-module": { type: "string", multiple: true, default: [] },
    shard: { type: "string" },
  },
});
const locations = Number(values.locations);
const factor = Number(values.compress);
if (!Number.isInteger(locations) || locations < 1)
  fail(`--locations must be a whole number, got '${values.locations}'`);
if (!(factor > 0) || !Number.isFinite(factor)) fail(`--compress must be above 0, got '${values.compress}'`);
if (!LOCALES.includes(values.locale)) fail(`--locale must be one of ${LOCALES.join(", ")}`);
if (values.credentials === undefined) fail("--credentials FILE is required");
const extra = await loadDialectModules(values["dialect-module"].map((m) => resolve(m))).catch((err: Error) =>
  fail(err.message),
);
let descriptor: ReturnType<typeof findDialect>;
try {
  descriptor = findDialect(values.dialect, extra);
} catch (err) {
  fail((err as Error).message);
}
let shard: Shard | undefined;
try {
  shard = values.shard === undefined ? undefined : parseShard(values.shard);
  if (shard) shardRange(shard, locations);
} catch (err) {
  fail(`--shard: ${(err as Error).message}`);
}

const { dialects, sim } = createMockPos({
  seed: values.seed,
  locations,
  locale: values.locale as LocaleCode,
  clock: factor === 1 ? undefined : new ScaledClock({ factor }),
  dialects: extra,
});
const { app, lane } = dialects[descriptor.name] as (typeof dialects)["generic"];
const served = shard ? scoped(app, shardScope(shard, locationIds(sim.chain))) : app;
const server = await listen(served, {
  port: 0,
  host: "127.0.0.1",
  // A shard's scope lives in the app: only the whole chain's listener answers ahead of it.
  lane: shard ? undefined : lane,
});
const range = shard ? shardRange(shard, locations) : undefined;
const entries = dialectCredentials(sim.chain, descriptor, range).map((entry) =>
  range ? { ...entry, baseUrl: server.url } : entry,
);
writeFileSync(values.credentials, `${JSON.stringify(entries)}\n`, { mode: 0o600 });
// Started with --expose-gc (load/children.ts does), drop the generator's garbage now, so the
// resident memory measured before load is the chain's, not the chain's plus its scaffolding.
(globalThis as { gc?: () => void }).gc?.();

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await server.close();
  process.exit(0);
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);

// How late the event loop ran timers: what a request waited for the loop, whatever the client saw.
const LOOP_RESOLUTION_MS = 10;
const loop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
loop.enable();
const send = process.send?.bind(process);
if (send !== undefined) {
  process.on("disconnect", stop);
  process.on("message", (message: LoopRequest) => {
    if (message.type === "loop-reset") loop.reset();
    // The histogram holds whole sampling intervals; the delay is what exceeds the interval.
    const ms = (ns: number) => Math.max(0, ns / 1e6 - LOOP_RESOLUTION_MS);
    send({
      id: message.id,
      p50Ms: ms(loop.percentile(50)),
      p99Ms: ms(loop.percentile(99)),
      maxMs: ms(loop.max),
    } satisfies LoopReply);
  });
}
process.stdout.write(`${server.url}\n`);
