import { z } from "zod";
import { ADAPTERS, type AdapterName } from "./adapters/index.ts";
import { LocationAuth } from "./credentials.ts";

const MINUTE = 60_000;
const LocalTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "a local time HH:MM");
const Ms = z.number().int().positive();

const Location = z
  .object({
    /** The engine's name for the location, unique in the chain. */
    id: z.string().min(1).max(100),
    dialect: z.enum(Object.keys(ADAPTERS) as [AdapterName, ...AdapterName[]]),
    /** Where this location's POS answers; locations may point at different POS instances. */
    baseUrl: z.url({ protocol: /^https?$/, error: "an http(s) URL" }),
    /** The POS's own id of the location (defaults to `id`). */
    posLocationId: z.string().min(1).max(100).optional(),
    /** As the dialect takes them (checked against the adapter's schema). */
    credentials: z.record(z.string(), z.unknown()),
    /** IANA timezone; when absent the POS's status answer gives it. */
    timezone: z.string().min(1).optional(),
    /** A PEM file of CA certificates to trust for this location's HTTPS (the chain's `caFile` otherwise). */
    caFile: z.string().min(1).optional(),
    /** OAuth 2 client credentials or a client certificate (mTLS), for a POS that asks for them. */
    auth: LocationAuth.optional(),
  })
  .strict();

/** The polling envelope (seed 003), per location; every location's polls are spread over each period. */
const Envelope = z
  .object({
    statusEveryMs: Ms.default(MINUTE),
    newOrdersEveryMs: Ms.default(4 * MINUTE),
    inProgressEveryMs: Ms.default(2 * MINUTE),
    availabilityEveryMs: Ms.default(5 * MINUTE),
    /** Local time of the daily full menu refresh, before service. */
    menuRefreshAt: LocalTime.default("06:00"),
  })
  .strict();

/** Retry schedules, ms between attempts (seed 003: ~5 attempts over ~2.5 min for locks, ~17 min for mark-paid). */
const Retries = z
  .object({
    lock: z.array(Ms).min(1).default([5_000, 10_000, 20_000, 40_000, 80_000]),
    pay: z.array(Ms).min(1).default([30_000, 60_000, 120_000, 240_000, 540_000]),
    serverError: z.array(Ms).min(1).default([2_000, 4_000, 8_000, 16_000, 32_000]),
    /** Share of each wait drawn at random either way, so retries of many orders do not line up. */
    jitter: z.number().min(0).max(0.5).default(0.1),
    /** How many times a rate-limited write waits out Retry-After before it is surfaced. */
    rateLimited: z.number().int().min(1).default(10),
  })
  .strict();

export const EngineConfig = z
  .object({
    /** Seeds the jitter and the engine's order references, so a run can be replayed (random when absent). */
    seed: z.string().min(1).optional(),
    locations: z.array(Location).min(1),
    envelope: Envelope.default(Envelope.parse({})),
    retries: Retries.default(Retries.parse({})),
    readTimeoutMs: Ms.default(10_000),
    writeTimeoutMs: Ms.default(20_000),
    /** The secret a pushing POS (Sinqro webhooks) signs with; without it, webhooks are refused. */
    webhookSecret: z.string().min(8).optional(),
    /** A PEM file of CA certificates every location's HTTPS trusts besides the public roots. */
    caFile: z.string().min(1).optional(),
    /** The durable outbox: a SQLite file, or `:memory:` for tests that need no crash safety. */
    outbox: z.string().min(1).default(":memory:"),
  })
  .strict()
  .superRefine((config, ctx) => {
    const seen = new Set<string>();
    config.locations.forEach((loc, i) => {
      if (seen.has(loc.id))
        ctx.addIssue({
          code: "custom",
          path: ["locations", i, "id"],
          message: `'${loc.id}' is listed twice`,
        });
      seen.add(loc.id);
      const creds = ADAPTERS[loc.dialect].credentials.safeParse(loc.credentials);
      if (!creds.success) {
        for (const issue of creds.error.issues) {
          ctx.addIssue({
            code: "custom",
            path: ["locations", i, "credentials", ...issue.path.map(String)],
            message: `${loc.dialect}: ${issue.message}`,
          });
        }
      }
    });
  });

export type EngineConfigInput = z.input<typeof EngineConfig>;
export type EngineConfig = z.output<typeof EngineConfig>;
export type LocationConfig = EngineConfig["locations"][number];

/** A configuration the engine refuses, with every problem as `path: reason`. */
export class ConfigError extends Error {
  readonly problems: { path: string; reason: string }[];

  constructor(problems: { path: string; reason: string }[]) {
    super(`invalid connector configuration: ${problems.map((p) => `${p.path}: ${p.reason}`).join("; ")}`);
    this.name = "ConfigError";
    this.problems = problems;
  }
}

/** Validates a configuration; throws ConfigError naming each bad field (`locations[2].baseUrl`). */
export function parseConfig(input: unknown): EngineConfig {
  const parsed = EngineConfig.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new ConfigError(
    parsed.error.issues.flatMap((i) =>
      // An unknown key is named itself, as a reader looks for it: `locations[0].colour: unknown field`.
      i.code === "unrecognized_keys"
        ? i.keys.map((k) => ({ path: fieldPath([...i.path, k]), reason: "unknown field" }))
        : [{ path: fieldPath(i.path), reason: i.message }],
    ),
  );
}

function fieldPath(path: readonly PropertyKey[]): string {
  return (
    path.reduce<string>(
      (out, part) =>
        typeof part === "number" ? `${out}[${part}]` : out === "" ? String(part) : `${out}.${String(part)}`,
      "",
    ) || "(config)"
  );
}
