import { at, attemptsFrom, cite, gaps, writes } from "../judge/journal.ts";
import { type Check, type Evidence, fail, pass } from "../types.ts";
import { holdAtTerminal, offers, orderable, placeAndWait, posIdOf, releaseAtTerminal } from "./guests.ts";

const SECOND = 1000;
const MINUTE = 60 * SECOND;
/** How long the waiter keeps the order open at the terminal. */
const HOLD = 40 * SECOND;
/** The contract's short schedule: about five attempts over ~2.5 minutes. */
const WINDOW = 150 * SECOND;
const MAX_ATTEMPTS = 6;
/** The first wait of an exponential backoff of five steps over ~2.5 minutes is ~5 s; less, with jitter, is a storm. */
const MIN_GAP = 4 * SECOND;
/** A wait may come this much shorter than the one before (jitter) and still count as growing. */
const SHRINK = 0.8;

/** A write that meets LOCKED is retried on a short, growing backoff, not in a storm (seed 003). */
export const locksShortSchedule: Check = {
  id: "locks.short-schedule",
  title: "A locked write is retried on the short backoff",
  rule: "An order locked open at a terminal is retried on a short backoff — about five attempts over ~2.5 minutes — rather than erroring out or hammering the POS.",
  needsGuests: true,
  needsAny: ["order.append", "order.pay"],
  catches: "instant-lock-retry",
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
    // A round where the POS takes rounds; otherwise the payment is the write that meets the lock.
    if (offers(stage, "order.append")) await driver.appendRound(tab.ref, { items });
    else await driver.pay(tab.ref, {});
    await stage.wait(HOLD);
    await releaseAtTerminal(stage, location.id, posId);
    const releasedAt = stage.now();
    await stage.wait(4 * MINUTE);
    return {
      locationId: location.id,
      windows: [{ from: heldAt, to: releasedAt, label: "held at a terminal", locationId: location.id }],
    };
  },
  judge(run) {
    const locationId = String(run.notes.locationId);
    const first = writes(run, locationId).find((e) => e.outcome === "LOCKED");
    if (!first) return fail("no write met the lock: nothing to judge");
    const tries = attemptsFrom(run, first);
    // The attempts of this write up to the one the POS took (or the last, when none was).
    const end = tries.findIndex((e) => e.outcome !== "LOCKED");
    const attempts = end < 0 ? tries : tries.slice(0, end + 1);
    const times = attempts.map(at);
    const waits = gaps(times);
    const inWindow = attempts.filter((e) => at(e) - at(first) <= WINDOW);
    const trail = attempts.map((e, i) =>
      cite(
        e,
        i === 0 ? "first attempt" : `attempt ${i + 1}, ${Math.round((waits[i - 1] ?? 0) / 100) / 10} s later`,
      ),
    );
    const problems: Evidence[] = [];
    waits.forEach((w, i) => {
      const e = attempts[i + 1];
      if (!e) return;
      if (w < MIN_GAP)
        problems.push(cite(e, `retried ${Math.round(w / 100) / 10} s after the attempt before`));
      else if (i > 0 && w < (waits[i - 1] ?? 0) * SHRINK)
        problems.push(
          cite(
            e,
            `waited ${Math.round(w / 1000)} s, less than the ${Math.round((waits[i - 1] ?? 0) / 1000)} s before`,
          ),
        );
    });
    if (inWindow.length > MAX_ATTEMPTS)
      problems.unshift({
        at: at(first),
        text: `${inWindow.length} attempts within ${WINDOW / 1000} s of the first (at most ${MAX_ATTEMPTS})`,
      });
    const grows = waits.length < 3 || (waits[waits.length - 1] ?? 0) >= 1.5 * (waits[0] ?? 0);
    if (!grows)
      problems.push({
        at: at(first),
        text: `the waits do not grow: ${waits.map((w) => Math.round(w / 1000)).join(", ")} s`,
      });
    const shown = waits.slice(0, 6).map((w) => Math.round(w / 100) / 10);
    const figures = `${attempts.length} attempt(s), waits ${shown.join(", ") || "none"}${waits.length > shown.length ? ", …" : ""} s`;
    if (problems.length > 0)
      return fail(`the locked write was retried too fast: ${figures}`, [
        ...problems.slice(0, 10),
        ...trail.slice(0, 10),
      ]);
    if (attempts.length === 1)
      return pass(
        "the locked write was not retried at all, so no retry came too fast (locks.told-apart judges giving up)",
        trail,
      );
    return pass(`the locked write was retried on a growing backoff: ${figures}`, trail);
  },
};
