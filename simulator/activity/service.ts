import { findProduct } from "../domain/chain.ts";
import type { ItemInput } from "../domain/lines.ts";
import { orderTotals } from "../domain/money.ts";
import { type Actor, appendRound, payOrder, voidLine, voidOrder } from "../domain/orders.ts";
import { lockOrder } from "../domain/staff.ts";
import type { Order } from "../domain/types.ts";
import { pickItems } from "./courses.ts";
import { MINUTE } from "./local-time.ts";
import type { LocationRun, Party, Step } from "./runner.ts";
import { sampleItem } from "./sample.ts";

const SECOND = 1000;
// How long to wait before trying again an order someone else holds: about what a waiter would.
const RETRY_MS = [15 * SECOND, 45 * SECOND] as const;
const MAX_RETRY_MS = 5 * MINUTE;

/** A number drawn evenly from `range`, from the location's service stream. */
export const between = (run: LocationRun, range: readonly [number, number]): number =>
  range[0] + run.service.next() * (range[1] - range[0]);

/** A wait of `least` to `most` minutes, in ms. */
export const minutes = (run: LocationRun, least: number, most: number): number =>
  between(run, [least, most]) * MINUTE;

export const actor = (terminalId: string): Actor => ({ source: "terminal", terminalId });

/**
 * Puts a party on the floor: it works through its steps, each after its wait, holding the
 * order at its terminal now and then; the table is free again once the order is closed.
 */
export function join(
  run: LocationRun,
  order: Order,
  tableId: string | null,
  terminalId: string,
  steps: Step[],
): void {
  const party: Party = { orderId: order.id, tableId, terminalId, steps, blocked: 0 };
  run.parties.set(order.id, party);
  if (tableId !== null) run.seated.add(tableId);
  next(run, party);
}

function leave(run: LocationRun, party: Party): void {
  run.parties.delete(party.orderId);
  if (party.tableId !== null) run.seated.delete(party.tableId);
}

function next(run: LocationRun, party: Party): void {
  const step = party.steps[0];
  if (!step) leave(run, party);
  else run.after(step.after, () => begin(run, party, step));
}

// A waiter may keep the order open at the terminal while keying: API writes meet LOCKED meanwhile.
function begin(run: LocationRun, party: Party, step: Step): void {
  const { lockProbability, lockDurationMs } = run.engine.settings;
  const order = run.location.orders.get(party.orderId);
  if (order?.status !== "open") {
    closed(run, party);
  } else if (step.kind === "void" || !run.service.chance(lockProbability)) {
    finish(run, party, step);
  } else {
    const hold = Math.round(between(run, lockDurationMs));
    try {
      lockOrder(run.location, order, party.terminalId, run.now(), hold);
      run.count("locks");
      // The hold ends as the waiter sends: the lock lapses at the very instant the change lands.
      run.after(hold, () => finish(run, party, step));
    } catch (error) {
      refusedAt(run, party, step, error);
    }
  }
}

function finish(run: LocationRun, party: Party, step: Step): void {
  const order = run.location.orders.get(party.orderId);
  if (order?.status !== "open") {
    closed(run, party);
    return;
  }
  try {
    change(run, order, step, actor(party.terminalId));
  } catch (error) {
    refusedAt(run, party, step, error);
    return;
  }
  party.blocked = 0;
  party.steps.shift();
  if (step.kind === "round" && run.service.chance(run.engine.settings.editProbability))
    party.steps.unshift({ kind: "edit", after: minutes(run, 1, 4) });
  next(run, party);
}

function change(run: LocationRun, order: Order, step: Step, by: Actor): void {
  const now = run.now();
  if (step.kind === "round") {
    const items = (step.items ?? []).flatMap(([course, n]) =>
      pickItems(run.chain, run.location, course, n, run.service),
    );
    if (items.length === 0) return;
    appendRound(run.location, order, { items }, by, now);
    run.count("roundsAdded");
  } else if (step.kind === "edit") {
    edit(run, order, by, now);
  } else if (step.kind === "pay" && order.lines.some((l) => l.kind === "item" && !l.voided)) {
    pay(run, order, by, now);
  } else {
    // A void, or a bill with everything on it taken back: nothing to pay, so the ticket is voided.
    voidOrder(run.location, order, by, now);
    run.count("ordersVoided");
  }
}

// A line keyed wrong (a modifier, a size) is voided and keyed again in a round of its own.
function edit(run: LocationRun, order: Order, by: Actor, now: number): void {
  const live = order.lines.filter((l) => l.kind === "item" && !l.voided && l.productId !== null);
  if (live.length === 0) return;
  const line = run.service.pick(live);
  voidLine(run.location, order, line.id, by, now);
  run.count("linesVoided");
  // The same dish keyed right, unless it (or every choice of a combo's component) ran out: then another main.
  const product = findProduct(run.location.menu, line.productId as string);
  const again = product ? sampleItem(run.location, run.service, product) : null;
  const items: ItemInput[] = again
    ? [{ ...again, quantity: line.quantity }]
    : pickItems(run.chain, run.location, "mains", 1, run.service);
  if (items.length === 0) return;
  appendRound(run.location, order, { items }, by, now);
  run.count("roundsAdded");
}

function pay(run: LocationRun, order: Order, by: Actor, now: number): void {
  const rng = run.service;
  const method = rng.chance(0.7) ? "card" : "cash";
  let tip = 0;
  if (rng.chance(run.engine.settings.tipProbability)) {
    // Five to twelve per cent, rounded to a tenth of the currency's unit.
    tip = Math.max(10, Math.round((orderTotals(order).due * (0.05 + rng.next() * 0.07)) / 10) * 10);
  }
  payOrder(run.location, order, { method, tip }, by, now);
  run.count("ordersPaid");
  if (tip > 0) run.count("tips");
}

function closed(run: LocationRun, party: Party): void {
  run.count("closedElsewhere");
  leave(run, party);
}

function refusedAt(run: LocationRun, party: Party, step: Step, error: unknown): void {
  const code = run.refused(error);
  if (code === "LOCKED") {
    run.count("lockedOut");
    party.blocked += 1;
    const wait = Math.min(MAX_RETRY_MS, between(run, RETRY_MS) * 2 ** Math.min(party.blocked - 1, 4));
    run.after(wait, () => begin(run, party, step));
  } else if (code === "ORDER_CLOSED" || code === "NOT_FOUND") {
    closed(run, party);
  } else if (code === null) {
    // A bug: the table is let go rather than stuck for the day.
    leave(run, party);
  } else {
    // The menu moved under the waiter (sold out, repriced): this step is dropped, the meal goes on.
    party.steps.shift();
    next(run, party);
  }
}
