// What a dialect module gives the envelope: the requests of each step, and how to read the
// answers the next step depends on. Plain data and functions (no k6, no node), so the same
// modules run in k6 and are checked against the simulator's apps in vitest.
import type { LoadOperation } from "../cadence.ts";
import type { LoadDialect } from "../config.ts";
import type { LocationCredentials } from "../credentials.ts";

/**
 * The envelope's steps. Each sends one canonical operation; the two order polls are both
 * `orders.list`, with a view of their own.
 */
export type Step =
  | "location.status"
  | "menu.get"
  | "modifiers.get"
  | "availability.get"
  | "orders.new"
  | "orders.in_progress"
  | "order.create"
  | "order.append"
  | "order.pay";

/** Every step, in the order the envelope sends them in a day. */
export const STEPS: readonly Step[] = [
  "menu.get",
  "modifiers.get",
  "location.status",
  "orders.new",
  "orders.in_progress",
  "availability.get",
  "order.create",
  "order.append",
  "order.pay",
];

/** The canonical operation of each step: its `operation` tag whatever the dialect. */
export const STEP_OPERATION: Record<Step, LoadOperation> = {
  "location.status": "location.status",
  "menu.get": "menu.get",
  "modifiers.get": "modifiers.get",
  "availability.get": "availability.get",
  "orders.new": "orders.list",
  "orders.in_progress": "orders.list",
  "order.create": "order.create",
  "order.append": "order.append",
  "order.pay": "order.pay",
};

/** One request as a dialect words it; pos.ts adds tags and sends it. */
export interface DialectRequest {
  operation: LoadOperation;
  method: "GET" | "POST";
  url: string;
  /** `METHOD /route/{placeholder}`: k6's `name` tag, one series per route, not per location. */
  name: string;
  headers: Record<string, string>;
  body: string | null;
  /** The status of success. */
  expected: number;
  /** Whether the envelope reads the answer (lists, menus, a created order). */
  parse: boolean;
}

/** What a step needs besides the location: from an earlier answer, or the guest's order. */
export interface StepInput {
  /** Lists: where the previous page or poll ended (as the dialect's `page` said). */
  cursor?: string;
  /** order.append, order.pay: the id order.create answered with. */
  orderId?: string;
  /** Writes: unique per guest order and run; idempotency keys and external ids derive from it. */
  key?: string;
  /** order.create, order.append: products to order (from `orderable`). */
  products?: string[];
}

/** Where a list leaves off. */
export interface Page {
  /** Where the next poll of this location starts (a change-feed cursor); undefined starts over. */
  resume: string | undefined;
  /** Where the next page of this poll starts, when another page is ready now. */
  next: string | undefined;
}

/** Builds one step's request for a location. */
export type Build = (loc: LocationCredentials, baseUrl: string, input: StepInput) => DialectRequest;

/** One vendor style as the envelope speaks it. */
export interface Dialect {
  name: LoadDialect;
  /** The steps this dialect has; a step it lacks is absent and left out of the run's plan. */
  steps: Partial<Record<Step, Build>>;
  /** Where each step goes (`GET /route`), or why the dialect lacks it: for the report and README. */
  routes: Record<Step, string>;
  /** Up to a few products a guest can order without choices, from the parsed pre-service answers. */
  orderable(menu: unknown, modifiers: unknown): string[];
  /** The id of the order a parsed order.create answer holds. */
  orderId(created: unknown): string | undefined;
  /** Where a parsed list answer leaves off. */
  page(step: Step, body: unknown): Page;
  /** The canonical failure code (DESIGN.md's vocabulary) of a parsed error body, if it names one. */
  failure(body: unknown): string | undefined;
}

/** Lists ask for this many orders a page. */
export const PAGE_SIZE = 100;

/** Headers of a JSON write with an idempotency key, under the dialect's name for that header. */
export function writeHeaders(
  auth: Record<string, string>,
  idempotencyHeader: string,
  key: string | undefined,
): Record<string, string> {
  const headers: Record<string, string> = { ...auth, "Content-Type": "application/json" };
  if (key !== undefined) headers[idempotencyHeader] = key;
  return headers;
}

/** The product a guest order picks at position `n` (round robin over the picks). */
export function pick(input: StepInput, n: number): string {
  const products = input.products ?? [];
  if (products.length === 0) throw new Error("a guest order needs products to order");
  return products[n % products.length] as string;
}

/** The order id of an append or pay, URL-encoded; throws when the step was built without one. */
export function orderPath(input: StepInput): string {
  if (input.orderId === undefined) throw new Error("this step needs the id order.create answered with");
  return encodeURIComponent(input.orderId);
}
