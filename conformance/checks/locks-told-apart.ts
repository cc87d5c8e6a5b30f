import type { JournalEntry } from "../../simulator/journal/index.ts";
import { at, attemptsFrom, cite, offset, writes } from "../judge/journal.ts";
import { type Check, type Evidence, fail, pass } from "../types.ts";
import { holdAtTerminal, offers, orderable, placeAndWait, posIdOf, releaseAtTerminal } from "./guests.ts";

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOLD = 30 * SECOND;
/** Failures no retry can change: the POS has said no for good. */
const HARD = new Set(["ORDER_CLOSED", "VALIDATION", "NOT_FOUND", "IDEMPOTENCY_CONFLICT"]);

/**
 * LOCKED is told apart from a hard failure (seed 003, checklist 4): a write to an order open at
 * a terminal is retried (and lands once the terminal lets go), while a write to an order the
 * staff already closed at the terminal is refused for good and not sent again.
 */
export const locksToldApart: Check = {
  id: "locks.told-apart",
  title: "A lock is retried, a hard failure is not",
  rule: "“Order locked / open at a terminal” is told apart from a hard failure: a locked write is retried, a refused one is not.",
  needsGuests: true,
  needsAny: ["order.append", "order.pay"],
  catches: "lock-is-fatal",
  async play(stage) {
    const driver = stage.driver;
    const location = stage.locations[0];
    if (!driver || !location) throw new Error("drive mode only");
    const items = await orderable(stage, location.id);
    const rounds = offers(stage, "order.append");
    const tab = (tableId: string | undefined) =>
      placeAndWait(stage, { locationId: location.id, flow: "pay_later", tableId, items });
    const held = await tab(location.tables[0]);
    const closed = await tab(location.tables[1] ?? location.tables[0]);
    const heldId = await posIdOf(stage, location.id, held.ref);
    const closedId = await posIdOf(stage, location.id, closed.ref);
    // A waiter holds one tab open at a terminal while its guest pays: the payment meets the lock.
    // (A payment, not a round: every connector sends it to the open order itself.)
    await holdAtTerminal(stage, location.id, heldId);
    const heldAt = stage.now();
    await driver.pay(held.ref, {});
    await stage.wait(5 * SECOND);
    // The other tab is settled at the terminal; the guest's round (or payment) on it, sent
    // before the connector hears of that, can only be refused.
    const [terminalId] = location.terminals;
    if (!terminalId) throw new Error(`no staff terminal at ${location.id}`);
    await stage.admin.staff.pay(location.id, closedId, { terminalId, method: "card" });
    if (rounds) await driver.appendRound(closed.ref, { items }).catch(() => undefined);
    else await driver.pay(closed.ref, {}).catch(() => undefined);
    await stage.wait(HOLD - (stage.now() - heldAt));
    await releaseAtTerminal(stage, location.id, heldId);
    const releasedAt = stage.now();
    await stage.wait(4 * MINUTE);
    return {
      locationId: location.id,
      releasedAt,
      orders: [(await driver.order(held.ref)) ?? held, (await driver.order(closed.ref)) ?? closed],
      windows: [{ from: heldAt, to: releasedAt, label: "held at a terminal", locationId: location.id }],
    };
  },
  judge(run) {
    const locationId = String(run.notes.locationId);
    const releasedAt = Number(run.notes.releasedAt);
    const mine = writes(run, locationId);
    const locked = mine.find((e) => e.outcome === "LOCKED");
    if (!locked)
      return fail(
        "no write met the lock: nothing to judge",
        mine.map((e) => cite(e)),
      );
    const lockTries = attemptsFrom(run, locked);
    const landed = lockTries.find((e) => e.outcome === "OK");
    const hard = mine.find((e) => HARD.has(e.outcome) && e.path !== locked.path);
    const hardAgain: JournalEntry[] = hard ? attemptsFrom(run, hard).slice(1) : [];
    const second = lockTries[1];
    const retried = second !== undefined;
    const failures: Evidence[] = [];
    if (!retried) {
      failures.push(cite(locked, "locked at a terminal, and never sent again"));
      const given = run.notes.orders?.[0]?.writes.find((w) => w.state === "failed");
      if (given)
        failures.push({
          at: run.end,
          text: `the connector reports that write ${given.state}: ${given.lastError?.code ?? "?"} ${given.lastError?.message ?? ""}`,
        });
    }
    if (hard && hardAgain.length > 0)
      failures.push(
        cite(hard, "refused for good"),
        ...hardAgain.map((e) => cite(e, `sent again after ${hard.outcome}`)),
      );
    if (failures.length > 0) {
      const why = [
        ...(retried ? [] : [`the locked write was given up after its first LOCKED, like a hard failure`]),
        ...(hard && hardAgain.length > 0
          ? [`the write refused ${hard.outcome} was sent ${hardAgain.length} more time(s), like a lock`]
          : []),
      ];
      return fail(why.join("; "), failures);
    }
    const evidence: Evidence[] = [
      cite(locked, "locked at a terminal"),
      cite(
        second as JournalEntry,
        `retried ${Math.round((at(second as JournalEntry) - at(locked)) / 1000)} s later`,
      ),
      ...(landed
        ? [cite(landed, `landed ${offset(run, at(landed))}, after the release at ${offset(run, releasedAt)}`)]
        : []),
      ...(hard ? [cite(hard, "refused for good, and not sent again")] : []),
    ];
    const lockPart = `the locked write was retried ${lockTries.length - 1} time(s)${landed ? " and landed after the release" : ""}`;
    return pass(
      hard
        ? `${lockPart}; the write refused ${hard.outcome} was not sent again`
        : `${lockPart} (no hard failure was met to compare: the connector kept the closed order's write to itself)`,
      evidence,
    );
  },
};
