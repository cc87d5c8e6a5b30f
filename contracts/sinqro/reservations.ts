import { z } from "@hono/zod-openapi";
import type { ReservationStatus } from "../../simulator/domain/types.ts";
import { Channel, Id, Iso, one, Reference } from "./common.ts";

/** Booking statuses as Sinqro names them, one per POS reservation status. */
export const SINQRO_RESERVATION_STATUS = {
  requested: "REQUESTED",
  accepted: "ACCEPTED",
  seated: "SEATED",
  completed: "COMPLETED",
  canceled: "CANCELED",
  no_show: "NO_SHOW",
} as const satisfies Record<ReservationStatus, string>;

export const SinqroReservationStatusName = z.enum([
  "REQUESTED",
  "ACCEPTED",
  "SEATED",
  "COMPLETED",
  "CANCELED",
  "NO_SHOW",
]);

export const SinqroCreateReservationRequest = z
  .object({
    externalReference: Reference.optional(),
    channel: Channel.optional(),
    partySize: z.number().int().min(1).max(100).openapi({
      description: "Online, up to 20 (and the restaurant's seats): larger groups book by phone.",
    }),
    reservedFor: z.iso.datetime({ offset: true }).openapi({
      description: "When the party comes: in the future, within opening hours, at most 90 days ahead.",
      example: "2026-03-13T21:00:00+01:00",
    }),
    customer: z.object({
      name: z.string().min(1).max(100),
      phone: z.string().min(1).max(30),
      email: z.email().max(200).nullish(),
    }),
    comment: z.string().max(500).nullish(),
  })
  .openapi("SinqroCreateReservationRequest");

export const SinqroSetReservationStatusRequest = z
  .object({
    status: SinqroReservationStatusName.exclude(["REQUESTED"]),
    tableId: Id.nullish().openapi({ description: "With SEATED: the table the party sits at." }),
  })
  .openapi("SinqroSetReservationStatusRequest", {
    description:
      "REQUESTED → ACCEPTED | CANCELED; ACCEPTED → SEATED | CANCELED | NO_SHOW (not before its time); SEATED → COMPLETED.",
  });

export const SinqroReservation = z
  .object({
    id: z.string(),
    number: z.number().int(),
    restaurantId: z.string(),
    externalReference: z.string().nullable(),
    channel: z.string().nullable(),
    partySize: z.number().int(),
    reservedFor: Iso,
    customer: z.object({ name: z.string(), phone: z.string().nullable(), email: z.string().nullable() }),
    comment: z.string().nullable(),
    status: SinqroReservationStatusName,
    tableId: z.string().nullable(),
    createdAt: Iso,
    updatedAt: Iso,
    version: z.number().int(),
  })
  .openapi("SinqroReservation");

export const SinqroReservationStatus = z
  .object({
    reservationId: z.string(),
    externalReference: z.string().nullable(),
    status: SinqroReservationStatusName,
    allowed: z.array(SinqroReservationStatusName).openapi({ description: "Where it may go next." }),
    tableId: z.string().nullable(),
    updatedAt: Iso,
    version: z.number().int(),
  })
  .openapi("SinqroReservationStatus");

export const SinqroReservationResponse = one(SinqroReservation, "SinqroReservationResponse");
export const SinqroReservationStatusResponse = one(
  SinqroReservationStatus,
  "SinqroReservationStatusResponse",
);
