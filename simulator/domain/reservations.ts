import { MAX_DAYS_AHEAD, MAX_PARTY } from "../../contracts/vocabulary.ts";
import { type InvalidParam, notFound, PosError } from "./errors.ts";
import { emit } from "./events.ts";
import { closedAt, outsideOpeningHours } from "./schedule.ts";
import type { Customer, Location, Reservation, ReservationStatus } from "./types.ts";

const DAY = 86_400_000;
/** Finished bookings are forgotten this long after their time, so memory stays bounded. */
const RETAIN_MS = 3 * DAY;
const PHONE = /^\+?[0-9][0-9 ().-]{5,24}$/;

/**
 * The booking life cycle: the restaurant accepts (or declines, as `canceled`) a request,
 * then seats the party or records a no-show; a seated party completes. Either side may
 * cancel until the party is seated.
 */
export const RESERVATION_NEXT: Readonly<Record<ReservationStatus, readonly ReservationStatus[]>> = {
  requested: ["accepted", "canceled"],
  accepted: ["seated", "canceled", "no_show"],
  seated: ["completed"],
  completed: [],
  canceled: [],
  no_show: [],
};

export interface ReservationInput {
  externalId?: string | null;
  channel?: string | null;
  partySize: number;
  reservedFor: number;
  customer: { name: string; phone: string; email?: string | null };
  note?: string | null;
}

/**
 * Takes a booking for a future time the restaurant is open and not temporarily closed, for
 * a party its tables can seat. Every problem is named in one reply; a refusal changes nothing.
 */
export function createReservation(location: Location, input: ReservationInput, now: number): Reservation {
  const problems: InvalidParam[] = [];
  const seats = location.areas.flatMap((a) => a.tables).reduce((sum, t) => sum + t.seats, 0);
  const largest = Math.min(MAX_PARTY, seats);
  if (!Number.isInteger(input.partySize) || input.partySize < 1 || input.partySize > largest)
    problems.push({
      name: "body.partySize",
      reason: `must be from 1 to ${largest}; larger groups book by phone`,
    });
  const at = input.reservedFor;
  if (!Number.isFinite(at) || at <= now)
    problems.push({ name: "body.reservedFor", reason: "must be in the future" });
  else if (at > now + MAX_DAYS_AHEAD * DAY)
    problems.push({ name: "body.reservedFor", reason: `at most ${MAX_DAYS_AHEAD} days ahead` });
  else {
    const outside = outsideOpeningHours(location, at);
    if (outside) problems.push({ name: "body.reservedFor", reason: outside });
  }
  if (input.customer.name.trim() === "")
    problems.push({ name: "body.customer.name", reason: "must not be blank" });
  if (!PHONE.test(input.customer.phone))
    problems.push({ name: "body.customer.phone", reason: "must be a phone number, like +34 600 123 456" });
  if (problems.length > 0) {
    throw new PosError("VALIDATION", problems.map((p) => `${p.name}: ${p.reason}`).join("; "), {
      invalidParams: problems,
    });
  }
  if (closedAt(location, at, now)) {
    const closure = location.closure;
    throw new PosError("ITEM_UNAVAILABLE", `the restaurant is temporarily closed then (${closure?.reason})`, {
      extensions: {
        restaurantClosed: true,
        closedSince: closure && new Date(closure.since).toISOString(),
        closedUntil: closure?.until == null ? null : new Date(closure.until).toISOString(),
        reason: closure?.reason ?? null,
      },
    });
  }
  if (input.externalId) {
    for (const existing of location.reservations.values()) {
      if (existing.externalId === input.externalId)
        throw new PosError(
          "IDEMPOTENCY_CONFLICT",
          `reference '${input.externalId}' is already reservation ${existing.id}`,
          { extensions: { reservationId: existing.id } },
        );
    }
  }
  forgetReservations(location, now - RETAIN_MS);
  const number = (location.counters.reservation ?? 0) + 1;
  location.counters.reservation = number;
  const customer: Customer = {
    name: input.customer.name.trim(),
    phone: input.customer.phone,
    email: input.customer.email ?? null,
    address: null,
  };
  const reservation: Reservation = {
    id: `${location.id}-res-${String(number).padStart(5, "0")}`,
    locationId: location.id,
    number,
    externalId: input.externalId ?? null,
    channel: input.channel ?? null,
    partySize: input.partySize,
    reservedFor: at,
    customer,
    note: input.note ?? null,
    status: "requested",
    tableId: null,
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  location.reservations.set(reservation.id, reservation);
  emit({ type: "reservation.changed", location, reservationId: reservation.id, at: now });
  return reservation;
}

export function getReservation(location: Location, id: string): Reservation {
  const reservation = location.reservations.get(id);
  if (!reservation) throw notFound("reservation", id);
  return reservation;
}

/**
 * Moves a booking along {@link RESERVATION_NEXT}. Seating may name the table; a no-show can
 * only be recorded once the booked time has come.
 */
export function setReservationStatus(
  location: Location,
  reservation: Reservation,
  next: ReservationStatus,
  now: number,
  options: { tableId?: string | null } = {},
): Reservation {
  const allowed = RESERVATION_NEXT[reservation.status];
  const refuse = (because?: string) =>
    new PosError(
      "INVALID_TRANSITION",
      `reservation ${reservation.id} cannot go from ${reservation.status} to ${next}${because ? `: ${because}` : ""}`,
      { extensions: { reservationId: reservation.id, from: reservation.status, to: next, allowed, because } },
    );
  if (!allowed.includes(next)) throw refuse();
  if (next === "no_show" && now < reservation.reservedFor) throw refuse("not before the booked time");
  const tableId = options.tableId ?? null;
  if (tableId !== null) {
    const reason =
      next !== "seated"
        ? "only seating a party takes a table"
        : location.areas.some((a) => a.tables.some((t) => t.id === tableId))
          ? null
          : `no table '${tableId}' at ${location.id}`;
    if (reason)
      throw new PosError("VALIDATION", `tableId: ${reason}`, {
        invalidParams: [{ name: "body.tableId", reason }],
      });
  }
  if (tableId !== null) reservation.tableId = tableId;
  reservation.status = next;
  reservation.updatedAt = now;
  reservation.version += 1;
  emit({ type: "reservation.changed", location, reservationId: reservation.id, at: now });
  return reservation;
}

/**
 * Forgets bookings for a time before `before`, whatever became of them: days later a booking
 * nobody answered is as much history as one that was honoured, and memory stays bounded.
 */
export function forgetReservations(location: Location, before: number): void {
  for (const [id, r] of location.reservations) if (r.reservedFor < before) location.reservations.delete(id);
}
