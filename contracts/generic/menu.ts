import { z } from "@hono/zod-openapi";
import { Iso, Minor } from "../common.ts";

export const Variant = z.object({ id: z.string(), name: z.string(), price: Minor }).openapi("Variant");

export const ComboComponent = z
  .object({
    id: z.string(),
    name: z.string(),
    productIds: z.array(z.string()),
    upcharges: z.record(z.string(), Minor),
  })
  .openapi("ComboComponent");

export const Product = z
  .object({
    id: z.string(),
    categoryId: z.string(),
    name: z.string(),
    description: z.string(),
    price: Minor,
    loyaltyPrice: Minor.nullable(),
    taxRate: z.number().int().openapi({ description: "Basis points: 1000 = 10 %. Prices include tax." }),
    variants: z.array(Variant),
    modifierGroupIds: z.array(z.string()),
    combo: z.array(ComboComponent).nullable(),
    soldOut: z.boolean(),
  })
  .openapi("Product");

export const Category = z
  .object({ id: z.string(), name: z.string(), position: z.number().int() })
  .openapi("Category");

export const ModifierOption = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(["add", "remove", "swap", "choice"]),
    ingredient: z.string(),
    replaces: z.string().nullable(),
    price: Minor,
  })
  .openapi("ModifierOption");

export const ModifierGroup = z
  .object({
    id: z.string(),
    name: z.string(),
    min: z.number().int(),
    max: z.number().int(),
    options: z.array(ModifierOption),
  })
  .openapi("ModifierGroup");

export const Menu = z
  .object({
    locationId: z.string(),
    currency: z.string(),
    version: z.number().int(),
    updatedAt: Iso,
    categories: z.array(Category),
    products: z.array(Product),
  })
  .openapi("Menu");

export const Modifiers = z
  .object({ locationId: z.string(), modifierGroups: z.array(ModifierGroup) })
  .openapi("Modifiers");

export const Availability = z
  .object({
    locationId: z.string(),
    items: z.array(z.object({ productId: z.string(), soldOut: z.boolean(), since: Iso.nullable() })),
  })
  .openapi("Availability");

export const LocationStatus = z
  .object({
    locationId: z.string(),
    name: z.string(),
    online: z.boolean(),
    time: Iso,
    timezone: z.string(),
    currency: z.string(),
    businessDate: z.string().openapi({ example: "2026-01-01" }),
    shiftId: z.string(),
  })
  .openapi("LocationStatus");

export const Tables = z
  .object({
    locationId: z.string(),
    tables: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        area: z.string(),
        seats: z.number().int(),
        state: z.enum(["free", "occupied"]),
        openOrderIds: z.array(z.string()),
      }),
    ),
  })
  .openapi("Tables");

export const LoyaltyCard = z
  .object({
    number: z.string(),
    holder: z.string(),
    tier: z.enum(["silver", "gold", "platinum"]),
    points: z.number().int(),
    programme: z.string(),
  })
  .openapi("LoyaltyCard");
