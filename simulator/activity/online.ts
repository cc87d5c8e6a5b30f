import type { DomainEvent } from "../domain/events.ts";
import { setFulfilment } from "../domain/orders.ts";
import { getReservation, setReservationStatus } from "../domain/reservations.ts";
import type { Fulfilment, Order, Reservation } from "../domain/types.ts";
import { MINUTE } from "./local-time.ts";
import type { EventKind, LocationRun } from "./runner.ts";

const SECOND = 1000;
// Most online orders are taken; a few are refused (out of an ingredient, the kitchen swamped).
const REJECT_CHANCE = 0.03;
const DECLINE_CHANCE = 0.08;
const NO_SHOW_CHANCE = 0.07;
const LOCKED_RETRY_MS = 30 * SECOND;
// After acceptance: [next status, least and most minutes after the step before].
const KITCHEN: readonly (readonly [Fulfilment, number, number])[] = [
  ["preparing", 1, 4],
  ["ready", 6, 15],
  ["completed", 2, 10],
];

/**
 * The staff answering what arrives through an API, as a restaurant does with its online
 * channel: an order is accepted (or refused) within a couple of minutes, then cooked, made
 * ready and handed over; a booking is confirmed (or declined), and at the booked time the party
 * is seated — or does not come. Whoever else moves the order or booking first (a connector,
 * the admin API) wins: the staff leave alone what they no longer find as they left it.
 */
export function answerOnline(run: LocationRun, event: DomainEvent): void {
  if (event.type === "order.created") {
    const order = event.order;
    if (!run.tills.some((t) => t.id === order.terminalId) && order.fulfilment === "new")
      takeOrder(run, order);
  } else if (event.type === "reservation.changed") {
    const reservation = run.location.reservations?.get(event.reservationId);
    if (reservation?.status === "requested" && reservation.version === 1) answerBooking(run, reservation);
  }
}

function takeOrder(run: LocationRun, order: Order): void {
  run.after(between(run, 20 * SECOND, 2 * MINUTE), () => {
    if (order.fulfilment !== "new" || order.status === "voided") return;
    const reject = order.status === "open" && run.online.chance(REJECT_CHANCE);
    move(
      run,
      order,
      "new",
      reject ? "canceled" : "accepted",
      reject ? "onlineRejected" : "onlineAccepted",
      () => {
        if (!reject) cook(run, order, 0);
      },
    );
  });
}

function cook(run: LocationRun, order: Order, step: number): void {
  const next = KITCHEN[step];
  if (!next) return;
  const [status, least, most] = next;
  const expected = step === 0 ? "accepted" : KITCHEN[step - 1]?.[0];
  run.after(between(run, least * MINUTE, most * MINUTE), () => {
    if (expected === undefined) return;
    move(run, order, expected, status, "ordersProgressed", () => cook(run, order, step + 1));
  });
}

/**
 * One status change at a till, if the order is still where the staff left it; a waiter holding
 * it at another terminal means trying again shortly.
 */
function move(
  run: LocationRun,
  order: Order,
  from: Fulfilment,
  to: Fulfilment,
  kind: EventKind,
  then: () => void,
): void {
  if (order.fulfilment !== from || order.status === "voided") return;
  const terminalId = run.online.pick(run.tills).id;
  try {
    setFulfilment(run.location, order, to, { source: "terminal", terminalId }, run.now());
  } catch (error) {
    if (run.refused(error) === "LOCKED")
      run.after(LOCKED_RETRY_MS, () => move(run, order, from, to, kind, then));
    return;
  }
  run.count(kind);
  then();
}

function answerBooking(run: LocationRun, booking: Reservation): void {
  run.after(between(run, MINUTE, 15 * MINUTE), () => {
    if (booking.status !== "requested") return;
    const decline = run.online.chance(DECLINE_CHANCE);
    if (
      !book(
        run,
        booking,
        decline ? "canceled" : "accepted",
        decline ? "bookingsDeclined" : "bookingsAccepted",
      )
    )
      return;
    if (decline) return;
    const noShow = run.online.chance(NO_SHOW_CHANCE);
    const arrival = booking.reservedFor + (noShow ? 30 * MINUTE : between(run, -5 * MINUTE, 15 * MINUTE));
    run.at(arrival, () => {
      if (getReservation(run.location, booking.id).status !== "accepted") return;
      if (noShow) {
        book(run, booking, "no_show", "bookingsNoShow");
        return;
      }
      const table = run.freeTable(booking.partySize);
      if (book(run, booking, "seated", "bookingsSeated", table?.id ?? null))
        run.after(between(run, 60 * MINUTE, 120 * MINUTE), () => {
          if (booking.status === "seated") book(run, booking, "completed", "bookingsCompleted");
        });
    });
  });
}

function book(
  run: LocationRun,
  booking: Reservation,
  to: Reservation["status"],
  kind: EventKind,
  tableId: string | null = null,
): boolean {
  try {
    setReservationStatus(run.location, booking, to, run.now(), { tableId });
  } catch (error) {
    run.refused(error);
    return false;
  }
  run.count(kind);
  return true;
}

function between(run: LocationRun, least: number, most: number): number {
  return least + Math.floor(run.online.next() * (most - least));
}
