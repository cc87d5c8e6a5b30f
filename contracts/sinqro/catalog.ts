import { z } from "@hono/zod-openapi";
import { Iso, Minor, many, one } from "./common.ts";

/**
 * The "online catalog" Sinqro loads: menus hold sections, sections hold products, products
 * have variants (sizes) and option categories (modifier groups) whose options add, remove or
 * swap an ingredient. Entities refer to each other by id, so each can be fetched alone.
 */

export const SinqroMenu = z
  .object({
    id: z.string(),
    name: z.string(),
    currency: z.string(),
    sectionIds: z.array(z.string()),
    version: z.number().int().openapi({ description: "Moves whenever a price or product changes." }),
    updatedAt: Iso,
  })
  .openapi("SinqroMenu");

export const SinqroMenuSection = z
  .object({
    id: z.string(),
    menuId: z.string(),
    name: z.string(),
    position: z.number().int(),
    productIds: z.array(z.string()),
  })
  .openapi("SinqroMenuSection");

export const SinqroProduct = z
  .object({
    id: z.string(),
    sectionId: z.string(),
    name: z.string(),
    description: z.string(),
    price: Minor.openapi({ description: "Price of the default variant, in minor units, tax included." }),
    loyaltyPrice: Minor.nullable(),
    taxRate: z.number().int().openapi({ description: "Basis points: 1000 = 10 %." }),
    available: z.boolean().openapi({ description: "False while sold out." }),
    variantIds: z.array(z.string()),
    optionCategoryIds: z.array(z.string()),
    comboItems: z
      .array(
        z.object({
          componentId: z.string(),
          name: z.string(),
          productIds: z.array(z.string()),
          upcharges: z.record(z.string(), Minor),
        }),
      )
      .nullable()
      .openapi({ description: "On combos: choose one product per component (upcharges by product id)." }),
  })
  .openapi("SinqroProduct");

export const SinqroProductVariant = z
  .object({
    id: z.string(),
    productId: z.string(),
    name: z.string(),
    price: Minor,
    isDefault: z.boolean(),
  })
  .openapi("SinqroProductVariant");

export const SinqroProductOptionCategory = z
  .object({
    id: z.string(),
    name: z.string(),
    minSelections: z.number().int(),
    maxSelections: z.number().int(),
    optionIds: z.array(z.string()),
    productIds: z.array(z.string()),
  })
  .openapi("SinqroProductOptionCategory");

export const SinqroProductOption = z
  .object({
    id: z.string(),
    optionCategoryId: z.string(),
    name: z.string(),
    kind: z.enum(["ADD", "REMOVE", "SWAP", "CHOICE"]),
    ingredient: z.string(),
    replaces: z.string().nullable(),
    price: Minor,
  })
  .openapi("SinqroProductOption");

export const SinqroMenuResponse = one(SinqroMenu, "SinqroMenuResponse");
export const SinqroMenuList = many(SinqroMenu, "SinqroMenuList");
export const SinqroMenuSectionResponse = one(SinqroMenuSection, "SinqroMenuSectionResponse");
export const SinqroMenuSectionList = many(SinqroMenuSection, "SinqroMenuSectionList");
export const SinqroProductResponse = one(SinqroProduct, "SinqroProductResponse");
export const SinqroProductList = many(SinqroProduct, "SinqroProductList");
export const SinqroProductVariantResponse = one(SinqroProductVariant, "SinqroProductVariantResponse");
export const SinqroProductVariantList = many(SinqroProductVariant, "SinqroProductVariantList");
export const SinqroProductOptionCategoryResponse = one(
  SinqroProductOptionCategory,
  "SinqroProductOptionCategoryResponse",
);
export const SinqroProductOptionCategoryList = many(
  SinqroProductOptionCategory,
  "SinqroProductOptionCategoryList",
);
export const SinqroProductOptionResponse = one(SinqroProductOption, "SinqroProductOptionResponse");
export const SinqroProductOptionList = many(SinqroProductOption, "SinqroProductOptionList");
