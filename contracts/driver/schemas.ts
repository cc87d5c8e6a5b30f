import { z } from "@hono/zod-openapi";
import { Iso, Minor } from "../common.ts";
import { FAILURE_CODES } from "../vocabulary.ts";

/** The driver protocol's version: a suite refuses an engine that speaks another major. */
export const DRIVER_PROTOCOL_VERSION = "1.0";

const Id = z.string().min(1).max(100);

export const LineInput = z
  .object({
    productId: Id,
    variantId: Id.optional(),
    quantity: z.number().int().min(1).max(999),
    modifiers: z
      .array(z.object({ optionId: Id, quantity: z.number().int().min(1).max(20).optional() }).strict())
      .max(50)
      .optional(),
    note: z.string().max(500).optional(),
  })
  .strict()
  .openapi("DriverLineInput");

export const PlaceOrderInput = z
  .object({
    locationId: Id,
    /** The suite's reference for the guest's order; the engine makes one when absent. */
    ref: z
      .string()
      .regex(/^[A-Za-z0-9._:-]{1,64}$/, "letters, digits, . _ : - (up to 64)")
      .optional(),
    flow: z.enum(["pay_first", "pay_later"]).openapi({
      description:
        "pay_first: the guest pays at checkout; pay_later: a dine-in tab, rounds appended, paid at the end",
    }),
    tableId: Id.optional().openapi({ description: "Dine-in at this table; take-away without one." }),
    guests: z.number().int().min(1).max(100).optional(),
    items: z.array(LineInput).min(1).max(200),
    note: z.string().max(500).optional(),
    /** pay_first: the tip paid with the order, minor units. */
    tip: Minor.min(0).optional(),
  })
  .strict()
  .openapi("DriverPlaceOrder");

export const AppendRoundInput = z
  .object({ items: z.array(LineInput).min(1).max(200) })
  .strict()
  .openapi("DriverAppendRound");
export const PayInput = z
  .object({ tip: Minor.min(0).optional(), method: z.enum(["card", "epayment"]).optional() })
  .strict()
  .openapi("DriverPay");
export const KitchenMessageInput = z
  .object({ text: z.string().min(1).max(500) })
  .strict()
  .openapi("DriverKitchenMessage");
export const ApplyLoyaltyInput = z
  .object({ card: z.string().min(1).max(40) })
  .strict()
  .openapi("DriverApplyLoyalty");

export const FailureCodeSchema = z.enum(FAILURE_CODES);

export const LastError = z
  .object({ code: FailureCodeSchema, message: z.string(), at: Iso })
  .openapi("DriverLastError");

/** A write the engine owes the POS, as it stands in its outbox. */
export const WriteView = z
  .object({
    id: z.string(),
    kind: z.enum(["order.create", "order.append", "order.pay", "kitchen.message", "loyalty.apply"]),
    state: z.enum(["queued", "sending", "done", "failed"]),
    attempts: z.number().int(),
    idempotencyKey: z.string(),
    lastError: LastError.nullable(),
  })
  .openapi("DriverWrite");

export const OrderView = z
  .object({
    ref: z.string(),
    locationId: z.string(),
    flow: z.enum(["pay_first", "pay_later"]),
    /**
     * refused: never sent (the location is read-only, an item is sold out or unknown);
     * pending: the create is queued or on its way; placed: the POS holds it; failed: the POS
     * refused the create for good, or it ran out of attempts.
     */
    state: z.enum(["refused", "pending", "placed", "failed"]),
    reason: z.string().nullable().openapi({ description: "Why it was refused or failed, for the guest." }),
    posOrderId: z.string().nullable(),
    /** What the POS last said of the order, from a write's answer or a poll. */
    posStatus: z.enum(["open", "paid", "voided"]).nullable(),
    total: Minor.nullable(),
    due: Minor.nullable(),
    lines: z.number().int().nullable(),
    writes: z.array(WriteView),
    updatedAt: Iso,
  })
  .openapi("DriverOrder");

export const LocationView = z
  .object({
    id: z.string(),
    dialect: z.string(),
    /** online; read_only: the POS is unreachable, orders refused, writes held; auth_failed: credentials refused. */
    mode: z.enum(["starting", "online", "read_only", "auth_failed"]),
    modeSince: Iso.nullable(),
    lastError: LastError.nullable(),
    cursors: z.record(z.string(), z.string().nullable()),
    menuVersion: z.string().nullable(),
    menuFetchedAt: Iso.nullable(),
    /** Writes not yet done, across the location's orders. */
    queueDepth: z.number().int(),
    counters: z.object({
      requests: z
        .record(z.string(), z.number().int())
        .openapi({ description: "Requests sent, by operation." }),
      failures: z
        .record(z.string(), z.number().int())
        .openapi({ description: "Failed requests, by failure code." }),
      writesDone: z.number().int(),
      writesFailed: z.number().int(),
      ordersSeen: z.number().int().openapi({
        description: "POS order changes learnt of: from polls, and from webhooks where the POS pushes.",
      }),
    }),
  })
  .openapi("DriverLocation");

export const MenuView = z
  .object({
    locationId: z.string(),
    currency: z.string(),
    version: z.string().nullable(),
    fetchedAt: Iso,
    items: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        categoryId: z.string().nullable(),
        price: Minor,
        soldOut: z.boolean(),
        variants: z.array(z.object({ id: z.string(), name: z.string(), price: Minor })),
        needsChoice: z.boolean(),
      }),
    ),
  })
  .openapi("DriverMenu");

export const ClockSetting = z
  .object({
    /** Times faster than the wall clock (1 = real time). */
    factor: z.number().positive().max(10_000).default(1),
    /** The instant (epoch ms) the clock showed when the simulator started, so both clocks agree. */
    origin: z.number().int().optional(),
    /** The wall-clock instant (epoch ms) at which the clock showed `origin`. */
    startedAt: z.number().int().optional(),
  })
  .strict()
  .openapi("DriverClock");

export const ConfigureInput = z
  .object({
    /** The engine's configuration (the reference engine's schema; another engine maps what it needs). */
    config: z.record(z.string(), z.unknown()),
    clock: ClockSetting.optional(),
  })
  .strict()
  .openapi("DriverConfigure");

export const Hello = z
  .object({
    protocol: z.literal("mockpos-driver"),
    version: z.string(),
    engine: z.string(),
    dialects: z.array(z.string()),
    configured: z.boolean(),
  })
  .openapi("DriverHello");

export type LineInput = z.infer<typeof LineInput>;
export type PlaceOrderInput = z.infer<typeof PlaceOrderInput>;
export type AppendRoundInput = z.infer<typeof AppendRoundInput>;
export type PayInput = z.infer<typeof PayInput>;
export type KitchenMessageInput = z.infer<typeof KitchenMessageInput>;
export type ApplyLoyaltyInput = z.infer<typeof ApplyLoyaltyInput>;
export type OrderView = z.infer<typeof OrderView>;
export type WriteView = z.infer<typeof WriteView>;
export type LocationView = z.infer<typeof LocationView>;
export type MenuView = z.infer<typeof MenuView>;
export type ConfigureInput = z.input<typeof ConfigureInput>;
export type Hello = z.infer<typeof Hello>;
export type ClockSetting = z.input<typeof ClockSetting>;
