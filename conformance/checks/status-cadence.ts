import { at, cite, gaps, offset, requests } from "../judge/journal.ts";
import { type Check, type Evidence, fail, pass } from "../types.ts";

const MINUTE = 60_000;
const RUN = 15 * MINUTE;
/** A poll may come this much late (or early) before the cadence counts as broken. */
const TOLERANCE = 0.1;

/** The online check runs every minute for every location (seed 003, the performance envelope). */
export const statusCadence: Check = {
  id: "envelope.status-cadence",
  title: "Location online check every minute",
  rule: "Every location's online/offline status is checked every minute, so it flips to read-only the moment its POS becomes unreachable.",
  needsGuests: false,
  catches: "slow-status",
  async play(stage) {
    await stage.wait(RUN);
    return {};
  },
  judge(run) {
    const late: Evidence[] = [];
    for (const { id } of run.locations) {
      const polls = requests(run, id, "location.status");
      const times = polls.map(at);
      if (times.length === 0 || (times[0] as number) - run.start > MINUTE * (1 + TOLERANCE)) {
        late.push({ at: run.start, text: `${id}: no status check in the first minute` });
        continue;
      }
      gaps([...times, run.end]).forEach((gap, i) => {
        const before = polls[i];
        if (gap > MINUTE * (1 + TOLERANCE) && before)
          late.push(cite(before, `${id}: next status check ${Math.round(gap / 1000)} s after this one`));
      });
    }
    return late.length === 0
      ? pass(`every location checked at least once a minute over ${offset(run, run.end)}`)
      : fail(`${late.length} status gap(s) longer than a minute`, late);
  },
};
