import * as routes from "../../contracts/admin/routes.ts";
import {
  chainApi,
  clockApi,
  faultsApi,
  journalApi,
  pactApi,
  quirksApi,
  scenarioApi,
  staffApi,
  webhooksApi,
} from "./groups.ts";
import type { BodyOf, ResultOf } from "./route.ts";
import type { faultsAdd } from "./routes.ts";
import { type AdminFetch, createTransport, type Transport } from "./transport.ts";

export type { AdminJournalEntry } from "./groups.ts";

export type { AdminProblem, BodyOf, ParamsOf, QueryOf, ResultOf } from "./route.ts";
export { MockPosAdminError } from "./route.ts";
export type { AdminFetch } from "./transport.ts";

/** A fault rule as `POST /__admin/faults` takes it (durations as `"5m"` or milliseconds). */
export type AdminFaultRule = Exclude<BodyOf<typeof faultsAdd>, readonly unknown[]>;

export interface MockPosAdminOptions {
  /** Where mockpos's main port answers, e.g. `http://127.0.0.1:8080`. */
  baseUrl: string;
  /** The admin token, sent as `Authorization: Bearer <token>`. */
  token?: string;
  /** The fetch to send with (default the global one); tests pass one backed by `app.request`. */
  fetch?: AdminFetch;
}

/** Anything that answers a request in process, like a Hono app's `request`. */
export interface InProcessApp {
  request(url: string, init?: RequestInit): Response | Promise<Response>;
}

/**
 * A typed client of the admin API (`/__admin`). Every method is one route of the contract
 * (contracts/admin), its arguments and answer typed by that route's own schemas, so a change in
 * the contract breaks its callers at compile time. A non-2xx answer throws `MockPosAdminError`
 * with the status and the problem body.
 */
export class MockPosAdmin {
  /** Fault rules: `add`, `list`, `remove`, `clear`. */
  readonly faults: ReturnType<typeof faultsApi>;
  /** The scenario in play: `load`, `get`, `stop`. */
  readonly scenario: ReturnType<typeof scenarioApi>;
  /** The simulator's clock: `get`; a virtual one also `advance` and `set`. */
  readonly clock: ReturnType<typeof clockApi>;
  /** The request journal: `list`, `export`. */
  readonly journal: ReturnType<typeof journalApi>;
  /** The chain and its credentials, one location, one order. */
  readonly chain: ReturnType<typeof chainApi>;
  /** The restaurant's staff at their terminals: orders, locks, sold-out items, shifts, closings, bookings. */
  readonly staff: ReturnType<typeof staffApi>;
  /** The webhook sender: `get`, `configure`, `stop`. */
  readonly webhooks: ReturnType<typeof webhooksApi>;
  /** Pact provider states: `states`, `setup`, `teardown`. */
  readonly pact: ReturnType<typeof pactApi>;
  /** Vendor quirks (a weaker POS API on purpose): `get`, `set`. */
  readonly quirks: ReturnType<typeof quirksApi>;
  readonly #http: Transport;

  constructor(options: MockPosAdminOptions) {
    const http = createTransport(options);
    this.#http = http;
    this.faults = faultsApi(http);
    this.scenario = scenarioApi(http);
    this.clock = clockApi(http);
    this.journal = journalApi(http);
    this.chain = chainApi(http);
    this.staff = staffApi(http);
    this.webhooks = webhooksApi(http);
    this.pact = pactApi(http);
    this.quirks = quirksApi(http);
  }

  /** A client of a simulator in this process: requests go to `app.request`, no socket. */
  static inProcess(app: InProcessApp, options: { token?: string } = {}): MockPosAdmin {
    return new MockPosAdmin({
      // 127.0.0.1: the host a served mockpos answers its admin API on.
      baseUrl: "http://127.0.0.1",
      fetch: async (url, init) => app.request(url, init),
      ...options,
    });
  }

  /** Up, the clock's kind and time, the seed, the journal's size. */
  health(): Promise<ResultOf<typeof routes.health>> {
    return this.#http.json(routes.health, {});
  }

  /** Every listener's dialect and URL; empty in process. */
  topology(): Promise<ResultOf<typeof routes.topology>> {
    return this.#http.json(routes.topology, {});
  }

  /** Back to what the seed gives: forgets the journal, idempotency keys and added fault rules. */
  reset(): Promise<ResultOf<typeof routes.reset>> {
    return this.#http.json(routes.reset, {});
  }
}
