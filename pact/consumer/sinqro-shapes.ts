import { MatchersV3 } from "@pact-foundation/pact";
import { instant } from "./support.ts";

// The Sinqro-passive API's answers, as the Sinqro adapter reads them (connector/adapters/sinqro):
// `data` of each `{ success, data }` envelope, only the fields it relies on, by type.

const { arrayContaining, boolean, eachLike, equal, integer, regex, string } = MatchersV3;

export const JSON_TYPE = { "Content-Type": regex(/^application\/json/, "application/json") };

const data = (body: unknown) => ({ data: body });

/** An order injected through the API: a take-away with the external reference it was given. */
export const order = (externalReference: string) =>
  data({
    id: string("loc-0001-ord-00004"),
    externalReference: equal(externalReference),
    status: regex(/^(NEW|ACCEPTED|PREPARING|READY|COMPLETED|CANCELED)$/, "NEW"),
    statusCode: integer(10),
    payment: { paid: boolean(false) },
    tableId: equal(null),
    items: eachLike({ canceled: boolean(false) }),
    totals: { total: integer(310), due: integer(310) },
    updatedAt: instant(),
    version: integer(1),
  });

export const restaurant = data({
  posOnline: boolean(true),
  timezone: string("Europe/London"),
  businessDate: regex(/^\d{4}-\d\d-\d\d$/, "2026-03-13"),
});

export const menus = data(
  eachLike({ id: string("main"), currency: regex(/^[A-Z]{3}$/, "GBP"), version: integer(1) }),
);

const product = (id: string, extra: Record<string, unknown> = {}) => ({
  id: string(id),
  sectionId: string("cat-03"),
  name: string("Chips"),
  price: integer(310),
  available: boolean(true),
  optionCategoryIds: equal([]),
  comboItems: equal(null),
  ...extra,
});

/** Plain products, products with option categories, and combos. */
export const products = data(
  arrayContaining(
    product("prod-012"),
    product("prod-004", { optionCategoryIds: eachLike(string("mg-01")) }),
    product("prod-001", { comboItems: eachLike({ componentId: string("prod-001-c1") }) }),
  ),
);

export const variants = data(
  eachLike({
    id: string("prod-020-s"),
    productId: string("prod-020"),
    name: string("Small"),
    price: integer(480),
  }),
);

export const optionCategories = data(eachLike({ id: string("mg-01"), minSelections: integer(1) }));

export const closing = (closed: boolean) => data({ closed: equal(closed) });

/** A Sinqro error: its code pinned, the message by type. */
export const error = (code: string, extra: Record<string, unknown> = {}) => ({
  error: { code: equal(code), message: string("what went wrong"), ...extra },
});
