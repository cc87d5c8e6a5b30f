import type { z } from "@hono/zod-openapi";
import * as faults from "../../contracts/admin/faults.ts";
import * as pact from "../../contracts/admin/pact.ts";
import * as quirks from "../../contracts/admin/quirks.ts";
import * as routes from "../../contracts/admin/routes.ts";
import * as scenario from "../../contracts/admin/scenario.ts";
import * as sinqro from "../../contracts/admin/sinqro.ts";
import * as webhooks from "../../contracts/admin/webhooks.ts";
import type { BodyOf, QueryOf } from "./route.ts";
import { faultsAdd, scenarioPut } from "./routes.ts";
import type { Transport } from "./transport.ts";

// One factory per group of the client: each method is one route of the contract, its arguments
// and answer typed by that route's schemas.

/** One journal entry, as `GET /__admin/journal` lists it. */
export type AdminJournalEntry = z.infer<typeof routes.JournalEntry>;

type Id = string;
type Instant = string | Date;

const iso = (t: Instant) => (typeof t === "string" ? t : t.toISOString());

export function faultsApi(http: Transport) {
  return {
    /** The rules in force, newest first, with their hit counts. */
    list: () => http.json(faults.faultsList, {}),
    /** Puts one rule or a list of them in force, ahead of the others; answers the rules added. */
    add: (rules: BodyOf<typeof faultsAdd>) => http.json(faultsAdd, { body: rules }),
    remove: (faultId: Id) => http.json(faults.faultsRemove, { params: { faultId } }),
    /** Takes out every rule added since: back to the scenario's own rules (none without one), hits at zero. */
    clear: () => http.json(faults.faultsReset, {}),
  };
}

export function scenarioApi(http: Transport) {
  return {
    /** Plays a scenario (the JSON of a scenario file): its chain replaces the current one. */
    load: (body: BodyOf<typeof scenarioPut>) => http.json(scenarioPut, { body }),
    /** The scenario in play and its invariants as of now; `NOT_FOUND` when none is. */
    get: () => http.json(scenario.scenarioGet, {}),
    stop: () => http.json(scenario.scenarioDelete, {}),
  };
}

export function clockApi(http: Transport) {
  return {
    get: () => http.json(routes.clock, {}),
    /** Steps a virtual clock forward by a duration: milliseconds, or text like `"5m"`. */
    advance: (by: NonNullable<BodyOf<typeof faults.clockAdvance>["by"]>) =>
      http.json(faults.clockAdvance, { body: { by } }),
    /** Moves a virtual clock forward to an instant (it never goes back: `VALIDATION`). */
    set: (to: Instant) => http.json(faults.clockAdvance, { body: { to: iso(to) } }),
  };
}

export function journalApi(http: Transport) {
  return {
    list: (query: QueryOf<typeof routes.journal> = {}) => http.json(routes.journal, { query }),
    /** The same entries as `list`, through the NDJSON export (no `total`): for large reads. */
    export: async (query: QueryOf<typeof routes.journalExport> = {}): Promise<AdminJournalEntry[]> =>
      (await http.text(routes.journalExport, { query }))
        .split("\n")
        .filter((line) => line !== "")
        .map((line) => JSON.parse(line) as AdminJournalEntry),
  };
}

export function chainApi(http: Transport) {
  return {
    /** The chain and a page of its locations with their credentials (100 unless `limit`). */
    get: (query: QueryOf<typeof routes.chainSummary> = {}) => http.json(routes.chainSummary, { query }),
    /** Everything about one location: terminals, staff, tables, sold-out items, shifts. */
    location: (locationId: Id) => http.json(routes.locationInspect, { params: { locationId } }),
    /** One order, with where each round came from. */
    order: (locationId: Id, orderId: Id) =>
      http.json(routes.orderInspect, { params: { locationId, orderId } }),
  };
}

export function staffApi(http: Transport) {
  return {
    /** Staff open an order at a terminal. */
    openOrder: (locationId: Id, body: BodyOf<typeof routes.openAtTerminal>) =>
      http.json(routes.openAtTerminal, { params: { locationId }, body }),
    addItems: (locationId: Id, orderId: Id, body: BodyOf<typeof routes.addItems>) =>
      http.json(routes.addItems, { params: { locationId, orderId }, body }),
    voidLine: (locationId: Id, orderId: Id, lineId: Id, body: BodyOf<typeof routes.voidLine>) =>
      http.json(routes.voidLine, { params: { locationId, orderId, lineId }, body }),
    voidOrder: (locationId: Id, orderId: Id, body: BodyOf<typeof routes.voidOrder>) =>
      http.json(routes.voidOrder, { params: { locationId, orderId }, body }),
    pay: (locationId: Id, orderId: Id, body: BodyOf<typeof routes.payAtTerminal>) =>
      http.json(routes.payAtTerminal, { params: { locationId, orderId }, body }),
    /** A waiter opens the order at a terminal: API writes to it answer `LOCKED` until it is let go. */
    lock: (locationId: Id, orderId: Id, body: BodyOf<typeof routes.lock>) =>
      http.json(routes.lock, { params: { locationId, orderId }, body }),
    unlock: (locationId: Id, orderId: Id) => http.json(routes.unlock, { params: { locationId, orderId } }),
    setSoldOut: (locationId: Id, productId: Id, soldOut: boolean) =>
      http.json(routes.availability, { params: { locationId, productId }, body: { soldOut } }),
    /** Closes the running shift and opens the next (open orders carry over). */
    closeShift: (locationId: Id) => http.json(routes.closeShift, { params: { locationId } }),
    /** Closes the restaurant for online orders (until `until`, or until reopened). */
    closeOnline: (locationId: Id, body: BodyOf<typeof sinqro.closureSet>) =>
      http.json(sinqro.closureSet, { params: { locationId }, body }),
    reopenOnline: (locationId: Id) => http.json(sinqro.closureDelete, { params: { locationId } }),
    /** A manager sets the weekly opening hours (local times). */
    setSchedule: (locationId: Id, week: BodyOf<typeof sinqro.scheduleSet>) =>
      http.json(sinqro.scheduleSet, { params: { locationId }, body: week }),
    reservations: (locationId: Id) => http.json(sinqro.reservationsList, { params: { locationId } }),
    /** Staff accept, decline (`canceled`), seat, complete or mark a no-show. */
    setReservationStatus: (
      locationId: Id,
      reservationId: Id,
      body: BodyOf<typeof sinqro.reservationStatusSet>,
    ) => http.json(sinqro.reservationStatusSet, { params: { locationId, reservationId }, body }),
  };
}

export function webhooksApi(http: Transport) {
  return {
    /** Configuration (never the secret), counters and the newest `limit` attempts (default 100). */
    get: (query: QueryOf<typeof webhooks.webhooksGet> = {}) => http.json(webhooks.webhooksGet, { query }),
    /** Starts sending signed webhooks to `url`, replacing the sender there was. */
    configure: (body: BodyOf<typeof webhooks.webhooksPut>) => http.json(webhooks.webhooksPut, { body }),
    stop: () => http.json(webhooks.webhooksDelete, {}),
  };
}

type StateChange = Omit<BodyOf<typeof pact.pactStateChange>, "action">;

export function pactApi(http: Transport) {
  return {
    /** The provider states this simulator can set up. */
    states: () => http.json(pact.pactStatesList, {}),
    /** Sets a provider state up (resetting the chain first); answers the values it injects. */
    setup: (change: StateChange) => http.json(pact.pactStateChange, { body: { ...change, action: "setup" } }),
    teardown: (change: StateChange) =>
      http.json(pact.pactStateChange, { body: { ...change, action: "teardown" } }),
  };
}

export function quirksApi(http: Transport) {
  return {
    /** Every vendor quirk, and which are in force. */
    get: () => http.json(quirks.quirksGet, {}),
    /** Puts exactly these quirks in force: `"lock-as-500,slow-writes=1500"`, a list of entries, or `""` for none. */
    set: (list: BodyOf<typeof quirks.quirksPut>["quirks"]) =>
      http.json(quirks.quirksPut, { body: { quirks: list } }),
  };
}
