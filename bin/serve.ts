import { randomBytes } from "node:crypto";
import type { MockPos } from "../simulator/app.ts";
import type { Clock } from "../simulator/clock/index.ts";
import {
  ConfigError,
  resolveCommand,
  type ServeConfig,
  serveConfigFrom,
  settingsFor,
} from "../simulator/config.ts";
import type { DialectDescriptor } from "../simulator/dialects/descriptor.ts";
import { BUILTIN_DIALECTS, MAIN_DIALECT } from "../simulator/dialects/registry.ts";
import { locationIds } from "../simulator/domain/chain.ts";
import type { ActiveQuirks } from "../simulator/quirks/index.ts";
import type { Scenario } from "../simulator/scenario/schema.ts";
import type { Deployment } from "../simulator/serve.ts";
import type { Simulator } from "../simulator/state.ts";
import type { ServerTls } from "../simulator/tls/index.ts";
import type { Listener } from "../simulator/topology/listeners.ts";
import { loadScenario, UsageError, untilSignal } from "./cli.ts";

/** `mockpos serve`: the simulator on the listeners of its topology, until SIGINT or SIGTERM. */
export async function serve(
  config: ServeConfig,
  dialects: readonly DialectDescriptor[] = [],
): Promise<number> {
  const quirks = config.quirks === undefined ? undefined : await quirksOf(config.quirks);
  const served = await startSimulator(config, { probe: !config.noProbe, quirks, dialects });
  if (!served) return 1;
  // Handlers go in before the banner: whoever reads the banner may signal at once.
  const stopped = untilSignal("mockpos");
  process.stdout.write(`${served.banner("mockpos").join("\n")}\n`);
  await stopped;
  await served.close();
  process.stdout.write("mockpos: stopped\n");
  return 0;
}

/**
 * The settings of `serve` given as flags (`{ port: "0", "clock-factor": "60" }`), read as the
 * command line reads them: with MOCKPOS_* variables and defaults, checked the same way.
 */
export function serveConfigOf(
  flags: Record<string, string | undefined>,
  dialects: readonly DialectDescriptor[] = BUILTIN_DIALECTS,
): ServeConfig {
  const argv = Object.entries(flags).flatMap(([name, value]) =>
    value === undefined ? [] : [`--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`, value],
  );
  const { values } = resolveCommand("serve", argv, process.env, settingsFor(dialects));
  return serveConfigFrom(values, dialects);
}

/** A simulator served as `mockpos serve` serves it. */
export interface Served {
  mock: MockPos;
  clock: Clock;
  config: ServeConfig;
  scenario: Scenario | undefined;
  deployment: Deployment;
  /** Where the admin API (and the generic dialect, when served centrally) answers. */
  url: string;
  /** The certificate every listener serves, with the CA that signed it (`--tls self-signed`). */
  tls: ServerTls | undefined;
  /** The admin token in force (given, or generated because a listener binds beyond loopback). */
  adminToken: string | undefined;
  /** The banner's lines: `<title> listening on <url> (…)`, then where everything answers. */
  banner(title: string): string[];
  /** Stops the scenario, the push feed and webhooks, and every listener. */
  close(): Promise<void>;
}

/** `--quirks LIST` (or the variable) read, or a UsageError naming the entry at fault. */
async function quirksOf(list: string): Promise<ActiveQuirks> {
  const { parseQuirks, QuirkError } = await import("../simulator/quirks/index.ts");
  try {
    return parseQuirks(list);
  } catch (err) {
    if (err instanceof QuirkError) throw new UsageError(`--quirks: ${err.message}`);
    throw err;
  }
}

export interface StartOptions {
  /**
   * Run a scenario's probe connector (default true). Mock mode runs the reference engine
   * instead, so it takes the scenario's chain, clock, activity and faults without the probe.
   */
  probe?: boolean;
  /** Vendor quirks to put on (`serve --quirks`): the POS answers like a weaker API. */
  quirks?: ActiveQuirks;
  /** Dialects beside the built-in ones (their settings must come from `settingsFor` them too). */
  dialects?: readonly DialectDescriptor[];
}

/**
 * Starts the simulator of `config` on its listeners: the clock (or the scenario's), the chain,
 * the scenario, the push feed and webhooks. Resolves with null, having said why on stderr, when
 * a listener cannot bind.
 */
export async function startSimulator(
  config: ServeConfig,
  options: StartOptions = {},
): Promise<Served | null> {
  const loaded = config.scenario === undefined ? undefined : await loadScenario(config.scenario);
  const scenario =
    loaded && options.probe === false ? { ...loaded, probe: { ...loaded.probe, enabled: false } } : loaded;
  // Loaded only once the configuration is known to be good, so a mistake is reported at once.
  const [{ createMockPos }, topology, { serveTopology }, clocks, runtime, { withConsole }, security] =
    await Promise.all([
      import("../simulator/app.ts"),
      import("../simulator/topology/plan.ts"),
      import("../simulator/serve.ts"),
      import("../simulator/clock/index.ts"),
      import("../simulator/scenario/runtime.ts"),
      import("../simulator/console/index.ts"),
      secureModules(),
    ]);
  const tls = security.tlsOf(config);
  // Beyond loopback the admin API is locked: with the operator's token, or one made here.
  const generated =
    config.adminToken === undefined && !security.isLoopback(config.host)
      ? randomBytes(24).toString("base64url")
      : undefined;
  const adminToken = config.adminToken ?? generated;
  const access = security.adminAccess({
    host: config.host,
    token: adminToken,
    allowedHosts: config.allowedHosts,
  });
  const clock: Clock = scenario
    ? runtime.scenarioClock(withClock(scenario, config))
    : makeClock(config, clocks);
  const mock = createMockPos({
    seed: config.seed,
    locations: config.locations,
    locale: config.locale,
    journalSize: config.journalSize,
    clock,
    dialects: options.dialects,
    ...(config.auth === undefined ? {} : { auth: config.auth }),
  });
  const { sim, scenarios } = mock;
  if (options.quirks && options.quirks.size > 0)
    (await import("../simulator/quirks/index.ts")).setQuirks(sim, options.quirks);
  if (scenario) scenarios.load(scenario);
  let plan: ReturnType<typeof topology.planTopology>;
  const shard = config.shard === undefined ? undefined : topology.parseShard(config.shard);
  try {
    plan = topology.planTopology({
      topology: config.topology,
      dialects: config.dialects,
      ports: config.ports,
      main: MAIN_DIALECT,
      locationPortBase: config.locationPortBase,
      locations: locationIds(sim.chain),
      shard,
    });
  } catch (err) {
    throw new ConfigError((err as Error).message);
  }
  let deployment: Deployment;
  try {
    // The console rides on the main listener, beside the admin API (same access rules).
    deployment = await serveTopology(mock, plan, config.host, {
      main: (app) => withConsole(app, mock, { reports: config.reports }),
      // Under mTLS every listener asks for a client certificate of the simulator's client CA.
      tls:
        tls && config.auth === "mtls"
          ? { ...tls, clientCa: (await import("../simulator/auth/mtls.ts")).clientCertificates(sim).ca.cert }
          : tls,
      access,
    });
  } catch (err) {
    const message = (err as Error).message;
    const portFlags = settingsFor(mock.registry)
      .filter((s) => s.key === "port" || mock.registry.some((d) => s.key === `${d.name}Port`))
      .map((s) => s.flag);
    const taken = /EADDRINUSE/.test(message)
      ? ` — that port is taken: ${portFlags.join(", ")} (0 for any free one) or --dialects choose others`
      : "";
    process.stderr.write(`mockpos: cannot listen on ${config.host}: ${message}${taken}\n`);
    return null;
  }
  if (config.webhookUrl !== undefined && config.webhookSecret !== undefined) {
    sim.configureWebhooks({
      url: config.webhookUrl,
      secret: config.webhookSecret,
      timeoutMs: config.webhookTimeout,
    });
  }
  const feed = config.pushUrl === undefined ? undefined : await startFeed(mock.sim, config, config.pushUrl);
  const main = deployment.listeners.find((l) => l.main);
  if (!main) throw new Error("a deployment always has a main listener");
  const url = main.url;
  return {
    mock,
    clock,
    config,
    scenario,
    deployment,
    url,
    tls,
    adminToken,
    banner(title) {
      const range = shard && topology.shardRange(shard, sim.chain.locations.length);
      const first = sim.chain.locations[(range?.from ?? 1) - 1];
      const menuOfFirst = deployment.listeners.find(
        (l) =>
          l.dialect === MAIN_DIALECT &&
          (l.scope.locations === null || (first && l.scope.locations.includes(first.id))) &&
          (l.scope.operations === null || l.scope.operations.includes("menu.get")),
      );
      const { seed, locale } = sim.options;
      return [
        `${title} listening on ${url}  (chain "${sim.chain.name}", ${sim.chain.locations.length} location(s), seed "${seed}", locale ${locale}, ${clock.kind} clock)`,
        scenario
          ? `  scenario    ${scenario.name}: ${sim.faults.rules.length} fault rule(s); ${url}/__admin/scenario`
          : "",
        `  console     ${url}/__console${generated ? `?token=${generated}` : ""}`,
        ...security.securityLines({ tls, access, generated }),
        `  docs        ${url}/docs`,
        `  contract    ${url}/openapi.json`,
        `  locations   ${url}/__admin/chain   (credentials of every location)`,
        shard && range
          ? `  shard       ${topology.describeShard(shard, sim.chain.locations.length)} of ${sim.chain.locations.length} locations (the other shards serve the rest)`
          : "",
        ...listenerLines(deployment.listeners, config.topology),
        config.pushUrl
          ? `  push feed   ${shown(config.pushUrl)} (${config.pushRouting}, every ${config.pushInterval} s)`
          : "",
        config.webhookUrl
          ? `  webhooks    ${shown(config.webhookUrl)} (signed; ${url}/__admin/webhooks)`
          : "",
        options.quirks && options.quirks.size > 0
          ? `  quirks      ${[...options.quirks.keys()].join(", ")} (a weaker POS on purpose; ${url}/__admin/quirks)`
          : "",
        ...authLines(sim.options.auth, url),
        first && menuOfFirst
          ? `  try         curl ${tls?.ca ? `--cacert ${tls.ca.file} ` : ""}${tryCredential(sim.options.auth, first.credentials)} ${security.reachable(menuOfFirst.url, tls)}/v1/locations/${first.id}/menu`
          : "",
      ].filter((line) => line !== "");
    },
    async close() {
      scenarios.unload();
      feed?.stop();
      sim.configureWebhooks(null);
      await deployment.close();
    },
  };
}

// A long per-location list would bury the banner: show a few and point at the admin API.
function listenerLines(listeners: Listener[], topology: string): string[] {
  const shown = listeners.filter((l) => l.scope.locations === null || l.scope.locations.length !== 1);
  const local = listeners.filter((l) => l.scope.locations?.length === 1);
  const lines = shown
    .filter((l) => !(l.main && l.scope.operations?.length === 0))
    .map(
      (l) =>
        `  ${l.name.padEnd(16)} ${l.url}${l.scope.operations ? `   (${l.scope.operations.join(", ")})` : ""}`,
    );
  for (const l of local.slice(0, 3)) lines.push(`  ${l.name.padEnd(16)} ${l.url}`);
  if (local.length > 3)
    lines.push(`  …                ${local.length - 3} more ${topology} listeners: /__admin/topology`);
  return lines;
}

/** A URL as the banner shows it: a user and password in it are secrets, so they are left out. */
function shown(url: string): string {
  const u = new URL(url);
  if (u.username === "" && u.password === "") return url;
  u.username = "";
  u.password = "";
  return `${u.href} (credentials in the URL not shown)`;
}

/** The banner's word on `--auth`: where the credentials are, beyond the keys every dialect knows. */
function authLines(mechanism: ServeConfig["auth"], url: string): string[] {
  if (mechanism === "oauth")
    return [
      `  auth        OAuth 2 client credentials: POST ${url}/oauth/token (each dialect its own; client id and secret in /__admin/chain)`,
    ];
  if (mechanism === "mtls")
    return [
      "  auth        mutual TLS: a client certificate per location (certificate and key in /__admin/chain)",
    ];
  return [];
}

function tryCredential(mechanism: ServeConfig["auth"], credentials: { apiKey: string }): string {
  if (mechanism === "oauth") return "-H 'Authorization: Bearer <access_token from the token endpoint>'";
  if (mechanism === "mtls") return "--cert loc.pem --key loc.key";
  return `-H 'X-Api-Key: ${credentials.apiKey}'`;
}

async function secureModules() {
  const [tls, access] = await Promise.all([
    import("../simulator/tls/index.ts"),
    import("../simulator/admin/access.ts"),
  ]);
  return {
    isLoopback: tls.isLoopback,
    /** A listener's URL a client here can verify: a wildcard bind is no name in the certificate. */
    reachable(url: string, served: unknown): string {
      const u = new URL(url);
      if (served === undefined || !tls.isWildcard(u.hostname)) return url;
      u.hostname = "127.0.0.1";
      return u.origin;
    },
    adminAccess: access.adminAccess,
    securityLines: access.securityLines,
    /** The listeners' certificate, or a ConfigError naming the flag at fault. */
    tlsOf(config: ServeConfig) {
      try {
        if (config.tls === "self-signed")
          return tls.prepareTls({ mode: "self-signed", names: config.allowedHosts }, config.host);
        if (config.tlsCert !== undefined && config.tlsKey !== undefined)
          return tls.prepareTls(
            { mode: "files", certFile: config.tlsCert, keyFile: config.tlsKey },
            config.host,
          );
        return undefined;
      } catch (err) {
        if (err instanceof tls.TlsError) throw new ConfigError(err.message);
        throw err;
      }
    },
  };
}

async function startFeed(sim: Simulator, config: ServeConfig, url: string) {
  const { startPushFeed } = await import("../simulator/push/index.ts");
  const credential =
    config.pushUser !== undefined && config.pushPassword !== undefined
      ? { username: config.pushUser, password: config.pushPassword }
      : undefined;
  return startPushFeed(sim, {
    url,
    routing: config.pushRouting,
    credential,
    interval: config.pushInterval * 1000,
    batchSize: config.pushBatchSize,
    onCycle: (r) => {
      if (r.catalogBatches + r.salesBatches + r.failures.length === 0) return;
      const failed = r.failures.length === 0 ? "" : `, ${r.failures.length} failed: ${r.failures[0]?.reason}`;
      process.stdout.write(
        `push: ${r.catalogBatches} catalog and ${r.salesBatches} sales batch(es) accepted, ` +
          `${r.ordersCreated} order(s) new, ${r.ordersUpdated} updated${failed}\n`,
      );
    },
  });
}

function makeClock(config: ServeConfig, clocks: typeof import("../simulator/clock/index.ts")): Clock {
  const origin = config.start === undefined ? undefined : Date.parse(config.start);
  if (config.clock === "virtual") return new clocks.VirtualClock(origin ?? Date.now());
  if (config.clock === "scaled") return new clocks.ScaledClock({ factor: config.clockFactor ?? 1, origin });
  return new clocks.RealClock();
}

/**
 * A scenario on the clock the command line asked for: `--clock scaled --clock-factor 60` serves
 * its day to an external connector at 60×, `--clock real` in real time from the scenario's start.
 */
function withClock(scenario: Scenario, config: ServeConfig): Scenario {
  if (config.clock === undefined) return scenario;
  const mode = config.clock === "real" ? "scaled" : config.clock;
  const factor = config.clock === "real" ? 1 : config.clockFactor;
  return { ...scenario, clock: { ...scenario.clock, mode, ...(factor !== undefined ? { factor } : {}) } };
}
