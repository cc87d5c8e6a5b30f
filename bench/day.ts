// node bench/day.ts: a virtual service day for a whole chain with activity on, in one process on a
// VirtualClock, and how much faster than real time it runs. The aim is at least 3,000×.
import os from "node:os";
import { startActivity } from "../simulator/activity/index.ts";
import { VirtualClock } from "../simulator/clock/index.ts";
import { orderTotals } from "../simulator/domain/money.ts";
import type { LocaleCode } from "../simulator/domain/types.ts";
import { Simulator } from "../simulator/state.ts";
import { numberFlag, parseFlags, settingsOrExit, UsageError } from "./cli.ts";

const USAGE = `usage: node bench/day.ts [options]

  --locations N   locations in the chain, 1-10000 (default 500)
  --hours H       virtual hours to run, above 0 and at most 168 (default 24)
  --seed S        chain and activity seed (default "bench")
  --locale L      en, es, fr or pl (default es)
  -h, --help      this help
`;

const LOCALES: readonly LocaleCode[] = ["en", "es", "fr", "pl"];
const MINUTE = 60_000;
const AIM = 3000;
// 03:00 UTC is 04:00 in Madrid in March: the day starts after closeout, before the morning prep.
const START = Date.UTC(2026, 2, 13, 3, 0);

interface Settings {
  locations: number;
  hours: number;
  seed: string;
  locale: LocaleCode;
}

function parseSettings(argv: string[]): Settings | "help" {
  const values = parseFlags(argv, {
    locations: { type: "string" },
    hours: { type: "string" },
    seed: { type: "string" },
    locale: { type: "string" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) return "help";
  const locations = numberFlag("--locations", values.locations, 500, { min: 1, max: 10_000, integer: true });
  const hours = numberFlag("--hours", values.hours, 24, { min: 0, max: 168, above: true });
  const seed = values.seed ?? "bench";
  if (seed === "") throw new UsageError("--seed must not be empty");
  const locale = (values.locale ?? "es") as LocaleCode;
  if (!LOCALES.includes(locale))
    throw new UsageError(`--locale must be one of ${LOCALES.join(", ")}, got '${values.locale}'`);
  return { locations, hours, seed, locale };
}

async function run(settings: Settings) {
  const clock = new VirtualClock(START);
  const setupStart = performance.now();
  const sim = new Simulator({ ...settings, clock });
  const activity = startActivity(sim);
  const setupMs = performance.now() - setupStart;

  const peak = { rss: 0, heap: 0 };
  const sample = () => {
    const m = process.memoryUsage();
    peak.rss = Math.max(peak.rss, m.rss);
    peak.heap = Math.max(peak.heap, m.heapUsed);
  };
  const totalMs = Math.round(settings.hours * 60 * MINUTE);
  const dayStart = performance.now();
  for (let done = 0; done < totalMs; ) {
    const step = Math.min(MINUTE, totalMs - done);
    await clock.advance(step);
    done += step;
    sample();
  }
  const wallMs = performance.now() - dayStart;
  const timers = clock.pending;
  activity.stop();
  return { sim, stats: activity.stats(), setupMs, wallMs, peak, timers, virtualMs: totalMs };
}

// Every paid order must have been paid exactly what its lines add up to.
function audit(sim: Simulator) {
  let orders = 0;
  let paid = 0;
  let mismatched = 0;
  for (const location of sim.chain.locations) {
    for (const order of location.orders.values()) {
      orders++;
      if (order.status !== "paid") continue;
      paid++;
      const totals = orderTotals(order);
      if (totals.total !== totals.paid) mismatched++;
    }
  }
  return { orders, paid, mismatched };
}

const whole = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const mib = (bytes: number) => `${whole.format(bytes / 2 ** 20)} MiB`;

function report(settings: Settings, result: Awaited<ReturnType<typeof run>>): string {
  const { stats, wallMs, setupMs, peak, virtualMs } = result;
  const speedUp = virtualMs / wallMs;
  const check = audit(result.sim);
  const cpu = os.cpus()[0]?.model.trim() ?? "unknown";
  const events = Object.entries(stats.events);
  const width = Math.max(...events.map(([kind]) => kind.length));
  const lines = [
    `machine: node ${process.version}, ${cpu}, ${os.cpus().length} cores`,
    `chain: ${settings.locations} locations, seed "${settings.seed}", locale ${settings.locale}; ` +
      `setup (generate + start) ${(setupMs / 1000).toFixed(2)} s`,
    `virtual time: ${settings.hours} h from ${new Date(START).toISOString()}, advanced a minute at a time`,
    "",
    `wall time:  ${(wallMs / 1000).toFixed(2)} s`,
    `speed-up:   ${whole.format(speedUp)}× real time (aim ≥ ${whole.format(AIM)}×)` +
      (speedUp < AIM ? "  BELOW THE AIM" : "") +
      `; ${whole.format(virtualMs / (wallMs + setupMs))}× counting the setup`,
    `peak RSS:   ${mib(peak.rss)}`,
    `peak heap:  ${mib(peak.heap)} (used, sampled every virtual minute)`,
    `timers:     ${result.timers} pending at the end (one per active location, plus the reset watch)`,
    "",
    "events:",
    ...events.map(([kind, n]) => `  ${kind.padEnd(width)}  ${whole.format(n).padStart(9)}`),
    `refused by the domain: ${JSON.stringify(stats.refused)}; unexpected errors: ${stats.errors}`,
    "",
    `orders: ${whole.format(stats.events.ordersOpened)} opened by activity, ` +
      `${whole.format(stats.events.ordersPaid)} paid by activity; ` +
      `in the chain ${whole.format(check.orders)}, ${whole.format(check.paid)} paid, ` +
      `${check.mismatched} paid orders whose payments differ from their total`,
  ];
  return `${lines.join("\n")}\n`;
}

async function main(argv: string[]): Promise<number> {
  const settings = settingsOrExit(argv, parseSettings, USAGE, "bench");
  if (typeof settings === "number") return settings;
  process.stderr.write(`running ${settings.hours} virtual hours for ${settings.locations} locations…\n`);
  const result = await run(settings);
  process.stdout.write(report(settings, result));
  return result.stats.errors > 0 ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
