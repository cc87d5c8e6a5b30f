import type { Clock, TimerHandle } from "../../simulator/clock/index.ts";
import { Random } from "../../simulator/random/index.ts";
import { ADAPTERS } from "../adapters/index.ts";
import { type Driver, DriverRefusal, type MenuView } from "../driver/protocol.ts";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export interface GuestsOptions {
  /** The engine the guests order through: in process, or a process behind `HttpDriver`. */
  driver: Driver;
  /** The time guests live in: the engine's (virtual in a test, real or scaled in mock mode). */
  clock: Clock;
  /** Parties arriving per location per hour of the clock's time (a Poisson process). */
  perHour: number;
  /** Seeds arrivals, flows, dishes and tips (default "guests"). */
  seed?: string;
  /** Share of the parties that sit down with a pay-later tab where the POS takes one (default 0.5). */
  payLaterShare?: number;
  /** The locations guests go to; by default every location the engine has, read at start. */
  locations?: readonly string[];
  /** Tables a pay-later party may sit at, per location; without any, the tab is take-away. */
  tables?: (locationId: string) => readonly string[];
  /** Told of every guest action and refusal. */
  log?: (line: string) => void;
}

export interface GuestStats {
  /** Parties that came in. */
  arrived: number;
  /** Orders the engine accepted (pending or placed). */
  ordered: number;
  /** Orders or actions the engine refused (closed location, sold out, nothing to order). */
  refused: number;
  /** Rounds appended to pay-later tabs. */
  rounds: number;
  /** Pay-later tabs paid. */
  payments: number;
  /** Calls that failed for another reason (the engine unreachable, a protocol error). */
  errors: number;
}

export interface Guests {
  stats(): GuestStats;
  /** No more parties arrive; those seated still order their rounds and pay. */
  closeDoors(): void;
  /** No more parties arrive and no party acts again; what the engine accepted stays with it. */
  stop(): void;
}

type Item = MenuView["items"][number];

/**
 * A small seeded crowd of guests who order through any `Driver` at `perHour` parties per
 * location: pay-first orders paid at checkout, and pay-later tabs that take a further round and
 * are paid at the end. Mock mode runs them so a developer sees traffic at once; tests run them
 * on a virtual clock. Each party draws from its own generator, so the same seed gives the same
 * parties whatever order the engine answers in.
 */
export async function startGuests(options: GuestsOptions): Promise<Guests> {
  const { driver, clock, perHour } = options;
  const share = options.payLaterShare ?? 0.5;
  const log = options.log ?? (() => {});
  const root = new Random(options.seed ?? "guests");
  const stats: GuestStats = { arrived: 0, ordered: 0, refused: 0, rounds: 0, payments: 0, errors: 0 };
  const timers = new Set<TimerHandle>();
  const arrivals = new Set<TimerHandle>();
  let stopped = false;

  const after = (ms: number, fn: () => Promise<void> | void, set = timers) => {
    if (stopped) return;
    const t = clock.setTimeout(() => {
      set.delete(t);
      if (!stopped) void Promise.resolve().then(fn).catch(failed);
    }, ms);
    set.add(t);
  };

  const failed = (err: unknown) => {
    if (stopped) return;
    if (err instanceof DriverRefusal) {
      stats.refused++;
      log(`refused: ${err.message}`);
    } else {
      stats.errors++;
      log(`error: ${err instanceof Error ? err.message : String(err)}`);
    }
  };

  const views = await driver.locations();
  const dialects = new Map(views.map((l) => [l.id, l.dialect]));
  const locations = options.locations ?? views.map((l) => l.id);
  const tabsAt = (locationId: string) => {
    const adapter = ADAPTERS[dialects.get(locationId) as keyof typeof ADAPTERS] as
      | (typeof ADAPTERS)[keyof typeof ADAPTERS]
      | undefined;
    // An engine of another make may speak dialects this one does not know: let it decide.
    return (
      adapter === undefined ||
      (adapter.capabilities.has("order.append") && adapter.capabilities.has("order.pay"))
    );
  };

  async function party(locationId: string, rng: Random, n: number): Promise<void> {
    stats.arrived++;
    const who = `guest ${locationId}#${n}`;
    const menu = await driver.menu(locationId);
    const dishes = (menu?.items ?? []).filter((i) => !i.soldOut && !i.needsChoice);
    if (dishes.length === 0) {
      stats.refused++;
      log(`${who}: nothing to order (${menu ? "everything needs a choice or is sold out" : "no menu yet"})`);
      return;
    }
    const payLater = tabsAt(locationId) && rng.chance(share);
    const tables = options.tables?.(locationId) ?? [];
    const tableId = payLater && tables.length > 0 ? rng.pick(tables) : undefined;
    const view = await driver.placeOrder({
      locationId,
      flow: payLater ? "pay_later" : "pay_first",
      ...(tableId !== undefined ? { tableId } : {}),
      guests: rng.int(1, 4),
      items: pickItems(rng, dishes),
      ...(payLater ? {} : { tip: tipOf(rng) }),
    });
    if (view.state === "refused") {
      stats.refused++;
      log(`${who}: order refused: ${view.reason ?? "no reason given"}`);
      return;
    }
    stats.ordered++;
    log(`${who}: ${payLater ? "opened a tab" : "ordered and paid"} (${view.ref})`);
    if (!payLater) return;
    const stillOpen = async () => {
      const now = await driver.order(view.ref);
      return (
        now !== null &&
        (now.state === "pending" || now.state === "placed") &&
        now.posStatus !== "paid" &&
        now.posStatus !== "voided"
      );
    };
    const round = rng.chance(0.7);
    const roundAfter = rng.int(8, 20) * MINUTE;
    const payAfter = rng.int(10, 30) * MINUTE;
    const roundItems = pickItems(rng, dishes);
    const tip = tipOf(rng);
    const pay = async () => {
      if (!(await stillOpen())) return;
      await driver.pay(view.ref, { tip, method: "card" });
      stats.payments++;
      log(`${who}: paid ${view.ref}`);
    };
    if (!round) return after(payAfter, pay);
    after(roundAfter, async () => {
      if (!(await stillOpen())) return;
      try {
        await driver.appendRound(view.ref, { items: roundItems });
        stats.rounds++;
        log(`${who}: another round on ${view.ref}`);
      } finally {
        // Refused or not, the party pays before it leaves.
        after(payAfter, pay);
      }
    });
  }

  const mean = perHour > 0 ? HOUR / perHour : 0;
  for (const locationId of locations) {
    if (perHour <= 0) break;
    const gaps = root.fork(`arrivals:${locationId}`);
    let n = 0;
    const next = () => {
      const gap = Math.max(1, Math.round(-Math.log(1 - gaps.next()) * mean));
      after(
        gap,
        () => {
          n++;
          next();
          return party(locationId, root.fork(`party:${locationId}:${n}`), n);
        },
        arrivals,
      );
    };
    next();
  }

  return {
    stats: () => ({ ...stats }),
    closeDoors() {
      for (const t of arrivals) clock.clearTimeout(t);
      arrivals.clear();
    },
    stop() {
      stopped = true;
      for (const t of [...timers, ...arrivals]) clock.clearTimeout(t);
      timers.clear();
      arrivals.clear();
    },
  };
}

/** One to three dishes, one or two of each, in one of its sizes when it has them. */
function pickItems(rng: Random, dishes: readonly Item[]) {
  return Array.from({ length: rng.int(1, 3) }, () => {
    const dish = rng.pick(dishes);
    const variant = dish.variants.length > 0 ? rng.pick(dish.variants) : undefined;
    return { productId: dish.id, quantity: rng.int(1, 2), ...(variant ? { variantId: variant.id } : {}) };
  });
}

/** No tip half the time, else 50 to 300 minor units. */
function tipOf(rng: Random): number {
  return rng.chance(0.5) ? 0 : rng.int(1, 6) * 50;
}
