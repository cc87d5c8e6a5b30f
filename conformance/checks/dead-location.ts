import { OPERATIONS } from "../../contracts/operations.ts";
import { at, cite, offset, requests, statusPeriod } from "../judge/journal.ts";
import { type Check, type Evidence, fail, pass } from "../types.ts";

const MINUTE = 60_000;
/** The fault starts once every location has a few undisturbed status checks to measure (three-minute ones too). */
const FAULT = 7 * MINUTE;
/** From here the dead location's status check hangs too (until then only its status answered). */
const DEAD = 13 * MINUTE;
const RUN = 19 * MINUTE;
const LOCATIONS = 6;
const TOLERANCE = 0.1;

/**
 * One location's POS stops answering while the rest of the chain is fine; every other location
 * keeps its status cadence (seed 003: "evaluate for the chain's worst-connected location"; a dead
 * location must not hold up the others' online checks, which is what flips them to read-only).
 *
 * The dead location black-holes its requests in two spells: first everything but its status check
 * (a gateway that answers while the POS behind it hangs: the location looks online, so every poll
 * of the envelope goes out and hangs until the connector gives up), then everything (a dead link).
 * Each other location's status checks, from the fault on, keep the period they had before it
 * (+10 %; a minute for a connector on the envelope).
 */
export const deadLocation: Check = {
  id: "isolation.dead-location",
  title: "A dead location does not hold up the others",
  rule: "Every location is polled on its own: one location whose POS never answers does not delay any other location's online check.",
  needsGuests: false,
  locations: LOCATIONS,
  catches: "serial-locations",
  async play(stage) {
    const dead = stage.locations[0];
    if (!dead) throw new Error("no location");
    await stage.faults([
      {
        id: "hung-behind-gateway",
        kind: "unreachable",
        mode: "blackhole",
        scope: { locations: [dead.id], operations: OPERATIONS.filter((o) => o !== "location.status") },
        when: { from: stage.at(FAULT), to: stage.at(RUN) },
      },
      {
        id: "dead-link",
        kind: "unreachable",
        mode: "blackhole",
        scope: { locations: [dead.id], operations: ["location.status"] },
        when: { from: stage.at(DEAD), to: stage.at(RUN) },
      },
    ]);
    await stage.wait(RUN);
    return {
      dead: dead.id,
      windows: [
        {
          from: stage.start + FAULT,
          to: stage.start + DEAD,
          label: "hangs (status answers)",
          locationId: dead.id,
        },
        { from: stage.start + DEAD, to: stage.start + RUN, label: "dead", locationId: dead.id },
      ],
    };
  },
  judge(run) {
    const dead = String(run.notes.dead);
    const fault = run.start + FAULT;
    const hung = requests(run, dead).filter((e) => at(e) >= fault && e.status === 0);
    const late: Evidence[] = [];
    const seen: string[] = [];
    for (const { id } of run.locations) {
      if (id === dead) continue;
      const period = statusPeriod(run, id, fault);
      const limit = Math.max(MINUTE, period) * (1 + TOLERANCE);
      const checks = requests(run, id, "location.status");
      const from = checks.findLastIndex((e) => at(e) < fault);
      const judged = checks.slice(Math.max(0, from));
      let worst = 0;
      judged.forEach((e, i) => {
        const next = judged[i + 1];
        const gap = (next ? at(next) : run.end) - at(e);
        worst = Math.max(worst, gap);
        if (gap > limit)
          late.push(
            cite(
              e,
              `${id}: next status check ${Math.round(gap / 1000)} s after this one (its period: ${Math.round(period / 1000)} s)`,
            ),
          );
      });
      seen.push(`${id} ≤${Math.round(worst / 1000)} s`);
    }
    const outage = hung[0] ? [cite(hung[0], `${dead} unanswered`)] : [];
    return late.length === 0
      ? pass(
          `with ${dead} dead from ${offset(run, fault)} (${hung.length} requests unanswered), every other location kept its status cadence (${seen.join(", ")})`,
          outage,
        )
      : fail(`${late.length} status check(s) of other locations delayed while ${dead} was dead`, [
          ...late,
          ...outage,
        ]);
  },
};
