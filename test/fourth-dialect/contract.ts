// The Tally-style contract: a made-up fourth vendor, test-only. Its routes name their canonical
// operation in x-mockpos-operation, like every dialect's.
import { createRoute, z } from "@hono/zod-openapi";

/** Tally's error body. */
export const TallyError = z
  .object({
    tally: z.object({
      fault: z.string().openapi({ description: "The canonical failure code" }),
      say: z.string(),
      again: z.boolean().openapi({ description: "Whether a retry may succeed" }),
    }),
  })
  .openapi("TallyError");

const LocationParam = z.object({ locationId: z.string().min(1).max(64) });
const failure = { content: { "application/json": { schema: TallyError } }, description: "A failure" };
const FAILURES = { 401: failure, 403: failure, 503: failure };

export const tallyStatus = createRoute({
  method: "get",
  path: "/tally/v1/{locationId}/status",
  operationId: "tallyStatus",
  "x-mockpos-operation": "location.status",
  security: [{ token: [] }],
  request: { params: LocationParam },
  responses: {
    200: {
      description: "Is the till open",
      content: {
        "application/json": { schema: z.object({ open: z.boolean(), businessDate: z.string() }) },
      },
    },
    ...FAILURES,
  },
});

export const tallyMenu = createRoute({
  method: "get",
  path: "/tally/v1/{locationId}/menu",
  operationId: "tallyMenu",
  "x-mockpos-operation": "menu.get",
  security: [{ token: [] }],
  request: { params: LocationParam },
  responses: {
    200: {
      description: "What the till sells",
      content: {
        "application/json": {
          schema: z.object({
            items: z.array(z.object({ sku: z.string(), label: z.string(), price: z.number().int() })),
          }),
        },
      },
    },
    ...FAILURES,
  },
});

/** Title and description of the published contract. */
export const TALLY_DOCUMENT = {
  info: {
    title: "mockpos — Tally-style POS API (test-only)",
    version: "1.0.0",
    description:
      "A fourth vendor style registered by a test: `x-tally-token` carries the location's API key; " +
      'errors are `{"tally":{"fault":…,"say":…,"again":…}}`.',
  },
};
