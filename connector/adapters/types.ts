import type { z } from "zod";
import type { Clock } from "../../simulator/clock/index.ts";
import type { Http } from "../http.ts";
import type {
  LineInput,
  LocationStatus,
  MenuSnapshot,
  OrderDraft,
  OrderPage,
  PaymentInput,
  PosEvent,
  PosOrder,
} from "../model.ts";

/** What a dialect can do beyond the reads every POS must offer. */
export type Capability =
  /** `orders.list`: new and in-progress orders since a cursor (a passive POS has none). */
  | "orders.list"
  | "order.append"
  | "order.pay"
  | "kitchen.message"
  | "loyalty.apply"
  /** Find an order by the external id the engine gave it (the "did my create land?" check). */
  | "order.lookup"
  /** The POS pushes order changes to the engine (webhooks) instead of being polled for them. */
  | "webhooks";

/** One location as an adapter sees it: where its POS is and how to prove who we are. */
export interface AdapterLocation<Credentials = unknown> {
  /** The engine's name for the location (the chain's id, e.g. `loc-0001`). */
  id: string;
  /** The POS's own id for it (generic `loc-0001`, Elyx `7`, Sinqro: the user token picks it). */
  posLocationId: string;
  credentials: Credentials;
}

/** Everything an adapter needs for one call: the location and its line. */
export interface AdapterContext<Credentials = unknown> {
  location: AdapterLocation<Credentials>;
  http: Http;
}

/**
 * One POS dialect, in the connector contract's operations. Methods resolve with what the POS
 * answered, mapped to the engine's model, and throw `PosFailure` for anything else, with the
 * failure code read from the dialect's own error body (a lock told apart from a hard failure).
 * The idempotency `key` is sent on every write, the same on every retry of one logical write.
 */
export interface Adapter<Credentials = unknown> {
  readonly dialect: string;
  readonly capabilities: ReadonlySet<Capability>;
  /** The credentials this dialect takes, validated when the engine is configured. */
  readonly credentials: z.ZodType<Credentials>;

  status(ctx: AdapterContext<Credentials>): Promise<LocationStatus>;
  /** The full menu with current sold-out flags. */
  menu(ctx: AdapterContext<Credentials>): Promise<MenuSnapshot>;
  /** Per-product sold-out flags: product id → sold out. */
  availability(ctx: AdapterContext<Credentials>): Promise<Map<string, boolean>>;
  /** `orders.list`: orders opened (`new`) or in progress and changed (`in_progress`) after `cursor`. */
  listOrders?(
    ctx: AdapterContext<Credentials>,
    view: "new" | "in_progress",
    cursor: string | null,
  ): Promise<OrderPage>;
  getOrder(ctx: AdapterContext<Credentials>, orderId: string): Promise<PosOrder>;
  /** The order the engine created with this external id, or null when the POS has none. */
  findByExternalId?(ctx: AdapterContext<Credentials>, externalId: string): Promise<PosOrder | null>;
  createOrder(ctx: AdapterContext<Credentials>, draft: OrderDraft, key: string): Promise<PosOrder>;
  appendRound?(
    ctx: AdapterContext<Credentials>,
    orderId: string,
    items: LineInput[],
    key: string,
  ): Promise<PosOrder>;
  pay?(
    ctx: AdapterContext<Credentials>,
    orderId: string,
    payment: PaymentInput,
    key: string,
  ): Promise<PosOrder>;
  kitchenMessage?(
    ctx: AdapterContext<Credentials>,
    orderId: string,
    text: string,
    key: string,
  ): Promise<void>;
  applyLoyalty?(
    ctx: AdapterContext<Credentials>,
    orderId: string,
    card: string,
    key: string,
  ): Promise<PosOrder>;
  /**
   * For a POS that pushes: an HTTP handler the engine mounts for its webhooks. It verifies,
   * deduplicates and orders what arrives, and hands each new event to `onEvent`.
   */
  webhookIntake?(options: WebhookIntakeOptions): (request: Request) => Promise<Response>;
}

export interface WebhookIntakeOptions {
  /** The shared signing secret. */
  secret: string;
  clock: Clock;
  onEvent(event: PosEvent): void;
  /** Checks left out: only the conformance suite's broken engine variants set these. */
  skip?: { signature?: boolean; duplicates?: boolean; order?: boolean };
}
