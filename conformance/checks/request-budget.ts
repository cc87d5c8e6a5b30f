import { at, cite, isWriteMethod, maxInWindow, offset, WRITE_OPERATIONS } from "../judge/journal.ts";
import { type Check, type Evidence, fail, pass } from "../types.ts";

const MINUTE = 60_000;
const RUN = 10 * MINUTE;
/** The envelope makes 1 + 1/2 + 1/4 + 1/5 polls a minute; a few reads each at most. */
const BUDGET = 8;

/**
 * A connector on the envelope's cadence (seed 003: status every minute, orders every 2 and 4,
 * availability every 5) sends a location a handful of requests a minute: once the first minute
 * (the menu load) is over, no rolling minute holds more than 8 requests to one location. Guest
 * writes are the critical path and do not count (this scenario has none anyway).
 */
export const requestBudget: Check = {
  id: "envelope.request-budget",
  title: "At most 8 requests a minute per location",
  rule: "A connector polls each location at the envelope's cadence and no faster: a few requests a minute, so the POS can sustain a whole chain.",
  needsGuests: false,
  catches: "chatty",
  async play(stage) {
    await stage.wait(RUN);
    return {};
  },
  judge(run) {
    const over: Evidence[] = [];
    const peaks: string[] = [];
    for (const { id } of run.locations) {
      const mine = run.journal.filter(
        (e) =>
          e.locationId === id &&
          at(e) >= run.start + MINUTE &&
          !(isWriteMethod(e.method) && WRITE_OPERATIONS.has(e.operation ?? "")),
      );
      const worst = maxInWindow(mine.map(at), MINUTE);
      peaks.push(`${id} ${worst.count}`);
      if (worst.count > BUDGET) {
        const inside = mine.filter((e) => at(e) >= worst.from && at(e) < worst.from + MINUTE);
        const ops = [...Map.groupBy(inside, (e) => e.operation ?? "no route")].map(
          ([op, l]) => `${op} ×${l.length}`,
        );
        over.push(
          {
            at: worst.from,
            text: `${id}: ${worst.count} requests in the minute from ${offset(run, worst.from)} (${ops.join(", ")})`,
          },
          ...inside.slice(0, 10).map((e) => cite(e, id)),
        );
      }
    }
    return over.length === 0
      ? pass(
          `no location got more than ${BUDGET} requests in any minute after the first (peaks: ${peaks.join(", ")})`,
        )
      : fail(`requests beyond ${BUDGET} a minute to a location (peaks: ${peaks.join(", ")})`, over);
  },
};
