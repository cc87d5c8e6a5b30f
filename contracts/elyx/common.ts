import { z } from "@hono/zod-openapi";

import { Iso, Minor } from "../common.ts";

export { Iso, Minor };
export const BusinessDate = z.string().openapi({ example: "2026-03-13", description: "yyyy-mm-dd" });
export const VatRate = z
  .number()
  .openapi({ description: "VAT rate in percent (10, 5.5, 21). Prices include VAT.", example: 10 });
export const LocationNumber = z
  .number()
  .int()
  .openapi({ description: "Numeric location id of the Elyx server (mockpos loc-0007 is 7).", example: 7 });
export const Ref = z.string().openapi({
  description: "`<location>-<number>`: tickets and shifts are numbered per location.",
  example: "7-42",
});

/** `?locations=1,2,3` — empty or absent means every location the key sees. */
export const LocationsFilter = z
  .string()
  .max(4_000)
  .regex(/^\s*(\d{1,6}\s*(,\s*\d{1,6}\s*)*)?$/, "a comma-separated list of numeric location ids, e.g. 1,2,3")
  .optional()
  .openapi({
    param: { name: "locations", in: "query" },
    description:
      "Comma-separated location ids (e.g. `1,2,3`), at most 4,000 characters. Empty or absent: every location this API key sees.",
    example: "1,2",
  });

export const LocationParams = z.object({
  locationId: z
    .string()
    .regex(/^\d{1,6}$/, "a numeric location id")
    .openapi({ param: { name: "locationId", in: "path" }, example: "1" }),
});

export const TicketParams = z.object({
  ticketId: z
    .string()
    .regex(/^\d{1,6}-\d{1,9}$/, "a ticket id like 7-42")
    .openapi({ param: { name: "ticketId", in: "path" }, example: "1-3" }),
});

export const ShiftParams = z.object({
  shiftId: z
    .string()
    .regex(/^\d{1,6}-\d{1,9}$/, "a shift id like 7-12")
    .openapi({ param: { name: "shiftId", in: "path" }, example: "1-1" }),
});

export const LocationStatus = z
  .object({
    id: LocationNumber,
    name: z.string(),
    online: z.boolean(),
    time: Iso,
    timezone: z.string(),
    currency: z.string(),
    businessDate: BusinessDate,
    shiftId: Ref.openapi({ description: "The shift taking sales now." }),
    address: z.object({ street: z.string(), city: z.string(), postalCode: z.string(), country: z.string() }),
  })
  .openapi("ElyxLocationStatus");

export const LocationList = z
  .object({ serverTime: Iso, locations: z.array(LocationStatus) })
  .openapi("ElyxLocationList");

export const Article = z
  .object({
    id: z.string(),
    familyId: z.string(),
    name: z.string(),
    description: z.string(),
    price: Minor,
    vatRate: VatRate,
    variants: z.array(z.object({ id: z.string(), name: z.string(), price: Minor })),
    modifierGroupIds: z.array(z.string()),
    combo: z
      .array(
        z.object({
          id: z.string(),
          name: z.string(),
          articleIds: z.array(z.string()),
          upcharges: z.record(z.string(), Minor),
        }),
      )
      .nullable(),
    soldOut: z.boolean(),
  })
  .openapi("ElyxArticle");

export const Articles = z
  .object({
    locationId: LocationNumber,
    currency: z.string(),
    version: z.number().int().openapi({ description: "Changes whenever the menu does." }),
    updatedAt: Iso,
    families: z.array(z.object({ id: z.string(), name: z.string(), position: z.number().int() })),
    articles: z.array(Article),
    modifierGroups: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        min: z.number().int(),
        max: z.number().int(),
        options: z.array(
          z.object({
            id: z.string(),
            name: z.string(),
            kind: z.enum(["add", "remove", "swap", "choice"]),
            price: Minor,
          }),
        ),
      }),
    ),
  })
  .openapi("ElyxArticles");
