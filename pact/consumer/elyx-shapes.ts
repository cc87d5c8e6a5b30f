import { MatchersV3 } from "@pact-foundation/pact";
import { instant } from "./support.ts";

// The Elyx-style API's answers, as the Elyx adapter reads them (connector/adapters/elyx): only the
// fields it relies on, by type; a provider may add anything else.

const { arrayContaining, boolean, eachLike, equal, integer, regex, string } = MatchersV3;

export const JSON_TYPE = { "Content-Type": regex(/^application\/json/, "application/json") };

/** A ticket. `externalId` is pinned as given; `table` an object with an id, or null. */
export function ticket(t: { externalId: string | null; atTable: boolean; status?: "open" | "paid" }) {
  return {
    id: regex(/^\d+-\d+$/, "1-4"),
    externalId: equal(t.externalId),
    status: t.status ? equal(t.status) : regex(/^(open|paid|voided)$/, "open"),
    waiter: { id: string("staff-07") },
    table: t.atTable ? { id: string("tbl-01") } : equal(null),
    updatedAt: instant(),
    version: integer(1),
    lines: eachLike({ type: string("article"), voided: boolean(false) }),
    totals: { gross: integer(620), due: integer(t.status === "paid" ? 0 : 620) },
  };
}

export const status = {
  online: boolean(true),
  timezone: string("Europe/London"),
  businessDate: regex(/^\d{4}-\d\d-\d\d$/, "2026-03-13"),
};

const article = (id: string, extra: Record<string, unknown> = {}) => ({
  id: string(id),
  familyId: string("cat-03"),
  name: string("Chips"),
  price: integer(310),
  soldOut: boolean(false),
  variants: equal([]),
  modifierGroupIds: equal([]),
  combo: equal(null),
  ...extra,
});

/** The articles: plain ones, with variants, with modifier groups, combos; and the modifier groups. */
export const articles = {
  currency: regex(/^[A-Z]{3}$/, "GBP"),
  version: integer(1),
  articles: arrayContaining(
    article("prod-012"),
    article("prod-020", {
      variants: eachLike({ id: string("prod-020-s"), name: string("Small"), price: integer(480) }),
    }),
    article("prod-004", { modifierGroupIds: eachLike(string("mg-01")) }),
    article("prod-001", { combo: eachLike({ id: string("prod-001-c1") }) }),
  ),
  modifierGroups: eachLike({ id: string("mg-01"), min: integer(1) }),
};

/** The same answer read for its sold-out flags only. */
export const soldOutFlags = { articles: eachLike({ id: string("prod-012"), soldOut: boolean(false) }) };

/** A page of the sales feed: tickets opened at terminals, every one at a table. */
export const sales = (cursor: string) => ({
  tickets: eachLike(ticket({ externalId: null, atTable: true })),
  cursor: string(cursor),
  hasMore: boolean(false),
});

/** An Elyx error: its numeric code pinned, the message by type. */
export const error = (code: number, extra: Record<string, unknown> = {}) => ({
  error: { code: equal(code), message: string("what went wrong"), ...extra },
});
