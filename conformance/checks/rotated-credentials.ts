import { at, cite, offset, statusPeriod } from "../judge/journal.ts";
import { type Check, type Evidence, fail, pass } from "../types.ts";

const MINUTE = 60_000;
const ROTATE = 3 * MINUTE;
const RUN = 10 * MINUTE;
/** Requests already on their way when the first refusal came back are not held against it. */
const IN_FLIGHT = 5_000;
/** The connector has one status period (+10 %) and one sample period to show the failure. */
const TOLERANCE = 0.1;

/**
 * The POS rotates a location's credentials (seed 003: per-location credentials; DESIGN: 401 is
 * permanent): the connector cannot fix that by retrying. After the first refusal it stops every
 * poll and write to that location but its status check, at no more than its usual status cadence
 * (once a minute on the envelope), and surfaces the failure: the location not online, its last
 * error UNAUTHORIZED. The journal shows the key it kept sending was the old one (`unknown`).
 *
 * The hammering is judged from the journal alone (any mode). The surfacing is judged from the
 * driver's samples of the connector's locations when the run has them (drive mode); without
 * samples the summary says it was not judged.
 */
export const rotatedCredentials: Check = {
  id: "auth.rotated-credentials",
  title: "Refused credentials stop the polling and are surfaced",
  rule: "When the POS refuses a location's credentials, the connector stops hammering it (only its periodic status check goes on) and surfaces the location as not online with UNAUTHORIZED.",
  needsGuests: false,
  catches: "hammer-on-401",
  async play(stage) {
    const location = stage.locations[1] ?? stage.locations[0];
    if (!location) throw new Error("no location");
    await stage.faults([
      {
        id: "keys-rotated",
        kind: "rotate_credentials",
        at: stage.at(ROTATE),
        scope: { locations: [location.id] },
      },
    ]);
    await stage.wait(RUN);
    return {
      locationId: location.id,
      windows: [
        { from: stage.start + ROTATE, to: stage.start + RUN, label: "keys rotated", locationId: location.id },
      ],
    };
  },
  judge(run) {
    const locationId = String(run.notes.locationId);
    const rotated = run.start + ROTATE;
    // A POS that tells the location by its credential (Sinqro's user token) cannot name the location
    // of a key it no longer knows: only this location's keys were rotated, so after the rotation a
    // refused unknown credential with no location is this location's.
    const after = run.journal.filter(
      (e) =>
        at(e) >= rotated &&
        (e.locationId === locationId || (e.locationId === null && e.credential === "unknown")),
    );
    const refusal = after.find((e) => e.outcome === "UNAUTHORIZED" || e.status === 401);
    if (!refusal) {
      const accepted = after.find((e) => e.status >= 200 && e.status < 300);
      return fail(
        accepted
          ? `the POS still took ${locationId}'s credentials after the rotation: the scenario did not happen`
          : `the connector sent ${locationId} nothing after its keys were rotated at ${offset(run, rotated)}: it never found out`,
        accepted ? [cite(accepted, "accepted after the rotation")] : [{ at: rotated, text: "keys rotated" }],
      );
    }
    const refusedAt = at(refusal);
    const evidence: Evidence[] = [];
    const period = statusPeriod(run, locationId, rotated);
    const minGap = Math.min(MINUTE, period) * (1 - TOLERANCE);
    const later = after.filter((e) => at(e) > refusedAt + IN_FLIGHT);
    for (const e of later.filter((x) => x.operation !== "location.status"))
      evidence.push(cite(e, `${locationId}: sent after the credentials were refused`));
    const checks = after.filter((e) => e.operation === "location.status" && at(e) >= refusedAt);
    checks.forEach((e, i) => {
      const before = checks[i - 1];
      if (before && at(e) - at(before) < minGap && at(e) > refusedAt + IN_FLIGHT)
        evidence.push(
          cite(
            e,
            `${locationId}: status check ${Math.round((at(e) - at(before)) / 1000)} s after the previous one`,
          ),
        );
    });
    // The connector cannot know the new key: it keeps the one it was given, and tries no other.
    const keys = new Set(after.filter((e) => at(e) >= refusedAt).map((e) => e.credential ?? "none"));
    for (const e of after
      .filter((x) => at(x) >= refusedAt && x.credential !== refusal.credential)
      .slice(0, 3))
      evidence.push(cite(e, `${locationId}: another credential tried (${e.credential ?? "none"})`));

    // Surfacing, from the driver's samples: by one status period and one sample period after the refusal.
    let surfaced = "not judged (no driver samples in this mode)";
    if (run.samples.length > 0) {
      const due = refusedAt + Math.max(MINUTE, period) * (1 + TOLERANCE) + MINUTE;
      const judged = run.samples.filter((s) => s.at >= due);
      const wrong = judged
        .map((s) => ({ s, l: s.locations.find((l) => l.id === locationId) }))
        .filter(({ l }) => !l || l.mode === "online" || l.lastError?.code !== "UNAUTHORIZED");
      if (judged.length === 0) surfaced = "not judged (no sample after the deadline)";
      else if (wrong.length === 0)
        surfaced = `surfaced as ${judged[0]?.locations.find((l) => l.id === locationId)?.mode} / UNAUTHORIZED`;
      else {
        const first = wrong[0];
        surfaced = "not surfaced";
        if (first)
          evidence.push({
            at: first.s.at,
            text: `${locationId} as the connector reports it ${offset(run, first.s.at)}: mode ${first.l?.mode ?? "absent"}, last error ${first.l?.lastError?.code ?? "none"} (expected not online, UNAUTHORIZED)`,
          });
      }
    }
    const first = cite(refusal, `first refusal (credential ${refusal.credential ?? "none"})`);
    return evidence.length === 0
      ? pass(
          `after ${locationId}'s credentials were refused at ${offset(run, refusedAt)}: ${checks.length} status check(s), nothing else; ${surfaced}; credential sent: ${[...keys].join(", ")}`,
          [first, ...checks.slice(0, 3).map((e) => cite(e, "status check"))],
        )
      : fail(
          `${evidence.length} finding(s) after ${locationId}'s credentials were refused at ${offset(run, refusedAt)} (${later.length} requests after it; ${surfaced})`,
          [...evidence.slice(0, 12), first],
        );
  },
};
