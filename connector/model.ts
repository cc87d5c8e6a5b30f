// What the engine knows of a POS, in the connector contract's own terms (seed 003): every
// adapter maps its dialect's wire shapes to these, so the engine holds no dialect knowledge.

/** One orderable product as guests see it on the cached menu. Money in minor units. */
export interface MenuItem {
  id: string;
  name: string;
  categoryId: string | null;
  price: number;
  soldOut: boolean;
  variants: { id: string; name: string; price: number }[];
  /** Whether ordering it needs a choice (a required modifier group or a combo component). */
  needsChoice: boolean;
}

export interface MenuSnapshot {
  currency: string;
  /** The POS's menu version when it has one; a change means prices or products moved. */
  version: string | null;
  items: MenuItem[];
}

export interface LineInput {
  productId: string;
  variantId?: string;
  quantity: number;
  modifiers?: { optionId: string; quantity?: number }[];
  note?: string;
}

export type OrderFlow = "pay_first" | "pay_later";

/** An order to open at the POS, as the engine hands it to an adapter. */
export interface OrderDraft {
  /** The engine's reference for the guest's order, sent as the POS's external id. */
  externalId: string;
  flow: OrderFlow;
  /** Dine-in at this table when given, take-away otherwise. */
  tableId: string | null;
  guests: number | null;
  items: LineInput[];
  note: string | null;
}

export interface PaymentInput {
  /** The amount due, minor units, as the engine last read it. */
  amount: number;
  tip: number;
  method: "card" | "epayment";
  reference: string | null;
}

/** An order as the POS holds it, reduced to what a connector acts on. */
export interface PosOrder {
  id: string;
  externalId: string | null;
  status: "open" | "paid" | "voided";
  /** Total of the order (items + tip), minor units. */
  total: number;
  /** What is still to pay, minor units. */
  due: number;
  /** Item lines not voided. */
  lines: number;
  waiterId: string | null;
  tableId: string | null;
  /** The POS's version or change stamp, when it has one. */
  version: number | null;
  /** When the POS last changed it (ISO), when it says. */
  updatedAt: string | null;
}

export interface OrderPage {
  orders: PosOrder[];
  /** Pass back next time; null when the dialect has no cursor. */
  cursor: string | null;
  hasMore: boolean;
}

export interface LocationStatus {
  online: boolean;
  timezone: string | null;
  businessDate: string | null;
}

/**
 * What a POS that pushes (webhooks) told the engine, in the engine's terms. `posLocationId` is
 * the POS's id of the location the event is about.
 */
export type PosEvent =
  | {
      type: "order";
      posLocationId: string;
      posOrderId: string;
      externalId: string | null;
      status: "open" | "paid" | "voided";
    }
  | { type: "availability"; posLocationId: string; productId: string | null; soldOut: boolean }
  | { type: "catalog"; posLocationId: string };
