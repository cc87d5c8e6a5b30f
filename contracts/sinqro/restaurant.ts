import { z } from "@hono/zod-openapi";
import { Iso, one } from "./common.ts";

const LocalTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "a local time HH:MM");

export const SinqroDay = z.enum([
  "MONDAY",
  "TUESDAY",
  "WEDNESDAY",
  "THURSDAY",
  "FRIDAY",
  "SATURDAY",
  "SUNDAY",
]);

export const SinqroTemporaryClosing = z
  .object({
    restaurantId: z.string(),
    closed: z.boolean(),
    since: Iso.nullable(),
    until: Iso.nullable().openapi({ description: "null while closed: until staff reopen." }),
    reason: z.string().nullable(),
  })
  .openapi("SinqroTemporaryClosing");

export const SinqroSchedule = z
  .object({
    restaurantId: z.string(),
    timezone: z.string().openapi({ example: "Europe/Madrid" }),
    openNow: z.boolean().openapi({ description: "Within today's hours and not temporarily closed." }),
    week: z.array(
      z.object({
        day: SinqroDay,
        slots: z
          .array(z.object({ from: LocalTime, to: LocalTime }))
          .openapi({ description: "Local opening hours; none: closed all day." }),
      }),
    ),
  })
  .openapi("SinqroSchedule");

export const SinqroRestaurant = z
  .object({
    id: z.string(),
    name: z.string(),
    timezone: z.string(),
    currency: z.string(),
    address: z.object({ street: z.string(), city: z.string(), postalCode: z.string(), country: z.string() }),
    posOnline: z.boolean(),
    openNow: z.boolean(),
    temporarilyClosed: z.boolean(),
    time: Iso,
    businessDate: z.string().openapi({ example: "2026-03-13" }),
  })
  .openapi("SinqroRestaurant");

export const SinqroRestaurantResponse = one(SinqroRestaurant, "SinqroRestaurantResponse");
export const SinqroScheduleResponse = one(SinqroSchedule, "SinqroScheduleResponse");
export const SinqroTemporaryClosingResponse = one(SinqroTemporaryClosing, "SinqroTemporaryClosingResponse");
