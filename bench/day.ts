// node bench/day.ts: a virtual service day (or several) for a whole chain with activity on, in one
// process on a VirtualClock, and how much faster than real time it runs (the aim is at least 3,000×),
// and where the memory goes: the live heap and RSS at every virtual day, and what holds the heap.
import os from "node:os";
import { startActivity } from "../simulator/activity/index.ts";
import { createMockPos } from "../simulator/app.ts";
import { VirtualClock } from "../simulator/clock/index.ts";
import { orderTotals } from "../simulator/domain/money.ts";
import type { LocaleCode } from "../simulator/domain/types.ts";
import { Simulator } from "../simulator/state.ts";
import { numberFlag, parseFlags, settingsOrExit, UsageError } from "./cli.ts";
import { attributeRetained, type MemorySample, type Retained, sampleMemory } from "./memory.ts";
import { connectorTraffic } from "./traffic.ts";

const USAGE = `usage: node bench/day.ts [options]

  --locations N   locations in the chain, 1-10000 (default 500)
  --hours H       virtual hours to run, above 0 and at most 168 (default 24)
  --seed S        chain and activity seed (default "bench")
  --locale L      en, es, fr or pl (default es)
  --requests      a connector's traffic too, in process: every location's status each minute,
                  changed orders every 2, a take-away order with an Idempotency-Key every 30
  -h, --help      this help
`;

const LOCALES: readonly LocaleCode[] = ["en", "es", "fr", "pl"];
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const AIM = 3000;
// 03:00 UTC is 04:00 in Madrid in March: the day starts after closeout, before the morning prep.
const START = Date.UTC(2026, 2, 13, 3, 0);

interface Settings {
  locations: number;
  hours: number;
  seed: string;
  locale: LocaleCode;
  requests: boolean;
}

function parseSettings(argv: string[]): Settings | "help" {
  const values = parseFlags(argv, {
    locations: { type: "string" },
    hours: { type: "string" },
    seed: { type: "string" },
    locale: { type: "string" },
    requests: { type: "boolean" },
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
  return { locations, hours, seed, locale, requests: values.requests === true };
}

async function run(settings: Settings) {
  const clock = new VirtualClock(START);
  const setupStart = performance.now();
  const options = { seed: settings.seed, locations: settings.locations, locale: settings.locale, clock };
  // The HTTP apps only when requests are sent: without them the figures are the domain's alone.
  const pos = settings.requests ? createMockPos(options) : undefined;
  const sim = pos?.sim ?? new Simulator(options);
  const traffic = pos && connectorTraffic(pos.app, sim);
  const activity = startActivity(sim);
  const setupMs = performance.now() - setupStart;

  const peak = { rss: 0, heap: 0 };
  const sample = () => {
    const m = process.memoryUsage();
    peak.rss = Math.max(peak.rss, m.rss);
    peak.heap = Math.max(peak.heap, m.heapUsed);
  };
  // A full collection per virtual day: what is live, not what the collector has not reached yet.
  // Its time is left out of the wall time.
  const days: { hour: number; memory: MemorySample }[] = [
    { hour: 0, memory: sampleMemory(sim, clock.pending) },
  ];
  let collectingMs = 0;
  const totalMs = Math.round(settings.hours * 60 * MINUTE);
  const dayStart = performance.now();
  for (let done = 0; done < totalMs; ) {
    const step = Math.min(MINUTE, totalMs - done);
    await clock.advance(step);
    done += step;
    await traffic?.tick(clock.now());
    sample();
    if (done % DAY === 0 || done === totalMs) {
      const at = performance.now();
      days.push({ hour: done / (60 * MINUTE), memory: sampleMemory(sim, clock.pending) });
      collectingMs += performance.now() - at;
    }
  }
  const wallMs = performance.now() - dayStart - collectingMs;
  const timers = clock.pending;
  activity.stop();
  const stats = activity.stats();
  const check = audit(sim);
  const retained = attributeRetained(sim);
  return {
    stats,
    check,
    setupMs,
    wallMs,
    peak,
    timers,
    virtualMs: totalMs,
    days,
    retained,
    traffic: traffic?.counts,
  };
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
  const { stats, wallMs, setupMs, peak, virtualMs, check } = result;
  const speedUp = virtualMs / wallMs;
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
    `peak heap:  ${mib(peak.heap)} (used, garbage included, sampled every virtual minute)`,
    `timers:     ${result.timers} pending at the end (one per active location, plus the reset watch)`,
    "",
    "events:",
    ...events.map(([kind, n]) => `  ${kind.padEnd(width)}  ${whole.format(n).padStart(9)}`),
    `refused by the domain: ${JSON.stringify(stats.refused)}; unexpected errors: ${stats.errors}`,
    result.traffic === undefined
      ? "connector requests: none (--requests sends them)"
      : `connector requests: ${whole.format(result.traffic.requests)}, ${whole.format(result.traffic.refused)} refused, ` +
        `${result.traffic.serverErrors} server errors`,
    "",
    `orders: ${whole.format(stats.events.ordersOpened)} opened by activity, ` +
      `${whole.format(stats.events.ordersPaid)} paid by activity; ` +
      `in the chain ${whole.format(check.orders)}, ${whole.format(check.paid)} paid, ` +
      `${check.mismatched} paid orders whose payments differ from their total`,
    "",
    ...memoryReport(result.days, result.retained),
  ];
  return `${lines.join("\n")}\n`;
}

const pad = (text: string, width: number) => text.padStart(width);

const MEMORY_COLUMNS: readonly {
  title: string;
  width: number;
  value: (hour: number, m: MemorySample) => string;
}[] = [
  { title: "hour", width: 5, value: (hour) => whole.format(hour) },
  { title: "live heap", width: 9, value: (_, m) => mib(m.liveHeap) },
  { title: "heap total", width: 10, value: (_, m) => mib(m.heapTotal) },
  { title: "rss", width: 8, value: (_, m) => mib(m.rss) },
  { title: "rss/live", width: 8, value: (_, m) => `${(m.rss / m.liveHeap).toFixed(2)}×` },
  { title: "released", width: 8, value: (_, m) => mib(m.rssReleased) },
  { title: "rel/live", width: 8, value: (_, m) => `${(m.rssReleased / m.liveHeap).toFixed(2)}×` },
  { title: "external", width: 8, value: (_, m) => mib(m.external) },
  { title: "arrayBuf", width: 8, value: (_, m) => mib(m.arrayBuffers) },
  { title: "malloced", width: 8, value: (_, m) => mib(m.malloced) },
  { title: "orders", width: 8, value: (_, m) => whole.format(m.counts.orders) },
  { title: "open", width: 6, value: (_, m) => whole.format(m.counts.openOrders) },
  { title: "lines", width: 8, value: (_, m) => whole.format(m.counts.orderLines) },
  { title: "shifts", width: 6, value: (_, m) => whole.format(m.counts.shifts) },
  { title: "reports", width: 7, value: (_, m) => whole.format(m.counts.closedShiftReports) },
  { title: "bookings", width: 8, value: (_, m) => whole.format(m.counts.reservations) },
  { title: "keys", width: 6, value: (_, m) => whole.format(m.counts.idempotencyKeys) },
  { title: "journal", width: 7, value: (_, m) => whole.format(m.counts.journalEntries) },
  { title: "timers", width: 6, value: (_, m) => whole.format(m.counts.timers) },
];

function memoryReport(days: { hour: number; memory: MemorySample }[], retained: Retained[]): string[] {
  const row = (cells: string[]) => cells.map((c, i) => pad(c, MEMORY_COLUMNS[i]?.width ?? 8)).join(" ");
  const lines = [
    "memory at every virtual day: heap total and rss as the process ran; live heap and released rss after a " +
      `full collection that hands freed pages back (MALLOC_ARENA_MAX=${process.env.MALLOC_ARENA_MAX ?? "unset"}):`,
    row(MEMORY_COLUMNS.map((c) => c.title)),
    ...days.map(({ hour, memory }) => row(MEMORY_COLUMNS.map((c) => c.value(hour, memory)))),
  ];
  const last = days.at(-1)?.memory;
  const dayBefore = days.at(-2)?.memory;
  if (last !== undefined) {
    const total = retained.reduce((n, r) => n + r.bytes, 0);
    lines.push(
      "",
      `what the live heap at the end (${mib(last.liveHeap)}) holds, measured by letting each part go:`,
    );
    for (const r of retained) {
      const each = r.count > 0 ? ` (${whole.format(r.bytes / r.count)} bytes each)` : "";
      lines.push(`  ${r.part.padEnd(26)} ${pad(whole.format(r.count), 9)}  ${pad(mib(r.bytes), 8)}${each}`);
    }
    lines.push(
      `  ${"the rest".padEnd(26)} ${pad("", 9)}  ${pad(mib(last.liveHeap - total), 8)} (the chain: locations, menus, staff; activity; code)`,
    );
    const ratio = last.rss / last.liveHeap;
    const released = last.rssReleased / last.liveHeap;
    lines.push(
      "",
      `rss / live heap at the end: ${ratio.toFixed(2)}× as it ran, ${released.toFixed(2)}× once freed memory went back ` +
        `(the hourly sweep does that, at most once a real hour) (aim ≤ 2×)${Math.min(ratio, released) > 2 ? "  ABOVE THE AIM" : ""}`,
    );
    if (dayBefore !== undefined && days.length >= 3) {
      const growth = last.liveHeap - dayBefore.liveHeap;
      lines.push(
        `live heap over the last virtual day: ${growth >= 0 ? "+" : ""}${mib(growth)} (${((growth / dayBefore.liveHeap) * 100).toFixed(1)}%)`,
      );
    }
  }
  return lines;
}

async function main(argv: string[]): Promise<number> {
  const settings = settingsOrExit(argv, parseSettings, USAGE, "bench");
  if (typeof settings === "number") return settings;
  process.stderr.write(`running ${settings.hours} virtual hours for ${settings.locations} locations…\n`);
  const result = await run(settings);
  process.stdout.write(report(settings, result));
  return result.stats.errors > 0 || (result.traffic?.serverErrors ?? 0) > 0 ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
