import type { JournalEntry } from "../../simulator/journal/index.ts";
import { at, cite, offset, outages, waitedOutside } from "../judge/journal.ts";
import { type Check, type Evidence, fail, pass, type Run } from "../types.ts";

const MINUTE = 60_000;
const RUN = 16 * MINUTE;
const EVERY = 5 * MINUTE;
/** A refresh may come this much late before the cadence counts as broken. */
const TOLERANCE = 0.1;

/**
 * The reads that bring per-item sold-out flags, by dialect (seed 003: "may be served by the menu
 * fetch or a status read, whichever your API exposes"): the generic API's `/availability` (or its
 * full `/menu`); Elyx has no availability route, its articles carry the flags; Sinqro's products
 * carry `available` (journaled as menu.get: `/temporary-closing` alone says nothing per item).
 */
const SOLD_OUT_READS: Record<string, RegExp> = {
  generic: /^\/v1\/locations\/[^/]+\/(availability|menu)$/,
  elyx: /^\/api\/v1\/locations\/[^/]+\/articles$/,
  sinqro: /^\/sinqro\/v1\/products$/,
};

/** The requests to a location that read its sold-out flags, oldest first. */
export function soldOutReads(run: Run, locationId: string): JournalEntry[] {
  const route = SOLD_OUT_READS[run.dialect];
  if (!route) throw new Error(`no sold-out route known for the ${run.dialect} dialect`);
  return run.journal.filter((e) => e.locationId === locationId && e.method === "GET" && route.test(e.path));
}

/** Sold-out flags are refreshed every 5 minutes for every location (seed 003, the performance envelope). */
export const availabilityCadence: Check = {
  id: "envelope.availability-cadence",
  title: "Sold-out flags every 5 minutes",
  rule: "Menu-item availability (sold-out flags) is refreshed every 5 minutes for every location, through whichever read of the POS carries it.",
  needsGuests: false,
  catches: "slow-availability",
  async play(stage) {
    await stage.wait(RUN);
    return {};
  },
  judge(run) {
    const limit = EVERY * (1 + TOLERANCE);
    const late: Evidence[] = [];
    const counts: string[] = [];
    for (const { id } of run.locations) {
      const reads = soldOutReads(run, id);
      const times = reads.map(at);
      counts.push(`${id} ×${reads.length}`);
      const first = times[0];
      if (first === undefined || first - run.start > limit) {
        late.push(
          first === undefined
            ? { at: run.start, text: `${id}: sold-out flags never read in ${offset(run, run.end)}` }
            : cite(
                reads[0] as JournalEntry,
                `${id}: first sold-out read only ${Math.round((first - run.start) / 1000)} s in`,
              ),
        );
        continue;
      }
      // No read is owed while the location is known to be down; one is, a period after it is back.
      const down = outages(run, id);
      const next = [...times.slice(1), run.end];
      times.forEach((t, i) => {
        const gap = waitedOutside(t, next[i] as number, down);
        const before = reads[i];
        if (gap > limit && before)
          late.push(cite(before, `${id}: next sold-out read ${Math.round(gap / 1000)} s after this one`));
      });
    }
    return late.length === 0
      ? pass(
          `sold-out flags read at least every 5 minutes over ${offset(run, run.end)} (${counts.join(", ")})`,
        )
      : fail(`${late.length} sold-out refresh gap(s) longer than 5 minutes (+10 %)`, late);
  },
};
