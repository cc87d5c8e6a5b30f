import type { Check } from "../types.ts";
import { availabilityCadence } from "./availability-cadence.ts";
import { cursors } from "./cursors.ts";
import { deadLocation } from "./dead-location.ts";
import { idempotencyKey } from "./idempotency-key.ts";
// group B1: keys, lost answers, locks, payments, rate limits (imports)
import { keyReusedOnRetry } from "./key-reused-on-retry.ts";
import { locksShortSchedule } from "./locks-short-schedule.ts";
import { locksSurfacedWhenExhausted } from "./locks-surfaced-when-exhausted.ts";
import { locksToldApart } from "./locks-told-apart.ts";
import { masterDataReadOnly } from "./master-data-read-only.ts";
import { menuDaily } from "./menu-daily.ts";
import { noDuplicateAfterLostAnswer } from "./no-duplicate-after-lost-answer.ts";
// group A: envelope, reads, isolation, credentials, master data, read-only mode (imports)
import { orderRefresh } from "./order-refresh.ts";
import { ordersVoidReachesConnector } from "./orders-void-reaches-connector.ts";
import { payLaterRoundsAppended } from "./pay-later-rounds-appended.ts";
import { paymentsSlowSchedule } from "./payments-slow-schedule.ts";
import { rateLimitRetryAfter } from "./rate-limit-retry-after.ts";
import { readOnlyCachedMenu } from "./read-only-cached-menu.ts";
// group B2: drains, rounds, voids, shifts, webhooks (imports)
import { readOnlyDrainExactlyOnce } from "./read-only-drain-exactly-once.ts";
import { readOnlyDrainInOrder } from "./read-only-drain-in-order.ts";
import { readOnlyFlip } from "./read-only-flip.ts";
import { readOnlyNoWrites } from "./read-only-no-writes.ts";
import { readOnlyOrdersRefused } from "./read-only-orders-refused.ts";
import { requestBudget } from "./request-budget.ts";
import { rotatedCredentials } from "./rotated-credentials.ts";
import { shiftBoundary } from "./shift-boundary.ts";
import { spread } from "./spread.ts";
import { statusCadence } from "./status-cadence.ts";
import { webhooksForgedRefused } from "./webhooks-forged-refused.ts";
import { webhooksReorderTolerated } from "./webhooks-reorder-tolerated.ts";
import { webhooksReplayOnce } from "./webhooks-replay-once.ts";

/** The catalogue: every check the suite runs, in report order. A new check is a file here and a line below. */
export const CHECKS: readonly Check[] = [
  statusCadence,
  // group A (entries)
  orderRefresh,
  availabilityCadence,
  menuDaily,
  cursors,
  spread,
  requestBudget,
  deadLocation,
  rotatedCredentials,
  masterDataReadOnly,
  readOnlyFlip,
  readOnlyCachedMenu,
  readOnlyOrdersRefused,
  idempotencyKey,
  // group B1 (entries)
  keyReusedOnRetry,
  noDuplicateAfterLostAnswer,
  locksShortSchedule,
  locksToldApart,
  locksSurfacedWhenExhausted,
  paymentsSlowSchedule,
  rateLimitRetryAfter,
  readOnlyNoWrites,
  // group B2 (entries)
  readOnlyDrainExactlyOnce,
  readOnlyDrainInOrder,
  payLaterRoundsAppended,
  ordersVoidReachesConnector,
  shiftBoundary,
  webhooksForgedRefused,
  webhooksReplayOnce,
  webhooksReorderTolerated,
];
