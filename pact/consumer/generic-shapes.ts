import { MatchersV3 } from "@pact-foundation/pact";
import { instant } from "./support.ts";

// The generic API's answers, as the generic adapter reads them (connector/adapters/generic): only
// the fields it relies on, by type; a provider may add anything else.

const { arrayContaining, boolean, eachLike, equal, integer, regex, string } = MatchersV3;

export const JSON_TYPE = { "Content-Type": regex(/^application\/json/, "application/json") };
export const PROBLEM_TYPE = {
  "Content-Type": regex(/^application\/problem\+json/, "application/problem+json"),
};

/** An order. `externalId` is pinned as given; `tableId` a string by type, or null. */
export function order(o: { externalId: string | null; tableId: string | null; status?: "open" | "paid" }) {
  return {
    id: string("loc-0001-ord-00004"),
    externalId: equal(o.externalId),
    status: o.status ? equal(o.status) : regex(/^(open|paid|voided)$/, "open"),
    tableId: o.tableId === null ? equal(null) : string(o.tableId),
    waiterId: string("staff-07"),
    version: integer(1),
    updatedAt: instant(),
    lines: eachLike({ kind: string("item"), voided: boolean(false) }),
    totals: { total: integer(620), due: integer(o.status === "paid" ? 0 : 620) },
  };
}

export const status = {
  online: boolean(true),
  timezone: string("Europe/London"),
  businessDate: regex(/^\d{4}-\d\d-\d\d$/, "2026-03-13"),
};

const product = (id: string, extra: Record<string, unknown> = {}) => ({
  id: string(id),
  categoryId: string("cat-03"),
  name: string("Chips"),
  price: integer(310),
  soldOut: boolean(false),
  variants: equal([]),
  modifierGroupIds: equal([]),
  combo: equal(null),
  ...extra,
});

/** The menu holds plain products, products with variants, with modifier groups, and combos. */
export const menu = {
  currency: regex(/^[A-Z]{3}$/, "GBP"),
  version: integer(1),
  categories: eachLike({ id: string("cat-03") }),
  products: arrayContaining(
    product("prod-012"),
    product("prod-020", {
      variants: eachLike({ id: string("prod-020-s"), name: string("Small"), price: integer(480) }),
    }),
    product("prod-004", { modifierGroupIds: eachLike(string("mg-01")) }),
    product("prod-001", { combo: eachLike({ id: string("prod-001-c1") }) }),
  ),
};

export const modifiers = { modifierGroups: eachLike({ id: string("mg-01"), min: integer(1) }) };

export const availability = { items: eachLike({ productId: string("prod-012"), soldOut: boolean(false) }) };

/** A list page of orders opened at terminals (every one at a table, none with an external id). */
export const page = (cursor: string) => ({
  orders: eachLike(order({ externalId: null, tableId: "tbl-01" })),
  cursor: string(cursor),
  hasMore: boolean(false),
});

/** A problem+json naming its code; the adapter reads `code`, `detail` and, when given, `orderId`. */
export const problem = (code: string, extra: Record<string, unknown> = {}) => ({
  code: equal(code),
  detail: string("what went wrong"),
  ...extra,
});
