// npm run bench:console: how fast the console (/__console) loads for a big chain. mockpos serve
// runs in a child process (so the measuring does not share its event loop) with 1,000 locations,
// some of them unreachable, some orders held at terminals and items sold out; then the floor, its
// live partial and a location page are fetched over HTTP, and (with Debian's chromium) the floor
// is opened in headless Chromium: navigation to the load event, and to the live stream open.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { MockPosAdmin } from "../client/admin/index.ts";
import { firstLine } from "../load/proc.ts";
import { numberFlag, parseFlags, settingsOrExit } from "./cli.ts";

const USAGE = `usage: npm run bench:console -- [options]

  --locations N   locations in the chain, 1-10000 (default 1000)
  --runs R        measured loads of each page, 1-200 (default 20)
  --json          figures as JSON on stdout (the table goes to stderr)
  -h, --help      this help

Chromium: MOCKPOS_CHROMIUM, or /usr/bin/chromium (Debian's); without one only HTTP is measured.
`;

const MOCKPOS = fileURLToPath(new URL("../bin/mockpos.ts", import.meta.url));
const CHROMIUM = process.env.MOCKPOS_CHROMIUM || "/usr/bin/chromium";
const START_TIMEOUT_MS = 120_000;
const TARGET_MS = 1000;

interface Settings {
  locations: number;
  runs: number;
  json: boolean;
}

function parse(argv: string[]): Settings | "help" {
  const v = parseFlags(argv, {
    locations: { type: "string" },
    runs: { type: "string" },
    json: { type: "boolean" },
    help: { type: "boolean", short: "h" },
  });
  if (v.help) return "help";
  return {
    locations: numberFlag("--locations", v.locations, 1000, { min: 1, max: 10_000, integer: true }),
    runs: numberFlag("--runs", v.runs, 20, { min: 1, max: 200, integer: true }),
    json: v.json === true,
  };
}

interface Figure {
  what: string;
  p50: number;
  max: number;
  bytes?: number;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)] ?? 0;
};

async function timeGet(url: string, runs: number): Promise<{ times: number[]; bytes: number }> {
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < runs + 2; i++) {
    const t0 = performance.now();
    const res = await fetch(url);
    const body = await res.text();
    const ms = performance.now() - t0;
    if (res.status !== 200) throw new Error(`GET ${url}: ${res.status}`);
    bytes = Buffer.byteLength(body);
    if (i >= 2) times.push(ms); // two warm-up loads
  }
  return { times, bytes };
}

/** A floor with something on it: links down, orders held at terminals, items sold out. */
async function busyFloor(base: string, locations: number) {
  const admin = new MockPosAdmin({ baseUrl: base });
  const chain = await admin.chain.get({ limit: locations });
  const ids = chain.locations.map((l) => l.id);
  const every = (n: number, at = 0) => ids.filter((_, i) => i % n === at);
  await admin.faults.add({
    id: "bench-links",
    kind: "unreachable",
    mode: "503",
    scope: { locations: every(37) },
  });
  for (const id of every(11, 5).slice(0, 60)) {
    const loc = await admin.chain.location(id);
    const terminal = loc.terminals.find((t) => t.kind !== "integration");
    const open = await fetch(`${base}/v1/locations/${id}/orders?view=in_progress`, {
      headers: { "x-api-key": loc.credentials.apiKey },
    }).then((r) => r.json() as Promise<{ orders?: { id: string }[] }>);
    const order = open.orders?.[0];
    if (terminal && order) await admin.staff.lock(id, order.id, { terminalId: terminal.id });
  }
}

async function browserLoads(url: string, runs: number): Promise<{ load: number[]; live: number[] } | null> {
  if (!existsSync(CHROMIUM)) return null;
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
    ],
  });
  try {
    const load: number[] = [];
    const live: number[] = [];
    for (let i = 0; i < runs + 1; i++) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      const t0 = performance.now();
      await page.goto(url, { waitUntil: "load", timeout: 30_000 });
      const loaded = await page.evaluate<number>(
        "performance.getEntriesByType('navigation')[0].loadEventEnd",
      );
      await page.locator('#live[data-on="1"]').waitFor({ timeout: 30_000 });
      const liveAt = performance.now() - t0;
      if (i >= 1) {
        load.push(loaded);
        live.push(liveAt);
      }
      await page.close();
    }
    return { load, live };
  } finally {
    await browser.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const settings = settingsOrExit(argv, parse, USAGE, "bench:console");
  if (typeof settings === "number") return settings;
  const { locations, runs } = settings;
  const child = spawn(
    process.execPath,
    [
      MOCKPOS,
      "serve",
      "--port",
      "0",
      "--locations",
      String(locations),
      "--dialects",
      "generic",
      "--seed",
      "bench",
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  try {
    const banner = await firstLine(child, "mockpos serve", START_TIMEOUT_MS);
    const base = /listening on (http:\/\/\S+)/.exec(banner)?.[1];
    if (!base) throw new Error(`no URL in the banner: ${banner}`);
    process.stderr.write(
      `bench:console: mockpos with ${locations} locations at ${base}; preparing the floor\n`,
    );
    await busyFloor(base, locations);
    const figures: Figure[] = [];
    const http = async (what: string, path: string) => {
      const { times, bytes } = await timeGet(`${base}${path}`, runs);
      figures.push({ what, p50: median(times), max: Math.max(...times), bytes });
    };
    await http("HTTP  floor, first page (50 rows)", "/__console");
    await http(`HTTP  floor, every location (${Math.min(locations, 1000)} rows)`, "/__console?per=1000");
    await http("HTTP  floor's live part, filtered (locked)", "/__console/partials/floor?filter=locked");
    await http("HTTP  a location page", "/__console/locations/loc-0001");
    await http("HTTP  journal page", "/__console/journal");
    const browser = await browserLoads(`${base}/__console`, Math.min(runs, 10));
    if (browser) {
      figures.push({
        what: "Chromium  floor: navigation to load event",
        p50: median(browser.load),
        max: Math.max(...browser.load),
      });
      figures.push({
        what: "Chromium  floor: navigation to live stream open",
        p50: median(browser.live),
        max: Math.max(...browser.live),
      });
    }
    const all = browser ? await browserLoads(`${base}/__console?per=1000`, Math.min(runs, 5)) : null;
    if (all)
      figures.push({
        what: `Chromium  floor, every location: to load event`,
        p50: median(all.load),
        max: Math.max(...all.load),
      });

    const worst = Math.max(...figures.filter((f) => f.what.includes("floor")).map((f) => f.p50));
    const lines = [
      `console load, ${locations} locations (p50 and max of ${runs} HTTP loads, ${Math.min(runs, 10)} browser loads):`,
      ...figures.map(
        (f) =>
          `  ${f.what.padEnd(52)} p50 ${f.p50.toFixed(1).padStart(7)} ms   max ${f.max.toFixed(1).padStart(7)} ms${f.bytes === undefined ? "" : `   ${(f.bytes / 1024).toFixed(0)} KiB`}`,
      ),
      browser
        ? `  slowest floor figure: ${worst.toFixed(0)} ms (${worst < TARGET_MS ? "under" : "OVER"} a second)`
        : `  no Chromium at ${CHROMIUM}: browser figures not measured`,
    ];
    if (settings.json) {
      process.stderr.write(`${lines.join("\n")}\n`);
      process.stdout.write(`${JSON.stringify({ locations, runs, figures }, null, 2)}\n`);
    } else process.stdout.write(`${lines.join("\n")}\n`);
    return 0;
  } finally {
    child.kill("SIGTERM");
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`bench:console: ${(err as Error).stack ?? err}\n`);
    process.exit(1);
  },
);
