import { DIALECTS, type BuiltinDialect as DialectName } from "../../dialects/registry.ts";
import {
  type Base,
  createThroughApi,
  cursorNow,
  letTimePass,
  lock,
  open,
  openOrder,
  pos,
  type StateHost,
  type StateValues,
} from "./arrange.ts";

export type { Fetcher, StateHost, StateValues } from "./arrange.ts";

// The provider states the connector's pacts name (pact/consumer), each a setup and a teardown, in
// the manner of Pact-JS `stateHandlers`. Every setup starts from a reset chain (so a verifier
// that never tears down still gets the same state each time) and resolves with the values the
// verifier injects where a pact says `fromProviderState("${…}")`: credentials, ids, amounts,
// cursors. The same map serves Pact-JS (`stateHandlers`) and any verifier over HTTP
// (`POST /__admin/pact/provider-states`, simulator/admin/pact.ts).

export type StateParams = Record<string, unknown>;

export interface ProviderState {
  setup(host: StateHost, params: StateParams): Promise<StateValues>;
  /** Undoes what setup put in force; the next setup resets the chain anyway. */
  teardown(host: StateHost, params: StateParams): Promise<void>;
}

const UNREACHABLE_RULE = "pact-unreachable";
const RATE_LIMIT_RULE = "pact-rate-limit";

const location = (params: StateParams) =>
  typeof params.locationId === "string" ? params.locationId : "loc-0001";

/** What every state hands back: where the location is and how to reach it, and a product to order. */
function values(base: Base): StateValues {
  const { locationId, elyxLocation, apiKey, serverToken, productId } = base;
  return { locationId, elyxLocation, apiKey, serverToken, productId };
}

function dialectOf(params: StateParams): DialectName {
  const d = params.dialect ?? "generic";
  if (typeof d !== "string" || !(DIALECTS as readonly string[]).includes(d))
    throw new Error(`params.dialect must be one of ${DIALECTS.join(", ")}, got ${JSON.stringify(d)}`);
  return d as DialectName;
}

function text(params: StateParams, name: string): string {
  const v = params[name];
  if (typeof v !== "string" || v === "") throw new Error(`params.${name} must be a non-empty string`);
  return v;
}

const nothing = async () => {};

/** Only a reset chain: the location as its seed gives it. */
const fresh: ProviderState = {
  setup: async (host, params) => values(await open(host, location(params))),
  teardown: nothing,
};

const removeRule = (id: string) => async (host: StateHost) => {
  await host.admin.faults.remove(id).catch(() => undefined);
};

export const PROVIDER_STATES: Record<string, ProviderState> = {
  "the location is open": fresh,

  /** A request carrying a key that is no one's: nothing to arrange. */
  "the credentials are wrong": fresh,

  /** Params: `externalId` — nothing carries it on a reset chain. */
  "no order carries external id E": fresh,

  "an order is open at a terminal": {
    async setup(host, params) {
      const base = await open(host, location(params));
      return { ...values(base), ...(await openOrder(host, base)) };
    },
    teardown: nothing,
  },

  /** Params: `seconds` (default 90), how long the waiter holds it: the answer's Retry-After. */
  "an order is open and locked at a terminal": {
    async setup(host, params) {
      const base = await open(host, location(params));
      const order = await openOrder(host, base);
      await lock(host, base, String(order.orderId), Number(params.seconds ?? 90));
      return { ...values(base), ...order };
    },
    async teardown(host) {
      await host.admin.reset();
    },
  },

  /** Params: `dialect` (generic or elyx). Values: `cursor`, where the last poll ended; an order opened since. */
  "an order was opened after the last poll": {
    async setup(host, params) {
      const base = await open(host, location(params));
      const dialect = dialectOf(params);
      if (dialect === "sinqro") throw new Error("Sinqro has no order feed to poll");
      const cursor = await cursorNow(host, base, dialect);
      const order = await openOrder(host, base);
      await letTimePass(host);
      return { ...values(base), cursor, ...order };
    },
    teardown: nothing,
  },

  /**
   * Params: `dialect`, `key`, `externalId`, `quantity` (default 1). The order goes through the
   * dialect's own create route, since only a write through it leaves the key behind.
   */
  "an order was created with idempotency key K": {
    async setup(host, params) {
      const base = await open(host, location(params));
      const order = await createThroughApi(host, base, {
        dialect: dialectOf(params),
        key: text(params, "key"),
        externalId: text(params, "externalId"),
        quantity: Number(params.quantity ?? 1),
      });
      return { ...values(base), ...order };
    },
    teardown: nothing,
  },

  /** Values: `cardNumber` of an active card of the chain's programme, and an open order to apply it to. */
  "a loyalty card is active and an order is open": {
    async setup(host, params) {
      const base = await open(host, location(params));
      const loc = await host.admin.chain.location(base.locationId);
      const card = loc.loyaltyCards.find((c) => c.active);
      if (!card)
        throw new Error("this chain has no active loyalty card: serve a seed with a programme (e.g. pact)");
      return { ...values(base), ...(await openOrder(host, base)), cardNumber: card.number };
    },
    teardown: nothing,
  },

  /** The location's link is down behind a gateway: 502 in every dialect. */
  "the location is unreachable": {
    async setup(host, params) {
      const base = await open(host, location(params));
      await host.admin.faults.add({
        id: UNREACHABLE_RULE,
        kind: "unreachable",
        mode: "502",
        scope: { locations: [base.locationId] },
      });
      return values(base);
    },
    teardown: removeRule(UNREACHABLE_RULE),
  },

  /**
   * One request per 1,000 s for the location's key, and that one spent: the next gets 429 with a
   * Retry-After. A rule's bucket starts full (a burst is at least 1), so the state spends it with
   * one read of the location's status.
   */
  "the location is rate limited": {
    async setup(host, params) {
      const base = await open(host, location(params));
      await host.admin.faults.add({
        id: RATE_LIMIT_RULE,
        kind: "rate_limit",
        rate: 0.001,
        burst: 1,
        scope: { locations: [base.locationId] },
      });
      await pos(host, "generic", base, { path: `/v1/locations/${base.locationId}/status` });
      return values(base);
    },
    teardown: removeRule(RATE_LIMIT_RULE),
  },

  /** Staff switch online ordering off (Sinqro's temporary closing), with no end. */
  "the restaurant is closed for online orders": {
    async setup(host, params) {
      const base = await open(host, location(params));
      await host.admin.staff.closeOnline(base.locationId, { reason: "kitchen closed" });
      return values(base);
    },
    async teardown(host, params) {
      await host.admin.staff.reopenOnline(location(params)).catch(() => undefined);
    },
  },
};

export interface StateChange {
  state: string;
  params?: StateParams;
  action?: "setup" | "teardown";
}

/** Runs one state change as a verifier asks for it; a state not in the map is an error naming the known ones. */
export async function changeState(host: StateHost, change: StateChange): Promise<StateValues> {
  const state = PROVIDER_STATES[change.state];
  if (!state)
    throw new Error(
      `unknown provider state '${change.state}'; known: ${Object.keys(PROVIDER_STATES).join(" | ")}`,
    );
  if (change.action === "teardown") {
    await state.teardown(host, change.params ?? {});
    return {};
  }
  return state.setup(host, change.params ?? {});
}

/** The map as Pact-JS `stateHandlers`. */
export function stateHandlers(host: StateHost) {
  return Object.fromEntries(
    Object.entries(PROVIDER_STATES).map(([name, state]) => [
      name,
      {
        setup: (params?: unknown) => state.setup(host, (params ?? {}) as StateParams),
        teardown: async (params?: unknown) => state.teardown(host, (params ?? {}) as StateParams),
      },
    ]),
  );
}
