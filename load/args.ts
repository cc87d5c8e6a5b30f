// `npm run load` options, and how they become the LOAD_* settings of the k6 script.
import { parseArgs } from "node:util";
import { LONGEST_PERIOD_MS, type LoadDialect, parseDialect, parseDuration } from "./k6/config.ts";

export const USAGE = `usage: npm run load -- [options]

Runs the polling envelope (load/k6/envelope.ts) with k6 against the simulator, which it starts,
or against --target. Reports go to out/load/<run>/ (summary.json, summary.txt, dashboard.html).

  --dialect D           the API style: generic (default), elyx, sinqro or one from --dialect-module;
                        the simulator serves it
  --dialect-module FILE a module exporting a dialect descriptor as \`dialect\` (simulator/dialects/
                        descriptor.ts): the simulator serves it beside the built-in ones and k6
                        sends the requests its \`load.module\` builds (repeatable)
  --locations N         chain size of the simulator (default 100); with --target, use only the
                        first N locations of the credentials (default all)
  --target URL          a running POS API instead of the simulator (mockpos or a vendor's)
  --credentials FILE    JSON list for --target, one entry per location:
                          generic { "locationId", "apiKey", "baseUrl"? }
                          elyx    { "locationId", "apiKey", "number", "baseUrl"? }
                          sinqro  { "locationId", "apiKey", "serverToken", "baseUrl"? }
                        without it a generic mockpos target is asked for its chain
                        (GET /__admin/chain)
  --compress F          cadences F times faster (the simulator's clock too), default 1
  --duration D          wall-clock length of service: 90s, 10m, 1h (default two 5-minute rounds,
                        compressed)
  --warmup D            before service, every k6 VU sends one read, not gated (default 5s; 0 = none)
  --orders-per-hour G   guest orders per location per simulated hour (default 4; 0 = reads only)
  --max-error-rate R    share of failed requests allowed (default 0)
  --read-p99 MS         p99 budget of the polls (default 50); --read-p95 defaults to half of it
  --write-p99 MS        p99 budget of create / append / pay (default 50); --write-p95 likewise
  --preservice-p99 MS   p99 budget of the menu refresh before service (default 1000)
  --p50 MS              median budget of every service operation (default: no median gate)
  --max-dropped R       share of the polls due that may be dropped (default 0)
  --menu-concurrency C  locations whose menus are fetched at once before service (default 8)
  --shards K            split the simulated chain across K simulator processes by location range
                        (mockpos serve --shard k/K each); k6 polls it as one chain, sending each
                        location to its shard (default 1)
  --seed S, --locale L  the simulated chain (default seed "load", locale en)
  --dashboard           also export k6's web dashboard as dashboard.html
  --out DIR             where the reports go (default out/load/<time>-<locations>)
  -h, --help            this help
`;

/** Settings of one `npm run load`. */
export interface RunSettings {
  dialect: LoadDialect;
  /** Modules of dialects beyond the built-in ones (`--dialect-module`). */
  dialectModules: string[];
  locations: number | undefined;
  target: string | undefined;
  credentials: string | undefined;
  compress: number;
  duration: string | undefined;
  warmup: string | undefined;
  ordersPerHour: number | undefined;
  maxErrorRate: number | undefined;
  readP95: number | undefined;
  readP99: number | undefined;
  writeP95: number | undefined;
  writeP99: number | undefined;
  preServiceP99: number | undefined;
  p50: number | undefined;
  maxDropped: number | undefined;
  menuConcurrency: number | undefined;
  /** Simulator processes the chain is split across, by location range. */
  shards: number;
  seed: string;
  locale: string;
  dashboard: boolean;
  out: string | undefined;
}

/** A bad option; the message names it. */
export class UsageError extends Error {
  override name = "UsageError";
}

const NUMBER_FLAGS = {
  locations: { min: 1, max: 1_000_000, whole: true },
  compress: { min: 0.001, max: 10_000, whole: false },
  "orders-per-hour": { min: 0, max: 3600, whole: false },
  "max-error-rate": { min: 0, max: 1, whole: false },
  "read-p95": { min: 1, max: 600_000, whole: false },
  "read-p99": { min: 1, max: 600_000, whole: false },
  "write-p95": { min: 1, max: 600_000, whole: false },
  "write-p99": { min: 1, max: 600_000, whole: false },
  "preservice-p99": { min: 1, max: 600_000, whole: false },
  p50: { min: 1, max: 600_000, whole: false },
  "max-dropped": { min: 0, max: 1, whole: false },
  "menu-concurrency": { min: 1, max: 256, whole: true },
  shards: { min: 1, max: 64, whole: true },
} as const;

type NumberFlag = keyof typeof NUMBER_FLAGS;

function numberFlag(values: Record<string, unknown>, flag: NumberFlag): number | undefined {
  const raw = values[flag];
  if (raw === undefined) return undefined;
  const { min, max, whole } = NUMBER_FLAGS[flag];
  const n = Number(raw);
  if (typeof raw !== "string" || raw.trim() === "" || !Number.isFinite(n) || n < min || n > max) {
    throw new UsageError(`--${flag} must be a number from ${min} to ${max}, got '${String(raw)}'`);
  }
  if (whole && !Number.isInteger(n)) throw new UsageError(`--${flag} must be a whole number, got '${raw}'`);
  return n;
}

/** Parses the command line; "help" for -h. Throws UsageError naming the option at fault. */
export function parseRunArgs(argv: string[]): RunSettings | "help" {
  const options: Record<string, { type: "string" | "boolean"; short?: string; multiple?: boolean }> = {
    dialect: { type: "string" },
    "dialect-module": { type: "string", multiple: true },
    target: { type: "string" },
    credentials: { type: "string" },
    duration: { type: "string" },
    warmup: { type: "string" },
    seed: { type: "string" },
    locale: { type: "string" },
    out: { type: "string" },
    dashboard: { type: "boolean" },
    help: { type: "boolean", short: "h" },
  };
  for (const flag of Object.keys(NUMBER_FLAGS)) options[flag] = { type: "string" };
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({ args: argv, options, strict: true, allowPositionals: false }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (values.help === true) return "help";
  const text = (name: string) => (typeof values[name] === "string" ? (values[name] as string) : undefined);
  const target = text("target");
  if (target !== undefined && !/^https?:\/\/[^/]/.test(target)) {
    throw new UsageError(`--target must be an http(s) URL, got '${target}'`);
  }
  const dialectModules = (values["dialect-module"] as string[] | undefined) ?? [];
  let dialect: LoadDialect;
  try {
    // A dialect of a module is checked once the module is loaded (load/dialect-modules.ts).
    const named = text("dialect");
    dialect =
      dialectModules.length > 0 && named !== undefined && /^[a-z][a-z0-9]*$/.test(named)
        ? named
        : parseDialect("--dialect", named);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const credentials = text("credentials");
  if (credentials !== undefined && target === undefined) {
    throw new UsageError("--credentials goes with --target (the simulator makes its own)");
  }
  // Only the generic port answers /__admin/chain; another dialect's entries need more anyway.
  if (target !== undefined && credentials === undefined && dialect !== "generic") {
    throw new UsageError(
      `--dialect ${dialect} with --target needs --credentials (see --help for the format)`,
    );
  }
  const duration = text("duration");
  if (duration !== undefined && !/^\d+(\.\d+)?(ms|s|m|h)?$/.test(duration)) {
    throw new UsageError(`--duration must be like 90s, 10m or 1h, got '${duration}'`);
  }
  const warmup = text("warmup");
  if (warmup !== undefined && !/^\d+(\.\d+)?(ms|s|m|h)?$/.test(warmup)) {
    throw new UsageError(`--warmup must be like 5s or 0, got '${warmup}'`);
  }
  const locale = text("locale") ?? "en";
  if (!["en", "es", "fr", "pl"].includes(locale)) throw new UsageError(`--locale must be en, es, fr or pl`);
  if (target !== undefined && (text("seed") !== undefined || text("locale") !== undefined)) {
    throw new UsageError("--seed and --locale describe the simulated chain; they do not go with --target");
  }
  const shards = numberFlag(values, "shards") ?? 1;
  if (target !== undefined && shards > 1)
    throw new UsageError("--shards splits the simulated chain; it does not go with --target");
  const locations = numberFlag(values, "locations");
  if (shards > (locations ?? 100))
    throw new UsageError(
      `--shards ${shards} for ${locations ?? 100} locations: each shard needs at least one`,
    );
  return {
    dialect,
    dialectModules,
    locations,
    target: target?.replace(/\/+$/, ""),
    credentials,
    compress: numberFlag(values, "compress") ?? 1,
    duration,
    warmup,
    ordersPerHour: numberFlag(values, "orders-per-hour"),
    maxErrorRate: numberFlag(values, "max-error-rate"),
    readP95: numberFlag(values, "read-p95"),
    readP99: numberFlag(values, "read-p99"),
    writeP95: numberFlag(values, "write-p95"),
    writeP99: numberFlag(values, "write-p99"),
    preServiceP99: numberFlag(values, "preservice-p99"),
    p50: numberFlag(values, "p50"),
    maxDropped: numberFlag(values, "max-dropped"),
    menuConcurrency: numberFlag(values, "menu-concurrency"),
    shards,
    seed: text("seed") ?? "load",
    locale,
    dashboard: values.dashboard === true,
    out: text("out"),
  };
}

/** The k6 script's LOAD_* variables for these settings (unset ones keep the script's defaults). */
export function k6Env(
  s: RunSettings,
  run: { baseUrl: string; credentialsPath: string; outDir: string; runId: string; label: string },
): Record<string, string> {
  const env: Record<string, string> = {
    LOAD_DIALECT: s.dialect,
    LOAD_BASE_URL: run.baseUrl,
    LOAD_CREDENTIALS: run.credentialsPath,
    LOAD_OUT: run.outDir,
    LOAD_RUN_ID: run.runId,
    LOAD_LABEL: run.label,
    LOAD_COMPRESS: String(s.compress),
  };
  const optional: [string, string | number | undefined][] = [
    // With --target, --locations picks the first N of the file; the simulator's chain is exactly N.
    ["LOAD_LOCATIONS", s.target === undefined ? undefined : s.locations],
    ["LOAD_DURATION", s.duration],
    ["LOAD_WARMUP", s.warmup],
    ["LOAD_ORDERS_PER_HOUR", s.ordersPerHour],
    ["LOAD_MAX_ERROR_RATE", s.maxErrorRate],
    ["LOAD_READ_P95_MS", s.readP95],
    ["LOAD_READ_P99_MS", s.readP99],
    ["LOAD_WRITE_P95_MS", s.writeP95],
    ["LOAD_WRITE_P99_MS", s.writeP99],
    ["LOAD_PRESERVICE_P99_MS", s.preServiceP99],
    ["LOAD_P50_MS", s.p50],
    ["LOAD_MAX_DROPPED", s.maxDropped],
    ["LOAD_MENU_CONCURRENCY", s.menuConcurrency],
  ];
  for (const [name, value] of optional) if (value !== undefined) env[name] = String(value);
  if (s.dashboard) {
    env.K6_WEB_DASHBOARD = "true";
    // No live server (a run must end on its own); the report is written when the test ends.
    env.K6_WEB_DASHBOARD_PORT = "-1";
    env.K6_WEB_DASHBOARD_EXPORT = `${run.outDir}/dashboard.html`;
    // The dashboard skips its report when a run has too few aggregation periods (10 s by default).
    const durationMs =
      s.duration === undefined
        ? (2 * LONGEST_PERIOD_MS) / s.compress
        : parseDuration("--duration", s.duration);
    env.K6_WEB_DASHBOARD_PERIOD = `${Math.min(10, Math.max(1, Math.round(durationMs / 60_000)))}s`;
  }
  return env;
}
