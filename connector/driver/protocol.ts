import type {
  AppendRoundInput,
  ApplyLoyaltyInput,
  ConfigureInput,
  Hello,
  KitchenMessageInput,
  LocationView,
  MenuView,
  OrderView,
  PayInput,
  PlaceOrderInput,
} from "../../contracts/driver/schemas.ts";

export type {
  AppendRoundInput,
  ApplyLoyaltyInput,
  ConfigureInput,
  Hello,
  KitchenMessageInput,
  LocationView,
  MenuView,
  OrderView,
  PayInput,
  PlaceOrderInput,
};

/**
 * How a suite drives a connector engine it did not write (contracts/driver): configure it, act
 * as guests through it, observe what it believes. The reference engine implements it in process
 * and over HTTP (its control port); any other engine implements the HTTP form, or an adapter to it.
 * Guest actions resolve once the engine has accepted (or refused) the action, not when the POS
 * has it: what reached the POS is observed afterwards, through `order()` and the journal.
 */
export interface Driver {
  hello(): Promise<Hello>;
  configure(input: ConfigureInput): Promise<void>;
  placeOrder(input: PlaceOrderInput): Promise<OrderView>;
  appendRound(ref: string, input: AppendRoundInput): Promise<OrderView>;
  pay(ref: string, input: PayInput): Promise<OrderView>;
  kitchenMessage(ref: string, input: KitchenMessageInput): Promise<OrderView>;
  applyLoyalty(ref: string, input: ApplyLoyaltyInput): Promise<OrderView>;
  order(ref: string): Promise<OrderView | null>;
  locations(): Promise<LocationView[]>;
  menu(locationId: string): Promise<MenuView | null>;
  /** Stops polling and sending; what is still owed stays in the outbox. */
  stop(): Promise<void>;
}

/** A field the engine refuses, named from the request body (`body.config.locations[0].baseUrl`). */
export interface RefusedField {
  name: string;
  reason: string;
}

/**
 * A guest action the engine will not take, with the reason a guest would be shown; over HTTP,
 * a problem+json answer of its status. A 400 may name the fields it refuses (`invalidParams`).
 */
export class DriverRefusal extends Error {
  readonly status: 400 | 404 | 409;
  readonly invalidParams?: RefusedField[];
  constructor(status: 400 | 404 | 409, message: string, invalidParams?: RefusedField[]) {
    super(message);
    this.name = "DriverRefusal";
    this.status = status;
    if (invalidParams?.length) this.invalidParams = invalidParams;
  }
}
