import { readFileSync } from "node:fs";
import { z } from "zod";
import { DIALECTS } from "./dialects/names.ts";
import { TOPOLOGIES } from "./topology/plan.ts";

/** Settings of `mockpos serve`, from (lowest to highest) defaults, a config file, MOCKPOS_* variables, flags. */
export const ServeConfig = z
  .object({
    port: z.coerce.number().int().min(0).max(65_535).default(8080),
    host: z.string().min(1).default("127.0.0.1"),
    seed: z.string().min(1).max(200).default("mockpos"),
    locations: z.coerce.number().int().min(1).max(10_000).default(3),
    locale: z.enum(["en", "es", "fr", "pl"]).default("en"),
    journalSize: z.coerce.number().int().min(1).max(10_000_000).default(10_000),
    /** Absent: real time, or the scenario's own clock. */
    clock: z.enum(["real", "scaled", "virtual"]).optional(),
    clockFactor: z.coerce.number().positive().max(100_000).optional(),
    start: z.iso.datetime({ offset: true }).optional(),
    scenario: z.string().min(1).optional(),
    topology: z.enum(TOPOLOGIES).default("central"),
    dialects: z
      .preprocess(
        (v) => (typeof v === "string" ? v.split(",").map((s) => s.trim()) : v),
        z.array(z.enum(DIALECTS)).min(1),
      )
      .default([...DIALECTS]),
    elyxPort: z.coerce.number().int().min(0).max(65_535).default(8082),
    sinqroPort: z.coerce.number().int().min(0).max(65_535).default(8083),
    locationPortBase: z.coerce.number().int().min(0).max(65_535).default(9000),
    pushUrl: z.url({ protocol: /^https?$/ }).optional(),
    pushRouting: z.enum(["per-location", "venue"]).default("per-location"),
    pushUser: z.string().min(1).optional(),
    pushPassword: z.string().min(1).optional(),
    pushInterval: z.coerce.number().int().min(1).max(86_400).default(60),
    pushBatchSize: z.coerce.number().int().min(1).max(500).default(100),
    webhookUrl: z.url({ protocol: /^https?$/ }).optional(),
    webhookSecret: z.string().min(8).max(500).optional(),
    webhookTimeout: z.coerce.number().int().min(1).max(600_000).default(2000),
    /** Where the console looks for the latest conformance and verify reports. */
    reports: z.string().min(1).default("out"),
    /** `self-signed`: a CA made at start signs the listeners' certificate. */
    tls: z.enum(["self-signed"]).optional(),
    tlsCert: z.string().min(1).optional(),
    tlsKey: z.string().min(1).optional(),
    /** Required on every admin request when given; generated when a listener binds beyond loopback. */
    adminToken: z
      .string()
      .regex(/^[\x21-\x7e]{16,200}$/, "16 to 200 printable characters, no spaces")
      .optional(),
    /** More names the admin API and console answer to in `Host` (loopback and the bind address always). */
    allowedHosts: z
      .preprocess(
        (v) => (typeof v === "string" ? v.split(",").map((s) => s.trim()) : v),
        z.array(z.string().regex(/^[\w.:[\]-]{1,253}$/, "a host name or address")),
      )
      .default([]),
  })
  .strict()
  .refine((c) => (c.tlsCert === undefined) === (c.tlsKey === undefined), {
    message: "give --tls-cert and --tls-key together",
    path: ["tlsCert"],
  })
  .refine((c) => c.tls === undefined || c.tlsCert === undefined, {
    message: "--tls self-signed makes its own certificate: leave out --tls-cert and --tls-key",
    path: ["tls"],
  })
  .refine((c) => c.webhookUrl === undefined || c.webhookSecret !== undefined, {
    message: "webhooks are signed: give --webhook-secret with --webhook-url",
    path: ["webhookSecret"],
  })
  .refine((c) => c.pushRouting !== "venue" || (c.pushUser !== undefined && c.pushPassword !== undefined), {
    message: "venue routing pushes with one credential: give --push-user and --push-password",
    path: ["pushRouting"],
  })
  .refine((c) => c.clock !== "scaled" || c.clockFactor !== undefined, {
    message: "a scaled clock needs --clock-factor",
    path: ["clockFactor"],
  });

export type ServeConfig = z.infer<typeof ServeConfig>;

/** The flag a setting is given by, to name it in messages. */
export const FLAGS: Record<keyof ServeConfig, string> = {
  port: "--port",
  host: "--host",
  seed: "--seed",
  locations: "--locations",
  locale: "--locale",
  journalSize: "--journal-size",
  clock: "--clock",
  clockFactor: "--clock-factor",
  start: "--start",
  scenario: "--scenario",
  topology: "--topology",
  dialects: "--dialects",
  elyxPort: "--elyx-port",
  sinqroPort: "--sinqro-port",
  locationPortBase: "--location-port-base",
  pushUrl: "--push-url",
  pushRouting: "--push-routing",
  pushUser: "--push-user",
  pushPassword: "--push-password",
  pushInterval: "--push-interval",
  pushBatchSize: "--push-batch-size",
  webhookUrl: "--webhook-url",
  webhookSecret: "--webhook-secret",
  webhookTimeout: "--webhook-timeout",
  reports: "--reports",
  tls: "--tls",
  tlsCert: "--tls-cert",
  tlsKey: "--tls-key",
  adminToken: "--admin-token",
  allowedHosts: "--allowed-host",
};

/** Settings whose value is a secret: a message about them never repeats what was given. */
const SECRETS: readonly string[] = ["adminToken", "webhookSecret", "pushPassword"];

/**
 * Settings a scenario file decides itself, so they cannot be given beside it. Its clock can be:
 * a scenario played headless runs virtual, served to a connector it runs real or scaled.
 */
const SCENARIO_OWNS = ["seed", "locations", "locale", "start"] as const;

const ENV: Record<keyof ServeConfig, string> = {
  port: "MOCKPOS_PORT",
  host: "MOCKPOS_HOST",
  seed: "MOCKPOS_SEED",
  locations: "MOCKPOS_LOCATIONS",
  locale: "MOCKPOS_LOCALE",
  journalSize: "MOCKPOS_JOURNAL_SIZE",
  clock: "MOCKPOS_CLOCK",
  clockFactor: "MOCKPOS_CLOCK_FACTOR",
  start: "MOCKPOS_START",
  scenario: "MOCKPOS_SCENARIO",
  topology: "MOCKPOS_TOPOLOGY",
  dialects: "MOCKPOS_DIALECTS",
  elyxPort: "MOCKPOS_ELYX_PORT",
  sinqroPort: "MOCKPOS_SINQRO_PORT",
  locationPortBase: "MOCKPOS_LOCATION_PORT_BASE",
  pushUrl: "MOCKPOS_PUSH_URL",
  pushRouting: "MOCKPOS_PUSH_ROUTING",
  pushUser: "MOCKPOS_PUSH_USER",
  pushPassword: "MOCKPOS_PUSH_PASSWORD",
  pushInterval: "MOCKPOS_PUSH_INTERVAL",
  pushBatchSize: "MOCKPOS_PUSH_BATCH_SIZE",
  webhookUrl: "MOCKPOS_WEBHOOK_URL",
  webhookSecret: "MOCKPOS_WEBHOOK_SECRET",
  webhookTimeout: "MOCKPOS_WEBHOOK_TIMEOUT",
  reports: "MOCKPOS_REPORTS",
  tls: "MOCKPOS_TLS",
  tlsCert: "MOCKPOS_TLS_CERT",
  tlsKey: "MOCKPOS_TLS_KEY",
  adminToken: "MOCKPOS_ADMIN_TOKEN",
  allowedHosts: "MOCKPOS_ALLOWED_HOSTS",
};

export class ConfigError extends Error {
  override name = "ConfigError";
}

/**
 * Merges the sources and validates once; a bad value is a ConfigError that names the setting
 * the way the user gave it (flag, variable or file key) and says why.
 */
export function resolveServeConfig(
  flags: Partial<Record<keyof ServeConfig, string>>,
  env: NodeJS.ProcessEnv,
  file?: string,
): ServeConfig {
  const fromFile = file === undefined ? {} : readConfigFile(file);
  const origin = new Map<string, string>();
  const merged: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fromFile)) {
    merged[key] = value;
    origin.set(key, `'${key}' in ${file}`);
  }
  for (const key of Object.keys(ENV) as (keyof ServeConfig)[]) {
    const value = env[ENV[key]];
    if (value !== undefined && value !== "") {
      merged[key] = value;
      origin.set(key, ENV[key]);
    }
  }
  for (const [key, value] of Object.entries(flags)) {
    if (value === undefined) continue;
    merged[key] = value;
    origin.set(key, FLAGS[key as keyof ServeConfig]);
  }
  if (merged.scenario !== undefined) {
    const clash = SCENARIO_OWNS.filter((key) => merged[key] !== undefined);
    if (clash.length > 0) {
      throw new ConfigError(
        clash
          .map((key) => `${origin.get(key) ?? key}: cannot be combined with --scenario, which sets it`)
          .join("\n"),
      );
    }
  }
  const result = ServeConfig.safeParse(merged);
  if (result.success) return result.data;
  const messages = result.error.issues.map((issue) => {
    if (issue.code === "unrecognized_keys")
      return `unknown setting(s) ${issue.keys.map((k) => `'${k}'`).join(", ")} in ${file}`;
    const key = String(issue.path[0]);
    const given = SECRETS.includes(key) ? undefined : merged[key];
    return `${origin.get(key) ?? FLAGS[key as keyof ServeConfig] ?? key}: ${issue.message}${given === undefined ? "" : ` (got ${JSON.stringify(given)})`}`;
  });
  throw new ConfigError(messages.join("\n"));
}

/** The JSON object in a `--config` file; a ConfigError saying what is wrong with it otherwise. */
export function readConfigFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new ConfigError(
      `--config: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? String(err)})`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`--config: ${file} is not valid JSON (${(err as Error).message})`);
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed))
    throw new ConfigError(`--config: ${file} must hold a JSON object`);
  return parsed as Record<string, unknown>;
}
