import { describe, expect, it } from "vitest";
import { generateChain } from "../generate/index.ts";
import { PosError } from "./errors.ts";
import { type DomainEvent, observe } from "./events.ts";
import {
  createReservation,
  getReservation,
  RESERVATION_NEXT,
  type ReservationInput,
  setReservationStatus,
} from "./reservations.ts";
import { closeTemporarily, setSchedule } from "./schedule.ts";
import type { Location, ReservationStatus } from "./types.ts";

const NOW = Date.UTC(2026, 2, 13, 11, 30); // Friday 12:30 in Madrid
const HOUR = 3_600_000;
const TONIGHT = Date.UTC(2026, 2, 13, 20, 0); // 21:00 in Madrid

function setup() {
  const loc = generateChain({ seed: "book", locations: 1, locale: "es", now: NOW }).locations[0] as Location;
  const open = [
    { opens: "13:00", closes: "16:00" },
    { opens: "20:00", closes: "23:30" },
  ];
  setSchedule(loc, {
    monday: [],
    tuesday: open,
    wednesday: open,
    thursday: open,
    friday: open,
    saturday: open,
    sunday: open,
  });
  const events: DomainEvent[] = [];
  observe(loc, (e) => events.push(e));
  const input = (extra: Partial<ReservationInput> = {}): ReservationInput => ({
    partySize: 4,
    reservedFor: TONIGHT,
    customer: { name: "Lucía Pérez", phone: "+34 600 123 456" },
    ...extra,
  });
  return { loc, events, input };
}

function refusal(run: () => unknown): PosError {
  try {
    run();
  } catch (err) {
    if (err instanceof PosError) return err;
    throw err;
  }
  throw new Error("expected a refusal");
}

describe("reservations", () => {
  it("takes a booking as requested, numbered per location, and announces it", () => {
    const { loc, events, input } = setup();
    const r = createReservation(loc, input({ externalId: "sq-1", note: "window" }), NOW);
    expect(r).toMatchObject({
      id: `${loc.id}-res-00001`,
      status: "requested",
      partySize: 4,
      reservedFor: TONIGHT,
      externalId: "sq-1",
      note: "window",
      version: 1,
    });
    expect(getReservation(loc, r.id)).toBe(r);
    expect(events).toEqual([{ type: "reservation.changed", location: loc, reservationId: r.id, at: NOW }]);
    expect(createReservation(loc, input(), NOW).number).toBe(2);
  });

  it("names every problem at once and stores nothing", () => {
    const { loc, events, input } = setup();
    const err = refusal(() =>
      createReservation(
        loc,
        input({ partySize: 21, reservedFor: NOW - HOUR, customer: { name: " ", phone: "call me" } }),
        NOW,
      ),
    );
    expect(err.code).toBe("VALIDATION");
    expect(err.details.invalidParams?.map((p) => p.name)).toEqual([
      "body.partySize",
      "body.reservedFor",
      "body.customer.name",
      "body.customer.phone",
    ]);
    expect(loc.reservations.size).toBe(0);
    expect(loc.counters.reservation).toBeUndefined();
    expect(events).toEqual([]);
  });

  it("refuses a time outside opening hours or too far ahead", () => {
    const { loc, input } = setup();
    expect(
      refusal(() => createReservation(loc, input({ reservedFor: TONIGHT - 3 * HOUR }), NOW)).message,
    ).toMatch(/outside opening hours/);
    expect(
      refusal(() => createReservation(loc, input({ reservedFor: TONIGHT + 3 * 24 * HOUR }), NOW)).message,
    ).toMatch(/closed on mondays/);
    expect(
      refusal(() => createReservation(loc, input({ reservedFor: TONIGHT + 91 * 24 * HOUR }), NOW)).message,
    ).toMatch(/90 days/);
  });

  it("refuses a time inside a temporary closing, and a reference used before", () => {
    const { loc, input } = setup();
    createReservation(loc, input({ externalId: "sq-1" }), NOW);
    const dup = refusal(() => createReservation(loc, input({ externalId: "sq-1" }), NOW));
    expect(dup.code).toBe("IDEMPOTENCY_CONFLICT");
    expect(dup.details.extensions?.reservationId).toBe(`${loc.id}-res-00001`);
    closeTemporarily(loc, { reason: "private party", until: TONIGHT + HOUR }, NOW);
    const closed = refusal(() => createReservation(loc, input(), NOW));
    expect(closed.code).toBe("ITEM_UNAVAILABLE");
    expect(closed.details.extensions).toMatchObject({ restaurantClosed: true, reason: "private party" });
    expect(createReservation(loc, input({ reservedFor: TONIGHT + 2 * HOUR }), NOW).status).toBe("requested");
  });

  it("follows the machine: accepted, seated at a table, completed", () => {
    const { loc, events, input } = setup();
    const r = createReservation(loc, input(), NOW);
    const table = loc.areas[0]?.tables[0]?.id ?? "";
    setReservationStatus(loc, r, "accepted", NOW + 1);
    setReservationStatus(loc, r, "seated", TONIGHT, { tableId: table });
    setReservationStatus(loc, r, "completed", TONIGHT + HOUR);
    expect(r).toMatchObject({ status: "completed", tableId: table, version: 4, updatedAt: TONIGHT + HOUR });
    expect(events.filter((e) => e.type === "reservation.changed")).toHaveLength(4);
  });

  it("refuses every transition the machine does not list, naming what is allowed", () => {
    const statuses = Object.keys(RESERVATION_NEXT) as ReservationStatus[];
    const paths: Record<ReservationStatus, ReservationStatus[]> = {
      requested: [],
      accepted: ["accepted"],
      seated: ["accepted", "seated"],
      completed: ["accepted", "seated", "completed"],
      canceled: ["canceled"],
      no_show: ["accepted", "no_show"],
    };
    for (const from of statuses) {
      for (const to of statuses) {
        const { loc, input } = setup();
        const r = createReservation(loc, input(), NOW);
        for (const step of paths[from]) setReservationStatus(loc, r, step, TONIGHT);
        if (RESERVATION_NEXT[from].includes(to)) {
          expect(setReservationStatus(loc, r, to, TONIGHT).status).toBe(to);
          continue;
        }
        const err = refusal(() => setReservationStatus(loc, r, to, TONIGHT));
        expect(err.code, `${from} → ${to}`).toBe("INVALID_TRANSITION");
        expect(err.details.extensions).toMatchObject({ from, to, allowed: RESERVATION_NEXT[from] });
        expect(r.status).toBe(from);
      }
    }
  });

  it("records a no-show only once the booked time has come; a table only when seating", () => {
    const { loc, input } = setup();
    const r = createReservation(loc, input(), NOW);
    setReservationStatus(loc, r, "accepted", NOW);
    expect(
      refusal(() => setReservationStatus(loc, r, "no_show", TONIGHT - 1)).details.extensions?.because,
    ).toMatch(/booked time/);
    expect(refusal(() => setReservationStatus(loc, r, "canceled", NOW, { tableId: "t-1" })).code).toBe(
      "VALIDATION",
    );
    expect(refusal(() => setReservationStatus(loc, r, "seated", NOW, { tableId: "no-such" })).code).toBe(
      "VALIDATION",
    );
    expect(r).toMatchObject({ status: "accepted", tableId: null, version: 2 });
    expect(setReservationStatus(loc, r, "no_show", TONIGHT + 15 * 60_000).status).toBe("no_show");
  });

  it("unknown ids are NOT_FOUND; bookings are forgotten days after their time, answered or not", () => {
    const { loc, input } = setup();
    expect(refusal(() => getReservation(loc, "nope")).code).toBe("NOT_FOUND");
    const old = createReservation(loc, input(), NOW);
    setReservationStatus(loc, old, "canceled", NOW);
    const kept = createReservation(loc, input(), NOW);
    const later = TONIGHT + 4 * 24 * HOUR - HOUR; // Tuesday 20:00 local
    createReservation(loc, input({ reservedFor: later + HOUR }), later);
    expect(kept.status).toBe("requested");
    expect([...loc.reservations.keys()]).toEqual([`${loc.id}-res-00003`]);
  });
});
