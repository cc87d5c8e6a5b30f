import { at, cite, offset, requests, statusPeriod } from "../judge/journal.ts";
import { type Check, type Evidence, fail, pass } from "../types.ts";
import { linkDown } from "./guests.ts";

const MINUTE = 60_000;
const DOWN = 3 * MINUTE;
const UP = 10 * MINUTE;
const RUN = 11 * MINUTE;
/** A status check may come this much late. */
const TOLERANCE = 0.1;
/** The driver's view is sampled once a minute: the flip may show up to a sample period late. */
const SAMPLE_PERIOD = MINUTE;

/**
 * An unreachable POS flips its location to read-only automatically, "the moment the POS becomes
 * unreachable" (seed 003): the status check that finds it down is enough, so the driver shows the
 * location read-only within one status period (the connector's own, +10 %) of the outage
 * starting, plus one sample period.
 */
export const readOnlyFlip: Check = {
  id: "read-only.flip",
  title: "Unreachable POS: read-only within one status period",
  rule: "The online check runs every minute so that a location flips to read-only the moment its POS becomes unreachable.",
  // The verdict reads the connector's own view of its locations, which only the driver gives.
  needsGuests: true,
  catches: "late-read-only",
  async play(stage) {
    const location = stage.locations[1] ?? stage.locations[0];
    if (!location) throw new Error("no location");
    await linkDown(stage, location.id, DOWN, UP);
    await stage.wait(RUN);
    return {
      locationId: location.id,
      windows: [
        { from: stage.start + DOWN, to: stage.start + UP, label: "link down", locationId: location.id },
      ],
    };
  },
  judge(run) {
    const locationId = String(run.notes.locationId);
    const down = run.start + DOWN;
    const period = statusPeriod(run, locationId, down);
    const deadline = down + period * (1 + TOLERANCE) + SAMPLE_PERIOD;
    const firstFailure = requests(run, locationId).find((e) => at(e) >= down && e.status === 0);
    const flipped = run.samples.find(
      (s) =>
        s.at >= down &&
        s.at < run.start + UP &&
        s.locations.find((l) => l.id === locationId)?.mode === "read_only",
    );
    const seen: Evidence[] = firstFailure ? [cite(firstFailure, "first unanswered request")] : [];
    if (!flipped) {
      const last = run.samples.filter((s) => s.at < run.start + UP).at(-1);
      const mode = last?.locations.find((l) => l.id === locationId)?.mode ?? "absent";
      return fail(`${locationId} never showed read-only during the ${(UP - DOWN) / MINUTE}-minute outage`, [
        {
          at: last?.at ?? run.end,
          text: `${locationId} still ${mode} at ${offset(run, last?.at ?? run.end)}`,
        },
        ...seen,
      ]);
    }
    const view = flipped.locations.find((l) => l.id === locationId);
    const shown: Evidence = {
      at: flipped.at,
      text: `${locationId} read-only in the sample at ${offset(run, flipped.at)} (since ${view?.modeSince ?? "?"}, last error ${view?.lastError?.code ?? "none"})`,
    };
    const took = Math.round((flipped.at - down) / 1000);
    return flipped.at <= deadline
      ? pass(
          `${locationId} read-only ${took} s after the outage began (within ${Math.round((deadline - down) / 1000)} s: a ${Math.round(period / 1000)} s status period +10 % and a sample period)`,
          [shown, ...seen],
        )
      : fail(
          `${locationId} showed read-only only ${took} s after the outage began (due within ${Math.round((deadline - down) / 1000)} s)`,
          [shown, ...seen],
        );
  },
};
