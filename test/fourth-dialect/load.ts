// Tally's request builders for the k6 envelope (k6 loads this file as it is: no node imports).
import { type Build, type Dialect, STEP_OPERATION, type Step } from "../../load/k6/dialects/types.ts";

const ROOT = "/tally/v1/{locationId}";

function read(step: Step, path: string, parse: boolean): Build {
  return (loc, baseUrl) => ({
    operation: STEP_OPERATION[step],
    method: "GET",
    url: `${loc.baseUrl ?? baseUrl}/tally/v1/${encodeURIComponent(loc.locationId)}${path}`,
    name: `GET ${ROOT}${path}`,
    headers: { "x-tally-token": loc.apiKey },
    body: null,
    expected: 200,
    parse,
  });
}

const NONE = "none: Tally has no such route";

export const dialect: Dialect = {
  name: "tally",
  steps: {
    "location.status": read("location.status", "/status", false),
    "menu.get": read("menu.get", "/menu", true),
  },
  routes: {
    "location.status": `GET ${ROOT}/status`,
    "menu.get": `GET ${ROOT}/menu`,
    "modifiers.get": NONE,
    "availability.get": NONE,
    "orders.new": NONE,
    "orders.in_progress": NONE,
    "order.create": NONE,
    "order.append": NONE,
    "order.pay": NONE,
  },
  orderable: () => [],
  orderId: () => undefined,
  page: () => ({ resume: undefined, next: undefined }),
  failure: (body) => {
    const fault = (body as { tally?: { fault?: unknown } } | undefined)?.tally?.fault;
    return typeof fault === "string" ? fault : undefined;
  },
};
