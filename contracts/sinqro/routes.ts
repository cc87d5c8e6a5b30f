import type { RouteConfig } from "@hono/zod-openapi";
import { SINQRO_CATALOG_ROUTES } from "./catalog-routes.ts";
import { SINQRO_ORDER_ROUTES } from "./order-routes.ts";

export * from "./catalog-routes.ts";
export * from "./order-routes.ts";

/** Every Sinqro-passive route, in the order the OpenAPI document lists them. */
export const SINQRO_ROUTES: RouteConfig[] = [...SINQRO_ORDER_ROUTES, ...SINQRO_CATALOG_ROUTES];
