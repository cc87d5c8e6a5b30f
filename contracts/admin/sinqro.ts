import { createRoute, z } from "@hono/zod-openapi";
import { body, json } from "../content.ts";
import { admin, FAILURES, Id, Iso, LocationParams, P, READ_FAILURES } from "./common.ts";

/** Staff at the POS, for what Sinqro reads: temporary closings, opening hours, table bookings. */

const LocalTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "a local time HH:MM");
const Windows = z.array(z.object({ opens: LocalTime, closes: LocalTime })).max(6);

export const AdminSchedule = z.object({
  monday: Windows,
  tuesday: Windows,
  wednesday: Windows,
  thursday: Windows,
  friday: Windows,
  saturday: Windows,
  sunday: Windows,
});

export const AdminClosure = z.object({
  locationId: z.string(),
  closed: z.boolean(),
  since: Iso.nullable(),
  until: Iso.nullable(),
  reason: z.string().nullable(),
});

export const AdminReservation = z.object({
  id: z.string(),
  number: z.number().int(),
  externalId: z.string().nullable(),
  channel: z.string().nullable(),
  partySize: z.number().int(),
  reservedFor: Iso,
  customer: z.object({ name: z.string(), phone: z.string().nullable(), email: z.string().nullable() }),
  note: z.string().nullable(),
  status: z.enum(["requested", "accepted", "seated", "completed", "canceled", "no_show"]),
  tableId: z.string().nullable(),
  createdAt: Iso,
  updatedAt: Iso,
  version: z.number().int(),
});

export const closureSet = createRoute({
  ...admin(
    "adminClosureSet",
    "Staff close the restaurant for online orders for a while (Sinqro's temporary closing)",
  ),
  method: "put",
  path: "/__admin/locations/{locationId}/closure",
  request: {
    params: LocationParams,
    body: body(
      z.object({
        reason: z.string().min(1).max(200),
        until: z.iso
          .datetime({ offset: true })
          .nullish()
          .openapi({ description: "Absent or null: until reopened." }),
      }),
    ),
  },
  responses: { 200: json(AdminClosure, "The closing in force"), ...FAILURES },
});

export const closureDelete = createRoute({
  ...admin("adminClosureDelete", "Staff reopen the restaurant for online orders"),
  method: "delete",
  path: "/__admin/locations/{locationId}/closure",
  request: { params: LocationParams },
  responses: { 200: json(AdminClosure, "Open again"), ...FAILURES },
});

export const scheduleSet = createRoute({
  ...admin("adminScheduleSet", "A manager edits the weekly opening hours (local times)"),
  method: "put",
  path: "/__admin/locations/{locationId}/schedule",
  request: { params: LocationParams, body: body(AdminSchedule) },
  responses: { 200: json(AdminSchedule, "The new week"), ...FAILURES },
});

export const reservationsList = createRoute({
  ...admin("adminReservations", "The restaurant's table bookings"),
  method: "get",
  path: "/__admin/locations/{locationId}/reservations",
  request: { params: LocationParams },
  responses: {
    200: json(z.object({ reservations: z.array(AdminReservation) }), "Bookings"),
    ...READ_FAILURES,
  },
});

export const reservationStatusSet = createRoute({
  ...admin("adminReservationStatus", "Staff accept, decline (canceled), seat, complete or mark a no-show"),
  method: "post",
  path: "/__admin/locations/{locationId}/reservations/{reservationId}/status",
  request: {
    params: LocationParams.extend({ reservationId: P("reservationId") }),
    body: body(
      z.object({
        status: AdminReservation.shape.status.exclude(["requested"]),
        tableId: Id.nullish(),
      }),
    ),
  },
  responses: { 200: json(AdminReservation, "The booking"), ...FAILURES },
});

export const SINQRO_ADMIN_ROUTES = [
  closureSet,
  closureDelete,
  scheduleSet,
  reservationsList,
  reservationStatusSet,
];
