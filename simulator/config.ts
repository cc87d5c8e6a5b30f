import { z } from "zod";
import { AUTH_MECHANISMS, type AuthMechanism } from "./credentials/index.ts";
import type { DialectDescriptor } from "./dialects/descriptor.ts";
import { BUILTIN_DIALECTS, MAIN_DIALECT } from "./dialects/registry.ts";
import { parseQuirks, QuirkError } from "./quirks/index.ts";
import { type Command, type Setting, setting } from "./settings/define.ts";
import { ConfigError } from "./settings/errors.ts";
import { type CommandLine, mergeSources, type Origins, parseCommandLine } from "./settings/parse.ts";
import { TOPOLOGIES } from "./topology/plan.ts";

export { ConfigError } from "./settings/errors.ts";
export { readConfigFile } from "./settings/parse.ts";

const port = () => z.coerce.number().int().min(0).max(65_535);
const SERVE: readonly Command[] = ["serve", "mock"];

/**
 * Every setting of `mockpos serve`, `mock` and `run`, once: flag, MOCKPOS_* variable, config-file
 * key, `--help` line and parsing all come from here. The dialects (built-in and `extra`) add
 * their `--<name>-port` and name the choices of `--dialects`.
 */
export function settingsFor(dialects: readonly DialectDescriptor[] = BUILTIN_DIALECTS): Setting[] {
  const names = dialects.map((d) => d.name) as [string, ...string[]];
  const main = dialects.find((d) => d.name === MAIN_DIALECT);
  return [
    setting("port", {
      schema: port().default(main?.defaultPort ?? 8080),
      value: "N",
      help: "port to listen on, the admin API's and the generic API's (0 picks a free one)",
      commands: SERVE,
    }),
    setting("host", {
      schema: z.string().min(1).default("127.0.0.1"),
      value: "ADDR",
      help: "interface to bind",
      commands: SERVE,
    }),
    setting("seed", {
      schema: z.string().min(1).max(200).default("mockpos"),
      value: "TEXT",
      help: "seed of the virtual chain",
      commands: SERVE,
    }),
    setting("locations", {
      schema: z.coerce.number().int().min(1).max(1_000_000).default(3),
      value: "N",
      help: "number of locations, 1-1000000",
      commands: SERVE,
    }),
    setting("locale", {
      schema: z.enum(["en", "es", "fr", "pl"]).default("en"),
      value: "CODE",
      help: "en, es, fr or pl",
      commands: SERVE,
    }),
    setting("journalSize", {
      schema: z.coerce.number().int().min(1).max(10_000_000).default(10_000),
      value: "N",
      help: "requests kept in the journal",
      commands: SERVE,
    }),
    setting("journalSize", {
      schema: z.coerce.number().int().min(1).max(10_000_000).default(1_000_000),
      value: "N",
      help: "requests kept in the journal and written to --out",
      commands: ["run"],
      env: false,
      file: false,
    }),
    setting("clock", {
      schema: z.enum(["real", "scaled", "virtual"]).optional(),
      value: "MODE",
      help: "real, scaled or virtual (stepped with POST /__admin/clock/advance); a scenario brings its own",
      shownDefault: "real",
      commands: SERVE,
    }),
    setting("clockFactor", {
      schema: z.coerce.number().positive().max(100_000).optional(),
      value: "F",
      help: "with --clock scaled: how much faster than real time (60: a minute a second)",
      commands: SERVE,
    }),
    setting("start", {
      schema: z.iso.datetime({ offset: true }).optional(),
      value: "ISO",
      help: "where scaled or virtual time starts",
      shownDefault: "now",
      commands: SERVE,
    }),
    setting("scenario", {
      schema: z.string().min(1).optional(),
      value: "FILE",
      help:
        "play a scenario (YAML or JSON); it sets the chain and the clock (a --clock given beside it " +
        "runs the scenario's day at that speed from its start)",
      commands: SERVE,
    }),
    setting("scenario", {
      schema: z.string().min(1),
      value: "FILE",
      help: "the scenario to play (YAML or JSON)",
      commands: ["run"],
      env: false,
      file: false,
    }),
    setting("out", {
      schema: z.string().min(1).optional(),
      value: "FILE",
      help: "write the journal there, as NDJSON",
      commands: ["run"],
      env: false,
      file: false,
    }),
    setting("noProbe", {
      schema: z.boolean().default(false),
      help: "with --scenario: no built-in probe connector (serve it to your own)",
      commands: ["serve"],
    }),
    setting("topology", {
      schema: z.enum(TOPOLOGIES).default("central"),
      value: "T",
      help:
        "central (one port per dialect for every location), per-location (each location its own " +
        "server and port), hybrid (menus central, orders local)",
      commands: SERVE,
    }),
    setting("dialects", {
      schema: z
        .preprocess(
          (v) => (typeof v === "string" ? v.split(",").map((s) => s.trim()) : v),
          z.array(z.enum(names)).min(1),
        )
        .default([...names]),
      value: "LIST",
      help: `dialects to serve: ${names.join(",")}`,
      commands: SERVE,
    }),
    setting("dialectModules", {
      schema: z
        .preprocess(
          (v) => (typeof v === "string" ? v.split(",").map((s) => s.trim()) : v),
          z.array(z.string().min(1)).min(1),
        )
        .optional(),
      value: "LIST",
      help:
        "modules exporting a dialect descriptor as `dialect` (simulator/dialects/descriptor.ts), " +
        "comma-separated: served beside the built-in ones, each with its own --<name>-port",
      commands: ["serve"],
      file: false,
    }),
    ...dialects
      .filter((d) => d.name !== MAIN_DIALECT)
      .map((d) =>
        setting(`${d.name}Port`, {
          schema: port().default(d.defaultPort),
          value: "N",
          help: `central port of ${d.title}`,
          commands: SERVE,
        }),
      ),
    setting("locationPortBase", {
      schema: port().default(9000),
      value: "N",
      help:
        "per-location ports: dialect k (in --dialects order), location i (from 0) listens on " +
        "N + 1000k + i (0: any free ports)",
      commands: SERVE,
    }),
    setting("shard", {
      // This process's part of a chain sharded by location range (see topology/shard.ts).
      schema: z
        .string()
        .regex(/^\d{1,4}\/\d{1,4}$/, "K/N, the K-th of N shards (e.g. 1/2)")
        .refine((s) => {
          const [k, n] = s.split("/").map(Number) as [number, number];
          return k >= 1 && k <= n;
        }, "K/N with 1 ≤ K ≤ N")
        .optional(),
      value: "K/N",
      help:
        "serve the K-th of N location ranges of the chain (every shard with the same --seed and " +
        "--locations); another shard's location is the dialect's NOT_FOUND naming its owner",
      shownDefault: "the whole chain",
      commands: SERVE,
    }),
    setting("pushUrl", {
      schema: z.url({ protocol: /^https?$/ }).optional(),
      value: "URL",
      help: "push the catalog and closed sales (haddock style) to this ingest API",
      commands: SERVE,
    }),
    setting("pushRouting", {
      schema: z.enum(["per-location", "venue"]).default("per-location"),
      value: "R",
      help:
        "per-location (each location its own Basic login) or venue (one login, --push-user / " +
        "--push-password, venueID on every record)",
      commands: SERVE,
    }),
    setting("pushUser", {
      schema: z.string().min(1).optional(),
      value: "USER",
      help: "with --push-routing venue: the feed's login",
      commands: SERVE,
    }),
    setting("pushPassword", {
      schema: z.string().min(1).optional(),
      value: "PASSWORD",
      help: "with --push-routing venue: the feed's password",
      commands: SERVE,
    }),
    setting("pushInterval", {
      schema: z.coerce.number().int().min(1).max(86_400).default(60),
      value: "S",
      help: "seconds between push cycles, in the simulator's clock",
      commands: SERVE,
    }),
    setting("pushBatchSize", {
      schema: z.coerce.number().int().min(1).max(500).default(100),
      value: "N",
      help: "orders per batch, 1-500",
      commands: SERVE,
    }),
    setting("webhookUrl", {
      schema: z.url({ protocol: /^https?$/ }).optional(),
      value: "URL",
      help:
        "send signed Sinqro-style webhooks (order and reservation status, catalog, availability) " +
        "to this listener; needs --webhook-secret",
      commands: SERVE,
    }),
    setting("webhookSecret", {
      schema: z.string().min(8).max(500).optional(),
      value: "S",
      help: "the webhooks' signing secret (8+ characters)",
      commands: SERVE,
    }),
    setting("webhookTimeout", {
      schema: z.coerce.number().int().min(1).max(600_000).default(2000),
      value: "MS",
      help: "an attempt unanswered after this long fails (simulator clock)",
      commands: SERVE,
    }),
    setting("quirks", {
      // Checked here, so a bad list is named by where it came from (flag, variable or file key).
      schema: z
        .string()
        .min(1)
        .superRefine((list, ctx) => {
          try {
            parseQuirks(list);
          } catch (err) {
            if (!(err instanceof QuirkError)) throw err;
            ctx.addIssue({ code: "custom", message: err.message });
          }
        })
        .optional(),
      value: "LIST",
      help:
        "answer like a weaker POS API, to prove `mockpos verify` fails where it should: " +
        "no-idempotency-replay, lock-as-500, shared-credentials, slow-writes[=MS], renamed-field " +
        "(also PUT /__admin/quirks)",
      commands: ["serve"],
    }),
    setting("tls", {
      schema: z.enum(["self-signed"]).optional(),
      value: "MODE",
      help: "self-signed: every listener speaks HTTPS (HTTP/2 and HTTP/1.1) with a certificate signed by a CA made at start; its file and fingerprint are printed",
      commands: SERVE,
    }),
    setting("tlsCert", {
      schema: z.string().min(1).optional(),
      value: "FILE",
      help: "serve HTTPS with this PEM certificate (with --tls-key)",
      commands: SERVE,
    }),
    setting("tlsKey", {
      schema: z.string().min(1).optional(),
      value: "FILE",
      help: "the PEM private key of --tls-cert",
      commands: SERVE,
    }),
    setting("auth", {
      schema: z.enum(AUTH_MECHANISMS).default("keys"),
      value: "MECHANISM",
      help:
        "how every location authenticates: keys (API keys / Basic, each dialect's own), oauth (OAuth 2 " +
        "client credentials: a token endpoint per dialect, bearer tokens) or mtls (a client certificate per " +
        "location; needs TLS)",
      commands: ["serve"],
    }),
    setting("adminToken", {
      schema: z
        .string()
        .regex(/^[\x21-\x7e]{16,200}$/, "16 to 200 printable characters, no spaces")
        .optional(),
      value: "TOKEN",
      help: "required on every admin request (Authorization: Bearer); generated and printed when a listener binds beyond loopback",
      commands: SERVE,
    }),
    setting("allowedHosts", {
      schema: z
        .preprocess(
          (v) => (typeof v === "string" ? v.split(",").map((s) => s.trim()) : v),
          z.array(z.string().regex(/^[\w.:[\]-]{1,253}$/, "a host name or address")),
        )
        .default([]),
      value: "LIST",
      help: "more names the admin API and console answer to in Host (loopback and the bind address always do)",
      shownDefault: "none",
      commands: SERVE,
    }),
    setting("reports", {
      schema: z.string().min(1).default("out"),
      value: "DIR",
      help: "where the console (/__console) finds the latest conform and verify reports",
      commands: SERVE,
    }),
    setting("dialect", {
      schema: z.enum(["generic", "elyx", "sinqro"]).default("generic"),
      value: "D",
      help: "the POS dialect the engine speaks: generic, elyx or sinqro",
      commands: ["mock"],
    }),
    setting("controlPort", {
      schema: port().default(9090),
      value: "N",
      help: "the engine's control port: driver protocol and webhook intake (0 picks a free one)",
      commands: ["mock"],
    }),
    setting("guestsPerHour", {
      schema: z.coerce.number().min(0).max(3600).default(0),
      value: "N",
      help:
        "built-in guests: parties per location per hour of the clock, pay-first and pay-later, " +
        "rounds and payments (0: none)",
      commands: ["mock"],
    }),
  ];
}

/** The settings of `mockpos serve` (and of the simulator in `mockpos mock`), resolved. */
export interface ServeConfig {
  port: number;
  host: string;
  seed: string;
  locations: number;
  locale: "en" | "es" | "fr" | "pl";
  journalSize: number;
  /** Absent: real time, or the scenario's own clock. */
  clock?: "real" | "scaled" | "virtual";
  clockFactor?: number;
  start?: string;
  scenario?: string;
  noProbe: boolean;
  topology: (typeof TOPOLOGIES)[number];
  dialects: string[];
  /** Modules of the dialects beyond the built-in ones (`--dialect-modules`). */
  dialectModules?: string[];
  /** Central port of each dialect (the main one's is `port`). */
  ports: Record<string, number>;
  locationPortBase: number;
  /** This process's part of a chain sharded by location range: "K/N" (see topology/shard.ts). */
  shard?: string;
  pushUrl?: string;
  pushRouting: "per-location" | "venue";
  pushUser?: string;
  pushPassword?: string;
  pushInterval: number;
  pushBatchSize: number;
  webhookUrl?: string;
  webhookSecret?: string;
  webhookTimeout: number;
  quirks?: string;
  /** Where the console looks for the latest conformance and verify reports. */
  reports: string;
  /** `self-signed`: a CA made at start signs the listeners' certificate. */
  tls?: "self-signed";
  tlsCert?: string;
  tlsKey?: string;
  /** How every location authenticates (`--auth`); `mock` leaves it at keys. */
  auth?: AuthMechanism;
  /** Required on every admin request when given; generated when a listener binds beyond loopback. */
  adminToken?: string;
  /** More names the admin API and console answer to in `Host` (loopback and the bind address always). */
  allowedHosts: string[];
}

/** Settings whose value is a secret: a message about them never repeats what was given. */
const SECRETS: readonly string[] = ["adminToken", "webhookSecret", "pushPassword"];

/**
 * Settings a scenario file decides itself, so they cannot be given beside it. Its clock can be:
 * a scenario played headless runs virtual, served to a connector it runs real or scaled.
 */
const SCENARIO_OWNS = ["seed", "locations", "locale", "start"] as const;

/** The commands that read MOCKPOS_* variables and a `--config` file (`run` takes flags only). */
export const READS_ENV_AND_FILE: Record<Command, boolean> = { serve: true, mock: true, run: false };

/** The settings of one command, resolved from its sources, with what the user asked for. */
export interface Resolved {
  line: CommandLine;
  /** Every setting of the command, parsed; undefined when it has no default and was not given. */
  values: Record<string, unknown>;
}

/**
 * Parses a command's flags and merges them with MOCKPOS_* variables and the `--config` file,
 * then validates once: a bad value is a ConfigError naming the setting the way the user gave it.
 */
export function resolveCommand(
  command: Command,
  argv: readonly string[],
  env: Record<string, string | undefined>,
  settings: readonly Setting[] = settingsFor(),
): Resolved {
  const sources = READS_ENV_AND_FILE[command];
  const line = parseCommandLine(command, argv, settings, sources);
  const own = settings.filter((s) => s.commands.includes(command));
  if (line.help) return { line, values: {} };
  const { merged, origins } = mergeSources(own, line, env, sources);
  if (merged.scenario !== undefined && command !== "run") {
    const clash = SCENARIO_OWNS.filter((key) => merged[key] !== undefined);
    if (clash.length > 0) {
      throw new ConfigError(
        clash
          .map((key) => `${origins.get(key) ?? key}: cannot be combined with --scenario, which sets it`)
          .join("\n"),
      );
    }
  }
  const values: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const s of own) {
    const result = s.schema.safeParse(merged[s.key]);
    if (result.success) values[s.key] = result.data;
    else problems.push(...result.error.issues.map((i) => problem(s, i.message, merged[s.key], origins)));
  }
  if (problems.length === 0 && command !== "run") problems.push(...crossChecks(values, settings, origins));
  if (problems.length > 0) throw new ConfigError(problems.join("\n"));
  return { line, values };
}

function problem(s: Setting, message: string, given: unknown, origins: Origins): string {
  const shown = given === undefined || SECRETS.includes(s.key) ? "" : ` (got ${JSON.stringify(given)})`;
  return `${origins.get(s.key) ?? s.flag}: ${given === undefined ? "required" : message}${shown}`;
}

function crossChecks(
  values: Record<string, unknown>,
  settings: readonly Setting[],
  origins: Origins,
): string[] {
  const named = (key: string) => origins.get(key) ?? settings.find((s) => s.key === key)?.flag ?? key;
  const out: string[] = [];
  if (values.webhookUrl !== undefined && values.webhookSecret === undefined)
    out.push(`${named("webhookSecret")}: webhooks are signed: give --webhook-secret with --webhook-url`);
  if (values.pushRouting === "venue" && (values.pushUser === undefined || values.pushPassword === undefined))
    out.push(
      `${named("pushRouting")}: venue routing pushes with one credential: give --push-user and --push-password`,
    );
  if (
    typeof values.shard === "string" &&
    typeof values.locations === "number" &&
    Number(values.shard.split("/")[1]) > values.locations
  )
    out.push(`${named("shard")}: more shards than locations: each shard needs at least one`);
  if (values.clock === "scaled" && values.clockFactor === undefined)
    out.push(`${named("clockFactor")}: a scaled clock needs --clock-factor`);
  if ((values.tlsCert === undefined) !== (values.tlsKey === undefined))
    out.push(
      `${named(values.tlsCert === undefined ? "tlsKey" : "tlsCert")}: give --tls-cert and --tls-key together`,
    );
  if (values.tls !== undefined && values.tlsCert !== undefined)
    out.push(
      `${named("tls")}: --tls self-signed makes its own certificate: leave out --tls-cert and --tls-key`,
    );
  if (values.auth === "mtls" && values.tls === undefined && values.tlsCert === undefined)
    out.push(`${named("auth")}: mtls needs TLS: add --tls self-signed (or --tls-cert and --tls-key)`);
  return out;
}

/** The serve settings among a command's resolved values, with each dialect's central port. */
export function serveConfigFrom(
  values: Record<string, unknown>,
  dialects: readonly DialectDescriptor[] = BUILTIN_DIALECTS,
): ServeConfig {
  const ports = Object.fromEntries(
    dialects.map((d) => [
      d.name,
      (d.name === MAIN_DIALECT ? values.port : values[`${d.name}Port`]) as number,
    ]),
  );
  return { ...(values as Omit<ServeConfig, "ports">), ports };
}
