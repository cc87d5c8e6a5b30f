import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { basename, extname, resolve } from "node:path";
import type { Readable } from "node:stream";
import {
  AbstractStartedContainer,
  GenericContainer,
  getContainerRuntimeClient,
  type StartedTestContainer,
  Wait,
} from "testcontainers";
import { MockPosAdmin } from "../client/admin/index.ts";
import type { BuiltinDialect } from "../simulator/dialects/registry.ts";

/** A dialect the image serves, each on its own port. */
export type MockPosDialect = BuiltinDialect;

/**
 * The port each dialect listens on inside the container: the image's `MOCKPOS_*_PORT` defaults,
 * which are the dialects' own default ports. The generic one also carries the admin API.
 */
export const MOCKPOS_PORTS: Readonly<Record<MockPosDialect, number>> = {
  generic: 8080,
  elyx: 8082,
  sinqro: 8083,
};

const ADMIN_PORT = MOCKPOS_PORTS.generic;
const ALL_DIALECTS = Object.keys(MOCKPOS_PORTS) as MockPosDialect[];
// Where a scenario file lands inside the container (the image's user `node` reads it).
const SCENARIO_DIR = "/mockpos/scenario";
// Enough of the server's output to say why it stopped, when it stops before it answers.
const LOG_TAIL_CHARS = 4000;

/** How the simulator's clock runs (`mockpos serve --clock`). */
export type MockPosClock =
  | { mode: "real" }
  | { mode: "virtual"; start?: string | Date }
  | { mode: "scaled"; factor: number; start?: string | Date };

/** One location's id, name and credentials, as `GET /__admin/chain` lists them. */
export interface MockPosLocationCredentials {
  id: string;
  name: string;
  credentials: { apiKey: string; username: string; password: string };
}

/** Every credential of the chain: the chain-wide ones and each location's. */
export interface MockPosCredentials {
  /** The Elyx-style server's group key (sees every location) and the Sinqro-style integration token. */
  chain: { groupKey: string; serverToken: string };
  locations: MockPosLocationCredentials[];
}

/**
 * mockpos as a testcontainers module: `mockpos serve` in its image, configured by `with…`
 * methods, started with every asked dialect's port published and the admin API answering. The
 * admin API is locked with a token made for this container (or the one `withAdminToken` gives),
 * which the started container's admin client sends.
 */
export class MockPosContainer extends GenericContainer {
  #settings: Record<string, string> = {};
  #dialects: MockPosDialect[] = [...ALL_DIALECTS];
  #token = randomBytes(24).toString("base64url");
  #scenario: string | undefined;

  /** @param image a mockpos image, e.g. `mockpos:local` (scripts/docker-image.sh) or one built from the Dockerfile. */
  constructor(image: string) {
    super(image);
    this.withStartupTimeout(120_000);
  }

  /** How many locations the chain has (1–10,000). */
  withLocations(count: number): this {
    if (!Number.isInteger(count) || count < 1 || count > 10_000)
      throw new RangeError(`withLocations: ${count} is not a whole number from 1 to 10000`);
    this.#settings.MOCKPOS_LOCATIONS = String(count);
    return this;
  }

  /** The chain's seed: the same seed always gives the same chain. */
  withSeed(seed: string): this {
    this.#settings.MOCKPOS_SEED = seed;
    return this;
  }

  /** The chain's locale: en, es, fr or pl. */
  withLocale(locale: string): this {
    this.#settings.MOCKPOS_LOCALE = locale;
    return this;
  }

  /**
   * Plays a scenario file (YAML or JSON) of this machine: it is copied into the container. A
   * scenario decides its chain, so it goes without `withSeed`, `withLocations` and `withLocale`.
   */
  withScenario(file: string): this {
    const source = resolve(file);
    if (!existsSync(source)) throw new Error(`withScenario: no file ${source}`);
    if (![".yaml", ".yml", ".json"].includes(extname(source)))
      throw new Error(`withScenario: ${source} is not a .yaml, .yml or .json scenario file`);
    const target = `${SCENARIO_DIR}/${basename(source)}`;
    this.withCopyFilesToContainer([{ source, target, mode: 0o644 }]);
    this.#scenario = target;
    this.#settings.MOCKPOS_SCENARIO = target;
    return this;
  }

  /** The dialects to serve (default all three); only their ports are published, the admin API's always. */
  withDialects(...dialects: MockPosDialect[]): this {
    const unknown = dialects.filter((d) => !ALL_DIALECTS.includes(d));
    if (dialects.length === 0 || unknown.length > 0)
      throw new RangeError(
        `withDialects: give one or more of ${ALL_DIALECTS.join(", ")}${unknown.length > 0 ? ` (not ${unknown.join(", ")})` : ""}`,
      );
    this.#dialects = [...new Set(dialects)];
    this.#settings.MOCKPOS_DIALECTS = this.#dialects.join(",");
    return this;
  }

  /** The simulator's clock: real (default), virtual (stepped through `admin.clock`) or scaled. */
  withClock(clock: MockPosClock): this {
    delete this.#settings.MOCKPOS_CLOCK_FACTOR;
    delete this.#settings.MOCKPOS_START;
    this.#settings.MOCKPOS_CLOCK = clock.mode;
    if (clock.mode === "scaled") this.#settings.MOCKPOS_CLOCK_FACTOR = String(clock.factor);
    if (clock.mode !== "real" && clock.start !== undefined)
      this.#settings.MOCKPOS_START =
        typeof clock.start === "string" ? clock.start : clock.start.toISOString();
    return this;
  }

  /** The admin token (16–200 printable characters); by default one is made for each container. */
  withAdminToken(token: string): this {
    this.#token = token;
    return this;
  }

  override async start(): Promise<StartedMockPosContainer> {
    if (this.#scenario !== undefined) {
      const owned = ["MOCKPOS_SEED", "MOCKPOS_LOCATIONS", "MOCKPOS_LOCALE", "MOCKPOS_START"].filter(
        (k) => k in this.#settings,
      );
      if (owned.length > 0)
        throw new Error(
          `withScenario: the scenario decides its chain and start; leave out ${owned.join(", ")} (withSeed, withLocations, withLocale, withClock's start)`,
        );
    }
    // The admin API answers only to names it knows: loopback, and the Docker host's when the
    // engine is elsewhere (DOCKER_HOST, TESTCONTAINERS_HOST_OVERRIDE).
    const { host } = (await getContainerRuntimeClient()).info.containerRuntime;
    this.withEnvironment({
      ...this.#settings,
      MOCKPOS_ADMIN_TOKEN: this.#token,
      MOCKPOS_ALLOWED_HOSTS: host.replace(/^\[(.*)\]$/, "$1"),
    });
    this.withExposedPorts(...new Set([ADMIN_PORT, ...this.#dialects.map((d) => MOCKPOS_PORTS[d])]));
    this.withWaitStrategy(
      Wait.forHttp("/__admin/health", ADMIN_PORT, { abortOnContainerExit: true })
        .withHeaders({ authorization: `Bearer ${this.#token}` })
        .forStatusCode(200),
    );
    const output = this.#tailOutput();
    try {
      const started = await super.start();
      return new StartedMockPosContainer(started, { dialects: this.#dialects, token: this.#token });
    } catch (err) {
      const said = output();
      throw new Error(`${(err as Error).message}${said ? `\nmockpos said:\n${said}` : ""}`, { cause: err });
    }
  }

  // Keeps the end of the server's output (beside any log consumer given), to explain a failed start.
  #tailOutput(): () => string {
    let tail = "";
    const given = this.logConsumer;
    this.withLogConsumer((stream: Readable) => {
      stream.on("data", (chunk: Buffer | string) => {
        tail = `${tail}${chunk.toString()}`.slice(-LOG_TAIL_CHARS);
      });
      given?.(stream);
    });
    return () => tail.trim();
  }
}

/** A started mockpos: where each dialect answers, the chain's credentials and a typed admin client. */
export class StartedMockPosContainer extends AbstractStartedContainer {
  /** The typed admin client of this container, holding its admin token. */
  readonly admin: MockPosAdmin;
  /** The admin token every `/__admin` request needs (`Authorization: Bearer <token>`). */
  readonly adminToken: string;
  readonly #dialects: readonly MockPosDialect[];

  constructor(
    started: StartedTestContainer,
    options: { dialects: readonly MockPosDialect[]; token: string },
  ) {
    super(started);
    this.#dialects = options.dialects;
    this.adminToken = options.token;
    this.admin = new MockPosAdmin({ baseUrl: this.#origin(ADMIN_PORT), token: options.token });
  }

  /**
   * Where a dialect answers from this machine, e.g. `http://localhost:32768`: the origin its
   * routes hang from (`/v1/…` generic, `/api/v1/…` Elyx, `/sinqro/v1/…` Sinqro), as a
   * connector's `baseUrl` takes it.
   */
  baseUrl(dialect: MockPosDialect): string {
    if (!this.#dialects.includes(dialect))
      throw new RangeError(
        `baseUrl: '${dialect}' is not served by this container (withDialects: ${this.#dialects.join(", ")})`,
      );
    return this.#origin(MOCKPOS_PORTS[dialect]);
  }

  /** The admin API's root, e.g. `http://localhost:32768/__admin` (needs `adminToken`). */
  adminUrl(): string {
    return `${this.#origin(ADMIN_PORT)}/__admin`;
  }

  /** Every location's credentials and the chain-wide ones, read now from `GET /__admin/chain`. */
  async credentials(): Promise<MockPosCredentials> {
    const pageSize = 1000;
    const first = await this.admin.chain.get({ offset: 0, limit: pageSize });
    const pick = (page: typeof first) =>
      page.locations.map(({ id, name, credentials }) => ({ id, name, credentials }));
    const locations = pick(first);
    while (locations.length < first.locationCount) {
      const page = await this.admin.chain.get({ offset: locations.length, limit: pageSize });
      if (page.locations.length === 0) break;
      locations.push(...pick(page));
    }
    return { chain: first.credentials, locations };
  }

  #origin(port: number): string {
    const host = this.getHost();
    return `http://${host.includes(":") ? `[${host}]` : host}:${this.getMappedPort(port)}`;
  }
}
