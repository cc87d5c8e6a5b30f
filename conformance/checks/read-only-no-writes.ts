import { at, cite, writes } from "../judge/journal.ts";
import { type Check, fail, pass } from "../types.ts";
import { linkDown, offers, orderable, placeAndWait } from "./guests.ts";

const MINUTE = 60_000;
const DOWN = 3 * MINUTE;
const UP = 10 * MINUTE;

/** No write is sent to a location known to be unreachable; what guests do meanwhile waits (seed 003). */
export const readOnlyNoWrites: Check = {
  id: "read-only.no-writes",
  title: "No writes while a location is unreachable",
  rule: "An unreachable POS flips the location to read-only: updates queue, nothing is sent until it is back.",
  needsGuests: true,
  catches: "write-while-unreachable",
  async play(stage) {
    const driver = stage.driver;
    const location = stage.locations[0];
    if (!driver || !location) throw new Error("drive mode only");
    const items = await orderable(stage, location.id);
    // A POS that takes rounds and payments has updates to hold; a passive one has only new orders to refuse.
    const tabs = offers(stage, "order.append");
    const tab = await placeAndWait(stage, {
      locationId: location.id,
      flow: tabs ? "pay_later" : "pay_first",
      ...(tabs ? { tableId: location.tables[0] } : {}),
      items,
    });
    await linkDown(stage, location.id, DOWN, UP);
    await stage.wait(DOWN + 2 * MINUTE - (stage.now() - stage.start));
    if (tabs) {
      await driver.appendRound(tab.ref, { items }).catch(() => undefined);
      await driver
        .kitchenMessage(tab.ref, { text: "the second round after the mains" })
        .catch(() => undefined);
    } else {
      await driver.placeOrder({ locationId: location.id, flow: "pay_first", items }).catch(() => undefined);
    }
    await stage.wait(UP + 4 * MINUTE - (stage.now() - stage.start));
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
    const up = run.start + UP;
    const mine = run.journal.filter((e) => e.locationId === locationId);
    const firstFailure = mine.find((e) => at(e) >= down && e.outcome === "UNREACHABLE");
    const back = mine.find((e) => at(e) >= up && e.operation === "location.status" && e.status === 200);
    if (!firstFailure)
      return fail("the connector sent nothing during the outage: it never learnt the location was down");
    const known = at(firstFailure);
    const until = back ? at(back) : run.end;
    const offenders = writes(run, locationId).filter((e) => at(e) > known && at(e) < until);
    return offenders.length === 0
      ? pass("no write was sent between the first unanswered request and the first good status check", [
          cite(firstFailure, "outage seen"),
          ...(back ? [cite(back, "back online")] : []),
        ])
      : fail(`${offenders.length} write(s) sent to a location known to be unreachable`, [
          cite(firstFailure, "outage seen"),
          ...offenders.map((e) => cite(e, "write during the outage")),
        ]);
  },
};
