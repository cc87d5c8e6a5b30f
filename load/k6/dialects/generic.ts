// The generic dialect (README "The generic POS API"): everything under /v1/locations/{id},
// X-Api-Key, problem+json errors whose `code` is the canonical failure itself.
import { orderableProducts } from "../menu.ts";
import {
  type Build,
  type Dialect,
  type DialectRequest,
  orderPath,
  PAGE_SIZE,
  pick,
  STEP_OPERATION,
  type Step,
  type StepInput,
  writeHeaders,
} from "./types.ts";

const ROOT = "/v1/locations/{locationId}";

function read(step: Step, path: string, template: string, parse = false): Build {
  return (loc, baseUrl) => ({
    operation: STEP_OPERATION[step],
    method: "GET",
    url: `${loc.baseUrl ?? baseUrl}/v1/locations/${encodeURIComponent(loc.locationId)}${path}`,
    name: `GET ${ROOT}${template}`,
    headers: { "X-Api-Key": loc.apiKey },
    body: null,
    expected: 200,
    parse,
  });
}

function list(view: "new" | "in_progress"): Build {
  return (loc, baseUrl, input) => {
    const cursor = input.cursor === undefined ? "" : `&cursor=${encodeURIComponent(input.cursor)}`;
    const path = `/orders?view=${view}&limit=${PAGE_SIZE}${cursor}`;
    return read(`orders.${view}`, path, `/orders?view=${view}`, true)(loc, baseUrl, input);
  };
}

function write(
  step: Step,
  path: (input: StepInput) => string,
  template: string,
  body: (key: string, input: StepInput) => unknown,
  expected = 200,
): Build {
  return (loc, baseUrl, input): DialectRequest => {
    const key = input.key ?? "";
    const suffix = step.slice("order.".length);
    return {
      operation: STEP_OPERATION[step],
      method: "POST",
      url: `${loc.baseUrl ?? baseUrl}/v1/locations/${encodeURIComponent(loc.locationId)}${path(input)}`,
      name: `POST ${ROOT}${template}`,
      headers: writeHeaders({ "X-Api-Key": loc.apiKey }, "Idempotency-Key", `${key}-${suffix}`),
      body: JSON.stringify(body(key, input)),
      expected,
      parse: step === "order.create",
    };
  };
}

/** The generic dialect: mockpos's own API, every step of the envelope. */
export const GENERIC: Dialect = {
  name: "generic",
  steps: {
    "location.status": read("location.status", "/status", "/status"),
    "menu.get": read("menu.get", "/menu", "/menu", true),
    "modifiers.get": read("modifiers.get", "/modifiers", "/modifiers", true),
    "availability.get": read("availability.get", "/availability", "/availability"),
    "orders.new": list("new"),
    "orders.in_progress": list("in_progress"),
    "order.create": write(
      "order.create",
      () => "/orders",
      "/orders",
      (key, input) => ({
        externalId: key,
        type: "take_away",
        items: [{ productId: pick(input, 0), quantity: 1 }],
      }),
      201,
    ),
    "order.append": write(
      "order.append",
      (input) => `/orders/${orderPath(input)}/rounds`,
      "/orders/{orderId}/rounds",
      (_, input) => ({ items: [{ productId: pick(input, 1), quantity: 2 }] }),
    ),
    "order.pay": write(
      "order.pay",
      (input) => `/orders/${orderPath(input)}/payments`,
      "/orders/{orderId}/payments",
      () => ({ method: "card" }),
    ),
  },
  routes: {
    "location.status": `GET ${ROOT}/status`,
    "menu.get": `GET ${ROOT}/menu`,
    "modifiers.get": `GET ${ROOT}/modifiers`,
    "availability.get": `GET ${ROOT}/availability`,
    "orders.new": `GET ${ROOT}/orders?view=new&cursor=…`,
    "orders.in_progress": `GET ${ROOT}/orders?view=in_progress&cursor=…`,
    "order.create": `POST ${ROOT}/orders`,
    "order.append": `POST ${ROOT}/orders/{orderId}/rounds`,
    "order.pay": `POST ${ROOT}/orders/{orderId}/payments`,
  },
  orderable: orderableProducts,
  orderId: (created) => {
    const id = (created as { id?: unknown } | undefined)?.id;
    return typeof id === "string" ? id : undefined;
  },
  // Both views are change feeds: the cursor carries over to the next poll.
  page: (_, body) => {
    const b = body as { cursor?: unknown; hasMore?: unknown } | undefined;
    const cursor = typeof b?.cursor === "string" ? b.cursor : undefined;
    return { resume: cursor, next: b?.hasMore === true ? cursor : undefined };
  },
  failure: (body) => {
    const code = (body as { code?: unknown } | undefined)?.code;
    return typeof code === "string" ? code : undefined;
  },
};

/** The module's dialect, as a descriptor's `load.module` names it. */
export { GENERIC as dialect };
