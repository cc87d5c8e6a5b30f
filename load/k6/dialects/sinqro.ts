// The Sinqro-passive dialect (README "Sinqro-passive dialect"): /sinqro/v1, two tokens (the
// integration's server token and the restaurant's user token, which picks the restaurant),
// answers in { success, data }, errors in { success: false, error: { code } }. Passive: Sinqro
// posts orders to the POS and lists none, so the envelope's order polls have no route here.
import { orderableProducts } from "../menu.ts";
import { SINQRO_CODES } from "./failures.ts";
import { type Build, type Dialect, pick, STEP_OPERATION, type Step, writeHeaders } from "./types.ts";

const BASE = "/sinqro/v1";

function tokens(loc: { locationId: string; apiKey: string; serverToken?: string }): Record<string, string> {
  if (loc.serverToken === undefined) throw new Error(`location ${loc.locationId} has no Sinqro server token`);
  return { "x-api-server-access-token": loc.serverToken, "x-api-user-access-token": loc.apiKey };
}

function read(step: Step, path: string, parse = false): Build {
  return (loc, baseUrl) => ({
    operation: STEP_OPERATION[step],
    method: "GET",
    url: `${loc.baseUrl ?? baseUrl}${BASE}${path}`,
    name: `GET ${BASE}${path}`,
    headers: tokens(loc),
    body: null,
    expected: 200,
    parse,
  });
}

const data = (body: unknown): unknown => (body as { data?: unknown } | undefined)?.data;

interface SinqroProduct {
  id?: unknown;
  available?: unknown;
  comboItems?: unknown;
  optionCategoryIds?: unknown;
}

interface SinqroOptionCategory {
  id?: unknown;
  minSelections?: unknown;
}

/** The Sinqro-passive dialect: catalog, restaurant and closing reads, and injected orders. */
export const SINQRO: Dialect = {
  name: "sinqro",
  steps: {
    "location.status": read("location.status", "/restaurant"),
    "menu.get": read("menu.get", "/products", true),
    "modifiers.get": read("modifiers.get", "/product-option-categories", true),
    "availability.get": read("availability.get", "/temporary-closing"),
    // An online order as Sinqro injects it: take-away, paid online, whole (no rounds follow).
    "order.create": (loc, baseUrl, input) => ({
      operation: "order.create",
      method: "POST",
      url: `${loc.baseUrl ?? baseUrl}${BASE}/orders`,
      name: `POST ${BASE}/orders`,
      headers: writeHeaders(tokens(loc), "x-idempotency-key", `${input.key ?? ""}-create`),
      body: JSON.stringify({
        externalReference: input.key,
        channel: "web",
        type: "TAKE_AWAY",
        payment: { method: "EPAYMENT" },
        items: [
          { productId: pick(input, 0), quantity: 1 },
          { productId: pick(input, 1), quantity: 2 },
        ],
      }),
      expected: 201,
      parse: true,
    }),
  },
  routes: {
    "location.status": `GET ${BASE}/restaurant`,
    "menu.get": `GET ${BASE}/products`,
    "modifiers.get": `GET ${BASE}/product-option-categories`,
    "availability.get": `GET ${BASE}/temporary-closing`,
    "orders.new": "none: passive, Sinqro posts orders to the POS and has no order list",
    "orders.in_progress": "none: no order list (Sinqro reads back only the orders it injected)",
    "order.create": `POST ${BASE}/orders (EPAYMENT: paid online, with both rounds' items)`,
    "order.append": "none: an injected order arrives whole",
    "order.pay": "none: paid online at order.create (EPAYMENT); staff settle it at the POS",
  },
  orderable: (menu, modifiers) => {
    const products = data(menu);
    const categories = data(modifiers);
    if (!Array.isArray(products) || !Array.isArray(categories)) return [];
    return orderableProducts(
      {
        products: (products as SinqroProduct[]).map((p) => ({
          id: p.id,
          soldOut: p.available === true ? false : p.available === false ? true : undefined,
          combo: p.comboItems,
          modifierGroupIds: p.optionCategoryIds,
        })),
      },
      {
        modifierGroups: (categories as SinqroOptionCategory[]).map((c) => ({
          id: c.id,
          min: c.minSelections,
        })),
      },
    );
  },
  orderId: (created) => {
    const id = (data(created) as { id?: unknown } | undefined)?.id;
    return typeof id === "string" ? id : undefined;
  },
  page: () => ({ resume: undefined, next: undefined }),
  failure: (body) => {
    const code = (body as { error?: { code?: unknown } } | undefined)?.error?.code;
    const canonical = typeof code === "string" ? SINQRO_CODES[code] : undefined;
    return typeof canonical === "string" ? canonical : undefined;
  },
};

/** The module's dialect, as a descriptor's `load.module` names it. */
export { SINQRO as dialect };
