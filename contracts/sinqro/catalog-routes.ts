import { createRoute, type RouteConfig, z } from "@hono/zod-openapi";
import { json } from "../content.ts";
import type { Operation } from "../operations.ts";
import * as catalog from "./catalog.ts";
import { failures, Id, meta, P, READ_FAILURES } from "./common.ts";
import { SINQRO_BASE } from "./order-routes.ts";
import {
  SinqroRestaurantResponse,
  SinqroScheduleResponse,
  SinqroTemporaryClosingResponse,
} from "./restaurant.ts";

const filter = (name: string, description: string) =>
  z.object({ [name]: Id.optional().openapi({ param: { name, in: "query" }, description }) });

/** A read route of one restaurant-level resource. */
function read(operationId: string, operation: Operation, summary: string, path: string, schema: z.ZodType) {
  return createRoute({
    ...meta(operationId, operation, summary, "sinqro-catalog"),
    method: "get",
    path: `${SINQRO_BASE}${path}`,
    responses: { 200: json(schema, summary), ...failures(READ_FAILURES) },
  });
}

/** The collection and the single-entity route of one catalog entity. */
function entity(
  names: { list: string; one: string; param: string },
  operation: Operation,
  path: string,
  schemas: { list: z.ZodType; one: z.ZodType },
  query?: z.ZodObject,
) {
  const list = createRoute({
    ...meta(
      `sinqro${names.list}List`,
      operation,
      `All ${path.slice(1).replaceAll("-", " ")}`,
      "sinqro-catalog",
    ),
    method: "get",
    path: `${SINQRO_BASE}${path}`,
    request: query ? { query } : {},
    responses: { 200: json(schemas.list, "The whole collection"), ...failures(READ_FAILURES) },
  });
  const single = createRoute({
    ...meta(
      `sinqro${names.one}Get`,
      operation,
      `One of the ${path.slice(1).replaceAll("-", " ")}`,
      "sinqro-catalog",
    ),
    method: "get",
    path: `${SINQRO_BASE}${path}/{${names.param}}`,
    request: { params: z.object({ [names.param]: P(names.param) }) },
    responses: { 200: json(schemas.one, "The entity"), ...failures(READ_FAILURES) },
  });
  return [list, single] as const;
}

export const restaurantGet = read(
  "sinqroRestaurantGet",
  "location.status",
  "The restaurant: POS online, open now, local time and business day",
  "/restaurant",
  SinqroRestaurantResponse,
);
export const scheduleGet = read(
  "sinqroScheduleGet",
  "location.status",
  "The weekly operating schedule, in local time",
  "/schedule",
  SinqroScheduleResponse,
);
export const temporaryClosingGet = read(
  "sinqroTemporaryClosingGet",
  "availability.get",
  "Whether the restaurant is temporarily closed, since and until when",
  "/temporary-closing",
  SinqroTemporaryClosingResponse,
);

export const [menusList, menuGet] = entity(
  { list: "Menus", one: "Menu", param: "menuId" },
  "menu.get",
  "/menus",
  { list: catalog.SinqroMenuList, one: catalog.SinqroMenuResponse },
);
export const [sectionsList, sectionGet] = entity(
  { list: "MenuSections", one: "MenuSection", param: "sectionId" },
  "menu.get",
  "/menu-sections",
  { list: catalog.SinqroMenuSectionList, one: catalog.SinqroMenuSectionResponse },
  filter("menuId", "Only the sections of this menu."),
);
export const [productsList, productGet] = entity(
  { list: "Products", one: "Product", param: "productId" },
  "menu.get",
  "/products",
  { list: catalog.SinqroProductList, one: catalog.SinqroProductResponse },
  filter("sectionId", "Only the products of this section."),
);
export const [variantsList, variantGet] = entity(
  { list: "ProductVariants", one: "ProductVariant", param: "variantId" },
  "menu.get",
  "/product-variants",
  { list: catalog.SinqroProductVariantList, one: catalog.SinqroProductVariantResponse },
  filter("productId", "Only the variants of this product."),
);
export const [optionCategoriesList, optionCategoryGet] = entity(
  { list: "ProductOptionCategories", one: "ProductOptionCategory", param: "optionCategoryId" },
  "modifiers.get",
  "/product-option-categories",
  { list: catalog.SinqroProductOptionCategoryList, one: catalog.SinqroProductOptionCategoryResponse },
  filter("productId", "Only the option categories of this product."),
);
export const [optionsList, optionGet] = entity(
  { list: "ProductOptions", one: "ProductOption", param: "optionId" },
  "modifiers.get",
  "/product-options",
  { list: catalog.SinqroProductOptionList, one: catalog.SinqroProductOptionResponse },
  filter("optionCategoryId", "Only the options of this category."),
);

export const SINQRO_CATALOG_ROUTES: RouteConfig[] = [
  restaurantGet,
  scheduleGet,
  temporaryClosingGet,
  menusList,
  menuGet,
  sectionsList,
  sectionGet,
  productsList,
  productGet,
  variantsList,
  variantGet,
  optionCategoriesList,
  optionCategoryGet,
  optionsList,
  optionGet,
];
