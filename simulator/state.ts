import { openLocation } from "./activity/opening.ts";
import { type Clock, RealClock } from "./clock/index.ts";
import type { AuthMechanism } from "./credentials/index.ts";
import { EventBus, observe } from "./domain/events.ts";
import { onMaterialise, touchedLocations } from "./domain/locations.ts";
import { forgetReservations } from "./domain/reservations.ts";
import { forgetShifts } from "./domain/shifts.ts";
import type { Chain, LocaleCode } from "./domain/types.ts";
import { FaultEngine } from "./faults/engine.ts";
import type { FaultKind } from "./faults/kind.ts";
import { BUILT_IN_KINDS, FaultKinds } from "./faults/registry.ts";
import { generateChain } from "./generate/index.ts";
import { IdempotencyStore } from "./idempotency/index.ts";
import { Journal } from "./journal/index.ts";
import { releaseFreedMemory } from "./memory/index.ts";
import { startWebhooks, type WebhookOptions, type WebhookSender } from "./webhooks/index.ts";

export interface SimulatorOptions {
  /** Seed of the chain: the same seed always gives the same chain. Default "mockpos". */
  seed?: string;
  /** Number of locations. Default 3. */
  locations?: number;
  /** Locale of names, addresses, currency and timezone: en, es, fr or pl. Default en. */
  locale?: LocaleCode;
  /** Journal ring-buffer size. Default 10,000 entries. */
  journalSize?: number;
  /** Where time comes from. Default the real clock. */
  clock?: Clock;
  /** Open the day with a few orders already at the tables. Default true. */
  openService?: boolean;
  /**
   * Days a paid or voided order (and a closed shift with its report) is kept after it closed;
   * older ones are forgotten, so a simulator left running for weeks keeps a bounded amount of
   * memory. Default 3.
   */
  retainDays?: number;
  /**
   * How locations authenticate in every dialect: `keys` (API keys / Basic, the default), `oauth`
   * (bearer tokens from each dialect's token endpoint) or `mtls` (a client certificate per location).
   */
  auth?: AuthMechanism;
  /** Fault kinds beyond the built-in ones (simulator/faults/kinds), for the admin API and scenarios to use. */
  faultKinds?: readonly FaultKind[];
}

export type ResolvedOptions = Required<Omit<SimulatorOptions, "clock" | "faultKinds">>;

export const DEFAULTS: ResolvedOptions = {
  seed: "mockpos",
  locations: 3,
  locale: "en",
  journalSize: 10_000,
  openService: true,
  retainDays: 3,
  auth: "keys",
};

/** Everything a running simulator holds; `reset()` puts it back to what the seed gives. */
export class Simulator {
  #options: ResolvedOptions;
  readonly clock: Clock;
  readonly journal: Journal;
  readonly idempotency = new IdempotencyStore();
  readonly faults: FaultEngine;
  /** Every change in the chain (orders, availability, catalog, reservations), for webhooks and feeds. */
  readonly events = new EventBus();
  #webhooks: WebhookSender | null = null;
  #chain: Chain;

  constructor(options: SimulatorOptions = {}) {
    this.#options = { ...DEFAULTS, ...withoutUndefined(options) } as ResolvedOptions;
    this.clock = options.clock ?? new RealClock();
    this.journal = new Journal(this.#options.journalSize);
    this.#chain = this.#generate();
    if (!(this.#options.retainDays > 0))
      throw new RangeError(`retainDays must be positive, got ${this.#options.retainDays}`);
    this.#scheduleRetention();
    this.faults = new FaultEngine({
      clock: this.clock,
      chain: () => this.#chain,
      seed: () => this.#options.seed,
      kinds: options.faultKinds?.length ? new FaultKinds(options.faultKinds) : BUILT_IN_KINDS,
    });
  }

  get options(): ResolvedOptions {
    return this.#options;
  }

  get chain(): Chain {
    return this.#chain;
  }

  /** The webhook sender, while a listener is configured (`configureWebhooks`, `PUT /__admin/webhooks`). */
  get webhooks(): WebhookSender | null {
    return this.#webhooks;
  }

  /** Switches to another chain (a scenario's), then resets. The journal keeps its size. */
  configure(chain: Partial<Pick<ResolvedOptions, "seed" | "locations" | "locale" | "openService">>): void {
    this.#options = { ...this.#options, ...withoutUndefined(chain) };
    this.reset();
  }

  /**
   * Regenerates the chain from the seed, forgets journal and idempotency keys, and puts the
   * fault rules back to the baseline, their `+duration` instants counting from now.
   */
  reset(): void {
    this.#chain = this.#generate();
    this.journal.clear();
    this.idempotency.clear();
    this.faults.reset(this.clock.now());
    this.#webhooks?.reset();
  }

  /** Sends webhooks to a listener, replacing the sender there was; `null` stops sending. */
  configureWebhooks(options: WebhookOptions | null): WebhookSender | null {
    this.#webhooks?.stop();
    this.#webhooks = options === null ? null : startWebhooks(this, options);
    return this.#webhooks;
  }

  /** Every hour of clock time: closed orders, bookings and shift reports past retention, and expired idempotency keys, go (and the memory they held, see releaseFreedMemory). */
  #scheduleRetention(): void {
    this.clock.setTimeout(() => {
      const now = this.clock.now();
      forgetHistory(this.#chain, now - this.#options.retainDays * DAY);
      this.idempotency.prune(now);
      releaseFreedMemory();
      this.#scheduleRetention();
    }, HOUR);
  }

  #generate(): Chain {
    const { seed, locations, locale } = this.#options;
    const now = this.clock.now();
    const chain = generateChain({ seed, locations, locale, now });
    const open = this.#options.openService;
    // Each location opens its day as of the chain's start whenever it is first used, so a location
    // touched an hour in is the one a full sweep at the start would have made.
    onMaterialise(chain.locations, (location) => {
      if (open) openLocation(chain, location, now);
      observe(location, (event) => this.events.publish(event));
    });
    return chain;
  }
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function forgetHistory(chain: Chain, before: number): void {
  for (const location of touchedLocations(chain.locations)) {
    forgetReservations(location, before);
    for (const [id, order] of location.orders) {
      if (order.closedAt !== null && order.closedAt < before) location.orders.delete(id);
    }
    forgetShifts(location, before);
  }
}

function withoutUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(o).filter(([k, v]) => v !== undefined && k !== "clock" && k !== "faultKinds"),
  ) as Partial<T>;
}
