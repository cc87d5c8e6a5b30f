import type { JournalEntry } from "../../simulator/journal/index.ts";
import { at, cite, offset, outages, param, requests, waitedOutside } from "../judge/journal.ts";
import { type Check, type Evidence, fail, pass, type Run } from "../types.ts";

const MINUTE = 60_000;
const RUN = 16 * MINUTE;
/** A poll may come this much late before the cadence counts as broken. */
const TOLERANCE = 0.1;
/** The envelope (seed 003): in-progress orders every 2 minutes, new orders every 4. */
const EVERY = { in_progress: 2 * MINUTE, new: 4 * MINUTE } as const;

/** Order polls: lists of orders, lookups by external id (`externalId=`, `view=changed`) left out. */
function orderPolls(run: Run, locationId: string): JournalEntry[] {
  return requests(run, locationId, "orders.list").filter(
    (e) => e.method === "GET" && param(e, "externalId") === null && param(e, "view") !== "changed",
  );
}

/**
 * Gaps longer than `limit` in one feed's polls, from the start of the run to its end; while the
 * location was known to be down (`down`) no poll is owed, and one is due `limit` after it is back.
 */
function lateIn(
  run: Run,
  what: string,
  polls: JournalEntry[],
  limit: number,
  down: readonly { from: number; to: number }[],
): Evidence[] {
  const times = polls.map(at);
  const first = times[0];
  if (first === undefined || first - run.start > limit)
    return [
      first === undefined
        ? { at: run.start, text: `${what}: never polled in ${offset(run, run.end)}` }
        : cite(
            polls[0] as JournalEntry,
            `${what}: first poll only ${Math.round((first - run.start) / 1000)} s in`,
          ),
    ];
  const late: Evidence[] = [];
  const next = [...times.slice(1), run.end];
  times.forEach((t, i) => {
    const gap = waitedOutside(t, next[i] as number, down);
    const before = polls[i];
    if (gap > limit && before)
      late.push(cite(before, `${what}: next poll ${Math.round(gap / 1000)} s after this one`));
  });
  return late;
}

/**
 * In-progress orders are refreshed every 2 minutes and new orders pulled every 4 (seed 003, the
 * performance envelope). A dialect whose order list names the view (`view=in_progress|new`) is
 * judged view by view; one that serves both from a single feed (Elyx's sales feed) by the feed's
 * rate: never more than 2 minutes without a poll, and as many polls as both cadences make.
 */
export const orderRefresh: Check = {
  id: "envelope.order-refresh",
  title: "In-progress orders every 2 minutes, new orders every 4",
  rule: "Orders opened at the terminal are pulled every 4 minutes and in-progress orders (waiter edits, voids) refreshed every 2 minutes, for every location.",
  needsGuests: false,
  needsAny: ["orders.list"],
  catches: "slow-order-refresh",
  async play(stage) {
    await stage.wait(RUN);
    return {};
  },
  judge(run) {
    const late: Evidence[] = [];
    const seen: string[] = [];
    for (const { id } of run.locations) {
      const polls = orderPolls(run, id);
      const down = outages(run, id);
      const byView = polls.some((e) => param(e, "view") !== null);
      if (byView) {
        for (const view of ["in_progress", "new"] as const) {
          const mine = polls.filter((e) => param(e, "view") === view);
          late.push(...lateIn(run, `${id} view=${view}`, mine, EVERY[view] * (1 + TOLERANCE), down));
          seen.push(`${id} ${view} ×${mine.length}`);
        }
        continue;
      }
      // One feed for both views: the refresh of in-progress orders sets the longest gap, and the
      // two cadences together the least number of polls.
      late.push(...lateIn(run, `${id} order feed`, polls, EVERY.in_progress * (1 + TOLERANCE), down));
      const span = run.end - run.start;
      const least =
        Math.floor(span / (EVERY.in_progress * (1 + TOLERANCE))) +
        Math.floor(span / (EVERY.new * (1 + TOLERANCE)));
      if (polls.length < least)
        late.push({
          at: run.end,
          text: `${id}: ${polls.length} polls of the order feed in ${offset(run, run.end)}, fewer than the ${least} that a poll every 2 and every 4 minutes make`,
        });
      seen.push(`${id} feed ×${polls.length}`);
    }
    return late.length === 0
      ? pass(`orders refreshed on the envelope's cadence over ${offset(run, run.end)} (${seen.join(", ")})`)
      : fail(`${late.length} order poll(s) late or missing: in-progress every 2 min, new every 4 min`, late);
  },
};
