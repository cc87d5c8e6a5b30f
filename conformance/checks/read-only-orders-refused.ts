import type { OrderView } from "../../contracts/driver/schemas.ts";
import { at, cite, offset, requests } from "../judge/journal.ts";
import { type Check, type Evidence, fail, pass } from "../types.ts";
import { linkDown, orderable, untilMode } from "./guests.ts";

const MINUTE = 60_000;
const DOWN = 3 * MINUTE;
const UP = 10 * MINUTE;
const RUN = 12 * MINUTE;
/** Bounded wait for the flip (a late flip is read-only.flip's business, not this check's). */
const FLIP_WITHIN = 6 * MINUTE;

interface Attempt {
  at: number;
  /** What the connector answered: its view of the order, or the refusal it threw. */
  state: OrderView["state"] | "thrown";
  reason: string | null;
  ref: string | null;
  /** The order as the connector still saw it a minute later, and once the POS was back. */
  later: OrderView["state"] | null;
  afterOutage: OrderView["state"] | null;
}

/**
 * While a location is read-only, a new order is refused at checkout with a reason (seed 003: "new
 * orders are blocked at checkout with a clear message"), not queued to reach the kitchen whenever
 * the POS comes back. A refusal the driver throws with a message counts as well.
 */
export const readOnlyOrdersRefused: Check = {
  id: "read-only.orders-refused",
  title: "New orders are refused while read-only",
  rule: "An unreachable POS flips the location to read-only: new orders are blocked at checkout with a clear message, not queued.",
  needsGuests: true,
  catches: "accept-offline-orders",
  async play(stage) {
    const driver = stage.driver;
    const location = stage.locations[1] ?? stage.locations[0];
    if (!driver || !location) throw new Error("drive mode only");
    const items = await orderable(stage, location.id);
    await linkDown(stage, location.id, DOWN, UP);
    await stage.wait(DOWN - (stage.now() - stage.start));
    const readOnlyAt = await untilMode(stage, location.id, "read_only", FLIP_WITHIN);
    let attempt: Attempt | null = null;
    if (readOnlyAt !== null) {
      const placedAt = stage.now();
      attempt = await driver.placeOrder({ locationId: location.id, flow: "pay_first", items }).then(
        (o): Attempt => ({
          at: placedAt,
          state: o.state,
          reason: o.reason,
          ref: o.ref,
          later: null,
          afterOutage: null,
        }),
        (err: unknown): Attempt => ({
          at: placedAt,
          state: "thrown",
          reason: err instanceof Error ? err.message : String(err),
          ref: null,
          later: null,
          afterOutage: null,
        }),
      );
      if (attempt.ref !== null) {
        await stage.wait(MINUTE);
        attempt.later = (await driver.order(attempt.ref))?.state ?? null;
        await stage.wait(RUN - (stage.now() - stage.start));
        attempt.afterOutage = (await driver.order(attempt.ref))?.state ?? null;
      }
    }
    return {
      locationId: location.id,
      readOnlyAt,
      attempt,
      windows: [
        { from: stage.start + DOWN, to: stage.start + UP, label: "link down", locationId: location.id },
      ],
    };
  },
  judge(run) {
    const locationId = String(run.notes.locationId);
    const readOnlyAt = run.notes.readOnlyAt as number | null;
    const attempt = run.notes.attempt as Attempt | null;
    const down = run.start + DOWN;
    const outage = requests(run, locationId).find((e) => at(e) >= down && e.status === 0);
    const context: Evidence[] = outage ? [cite(outage, "POS unreachable")] : [];
    if (readOnlyAt === null || attempt === null)
      return fail(
        `${locationId} never went read-only within ${FLIP_WITHIN / MINUTE} minutes of the outage: nothing to judge`,
        context,
      );
    const said: Evidence = {
      at: attempt.at,
      text: `order placed at ${offset(run, attempt.at)} while ${locationId} was read-only: ${attempt.state}${attempt.reason ? ` — "${attempt.reason}"` : ""}${attempt.later ? `; a minute later ${attempt.later}` : ""}${attempt.afterOutage ? `; after the outage ${attempt.afterOutage}` : ""}`,
    };
    // Orders that reached the POS at this location after the attempt: the queued one, if it was queued.
    const sent = requests(run, locationId, "order.create")
      .filter((e) => at(e) >= attempt.at)
      .map((e) => cite(e, "order sent to the POS"));
    const refused =
      (attempt.state === "refused" || attempt.state === "thrown") &&
      (attempt.reason ?? "").trim() !== "" &&
      (attempt.later === null || attempt.later === "refused");
    return refused && sent.length === 0
      ? pass(`a new order at read-only ${locationId} was refused: "${attempt.reason}"`, [said, ...context])
      : fail(
          refused
            ? `the order was refused, yet ${sent.length} order create(s) reached ${locationId}'s POS afterwards`
            : `a new order at read-only ${locationId} was ${attempt.state === "refused" ? "refused without a reason" : `taken (${attempt.state}) instead of refused`}`,
          [said, ...sent, ...context],
        );
  },
};
