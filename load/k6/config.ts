// Settings of a load run, read from k6's __ENV (k6 run -e NAME=value, or the environment).
// Pure: no k6 import, so the Node side and the unit tests read them the same way.

import { DIALECTS } from "./dialects/index.ts";

/** The vendor styles the envelope speaks out of the box (mockpos's built-in dialects). */
export const LOAD_DIALECTS = ["generic", "elyx", "sinqro"] as const;
/** A dialect's name: a built-in one, or one a run registered (`npm run load -- --dialect-module`). */
export type LoadDialect = string;

/** Everything the envelope script needs to know about one run. */
export interface LoadConfig {
  /** The API style of the target: which routes, headers and error bodies (load/k6/dialects). */
  dialect: LoadDialect;
  /** Base URL of the POS API, used for every location without its own `baseUrl`. */
  baseUrl: string;
  /** Path of the JSON credentials file: [{ locationId, apiKey, baseUrl?, … }] (see credentials.ts). */
  credentialsPath: string;
  /** Use only the first N locations of the file; 0 means all. */
  locations: number;
  /** Cadences run this many times faster than the envelope says (the simulator's clock too). */
  compress: number;
  /** Wall-clock length of the service phase, in ms. */
  durationMs: number;
  /** Wall-clock time before service in which every VU sends one read (0: none); not gated. */
  warmupMs: number;
  /** Guest orders per location per simulated hour: create, append a round, pay. */
  ordersPerHour: number;
  /** Menus (and modifiers) fetched at once by the pre-service refresh. */
  menuConcurrency: number;
  /** Share of failed requests allowed; 0 is "no errors". */
  maxErrorRate: number;
  readP95Ms: number;
  readP99Ms: number;
  writeP95Ms: number;
  writeP99Ms: number;
  /** Budget of the once-a-day menu refresh; it is a bulk job, not on anyone's critical path. */
  preServiceP99Ms: number;
  /** Median budget of every service operation; 0 is no median gate (the envelope has none). */
  p50Ms: number;
  /** Share of the polls due that may be dropped (no free VU when due); 0 is "none dropped". */
  maxDroppedShare: number;
  /** Folder for summary.json and summary.txt; empty writes the summary to stdout only. */
  outDir: string;
  /** Prefix of Idempotency-Keys, so two runs against one POS never replay each other. */
  runId: string;
  /** What is under test, for the report (e.g. "mockpos 300 locations"). */
  label: string;
  /**
   * Faults are injected on purpose (mockpos fault rules): a failure that names its rule in
   * X-Mockpos-Fault is an intended outcome, counted apart and not held against the gates.
   */
  injectedFaults: boolean;
}

/** The longest polling period of the envelope, in simulated ms (availability, every 5 minutes). */
export const LONGEST_PERIOD_MS = 5 * 60_000;

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Milliseconds from `250ms`, `30s`, `5m`, `1.5h`, or a plain number of seconds. */
export function parseDuration(name: string, raw: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(raw.trim());
  const ms = m?.[1] === undefined ? Number.NaN : Number(m[1]) * (UNIT_MS[m[2] ?? "s"] ?? Number.NaN);
  if (!(ms > 0) || !Number.isFinite(ms)) {
    throw new Error(`${name} must be a duration like 90s, 10m or 1h, got '${raw}'`);
  }
  return Math.round(ms);
}

function number(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(n) || n < min || n > max) {
    throw new Error(`${name} must be a number from ${min} to ${max}, got '${raw}'`);
  }
  return n;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const n = number(env, name, fallback, min, max);
  if (!Number.isInteger(n)) throw new Error(`${name} must be a whole number, got '${env[name]}'`);
  return n;
}

type Env = Record<string, string | undefined>;

function flag(env: Env, name: string): boolean {
  const raw = env[name] ?? "";
  if (raw === "" || raw === "0" || raw === "false") return false;
  if (raw === "1" || raw === "true") return true;
  throw new Error(`${name} must be 1 or 0, got '${raw}'`);
}

/**
 * Checks a dialect name (LOAD_DIALECT, --dialect) against the dialects registered (the built-in
 * ones, and any a run's entry script registered first); throws naming `name` and the choices.
 */
export function parseDialect(name: string, raw: string | undefined): LoadDialect {
  if (raw === undefined || raw === "") return "generic";
  if (Object.hasOwn(DIALECTS, raw)) return raw;
  throw new Error(`${name} must be one of ${Object.keys(DIALECTS).join(", ")}, got '${raw}'`);
}

/** Reads and checks the LOAD_* variables; throws one message naming the variable at fault. */
export function readConfig(env: Env): LoadConfig {
  const compress = number(env, "LOAD_COMPRESS", 1, 0.001, 10_000);
  const credentialsPath = env.LOAD_CREDENTIALS ?? "";
  if (credentialsPath === "") {
    throw new Error("LOAD_CREDENTIALS must name a JSON file of [{ locationId, apiKey, baseUrl? }]");
  }
  const readP99Ms = number(env, "LOAD_READ_P99_MS", 50, 1, 600_000);
  // Two rounds of the slowest cadence: every location is polled at least twice by every scenario.
  const durationMs =
    env.LOAD_DURATION === undefined || env.LOAD_DURATION === ""
      ? Math.round((2 * LONGEST_PERIOD_MS) / compress)
      : parseDuration("LOAD_DURATION", env.LOAD_DURATION);
  const warmup = env.LOAD_WARMUP ?? "";
  const warmupMs = warmup === "" ? 5000 : warmup === "0" ? 0 : parseDuration("LOAD_WARMUP", warmup);
  const writeP99Ms = number(env, "LOAD_WRITE_P99_MS", 50, 1, 600_000);
  return {
    dialect: parseDialect("LOAD_DIALECT", env.LOAD_DIALECT),
    baseUrl: (env.LOAD_BASE_URL ?? "http://127.0.0.1:8080").replace(/\/+$/, ""),
    credentialsPath,
    locations: integer(env, "LOAD_LOCATIONS", 0, 0, 1_000_000),
    compress,
    durationMs,
    warmupMs,
    ordersPerHour: number(env, "LOAD_ORDERS_PER_HOUR", 4, 0, 3600),
    menuConcurrency: integer(env, "LOAD_MENU_CONCURRENCY", 8, 1, 256),
    maxErrorRate: number(env, "LOAD_MAX_ERROR_RATE", 0, 0, 1),
    readP95Ms: number(env, "LOAD_READ_P95_MS", readP99Ms / 2, 1, 600_000),
    readP99Ms,
    writeP95Ms: number(env, "LOAD_WRITE_P95_MS", writeP99Ms / 2, 1, 600_000),
    writeP99Ms,
    preServiceP99Ms: number(env, "LOAD_PRESERVICE_P99_MS", 1000, 1, 600_000),
    p50Ms: number(env, "LOAD_P50_MS", 0, 0, 600_000),
    maxDroppedShare: number(env, "LOAD_MAX_DROPPED", 0, 0, 1),
    outDir: (env.LOAD_OUT ?? "").replace(/\/+$/, ""),
    runId: env.LOAD_RUN_ID ?? "",
    label: env.LOAD_LABEL ?? "",
    injectedFaults: flag(env, "LOAD_FAULTS"),
  };
}
