import type { JournalEntry } from "../../simulator/journal/index.ts";
import { at, cite, maxInWindow, statusPeriod } from "../judge/journal.ts";
import { type Check, type Evidence, fail, pass } from "../types.ts";

const MINUTE = 60_000;
const RUN = 5 * MINUTE;
const LOCATIONS = 6;
/** The window a burst is looked for in, as a share of the status period: 5 s of a minute. */
const WINDOW_SHARE = 1 / 12;

/**
 * A chain's polls are spread over each period, never fired at every location at once (seed 003:
 * "your API should sustain this polling for every connected location concurrently"): with six
 * locations, their first status checks come at distinct instants, and no window of 1/12 of the
 * connector's own status period (5 s of a minute) holds more than half the chain's status checks.
 * The window follows the connector's period so that polling too often (the request budget's
 * business) is not mistaken for a burst.
 */
export const spread: Check = {
  id: "envelope.spread",
  title: "Polls spread over the period, never a burst",
  rule: "The polls of a chain's locations are spread over each period: the POS never meets every location's poll at the same instant.",
  needsGuests: false,
  locations: LOCATIONS,
  catches: "burst",
  async play(stage) {
    await stage.wait(RUN);
    return {};
  },
  judge(run) {
    const n = run.locations.length;
    const limit = Math.ceil(n / 2);
    const checks = run.journal.filter((e) => e.operation === "location.status" && e.locationId !== null);
    const firsts = run.locations
      .map(({ id }) => checks.find((e) => e.locationId === id))
      .filter((e): e is JournalEntry => e !== undefined);
    if (firsts.length < n) return fail(`only ${firsts.length} of ${n} locations were checked at all`);
    const evidence: Evidence[] = [];
    const byInstant = Map.groupBy(firsts, (e) => at(e));
    for (const [instant, same] of byInstant)
      if (same.length > 1)
        evidence.push(
          ...same.map((e) =>
            cite(
              e,
              `${e.locationId}: first status check of ${same.length} locations at the same instant ${new Date(instant).toISOString()}`,
            ),
          ),
        );
    // The period: the median of the locations' own (they share one envelope).
    const periods = run.locations.map(({ id }) => statusPeriod(run, id, run.end)).sort((a, b) => a - b);
    const period = periods[Math.floor(periods.length / 2)] ?? MINUTE;
    const width = Math.max(1, Math.round(period * WINDOW_SHARE));
    const times = checks.map(at);
    const worst = maxInWindow(times, width);
    if (worst.count > limit)
      evidence.push(
        {
          at: worst.from,
          text: `${worst.count} status checks within ${width / 1000} s (1/12 of the ${period / 1000} s period), more than half the chain (${limit})`,
        },
        ...checks
          .filter((e) => at(e) >= worst.from && at(e) < worst.from + width)
          .slice(0, n)
          .map((e) => cite(e, `${e.locationId} in the burst`)),
      );
    return evidence.length === 0
      ? pass(
          `${n} locations' first status checks at distinct instants; at most ${worst.count} in any ${width / 1000} s window`,
          firsts.map((e) => cite(e, `${e.locationId}: first status check`)),
        )
      : fail(
          `status checks bunched: ${byInstant.size} distinct first instants for ${n} locations, up to ${worst.count} in ${width / 1000} s`,
          evidence,
        );
  },
};
