// npm run bench:generate: what a chain costs to start and to hold. A chain's locations are derived
// when first used, so starting one is working out every location's API key (so a request finds its
// location) and nothing more; this prints that startup time per locale, then what an idle location
// costs in memory (nothing of it derived yet) and what one costs once used (derived, its day opened
// with a few orders, its menu held or let go; see simulator/domain/menu-cache.ts).
import os from "node:os";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { VirtualClock } from "../simulator/clock/index.ts";
import { touchedCount } from "../simulator/domain/locations.ts";
import type { LocaleCode } from "../simulator/domain/types.ts";
import { Simulator } from "../simulator/state.ts";
import { numberFlag, parseFlags, settingsOrExit, UsageError } from "./cli.ts";

const USAGE = `usage: npm run bench:generate -- [options]

  --locations N   locations per chain, 1-1000000 (default 100000)
  --runs R        chains started per locale, the best and median reported, 1-20 (default 3)
  --touch K       locations used once (spread over the chain) to measure a used one, 0-100000 (default 10000)
  --locale L      en, es, fr, pl or all (default all); memory is measured on the first
  --seed S        chain seed (default "bench")
  -h, --help      this help
`;

const LOCALES: readonly LocaleCode[] = ["en", "es", "fr", "pl"];
// Issue #14: a 100,000-location chain starts in a few seconds and an idle location costs ≤ 10 KiB.
const AIM_START_MS_PER_100K = 5000;
const AIM_IDLE_BYTES = 10 * 1024;
const NOW = Date.UTC(2026, 2, 13, 11, 30);

interface Settings {
  locations: number;
  runs: number;
  touch: number;
  locales: readonly LocaleCode[];
  seed: string;
}

function parseSettings(argv: string[]): Settings | "help" {
  const values = parseFlags(argv, {
    locations: { type: "string" },
    runs: { type: "string" },
    touch: { type: "string" },
    locale: { type: "string" },
    seed: { type: "string" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) return "help";
  const locations = numberFlag("--locations", values.locations, 100_000, {
    min: 1,
    max: 1_000_000,
    integer: true,
  });
  const runs = numberFlag("--runs", values.runs, 3, { min: 1, max: 20, integer: true });
  const touch = numberFlag("--touch", values.touch, 10_000, { min: 0, max: 100_000, integer: true });
  const seed = values.seed ?? "bench";
  if (seed === "") throw new UsageError("--seed must not be empty");
  const locale = values.locale ?? "all";
  if (locale !== "all" && !LOCALES.includes(locale as LocaleCode))
    throw new UsageError(`--locale must be one of ${LOCALES.join(", ")} or all, got '${locale}'`);
  return {
    locations,
    runs,
    touch: Math.min(touch, locations),
    locales: locale === "all" ? LOCALES : [locale as LocaleCode],
    seed,
  };
}

// A full collection before each reading, so memory figures are what is held, not what awaits GC.
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

function held(): { heap: number; rss: number } {
  gc();
  gc();
  const { heapUsed, rss } = process.memoryUsage();
  return { heap: heapUsed, rss };
}

const start = (settings: Settings, locale: LocaleCode) =>
  new Simulator({
    seed: settings.seed,
    locations: settings.locations,
    locale,
    clock: new VirtualClock(NOW),
    journalSize: 1,
  });

function main(argv: string[]): number {
  const settings = settingsOrExit(argv, parseSettings, USAGE, "bench:generate");
  if (typeof settings === "number") return settings;
  const { locations, runs, seed } = settings;
  const cpu = os.cpus()[0]?.model.trim() ?? "unknown";
  const aim = (AIM_START_MS_PER_100K * locations) / 100_000;
  const lines = [
    `machine: node ${process.version}, ${cpu}, ${os.cpus().length} cores, load average ${os.loadavg()[0]?.toFixed(2)}`,
    `chain: ${locations} locations, seed "${seed}", ${runs} start(s) per locale; aims: started within ` +
      `${aim.toFixed(0)} ms, an idle location ≤ ${AIM_IDLE_BYTES / 1024} KiB`,
    "",
  ];
  let wrong = 0;
  for (const locale of settings.locales) {
    const times: number[] = [];
    for (let run = 0; run < runs; run++) {
      const started = performance.now();
      const sim = start(settings, locale);
      times.push(performance.now() - started);
      const last = `loc-${String(locations).padStart(4, "0")}`;
      if (sim.chain.locations.length !== locations || sim.chain.locations.at(-1)?.id !== last) {
        process.stderr.write(
          `bench:generate: ${locale}: expected ${locations} locations ending at ${last}\n`,
        );
        wrong++;
      }
    }
    times.sort((a, b) => a - b);
    const best = times[0] ?? 0;
    const median = times[Math.floor(times.length / 2)] ?? 0;
    lines.push(
      `${locale}: started in best ${best.toFixed(0)} ms, median ${median.toFixed(0)} ms` +
        (median > aim ? `  ABOVE THE AIM (${aim.toFixed(0)} ms)` : ""),
    );
  }
  lines.push("", ...memory(settings));
  process.stdout.write(`${lines.join("\n")}\n`);
  return wrong > 0 ? 1 : 0;
}

// Measured in this process on a fresh chain of the first locale: before, started (idle), then used.
function memory(settings: Settings): string[] {
  const { locations, touch } = settings;
  const locale = settings.locales[0] as LocaleCode;
  const before = held();
  const sim = start(settings, locale);
  const idle = held();
  const idleHeap = (idle.heap - before.heap) / locations;
  const idleRss = (idle.rss - before.rss) / locations;
  const out = [
    `idle (${locale}, nothing used): ${fmt(idleHeap)} of heap and ${fmt(idleRss)} of RSS per location` +
      (idleRss > AIM_IDLE_BYTES ? "  ABOVE THE AIM" : ""),
  ];
  if (touch > 0) {
    const step = locations / touch;
    const started = performance.now();
    for (let i = 0; i < touch; i++) void sim.chain.locations[Math.floor(i * step)]?.orders;
    const took = performance.now() - started;
    const used = held();
    out.push(
      `used once (${touchedCount(sim.chain.locations)} of them, spread over the chain): ` +
        `${fmt((used.heap - idle.heap) / touch)} of heap and ${fmt((used.rss - idle.rss) / touch)} of RSS more per location, ` +
        `${((took / touch) * 1000).toFixed(0)} µs each to derive and open`,
      "  (the menus of the 2,000 locations used last are held; a colder one is derived again when asked for)",
    );
  }
  return out;
}

function fmt(bytes: number): string {
  return Math.abs(bytes) >= 1024 ? `${(bytes / 1024).toFixed(1)} KiB` : `${bytes.toFixed(0)} B`;
}

process.exitCode = main(process.argv.slice(2));
