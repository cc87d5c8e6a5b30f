import type { PosOrder } from "../model.ts";
import type { Outbox, StoredOrder } from "./outbox.ts";

/**
 * What the engine believes of each guest order, kept in memory and written through to the
 * outbox on every change. Orders are found by the engine's reference (the POS's external id)
 * or by the POS's order id, so a poll can update the order a write created.
 */
export class OrderBook {
  readonly #outbox: Outbox;
  readonly #byRef = new Map<string, StoredOrder>();
  readonly #byPosId = new Map<string, string>();

  constructor(outbox: Outbox) {
    this.#outbox = outbox;
    for (const o of outbox.orders()) this.#remember(o);
  }

  get(ref: string): StoredOrder | undefined {
    return this.#byRef.get(ref);
  }

  /** Our order behind a POS order: by its id, or by the external id we gave it. */
  find(locationId: string, order: Pick<PosOrder, "id" | "externalId">): StoredOrder | undefined {
    const ref = this.#byPosId.get(`${locationId}/${order.id}`);
    if (ref !== undefined) return this.#byRef.get(ref);
    const mine = order.externalId === null ? undefined : this.#byRef.get(order.externalId);
    return mine?.locationId === locationId ? mine : undefined;
  }

  add(order: StoredOrder): void {
    this.#outbox.insertOrder(order);
    this.#remember(order);
  }

  /** Applies what the POS said of the order (from a write's answer or a poll). */
  learn(ref: string, pos: PosOrder, at: number): StoredOrder {
    const order = this.#byRef.get(ref);
    if (!order) throw new Error(`no order ${ref}`);
    Object.assign(order, {
      state: "placed",
      reason: null,
      posOrderId: pos.id,
      posStatus: pos.status,
      total: pos.total,
      due: pos.due,
      lines: pos.lines,
      updatedAt: at,
    } satisfies Partial<StoredOrder>);
    this.#remember(order);
    this.#outbox.updateOrder(order);
    return order;
  }

  /** A status the POS pushed (a webhook), without the rest of the order. */
  pushed(ref: string, posOrderId: string, status: StoredOrder["posStatus"], at: number): StoredOrder {
    const order = this.#byRef.get(ref);
    if (!order) throw new Error(`no order ${ref}`);
    Object.assign(order, { posOrderId, posStatus: status, updatedAt: at });
    if (order.state === "pending") order.state = "placed";
    this.#remember(order);
    this.#outbox.updateOrder(order);
    return order;
  }

  update(ref: string, change: Partial<Pick<StoredOrder, "state" | "reason">>, at: number): StoredOrder {
    const order = this.#byRef.get(ref);
    if (!order) throw new Error(`no order ${ref}`);
    Object.assign(order, change, { updatedAt: at });
    this.#outbox.updateOrder(order);
    return order;
  }

  #remember(order: StoredOrder): void {
    this.#byRef.set(order.ref, order);
    if (order.posOrderId !== null) this.#byPosId.set(`${order.locationId}/${order.posOrderId}`, order.ref);
  }
}
