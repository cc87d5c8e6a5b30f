import type { z } from "@hono/zod-openapi";
import {
  SINQRO_ORDER_STATUS,
  type SinqroCreateOrderRequest,
  type SinqroSetOrderStatusRequest,
} from "../../../contracts/sinqro/orders.ts";
import {
  SINQRO_RESERVATION_STATUS,
  type SinqroCreateReservationRequest,
} from "../../../contracts/sinqro/reservations.ts";
import type { CreateOrderInput } from "../../domain/orders.ts";
import type { ReservationInput } from "../../domain/reservations.ts";
import type { Fulfilment, OnlineOrder, ReservationStatus } from "../../domain/types.ts";

/** Sinqro request bodies as domain inputs: the whole of the dialect's translation inward. */

type CreateOrder = z.infer<typeof SinqroCreateOrderRequest>;

const TYPES = { TAKE_AWAY: "take_away", DELIVERY: "delivery", DINE_IN: "dine_in" } as const;
const METHODS = { EPAYMENT: "epayment", CASH: "cash", COD: "cod" } as const;

export function orderInput(body: CreateOrder): CreateOrderInput {
  return {
    externalId: body.externalReference ?? null,
    type: TYPES[body.type],
    // Paid online before it reaches the POS: nothing to collect at the counter.
    paymentMode: body.payment.method === "EPAYMENT" ? "prepaid" : "pay_at_counter",
    tableId: body.tableId ?? null,
    guests: body.guests ?? null,
    note: body.comment ?? null,
    items: body.items.map((item) => ({
      productId: item.productId,
      variantId: item.variantId ?? null,
      quantity: item.quantity,
      modifiers: item.options,
      combo: item.comboItems,
      note: item.comment ?? null,
    })),
  };
}

/** What the POS keeps of the platform's side of the order. */
export function onlineOrder(body: CreateOrder): OnlineOrder {
  const c = body.customer;
  return {
    channel: body.channel ?? null,
    customer: c
      ? { name: c.name, phone: c.phone ?? null, email: c.email ?? null, address: c.address ?? null }
      : null,
    paymentMethod: METHODS[body.payment.method],
  };
}

/** The kitchen status a status change asks for, by name or by code (the contract checked they agree). */
export function fulfilmentOf(body: z.infer<typeof SinqroSetOrderStatusRequest>): Fulfilment {
  for (const [fulfilment, status] of Object.entries(SINQRO_ORDER_STATUS)) {
    if (status.name === body.status || status.code === body.statusCode) return fulfilment as Fulfilment;
  }
  // Unreachable: the contract admits only the names and codes above.
  throw new RangeError(`no POS status for ${JSON.stringify(body)}`);
}

export function reservationInput(body: z.infer<typeof SinqroCreateReservationRequest>): ReservationInput {
  return {
    externalId: body.externalReference ?? null,
    channel: body.channel ?? null,
    partySize: body.partySize,
    reservedFor: Date.parse(body.reservedFor),
    customer: { name: body.customer.name, phone: body.customer.phone, email: body.customer.email ?? null },
    note: body.comment ?? null,
  };
}

export function reservationStatusOf(name: string): ReservationStatus {
  const found = Object.entries(SINQRO_RESERVATION_STATUS).find(([, wire]) => wire === name);
  // Unreachable: the contract admits only the names above.
  if (!found) throw new RangeError(`no POS reservation status for '${name}'`);
  return found[0] as ReservationStatus;
}
