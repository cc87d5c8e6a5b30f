import type { Clock, TimerHandle } from "../clock/index.ts";
import { type FailureCode, PosError } from "../domain/errors.ts";
import type { Chain, Location, Order, Table, Terminal } from "../domain/types.ts";
import { Random } from "../random/index.ts";
import type { Course } from "./courses.ts";
import { type LocalClock, localClock } from "./local-time.ts";
import type { Settings } from "./options.ts";

/** What the activity counts, one per domain change it made (or met). */
export const EVENT_KINDS = [
  "arrivals",
  "turnedAway",
  "ordersOpened",
  "takeAways",
  "roundsAdded",
  "linesVoided",
  "ordersVoided",
  "ordersPaid",
  "tips",
  "locks",
  "lockedOut",
  "closedElsewhere",
  "soldOut",
  "backInStock",
  "pricesChanged",
  "menuUpdates",
  "onlineAccepted",
  "onlineRejected",
  "ordersProgressed",
  "bookingsAccepted",
  "bookingsDeclined",
  "bookingsSeated",
  "bookingsNoShow",
  "bookingsCompleted",
] as const;

export type EventKind = (typeof EVENT_KINDS)[number];

export interface ActivityStats {
  /** Events by kind: parties, orders, rounds, payments, holds at terminals, stock and price changes. */
  events: Record<EventKind, number>;
  /** Refusals the domain answered the staff with (an order held at another terminal…), by code. */
  refused: Partial<Record<FailureCode, number>>;
  /** Unexpected exceptions caught so the timers keep running: a bug when not 0. */
  errors: number;
}

/** What every location's run shares. */
export interface Engine {
  readonly clock: Clock;
  readonly settings: Settings;
  readonly stats: ActivityStats;
  /** The chain the simulator holds now (a reset replaces it). */
  chain(): Chain;
  /** Called when a run finds the chain replaced. */
  replaced(): void;
}

export interface Party {
  readonly orderId: string;
  readonly tableId: string | null;
  readonly terminalId: string;
  /** What the table still has to do, the next step first. */
  steps: Step[];
  /** Attempts at the current step that met a hold from elsewhere. */
  blocked: number;
}

export interface Step {
  kind: "round" | "edit" | "pay" | "void";
  /** Wait after the step before it, ms. */
  after: number;
  /** For a round: how many items of which course. */
  items?: readonly (readonly [course: Course, count: number])[];
}

interface Task {
  at: number;
  run: () => void;
}

/**
 * One location's staff: its own seeded generators, its parties, and an agenda of what happens
 * next there. The agenda keeps one clock timer, for its earliest task, so the clock's queue
 * holds one timer per location however busy the floor is.
 */
export class LocationRun {
  readonly engine: Engine;
  readonly chain: Chain;
  readonly location: Location;
  readonly intensity: number;
  readonly local: LocalClock;
  // Separate streams, so that a change in one kind of event does not reshuffle the others.
  readonly arrivals: Random;
  readonly service: Random;
  readonly kitchen: Random;
  /** Answers to the online channel (orders and bookings from an API). */
  readonly online: Random;
  readonly tables: readonly Table[];
  readonly tills: readonly Terminal[];
  readonly parties = new Map<string, Party>();
  readonly seated = new Set<string>();
  // Products this activity sold out, which it brings back (and no others).
  readonly soldByUs = new Set<string>();
  #tasks: Task[] = [];
  #timer: TimerHandle | null = null;
  #timerAt = Number.POSITIVE_INFINITY;
  #stopped = false;
  // While due tasks run, the timer is set once at the end rather than after every new task.
  #firing = false;
  #seenOrders = -1;
  #foreign: Order[] = [];

  constructor(engine: Engine, chain: Chain, location: Location, intensity: number, seed: string) {
    this.engine = engine;
    this.chain = chain;
    this.location = location;
    this.intensity = intensity;
    this.local = localClock(location.timezone);
    const root = new Random(`${seed}:activity:${location.id}`);
    this.arrivals = root.fork("arrivals");
    this.service = root.fork("service");
    this.kitchen = root.fork("kitchen");
    this.online = root.fork("online");
    this.tables = location.areas.flatMap((a) => a.tables);
    this.tills = location.terminals.filter((t) => t.kind !== "integration");
  }

  now(): number {
    return this.engine.clock.now();
  }

  count(kind: EventKind, n = 1): void {
    this.engine.stats.events[kind] += n;
  }

  /** Counts a refusal; anything that is not a PosError is a bug, reported and swallowed. */
  refused(error: unknown): FailureCode | null {
    if (error instanceof PosError) {
      const refused = this.engine.stats.refused;
      refused[error.code] = (refused[error.code] ?? 0) + 1;
      return error.code;
    }
    this.engine.stats.errors += 1;
    this.engine.settings.onError(error);
    return null;
  }

  /** Runs `run` at `at` (epoch ms; never before now). */
  at(at: number, run: () => void): void {
    if (this.#stopped) return;
    const task = { at: Math.max(Math.round(at), this.now()), run };
    const tasks = this.#tasks;
    let lo = 0;
    let hi = tasks.length;
    // After every task due at the same instant: ties run in the order they were planned.
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((tasks[mid] as Task).at <= task.at) lo = mid + 1;
      else hi = mid;
    }
    tasks.splice(lo, 0, task);
    if (lo === 0 && !this.#firing) this.#arm();
  }

  after(ms: number, run: () => void): void {
    this.at(this.now() + ms, run);
  }

  stop(): void {
    this.#stopped = true;
    this.#tasks = [];
    if (this.#timer) this.engine.clock.clearTimeout(this.#timer);
    this.#timer = null;
  }

  #arm(): void {
    const first = this.#tasks[0];
    if (this.#stopped || !first || first.at >= this.#timerAt) return;
    const clock = this.engine.clock;
    if (this.#timer) clock.clearTimeout(this.#timer);
    this.#timerAt = first.at;
    this.#timer = clock.setTimeout(this.#fire, first.at - clock.now());
  }

  readonly #fire = (): void => {
    this.#timer = null;
    this.#timerAt = Number.POSITIVE_INFINITY;
    if (this.engine.chain() !== this.chain) {
      this.engine.replaced();
      return;
    }
    const now = this.now();
    this.#firing = true;
    // Tasks due now run before the next timer is set, those they add for now included.
    for (;;) {
      const task = this.#tasks[0];
      if (this.#stopped || !task || task.at > now) break;
      this.#tasks.shift();
      try {
        task.run();
      } catch (error) {
        this.refused(error);
      }
    }
    this.#firing = false;
    this.#arm();
  };

  /** A free table for `guests`, the snuggest fit first; tables of orders from elsewhere count as taken. */
  freeTable(guests: number): Table | null {
    this.#syncForeign();
    const taken = new Set(this.seated);
    this.#foreign = this.#foreign.filter((o) => o.status === "open");
    for (const order of this.#foreign) if (order.tableId) taken.add(order.tableId);
    let best: Table[] = [];
    let seats = Number.POSITIVE_INFINITY;
    for (const table of this.tables) {
      if (table.seats < guests || taken.has(table.id) || table.seats > seats) continue;
      if (table.seats < seats) best = [];
      seats = table.seats;
      best.push(table);
    }
    return best.length > 0 ? this.service.pick(best) : null;
  }

  /** Call after opening an order, so that it is not taken for someone else's. */
  opened(): void {
    this.#seenOrders += 1;
  }

  // A full scan only when someone else (the API, the admin) opened orders since the last look.
  #syncForeign(): void {
    if (this.location.counters.order === this.#seenOrders) return;
    this.#foreign = [];
    for (const order of this.location.orders.values()) {
      if (order.status === "open" && order.tableId !== null && !this.parties.has(order.id))
        this.#foreign.push(order);
    }
    this.#seenOrders = this.location.counters.order;
  }
}
