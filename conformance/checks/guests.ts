import { ADAPTERS } from "../../connector/adapters/index.ts";
import type { Capability } from "../../connector/adapters/types.ts";
import type { LineInput, OrderView, PlaceOrderInput } from "../../contracts/driver/schemas.ts";
import type { Stage } from "../types.ts";

/** Whether the dialect under test offers an operation (a passive POS takes whole, prepaid orders only). */
export function offers(stage: Stage, capability: Capability): boolean {
  return ADAPTERS[stage.dialect].capabilities.has(capability);
}

/** Items a guest can order at a location without a choice, from the connector's cached menu. */
export async function orderable(
  stage: Stage,
  locationId: string,
  count = 2,
): Promise<[LineInput, ...LineInput[]]> {
  const driver = stage.driver;
  if (!driver) throw new Error("guests act through the driver: drive mode only");
  const loaded = await stage.until(async () => (await driver.menu(locationId)) !== null, 5 * 60_000);
  if (!loaded) throw new Error(`the connector has no menu for ${locationId} after 5 minutes`);
  const menu = await driver.menu(locationId);
  const items = (menu?.items ?? []).filter((i) => !i.needsChoice && !i.soldOut).slice(0, count);
  if (items.length === 0) throw new Error(`nothing orderable at ${locationId}`);
  return items.map((i) => ({ productId: i.id, quantity: 1 })) as [LineInput, ...LineInput[]];
}

/** Places an order and waits (bounded) until the connector says the POS holds it. */
export async function placeAndWait(
  stage: Stage,
  input: PlaceOrderInput,
  withinMs = 3 * 60_000,
): Promise<OrderView> {
  const driver = stage.driver;
  if (!driver) throw new Error("guests act through the driver: drive mode only");
  const placed = await driver.placeOrder(input);
  if (placed.state === "refused") throw new Error(`the connector refused the order: ${placed.reason}`);
  await stage.until(async () => (await driver.order(placed.ref))?.state !== "pending", withinMs);
  const view = await driver.order(placed.ref);
  if (!view) throw new Error(`the connector forgot order ${placed.ref}`);
  return view;
}

/** The POS's own id (the one the admin API takes) of the order the connector placed for guest order `ref`. */
export async function posIdOf(stage: Stage, locationId: string, ref: string): Promise<string> {
  const found = await stage.posOrders(locationId, ref);
  const first = found[0];
  if (!first) throw new Error(`the POS at ${locationId} holds no order with external id '${ref}'`);
  return first.id;
}

/**
 * A waiter opens an order at a staff terminal: every write the connector sends to it gets LOCKED
 * until `releaseAtTerminal` (or until `seconds` pass, when given).
 */
export async function holdAtTerminal(
  stage: Stage,
  locationId: string,
  posId: string,
  seconds?: number,
): Promise<void> {
  const terminalId = stage.locations.find((l) => l.id === locationId)?.terminals[0];
  if (!terminalId) throw new Error(`no staff terminal at ${locationId}`);
  await stage.admin.staff.lock(locationId, posId, {
    terminalId,
    ...(seconds === undefined ? {} : { durationSeconds: seconds }),
  });
}

/** The terminal lets the order go: writes to it are taken again. */
export async function releaseAtTerminal(stage: Stage, locationId: string, posId: string): Promise<void> {
  await stage.admin.staff.unlock(locationId, posId);
}

/** An order as the POS holds it, read through the admin API (any dialect shares the chain). */
export interface PosOrderDetail {
  id: string;
  status: "open" | "paid" | "voided";
  shiftId: string;
  lines: { kind: string; round: number; productId: string | null; quantity: number; voided: boolean }[];
  rounds: { number: number; at: string }[];
  payments: { amount: number; at: string }[];
  kitchenMessages: { text: string; at: string }[];
}

/** One POS order in full (lines with their round, payments, kitchen messages, its shift). */
export async function posOrderDetail(
  stage: Stage,
  locationId: string,
  posId: string,
): Promise<PosOrderDetail> {
  const { order: o } = await stage.admin.chain.order(locationId, posId);
  return {
    id: o.id,
    status: o.status,
    shiftId: o.shiftId,
    lines: o.lines.map((l) => ({
      kind: l.kind,
      round: l.round,
      productId: l.productId,
      quantity: l.quantity,
      voided: l.voided,
    })),
    rounds: o.rounds.map((r) => ({ number: r.number, at: r.at })),
    payments: o.payments.map((p) => ({ amount: p.amount, at: p.at })),
    kitchenMessages: o.kitchenMessages.map((m) => ({ text: m.text, at: m.at })),
  };
}

/** Staff void the whole order at a terminal. */
export async function voidAtTerminal(stage: Stage, locationId: string, posId: string): Promise<void> {
  const terminalId = stage.locations.find((l) => l.id === locationId)?.terminals[0];
  if (!terminalId) throw new Error(`no staff terminal at ${locationId}`);
  await stage.admin.staff.voidOrder(locationId, posId, { terminalId });
}

/** One webhook delivery attempt, as the simulator's delivery log (`GET /__admin/webhooks`) lists it. */
export interface WebhookAttempt {
  eventId: string;
  type: string;
  restaurantId: string;
  attempt: number;
  at: string;
  /** The connector's answer; null when there was none. */
  status: number | null;
  outcome: string;
  fault: string | null;
  /** A copy sent by a `duplicate` fault. */
  duplicate: boolean;
}

/** The webhook attempts to one restaurant (location), oldest first. */
export async function webhookAttempts(stage: Stage, locationId: string): Promise<WebhookAttempt[]> {
  const { deliveries } = await stage.admin.webhooks.get({ limit: 1000 });
  return deliveries
    .filter((d) => d.restaurantId === locationId)
    .map((d) => ({
      eventId: d.eventId,
      type: d.type,
      restaurantId: d.restaurantId,
      attempt: d.attempt,
      at: d.at,
      status: d.status,
      outcome: d.outcome,
      fault: d.fault,
      duplicate: d.duplicate,
    }));
}

/** A webhook attempt as evidence: `12:03:07 order.status_changed evt_… attempt 1 → 401 (fault forged)`. */
export function citeWebhook(w: WebhookAttempt, note?: string): { at: number; text: string } {
  const what = `webhook ${w.type} ${w.eventId} attempt ${w.attempt}${w.duplicate ? " (copy)" : ""} → ${w.status ?? "no answer"} ${w.outcome}${w.fault ? ` (fault ${w.fault})` : ""}`;
  return { at: Date.parse(w.at), text: note ? `${note}: ${what}` : what };
}

/** Waits (bounded) until the connector says a location is in `mode`; the instant it did, or null. */
export async function untilMode(
  stage: Stage,
  locationId: string,
  mode: "starting" | "online" | "read_only" | "auth_failed",
  withinMs: number,
): Promise<number | null> {
  const driver = stage.driver;
  if (!driver) throw new Error("guests act through the driver: drive mode only");
  const seen = await stage.until(
    async () => (await driver.locations()).find((l) => l.id === locationId)?.mode === mode,
    withinMs,
  );
  return seen ? stage.now() : null;
}

/** The location's link refuses every connection from `fromMs` to `toMs` after the check began. */
export async function linkDown(
  stage: Stage,
  locationId: string,
  fromMs: number,
  toMs: number,
): Promise<void> {
  await stage.faults([
    {
      id: "link-down",
      kind: "unreachable",
      mode: "refuse",
      scope: { locations: [locationId] },
      when: { from: stage.at(fromMs), to: stage.at(toMs) },
    },
  ]);
}
