import type { OpenAPIHono, RouteConfig } from "@hono/zod-openapi";
import * as routes from "../../contracts/admin/sinqro.ts";
import type { Clock } from "../clock/index.ts";
import { findLocation, getLocation } from "../domain/chain.ts";
import { getReservation, setReservationStatus } from "../domain/reservations.ts";
import { activeClosure, closeTemporarily, reopen, setSchedule } from "../domain/schedule.ts";
import type { Chain, Location, Reservation } from "../domain/types.ts";
import type { AppEnv } from "../http/env.ts";

const iso = (t: number) => new Date(t).toISOString();

function closureOf(location: Location, now: number) {
  const closure = activeClosure(location, now);
  return {
    locationId: location.id,
    closed: closure !== null,
    since: closure ? iso(closure.since) : null,
    until: closure?.until == null ? null : iso(closure.until),
    reason: closure?.reason ?? null,
  };
}

function reservationOf(r: Reservation) {
  const { name, phone, email } = r.customer;
  return {
    id: r.id,
    number: r.number,
    externalId: r.externalId,
    channel: r.channel,
    partySize: r.partySize,
    reservedFor: iso(r.reservedFor),
    customer: { name, phone, email },
    note: r.note,
    status: r.status,
    tableId: r.tableId,
    createdAt: iso(r.createdAt),
    updatedAt: iso(r.updatedAt),
    version: r.version,
  };
}

/** Admin routes for what Sinqro reads from the POS: temporary closings, opening hours, bookings. */
export function mountSinqroAdmin(
  app: OpenAPIHono<AppEnv>,
  sim: { readonly chain: Chain; readonly clock: Clock },
  r: <R extends RouteConfig>(route: R) => R,
): void {
  const now = () => sim.clock.now();
  const loc = (id: string) => getLocation(sim.chain, id);

  app.openapi(r(routes.closureSet), (c) => {
    const l = loc(c.req.valid("param").locationId);
    const { reason, until } = c.req.valid("json");
    const end = until == null ? null : Date.parse(until);
    closeTemporarily(l, { reason, until: end }, now());
    // Reopen on time, so the availability event goes out when the closing ends, not when next read.
    if (end !== null)
      sim.clock.setTimeout(() => {
        if (findLocation(sim.chain, l.id) === l) activeClosure(l, now());
      }, end - now());
    return c.json(closureOf(l, now()), 200);
  });

  app.openapi(r(routes.closureDelete), (c) => {
    const l = loc(c.req.valid("param").locationId);
    reopen(l, now());
    return c.json(closureOf(l, now()), 200);
  });

  app.openapi(r(routes.scheduleSet), (c) => {
    const l = loc(c.req.valid("param").locationId);
    return c.json(setSchedule(l, c.req.valid("json")), 200);
  });

  app.openapi(r(routes.reservationsList), (c) => {
    const l = loc(c.req.valid("param").locationId);
    return c.json({ reservations: [...l.reservations.values()].map(reservationOf) }, 200);
  });

  app.openapi(r(routes.reservationStatusSet), (c) => {
    const { locationId, reservationId } = c.req.valid("param");
    const l = loc(locationId);
    const { status, tableId } = c.req.valid("json");
    const booking = setReservationStatus(l, getReservation(l, reservationId), status, now(), { tableId });
    return c.json(reservationOf(booking), 200);
  });
}
