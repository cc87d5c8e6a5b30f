import { z } from "@hono/zod-openapi";
import { CatalogCategory, CatalogItem, CatalogMenu, CatalogModifierGroup } from "./catalog.ts";
import { SalesOrder } from "./sales.ts";

const Iso = z.string().openapi({ format: "date-time" });
const Count = z.number().int().min(0);

export const VenueCounts = z
  .object({ venueID: z.string(), created: Count, updated: Count })
  .openapi("VenueCounts");

export const PushResult = z
  .object({
    batch: z
      .string()
      .openapi({ description: "Id of the batch; its report is in GET /reports.", example: "b-000001" }),
    kind: z.enum(["sales", "catalog"]),
    received: Count.openapi({ description: "Orders (sales) or catalog entries in the batch." }),
    created: Count.openapi({ description: "Entries stored for the first time." }),
    updated: Count.openapi({
      description: "Entries that replaced one stored earlier with the same externalID.",
    }),
    venues: z.array(VenueCounts),
  })
  .openapi("PushResult");

export const BatchReport = z
  .object({
    id: z.string(),
    at: Iso,
    kind: z.enum(["sales", "catalog"]),
    credential: z.string().openapi({ description: "User name the batch was sent with." }),
    status: z.number().int().openapi({ description: "HTTP status the receiver answered." }),
    accepted: z.boolean(),
    received: Count,
    created: Count,
    updated: Count,
    venues: z.array(z.string()),
    problems: z.array(z.string()).openapi({
      description:
        "Every problem as `path: reason`, e.g. `orders[3].payments[0].total: base 900 + tax 90 != total 1000`.",
    }),
  })
  .openapi("BatchReport");

export const ReportList = z
  .object({ batches: z.array(BatchReport).openapi({ description: "Oldest first." }) })
  .openapi("ReportList");

export const StoredOrder = z
  .object({
    revision: z.number().int().min(1).openapi({ description: "1 when created, +1 on every update." }),
    createdAt: Iso,
    updatedAt: Iso,
    batch: z.string().openapi({ description: "The batch that last wrote it." }),
    order: SalesOrder,
  })
  .openapi("StoredOrder");

export const StoredOrders = z
  .object({ venueID: z.string(), orders: z.array(StoredOrder).openapi({ description: "By externalID." }) })
  .openapi("StoredOrders");

export const StoredCatalog = z
  .object({
    venueID: z.string(),
    categories: z.array(CatalogCategory),
    items: z.array(CatalogItem),
    menus: z.array(CatalogMenu),
    modifierGroups: z.array(CatalogModifierGroup),
  })
  .openapi("StoredCatalog");

export type PushResultBody = z.infer<typeof PushResult>;
export type VenueCountsBody = z.infer<typeof VenueCounts>;
export type BatchReportBody = z.infer<typeof BatchReport>;
export type StoredOrderBody = z.infer<typeof StoredOrder>;
export type StoredCatalogBody = z.infer<typeof StoredCatalog>;
