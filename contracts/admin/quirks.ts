import { createRoute, z } from "@hono/zod-openapi";
import { body, json } from "../content.ts";
import { admin, FAILURES } from "./common.ts";

const QuirkListing = z
  .object({
    active: z.string().openapi({
      description: "The quirks in force as `--quirks` takes them (`name,name=setting`); empty for none.",
      example: "lock-as-500,slow-writes=1500",
    }),
    quirks: z.array(
      z.object({
        name: z.string(),
        summary: z.string().openapi({ description: "What weaker POS it imitates." }),
        on: z.boolean(),
        setting: z
          .object({ unit: z.string(), default: z.number(), min: z.number(), max: z.number() })
          .optional()
          .openapi({ description: "The number the quirk takes after `=`; absent when it takes none." }),
      }),
    ),
  })
  .openapi("QuirkListing");

export const quirksGet = createRoute({
  ...admin("adminQuirks", "The vendor quirks mockpos knows and which are in force"),
  method: "get",
  path: "/__admin/quirks",
  responses: { 200: json(QuirkListing, "Every quirk, and those in force") },
});

export const quirksPut = createRoute({
  ...admin(
    "adminQuirksSet",
    "Put exactly these vendor quirks in force (a weaker POS API on purpose, for `mockpos verify` to catch); they survive a reset",
  ),
  method: "put",
  path: "/__admin/quirks",
  request: {
    body: body(
      z.object({
        quirks: z
          .union([z.string().max(2000), z.array(z.string().max(200)).max(50)])
          .openapi({ description: "`name,name=setting`, or a list of such entries; empty for none." }),
      }),
    ),
  },
  responses: { 200: json(QuirkListing, "The quirks now in force"), ...FAILURES },
});
