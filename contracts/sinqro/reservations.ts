import { z } from "@hono/zod-openapi";
import type { ReservationStatus } from "../vocabulary.ts";
import { MAX_DAYS_AHEAD, MAX_PARTY } from "../vocabulary.ts";
import { Channel, Id, Iso, one, Reference } from "./common.ts";
import { Phone } from "./orders.ts";

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
    partySize: z
      .number()
      .int()
      .min(1)
      .max(MAX_PARTY)
      .openapi({
        description: `Online, up to ${MAX_PARTY} (and no more than the restaurant's seats): larger groups book by phone.`,
      }),
    reservedFor: z.iso.datetime({ offset: true }).openapi({
      // No example: any instant a contract could publish is out of the booking window within
      // months (tested in test/examples.test.ts).
      description: `When the party comes, with its UTC offset: in the future, at most ${MAX_DAYS_AHEAD} days ahead, within the restaurant's opening hours (GET /schedule) and not inside a temporary closing (RESTAURANT_CLOSED). For example tomorrow at 21:00 local time, \`YYYY-MM-DDT21:00:00+01:00\` in Madrid in winter.`,
    }),
    customer: z.object({
      name: z.string().min(1).max(100).regex(/\S/, "must not be blank"),
      phone: Phone,
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
