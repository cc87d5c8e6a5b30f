import { MAX_PUSH_BODY_BYTES } from "../../contracts/push/routes.ts";
import type { SalesOrderWire } from "../../contracts/push/sales.ts";
import type { Clock } from "../clock/index.ts";
import type { Chain, Location } from "../domain/types.ts";
import { batches } from "./batches.ts";
import { catalogWire, salesOrderWire } from "./map.ts";
import { type PushFetch, postJson, type SendContext, type SendOutcome } from "./send.ts";
import { emptyStats, type PushCycleReport, type PushFailure, type PushStats, tally } from "./stats.ts";

export type { PushFetch } from "./send.ts";
export type { PushCycleReport, PushFailure, PushStats } from "./stats.ts";

export interface BasicCredential {
  username: string;
  password: string;
}

export interface PushFeedOptions {
  /** Base URL of the ingest API; the feed POSTs to `<url>/catalog/` and `<url>/orders/`. */
  url: string;
  /**
   * `per-location` (default): each location sends with its own credential, orders without venueID.
   * `venue`: one credential for the chain, every order and catalog naming its venueID (the location id).
   */
  routing?: "venue" | "per-location";
  /** The routing credential (routing `venue`). */
  credential?: BasicCredential;
  /** Per-location credentials by location id, or a function; default each location's own Basic user and password. */
  credentials?: Record<string, BasicCredential> | ((location: Location) => BasicCredential | undefined);
  /** Orders per sales batch, 1–500. Default 100. */
  batchSize?: number;
  /**
   * Largest body the receiver reads, in bytes: a sales batch that would serialize larger is
   * split. Default the contract's documented limit (2 MiB).
   */
  maxBodyBytes?: number;
  /** Clock ms between the end of one push cycle and the start of the next. Default 60,000. */
  interval?: number;
  /** Clock ms waited before each retry of a 429, 5xx or network failure. Default 1, 2, 4, 8, 16, 32 s. */
  retryDelays?: number[];
  /** Clock ms to wait for an answer. Default 30,000. */
  timeout?: number;
  /** The HTTP client; tests pass one backed by the receiver's `app.request`. Default global fetch. */
  fetch?: PushFetch;
  /** Called after every timed cycle (not after `flush()`, whose caller gets the report), e.g. to log it. */
  onCycle?: (report: PushCycleReport) => void;
}

export interface PushFeed {
  /** Stops the timer; a cycle under way ends after its current request. */
  stop(): void;
  /** Runs a push cycle now (after any under way) and resolves with what it did. */
  flush(): Promise<PushCycleReport>;
  readonly stats: PushStats;
}

interface LocationState {
  menuVersion: number | null;
  /** Change sequence up to which every closed order has been accepted. */
  cursor: number;
}

/**
 * The generic push feed: for each location, its catalog (first, and again when the menu
 * changes), then its closed orders (paid or voided) changed since the last accepted push, in
 * batches — upserts keyed by the order id. Runs on the simulator's clock.
 */
/** What the feed reads: the chain (read afresh each round: a reset regenerates it) and the clock it runs on. */
export interface PushSource {
  readonly chain: Chain;
  readonly clock: Clock;
}

export function startPushFeed(sim: PushSource, options: PushFeedOptions): PushFeed {
  const routing = options.routing ?? "per-location";
  if (routing === "venue" && !options.credential) throw new RangeError("routing 'venue' needs a credential");
  const batchSize = options.batchSize ?? 100;
  if (!(Number.isInteger(batchSize) && batchSize >= 1 && batchSize <= 500))
    throw new RangeError(`batchSize must be an integer from 1 to 500, got ${batchSize}`);
  const maxBodyBytes = options.maxBodyBytes ?? MAX_PUSH_BODY_BYTES;
  if (!(maxBodyBytes > 0)) throw new RangeError(`maxBodyBytes must be positive, got ${maxBodyBytes}`);
  const interval = options.interval ?? 60_000;
  if (!(interval > 0)) throw new RangeError(`interval must be positive, got ${interval}`);
  const base = options.url.replace(/\/+$/, "");
  const clock = sim.clock;
  const stats = emptyStats();
  let chain: Chain | null = null;
  let states = new Map<string, LocationState>();
  let stopped = false;
  let report: PushCycleReport;
  const ctx: SendContext = {
    fetch: options.fetch ?? ((url, init) => fetch(url, init)),
    clock,
    retryDelays: options.retryDelays ?? [1_000, 2_000, 4_000, 8_000, 16_000, 32_000],
    timeout: options.timeout ?? 30_000,
    onRetry: () => {
      stats.retries++;
      report.retries++;
    },
    stopped: () => stopped,
  };

  function credentialOf(location: Location): BasicCredential | undefined {
    if (routing === "venue") return options.credential;
    const given = options.credentials;
    if (typeof given === "function") return given(location);
    return given ? given[location.id] : location.credentials;
  }

  function fail(
    location: Location,
    kind: PushFailure["kind"],
    outcome: Exclude<SendOutcome, { kind: "ok" }>,
    orders?: readonly SalesOrderWire[],
  ) {
    const failure: PushFailure = {
      at: new Date(clock.now()).toISOString(),
      locationId: location.id,
      kind,
      status: outcome.status,
      reason: outcome.reason,
      outcome: outcome.kind,
      ...(orders ? { orders: orders.map((o) => o.externalID) } : {}),
    };
    tally.failure(stats, report, failure);
    if (outcome.kind === "gave-up") {
      // One endpoint and one credential for the whole chain: what is down for one venue is
      // down for all, so the cycle ends. Per location, only this location waits for the next.
      if (routing === "venue") throw new GaveUp();
      return;
    }
    if (outcome.kind !== "denied") return;
    // One routing credential refused is refused for every location.
    const who = routing === "venue" && outcome.status === 401 ? sim.chain.locations : [location];
    for (const l of who) stats.stopped[l.id] ??= `${kind} push refused: ${outcome.reason}`;
  }

  /**
   * Sends one body and records what came of it: null when the location has no credential. A
   * failure is recorded, except a sales batch's refusal that `sendSales` will take apart.
   */
  async function send(
    location: Location,
    kind: "catalog" | "sales",
    body: unknown,
    orders?: readonly SalesOrderWire[],
  ): Promise<SendOutcome | null> {
    const credential = credentialOf(location);
    if (!credential) {
      stats.stopped[location.id] = "no credential for this location";
      return null;
    }
    const auth = `Basic ${Buffer.from(`${credential.username}:${credential.password}`).toString("base64")}`;
    stats.requests++;
    const outcome = await postJson(ctx, `${base}/${kind === "catalog" ? "catalog" : "orders"}/`, auth, body);
    if (outcome.kind === "ok") tally.accepted(stats, report, kind, body, outcome.body);
    else if (!(orders && orders.length > 1 && isolates(outcome))) fail(location, kind, outcome, orders);
    return outcome;
  }

  /**
   * Sends a sales batch; true when the location may go on. A batch of several orders the
   * receiver refuses as a whole (400, 413) is sent again order by order, so that only the bad
   * ones are skipped, each with the receiver's reason.
   */
  async function sendSales(location: Location, orders: readonly SalesOrderWire[]): Promise<boolean> {
    const outcome = await send(location, "sales", { orders }, orders);
    if (!outcome) return false;
    if (outcome.kind === "ok") return true;
    if (!(orders.length > 1 && isolates(outcome))) return outcome.kind === "rejected";
    for (const order of orders) {
      if (stopped || stats.stopped[location.id]) return false;
      if (!(await sendSales(location, [order]))) return false;
    }
    return true;
  }

  async function pushLocation(location: Location, state: LocationState): Promise<void> {
    const venueID = routing === "venue" ? location.id : undefined;
    const version = location.menu.version;
    if (state.menuVersion !== version) {
      const outcome = await send(location, "catalog", catalogWire(location, venueID));
      if (!(outcome?.kind === "ok" || outcome?.kind === "rejected")) return;
      state.menuVersion = version;
    }
    // What is due, as it is now: an order that changes while a batch is out gets a change
    // sequence past `upTo` and goes again next cycle, so the cursor may only move to the
    // sequences seen here, never to one read after a send.
    const upTo = location.counters.change;
    const due = [...location.orders.values()]
      .filter((o) => o.status !== "open" && o.changedSeq > state.cursor && o.changedSeq <= upTo)
      .sort((a, b) => a.changedSeq - b.changedSeq)
      .map((o) => ({ seq: o.changedSeq, wire: salesOrderWire(sim.chain, location, o, venueID) }));
    for (const batch of batches(due, batchSize, maxBodyBytes)) {
      if (stopped || stats.stopped[location.id]) return;
      const orders = batch.map((b) => b.wire);
      if (!(await sendSales(location, orders))) return;
      state.cursor = Math.max(state.cursor, batch.at(-1)?.seq ?? state.cursor);
    }
    state.cursor = Math.max(state.cursor, upTo);
  }

  async function cycle(): Promise<PushCycleReport> {
    report = tally.startCycle(stats, clock.now());
    // A reset or a scenario brings a new chain: its orders and menus start from scratch.
    if (chain !== sim.chain) {
      chain = sim.chain;
      states = new Map();
    }
    try {
      for (const location of chain.locations) {
        if (stopped) break;
        if (stats.stopped[location.id]) continue;
        const state = states.get(location.id) ?? { menuVersion: null, cursor: 0 };
        states.set(location.id, state);
        await pushLocation(location, state);
      }
    } catch (err) {
      // The receiver stayed down past the last retry (venue routing): the next cycle starts
      // from the same cursors.
      if (!(err instanceof GaveUp)) throw err;
    }
    report.stopped = { ...stats.stopped };
    return report;
  }

  let queue: Promise<unknown> = Promise.resolve();
  const enqueue = (): Promise<PushCycleReport> => {
    const run = queue.then(cycle);
    queue = run.catch(() => undefined);
    return run;
  };
  let timer = clock.setTimeout(function tick() {
    void enqueue()
      .then((report) => options.onCycle?.(report))
      .catch((err) => console.error("mockpos push feed:", err))
      .finally(() => {
        if (!stopped) timer = clock.setTimeout(tick, interval);
      });
  }, 0);

  return {
    stop() {
      stopped = true;
      clock.clearTimeout(timer);
    },
    flush: enqueue,
    stats,
  };
}

class GaveUp extends Error {}

/** A refusal of a whole batch that may be down to some of its orders, or to its size. */
function isolates(outcome: SendOutcome): boolean {
  return outcome.kind === "rejected" && (outcome.status === 400 || outcome.status === 413);
}
