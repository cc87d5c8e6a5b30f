import type { JournalEntry } from "../../simulator/journal/index.ts";
import { at, attemptsFrom, cite, gaps, offset, writes } from "../judge/journal.ts";
import { type Check, type Evidence, fail, pass } from "../types.ts";
import { holdAtTerminal, orderable, placeAndWait, posIdOf, releaseAtTerminal } from "./guests.ts";

const SECOND = 1000;
const MINUTE = 60 * SECOND;
/** The terminal holds the order longer than the whole short (lock) schedule, well inside the slow one. */
const HOLD = 10 * MINUTE;
/** The slow schedule's first wait is ~30 s; with jitter, never under this. */
const FIRST_WAIT = 25 * SECOND;
/** What the slow schedule spans (~17 minutes) with room to land after the release. */
const AFTER = 12 * MINUTE;

/**
 * A refused mark-paid is retried on the slower schedule (~17 minutes), not the lock's ~2.5
 * minutes: a paid order is reconciling, not blocking service (seed 003). Held at a terminal for
 * ten minutes, the payment keeps being retried and lands once the terminal lets go.
 */
export const paymentsSlowSchedule: Check = {
  id: "payments.slow-schedule",
  title: "A refused mark-paid is retried on the slow schedule",
  rule: "Mark-paid rejections retry on a slower schedule (~17 minutes) than locks, because a paid order is reconciling, not blocking service.",
  needsGuests: true,
  needsAny: ["order.pay"],
  catches: "pay-on-lock-schedule",
  async play(stage) {
    const driver = stage.driver;
    const location = stage.locations[0];
    if (!driver || !location) throw new Error("drive mode only");
    const items = await orderable(stage, location.id);
    const tab = await placeAndWait(stage, {
      locationId: location.id,
      flow: "pay_later",
      tableId: location.tables[0],
      items,
    });
    const posId = await posIdOf(stage, location.id, tab.ref);
    await holdAtTerminal(stage, location.id, posId);
    const heldAt = stage.now();
    await driver.pay(tab.ref, {});
    await stage.wait(HOLD);
    await releaseAtTerminal(stage, location.id, posId);
    const releasedAt = stage.now();
    await stage.wait(AFTER);
    return {
      locationId: location.id,
      heldAt,
      releasedAt,
      orders: [(await driver.order(tab.ref)) ?? tab],
      pos: { [tab.ref]: await stage.posOrders(location.id, tab.ref) },
      windows: [{ from: heldAt, to: releasedAt, label: "held at a terminal", locationId: location.id }],
    };
  },
  judge(run) {
    const locationId = String(run.notes.locationId);
    const releasedAt = Number(run.notes.releasedAt);
    const locked = writes(run, locationId).find((e) => e.operation === "order.pay" && e.outcome === "LOCKED");
    if (!locked) return fail("the payment never met the lock: nothing to judge");
    const tries = attemptsFrom(run, locked);
    const end = tries.findIndex((e) => e.outcome === "OK");
    const attempts = end < 0 ? tries : tries.slice(0, end + 1);
    const landed = end < 0 ? undefined : (tries[end] as JournalEntry);
    const waits = gaps(attempts.map(at));
    const span = at(attempts[attempts.length - 1] as JournalEntry) - at(locked);
    const trail: Evidence[] = attempts.map((e, i) =>
      cite(
        e,
        i === 0
          ? "first attempt"
          : `attempt ${i + 1}, ${Math.round((waits[i - 1] ?? 0) / 1000)} s later (${offset(run, at(e))})`,
      ),
    );
    const figures = `${attempts.length} attempt(s) over ${Math.round(span / 1000)} s, waits ${waits.map((w) => Math.round(w / 1000)).join(", ") || "none"} s`;
    const problems: string[] = [];
    const first = waits[0];
    if (first !== undefined && first < FIRST_WAIT)
      problems.push(
        `the first retry came ${Math.round(first / 1000)} s after the refusal (the slow schedule waits ~30 s)`,
      );
    if (!landed)
      problems.push(`the payment never landed after the terminal let go at ${offset(run, releasedAt)}`);
    else if (at(landed) < releasedAt)
      return fail("the POS took the payment while the terminal held the order: nothing to judge", trail);
    if (landed && span <= HOLD) problems.push(`the attempts spanned only ${Math.round(span / 1000)} s`);
    if (problems.length > 0) return fail(`${problems.join("; ")}: ${figures}`, trail);
    return pass(
      `the refused payment was retried on the slow schedule and landed ${offset(run, at(landed as JournalEntry))}, after the release at ${offset(run, releasedAt)}: ${figures}`,
      trail,
    );
  },
};
