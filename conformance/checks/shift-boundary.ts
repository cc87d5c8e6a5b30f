import { at, cite, requests } from "../judge/journal.ts";
import { type Check, type Evidence, fail, pass } from "../types.ts";
import { orderable, type PosOrderDetail, posOrderDetail } from "./guests.ts";

const MINUTE = 60_000;
/** How long the shift takes to close: writes are refused SHIFT_CLOSING meanwhile (the rule's default). */
const WINDOW = 5 * MINUTE;
/** After the next shift opens, the time the retried write has to land. */
const AFTER = 5 * MINUTE;

interface Shift {
  id: string;
  openedAt: string;
  closedAt: string | null;
}

/** `HH:MM` at `ms` in `timezone`. */
function localHhMm(ms: number, timezone: string): string {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone: timezone,
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(new Date(ms));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "00";
  return `${get("hour")}:${get("minute")}`;
}

/**
 * A write the POS refuses because its shift is closing is retried once the next shift has
 * opened, and lands exactly once, in that shift (seed 003: writes that fail are retried on a
 * backoff, so a momentary rejection is recoverable; SHIFT_CLOSING is one).
 */
export const shiftBoundary: Check = {
  id: "shift.boundary",
  title: "A write refused at a shift change lands once, in the new shift",
  rule: "A write refused because the POS's shift is closing is retried on a backoff after the next shift opens, and lands exactly once, counted in the new shift — it is never given up.",
  needsGuests: true,
  catches: "shift-closing-fatal",
  async play(stage) {
    const driver = stage.driver;
    const location = stage.locations[0];
    if (!driver || !location) throw new Error("drive mode only");
    const items = await orderable(stage, location.id);
    const { timezone, shifts: before } = await stage.admin.chain.location(location.id);
    // The shift closes at the next whole local minute two minutes or more from now.
    const boundary = Math.ceil((stage.now() + 2 * MINUTE) / MINUTE) * MINUTE;
    await stage.faults([
      {
        id: "shift-change",
        kind: "shift_close",
        at: [localHhMm(boundary, timezone)],
        window: WINDOW,
        scope: { locations: [location.id] },
      },
    ]);
    // A guest orders in the middle of the closing window.
    await stage.wait(boundary + MINUTE - stage.now());
    const placedAt = stage.now();
    const placed = await driver.placeOrder({ locationId: location.id, flow: "pay_first", items: [items[0]] });
    await stage.wait(boundary + WINDOW + AFTER - stage.now());
    const found = await stage.posOrders(location.id, placed.ref);
    const pos = await Promise.all(found.map((o) => posOrderDetail(stage, location.id, o.id)));
    const { shifts } = await stage.admin.chain.location(location.id);
    const view = await driver.order(placed.ref);
    return {
      locationId: location.id,
      ref: placed.ref,
      placed: placed.state,
      state: view?.state ?? null,
      reason: view?.reason ?? null,
      boundary,
      placedAt,
      shiftBefore: before.find((s) => s.closedAt === null)?.id ?? null,
      shifts,
      atPos: pos,
      windows: [{ from: boundary, to: boundary + WINDOW, label: "shift closing", locationId: location.id }],
    };
  },
  judge(run) {
    const locationId = String(run.notes.locationId);
    const ref = String(run.notes.ref);
    const boundary = Number(run.notes.boundary);
    const placedAt = Number(run.notes.placedAt);
    const pos = run.notes.atPos as PosOrderDetail[];
    const shifts = run.notes.shifts as Shift[];
    const creates = requests(run, locationId, "order.create").filter((e) => at(e) >= placedAt);
    const refusals = creates.filter((e) => e.outcome === "SHIFT_CLOSING");
    const landed = creates.filter((e) => e.status >= 200 && e.status < 300);
    const evidence: Evidence[] = [
      ...refusals.slice(0, 3).map((e) => cite(e, "refused at the shift change")),
      ...landed.map((e) => cite(e, "landed")),
    ];
    if (run.notes.placed === "refused")
      return fail(
        `the connector refused the guest's order (${String(run.notes.reason)}) instead of placing it`,
      );
    if (refusals.length === 0)
      return fail("no order create met the closing shift: the scenario did not test the boundary", evidence);
    // The shift the POS opened when the closing one closed.
    const next = shifts.find((s) => Date.parse(s.openedAt) >= boundary);
    if (pos.length !== 1) {
      const why =
        pos.length === 0
          ? `no POS order carries ${ref}'s external id (the connector says ${String(run.notes.state)}${
              run.notes.reason ? `: ${String(run.notes.reason)}` : ""
            })`
          : `the POS holds ${pos.length} orders for ${ref}`;
      return fail(`${why} after it was refused SHIFT_CLOSING`, evidence);
    }
    const order = pos[0] as PosOrderDetail;
    if (!next || order.shiftId !== next.id)
      return fail(
        `${ref} landed in shift ${order.shiftId}, not in the shift opened after the boundary (${next?.id ?? "none"})`,
        evidence,
      );
    return pass(
      `${ref} was refused ${refusals.length} time(s) while the shift closed, then landed once in the new shift ${next.id}`,
      evidence,
    );
  },
};
