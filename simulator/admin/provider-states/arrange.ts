import type { MockPosAdmin } from "../../../client/admin/index.ts";
import type { BuiltinDialect as DialectName } from "../../dialects/registry.ts";

// The steps provider states are made of. Every change goes through the admin API; a dialect's own
// API is used only for what no admin route can do: read what a client reads (the menu, a cursor)
// and send the first write of an idempotency key.

/** A fetch bound to one base URL: `app.request` in process, or `fetch(base + path)` over a socket. */
export type Fetcher = (path: string, init?: RequestInit) => Promise<Response>;

/** Where states act: the main port's admin API, and each dialect's own API. */
export interface StateHost {
  admin: MockPosAdmin;
  dialects: Record<DialectName, Fetcher>;
}

/** Values a state hands the verifier, which injects them where the pact says `fromProviderState`. */
export type StateValues = Record<string, string | number | boolean | null>;

/** What every state starts from: one location of a freshly reset chain, and how to reach it. */
export interface Base {
  locationId: string;
  /** The location's numeric Elyx id (`loc-0007` is `7`). */
  elyxLocation: string;
  apiKey: string;
  serverToken: string;
  /** A product that can be ordered with no choice: not sold out, no variants, no required modifier, no combo. */
  productId: string;
  terminals: string[];
  tableId: string;
}

type Json = Record<string, unknown>;

async function answer(res: Response, what: string): Promise<Json> {
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${what}: ${res.status} ${text.slice(0, 300)}`);
  return text === "" ? {} : (JSON.parse(text) as Json);
}

/** The headers a dialect authenticates with, and the one its writes carry their idempotency key in. */
export function credentials(dialect: DialectName, base: Base, key?: string): Record<string, string> {
  const auth: Record<string, string> =
    dialect === "sinqro"
      ? { "x-api-user-access-token": base.apiKey, "x-api-server-access-token": base.serverToken }
      : { "x-api-key": base.apiKey };
  if (key !== undefined) auth[dialect === "sinqro" ? "x-idempotency-key" : "idempotency-key"] = key;
  return auth;
}

/** One call to a dialect's own API, as the connector would make it. */
export async function pos(
  host: StateHost,
  dialect: DialectName,
  base: Base,
  call: { method?: string; path: string; key?: string; body?: unknown },
): Promise<Json> {
  const headers = credentials(dialect, base, call.key);
  const init: RequestInit = { method: call.method ?? "GET", headers };
  if (call.body !== undefined) {
    init.body = JSON.stringify(call.body);
    headers["content-type"] = "application/json";
  }
  return answer(await host.dialects[dialect](call.path, init), `${dialect} ${init.method} ${call.path}`);
}

/** Resets the chain to its seed and describes `locationId` (default the first location). */
export async function open(host: StateHost, locationId = "loc-0001"): Promise<Base> {
  await host.admin.reset();
  const chain = await host.admin.chain.get({ limit: 1 });
  const loc = await host.admin.chain.location(locationId);
  const number = locationId.match(/^loc-0*(\d+)$/)?.[1];
  const tableId = loc.areas.flatMap((a) => a.tables)[0]?.id;
  if (!number || !tableId) throw new Error(`${locationId} has no Elyx number or no table`);
  const partial = {
    locationId,
    elyxLocation: number,
    apiKey: loc.credentials.apiKey,
    serverToken: chain.credentials.serverToken,
    terminals: loc.terminals.filter((t) => t.kind !== "integration").map((t) => t.id),
    tableId,
    productId: "",
  };
  return { ...partial, productId: await orderable(host, partial) };
}

/** The first product a guest can order without a choice, read from the menu as a client reads it. */
async function orderable(host: StateHost, base: Base): Promise<string> {
  const path = `/v1/locations/${base.locationId}`;
  const menu = (await pos(host, "generic", base, { path: `${path}/menu` })) as {
    products: {
      id: string;
      soldOut: boolean;
      variants: unknown[];
      modifierGroupIds: string[];
      combo: unknown;
    }[];
  };
  const mods = (await pos(host, "generic", base, { path: `${path}/modifiers` })) as {
    modifierGroups: { id: string; min: number }[];
  };
  const required = new Set(mods.modifierGroups.filter((g) => g.min > 0).map((g) => g.id));
  const product = menu.products.find(
    (p) =>
      !p.soldOut &&
      p.combo === null &&
      p.variants.length === 0 &&
      !p.modifierGroupIds.some((g) => required.has(g)),
  );
  if (!product) throw new Error(`${base.locationId} has no product that can be ordered without a choice`);
  return product.id;
}

/** The location's first staff terminal, where its staff act. */
export function terminalOf(base: Base): string {
  const [terminalId] = base.terminals;
  if (!terminalId) throw new Error(`${base.locationId} has no staff terminal`);
  return terminalId;
}

/** Staff open an order of two of the product at a table: its ids in every dialect, and what is due. */
export async function openOrder(host: StateHost, base: Base): Promise<StateValues> {
  const order = await host.admin.staff.openOrder(base.locationId, {
    terminalId: terminalOf(base),
    tableId: base.tableId,
    items: [{ productId: base.productId, quantity: 2 }],
  });
  return { orderId: order.id, ticketId: `${base.elyxLocation}-${order.number}`, due: order.totals.due };
}

/** A waiter holds the order at another terminal for `seconds`. */
export async function lock(host: StateHost, base: Base, orderId: string, seconds: number): Promise<void> {
  await host.admin.staff.lock(base.locationId, orderId, {
    terminalId: base.terminals[1] ?? terminalOf(base),
    durationSeconds: seconds,
  });
}

/** The take-away order each adapter sends for a pay-first draft of `quantity` of the product. */
function createCall(dialect: DialectName, base: Base, externalId: string, quantity: number) {
  const item = { productId: base.productId, quantity };
  if (dialect === "elyx")
    return {
      path: `/api/v1/locations/${base.elyxLocation}/tickets`,
      body: { externalId, type: "take_away", lines: [{ articleId: base.productId, quantity }] },
    };
  if (dialect === "sinqro")
    return {
      path: "/sinqro/v1/orders",
      body: {
        externalReference: externalId,
        type: "TAKE_AWAY",
        payment: { method: "EPAYMENT" },
        items: [item],
      },
    };
  return {
    path: `/v1/locations/${base.locationId}/orders`,
    body: { externalId, type: "take_away", paymentMode: "prepaid", items: [item] },
  };
}

/** Creates an order through the dialect with idempotency key `key`, as the connector would. */
export async function createThroughApi(
  host: StateHost,
  base: Base,
  p: { dialect: DialectName; key: string; externalId: string; quantity: number },
): Promise<StateValues> {
  const call = createCall(p.dialect, base, p.externalId, p.quantity);
  const created = await pos(host, p.dialect, base, { method: "POST", key: p.key, ...call });
  // The dialect's own id: generic and Sinqro `loc-0001-ord-00005`, Elyx `1-5`.
  const order = (p.dialect === "sinqro" ? created.data : created) as { id: string };
  return { orderId: order.id, externalId: p.externalId };
}

/**
 * Lets a second of clock time pass when the simulator runs a virtual clock (a real one moves by
 * itself): Elyx's sales feed shows a change once the millisecond it happened in is over.
 */
export async function letTimePass(host: StateHost): Promise<void> {
  if ((await host.admin.clock.get()).kind === "virtual") await host.admin.clock.advance("1s");
}

/** The cursor a poll of the dialect's order feed ends on now (generic `in_progress`, Elyx's sales feed). */
export async function cursorNow(host: StateHost, base: Base, dialect: "generic" | "elyx"): Promise<string> {
  let cursor: string | null = null;
  for (let page = 0; page < 100; page++) {
    const q = new URLSearchParams({ limit: "100" });
    if (dialect === "generic") q.set("view", "in_progress");
    else q.set("locations", base.elyxLocation);
    if (cursor !== null) q.set("cursor", cursor);
    const path =
      dialect === "generic" ? `/v1/locations/${base.locationId}/orders?${q}` : `/api/v1/sales?${q}`;
    const list = (await pos(host, dialect, base, { path })) as { cursor: string; hasMore: boolean };
    cursor = list.cursor;
    if (!list.hasMore) return cursor;
  }
  throw new Error(`${dialect}: the order feed did not end within 100 pages`);
}
