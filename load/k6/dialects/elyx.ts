// The Elyx-style dialect (README "Elyx-style dialect"): /api/v1, X-API-KEY (a location's own key,
// or the server's group key: lists always name the location, so either works), numeric location
// ids, tickets `<location>-<number>`, numeric error codes in {"error":{"code",…}}.
import { orderableProducts } from "../menu.ts";
import { ELYX_CODES } from "./failures.ts";
import {
  type Build,
  type Dialect,
  orderPath,
  PAGE_SIZE,
  pick,
  STEP_OPERATION,
  type Step,
  type StepInput,
  writeHeaders,
} from "./types.ts";

const BASE = "/api/v1";
const LOCATION = `${BASE}/locations/{locationId}`;

function numberOf(loc: { locationId: string; number?: number }): number {
  if (loc.number === undefined) throw new Error(`location ${loc.locationId} has no Elyx number`);
  return loc.number;
}

function read(step: Step, path: (n: number, input: StepInput) => string, name: string, parse = false): Build {
  return (loc, baseUrl, input) => ({
    operation: STEP_OPERATION[step],
    method: "GET",
    url: `${loc.baseUrl ?? baseUrl}${BASE}${path(numberOf(loc), input)}`,
    name: `GET ${name}`,
    headers: { "X-API-KEY": loc.apiKey },
    body: null,
    expected: 200,
    parse,
  });
}

function write(
  step: Step,
  path: (n: number, input: StepInput) => string,
  name: string,
  body: (input: StepInput) => unknown,
  expected = 200,
): Build {
  return (loc, baseUrl, input) => ({
    operation: STEP_OPERATION[step],
    method: "POST",
    url: `${loc.baseUrl ?? baseUrl}${BASE}${path(numberOf(loc), input)}`,
    name: `POST ${name}`,
    headers: writeHeaders(
      { "X-API-KEY": loc.apiKey },
      "Idempotency-Key",
      `${input.key ?? ""}-${step.slice("order.".length)}`,
    ),
    body: JSON.stringify(body(input)),
    expected,
    parse: step === "order.create",
  });
}

const after = (input: StepInput, name: string) =>
  input.cursor === undefined ? "" : `&${name}=${encodeURIComponent(input.cursor)}`;

/** The Elyx-style dialect: no modifiers route (the articles carry them), no availability route. */
export const ELYX: Dialect = {
  name: "elyx",
  steps: {
    "location.status": read("location.status", (n) => `/locations/${n}`, LOCATION),
    "menu.get": read("menu.get", (n) => `/locations/${n}/articles`, `${LOCATION}/articles`, true),
    // Sold-out flags live only in the articles: a connector re-reads them every 5 minutes.
    "availability.get": read("availability.get", (n) => `/locations/${n}/articles`, `${LOCATION}/articles`),
    // New orders: the sales feed, each change once; the cursor carries over to the next poll.
    "orders.new": read(
      "orders.new",
      (n, input) => `/sales?locations=${n}&limit=${PAGE_SIZE}${after(input, "cursor")}`,
      `${BASE}/sales`,
      true,
    ),
    // In progress: every open ticket, afresh each poll, paged by offset.
    "orders.in_progress": read(
      "orders.in_progress",
      (n, input) => `/tickets?locations=${n}&status=open&limit=${PAGE_SIZE}${after(input, "offset")}`,
      `${BASE}/tickets?status=open`,
      true,
    ),
    "order.create": write(
      "order.create",
      (n) => `/locations/${n}/tickets`,
      `${LOCATION}/tickets`,
      (input) => ({
        externalId: input.key,
        type: "take_away",
        lines: [{ articleId: pick(input, 0), quantity: 1 }],
      }),
      201,
    ),
    "order.append": write(
      "order.append",
      (_, input) => `/tickets/${orderPath(input)}/lines`,
      `${BASE}/tickets/{ticketId}/lines`,
      (input) => ({ lines: [{ articleId: pick(input, 1), quantity: 2 }] }),
    ),
    "order.pay": write(
      "order.pay",
      (_, input) => `/tickets/${orderPath(input)}/payments`,
      `${BASE}/tickets/{ticketId}/payments`,
      () => ({ method: "card" }),
    ),
  },
  routes: {
    "location.status": `GET ${LOCATION}`,
    "menu.get": `GET ${LOCATION}/articles`,
    "modifiers.get": "none: the articles of menu.get carry the modifier groups",
    "availability.get": `GET ${LOCATION}/articles (sold-out flags; Elyx has no availability route)`,
    "orders.new": `GET ${BASE}/sales?locations={n}&cursor=… (the sales feed)`,
    "orders.in_progress": `GET ${BASE}/tickets?locations={n}&status=open&offset=…`,
    "order.create": `POST ${LOCATION}/tickets`,
    "order.append": `POST ${BASE}/tickets/{ticketId}/lines`,
    "order.pay": `POST ${BASE}/tickets/{ticketId}/payments`,
  },
  orderable: (menu) => {
    const m = menu as { articles?: unknown; modifierGroups?: unknown } | undefined;
    return orderableProducts({ products: m?.articles }, { modifierGroups: m?.modifierGroups });
  },
  orderId: (created) => {
    const id = (created as { id?: unknown } | undefined)?.id;
    return typeof id === "string" ? id : undefined;
  },
  page: (step, body) => {
    if (step === "orders.in_progress") {
      const b = body as { tickets?: unknown[]; total?: unknown; offset?: unknown } | undefined;
      const seen = (typeof b?.offset === "number" ? b.offset : 0) + (b?.tickets?.length ?? 0);
      const more = typeof b?.total === "number" && seen < b.total && (b.tickets?.length ?? 0) > 0;
      return { resume: undefined, next: more ? String(seen) : undefined };
    }
    const b = body as { cursor?: unknown; hasMore?: unknown } | undefined;
    const cursor = typeof b?.cursor === "string" ? b.cursor : undefined;
    return { resume: cursor, next: b?.hasMore === true ? cursor : undefined };
  },
  failure: (body) => {
    const code = (body as { error?: { code?: unknown } } | undefined)?.error?.code;
    const canonical = typeof code === "number" ? ELYX_CODES[code] : undefined;
    return typeof canonical === "string" ? canonical : undefined;
  },
};

/** The module's dialect, as a descriptor's `load.module` names it. */
export { ELYX as dialect };
