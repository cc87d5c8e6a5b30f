import { z } from "@hono/zod-openapi";
import { ExternalID, VenueID } from "./sales.ts";

/** The most entries of one kind (items, categories, …) one `POST /catalog/` may carry. */
export const MAX_CATALOG_ENTRIES = 5_000;

const Name = z.string().min(1).max(200);
const Price = z
  .number()
  .int()
  .min(0)
  .max(1_000_000_000)
  .openapi({ description: "Tax-included price, integer minor units (cents)." });
const Refs = z.array(ExternalID).max(200);

export const CatalogCategory = z
  .strictObject({ externalID: ExternalID, name: Name, position: z.number().int().min(0).optional() })
  .openapi("CatalogCategory");

export const CatalogModifierOption = z
  .strictObject({ externalID: ExternalID, name: Name, price: Price })
  .openapi("CatalogModifierOption");

export const CatalogModifierGroup = z
  .strictObject({
    externalID: ExternalID,
    name: Name,
    min: z.number().int().min(0).max(100).openapi({ description: "Fewest options a guest must choose." }),
    max: z.number().int().min(0).max(100).openapi({ description: "Most options a guest may choose; ≥ min." }),
    options: z.array(CatalogModifierOption).max(200),
  })
  .openapi("CatalogModifierGroup");

export const CatalogVariant = z
  .strictObject({ externalID: ExternalID, name: Name, price: Price })
  .openapi("CatalogVariant");

export const CatalogItem = z
  .strictObject({
    externalID: ExternalID,
    name: Name,
    categoryID: ExternalID.openapi({
      description: "A category of this batch or already stored for the venue.",
    }),
    price: Price,
    taxRate: z
      .number()
      .int()
      .min(0)
      .max(10_000)
      .optional()
      .openapi({ description: "Tax rate in basis points: 1000 = 10 %." }),
    variants: z.array(CatalogVariant).max(50).optional(),
    modifierGroupIDs: Refs.optional().openapi({
      description: "Modifier groups of this batch or already stored for the venue.",
    }),
  })
  .openapi("CatalogItem");

export const CatalogMenu = z
  .strictObject({
    externalID: ExternalID,
    name: Name,
    categoryIDs: Refs.openapi({ description: "Categories of this batch or already stored for the venue." }),
  })
  .openapi("CatalogMenu");

const entries = <T extends z.ZodType>(schema: T) =>
  z.array(schema).max(MAX_CATALOG_ENTRIES, `at most ${MAX_CATALOG_ENTRIES} per batch`).optional();

export const CatalogPush = z
  .strictObject({
    venueID: VenueID.optional(),
    categories: entries(CatalogCategory),
    items: entries(CatalogItem),
    menus: entries(CatalogMenu),
    modifierGroups: entries(CatalogModifierGroup),
  })
  .openapi("CatalogPush", {
    description:
      "Any part of a venue's catalog; each entry is upserted by externalID. Send it before the sales that sell it.",
  });

export type CatalogPushWire = z.infer<typeof CatalogPush>;
export type CatalogItemWire = z.infer<typeof CatalogItem>;
export type CatalogCategoryWire = z.infer<typeof CatalogCategory>;
export type CatalogMenuWire = z.infer<typeof CatalogMenu>;
export type CatalogModifierGroupWire = z.infer<typeof CatalogModifierGroup>;
