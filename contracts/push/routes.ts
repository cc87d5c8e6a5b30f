import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { queryInteger } from "../common.ts";
import { body, json } from "../content.ts";
import { GENERIC_FAILURES } from "../generic/failures.ts";
import type { Operation } from "../operations.ts";
import { problemResponse } from "../problem.ts";
import type { FailureCode } from "../vocabulary.ts";
import { CatalogPush } from "./catalog.ts";
import { PushResult, ReportList, StoredCatalog, StoredOrders } from "./results.ts";
import { MAX_ORDERS_PER_BATCH, SalesPush } from "./sales.ts";

/** Largest push body the receiver reads. */
export const MAX_PUSH_BODY_BYTES = 2 * 1024 * 1024;

const SECURITY = [{ basic: [] }];

function failures(codes: FailureCode[]) {
  return Object.fromEntries(
    codes.map((code) => [
      GENERIC_FAILURES[code].status,
      problemResponse(`problem+json, code ${code}: ${GENERIC_FAILURES[code].title}`),
    ]),
  );
}

const PUSH_FAILURES: FailureCode[] = [
  "VALIDATION",
  "UNAUTHORIZED",
  "FORBIDDEN_LOCATION",
  "PAYLOAD_TOO_LARGE",
  "UNSUPPORTED_MEDIA_TYPE",
];
const READ_FAILURES: FailureCode[] = ["VALIDATION", "UNAUTHORIZED", "FORBIDDEN_LOCATION"];

function meta(operationId: string, operation: Operation | "admin", summary: string, description: string) {
  const tags = [operation === "admin" ? "receiver" : "push"];
  return { operationId, summary, description, tags, security: SECURITY, "x-mockpos-operation": operation };
}

export const catalogPush = createRoute({
  ...meta(
    "catalogPush",
    "catalog.push",
    "Push catalog entries (items, categories, menus, modifier groups)",
    "Upserts every entry by (venue, kind, externalID). References (categoryID, modifierGroupIDs, categoryIDs) must resolve within the batch or the venue's stored catalog. All or nothing: a batch with any problem stores nothing and answers 400 naming every problem.",
  ),
  method: "post",
  path: "/catalog/",
  request: { body: body(CatalogPush) },
  responses: { 200: json(PushResult, "Stored"), ...failures(PUSH_FAILURES) },
});

export const salesPush = createRoute({
  ...meta(
    "salesPush",
    "sales.push",
    "Push sales: closed tickets with their payments and items",
    `Upserts every order by (venue, externalID): the same externalID again updates it, never duplicates it. At most ${MAX_ORDERS_PER_BATCH} orders a batch. All or nothing: a batch with any problem stores nothing and answers 400 naming every problem (\`orders[3].payments[0].total: base 900 + tax 90 != total 1000\`).`,
  ),
  method: "post",
  path: "/orders/",
  request: { body: body(SalesPush) },
  responses: { 200: json(PushResult, "Stored"), ...failures(PUSH_FAILURES) },
});

const VenueParams = z.object({
  venueID: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: "venueID", in: "path" }, example: "loc-0001" }),
});

export const venueOrders = createRoute({
  ...meta("venueOrders", "admin", "Orders stored for a venue", "What the receiver holds, by externalID."),
  method: "get",
  path: "/venues/{venueID}/orders",
  request: { params: VenueParams },
  responses: { 200: json(StoredOrders, "Stored orders"), ...failures(READ_FAILURES) },
});

export const venueCatalog = createRoute({
  ...meta("venueCatalog", "admin", "Catalog stored for a venue", "Every stored entry, by externalID."),
  method: "get",
  path: "/venues/{venueID}/catalog",
  request: { params: VenueParams },
  responses: { 200: json(StoredCatalog, "Stored catalog"), ...failures(READ_FAILURES) },
});

export const reports = createRoute({
  ...meta(
    "reports",
    "admin",
    "Every batch this credential sent: accepted or rejected, and why",
    "One report per push that got past authentication, oldest first, each problem as `path: reason`.",
  ),
  method: "get",
  path: "/reports",
  request: { query: z.object({ limit: queryInteger(1, 1000, 100, "Reports to return, newest kept.") }) },
  responses: { 200: json(ReportList, "Batch reports"), ...failures(READ_FAILURES) },
});

/** Every route of the push contract, in the order the OpenAPI document lists them. */
export const PUSH_ROUTES = [catalogPush, salesPush, venueOrders, venueCatalog, reports];

/** The OpenAPI 3.1 document of the push contract: what a POS sends, and what mockpos's receiver answers. */
export function pushOpenApiDocument() {
  const app = new OpenAPIHono();
  app.openAPIRegistry.registerComponent("securitySchemes", "basic", {
    type: "http",
    scheme: "basic",
    description: "One credential per venue, or one routing credential whose orders carry venueID.",
  });
  for (const route of PUSH_ROUTES) app.openAPIRegistry.registerPath(route);
  return app.getOpenAPI31Document({
    openapi: "3.1.0",
    info: {
      title: "mockpos — generic push feed (catalog and sales ingest)",
      version: "1.0.0",
      description:
        "A POS pushes its catalog, then its sales, to an ingest URL with HTTP Basic auth. Money is integer minor units (cents) of the venue's currency, tax included. Entries are upserted by externalID per venue. Unknown fields are refused, so a misspelt `externalId` is caught. Each operation names its canonical mockpos operation in x-mockpos-operation.",
    },
    tags: [
      { name: "push", description: "What a POS sends" },
      { name: "receiver", description: "What mockpos's receiver stored and reported" },
    ],
    "x-mockpos-failures": Object.fromEntries(
      [...PUSH_FAILURES, "NOT_FOUND" as const].map((code) => [code, GENERIC_FAILURES[code]]),
    ),
  });
}
