import type { Check } from "../types.ts";
import { idempotencyKey } from "./idempotency-key.ts";
import { readOnlyNoWrites } from "./read-only-no-writes.ts";
import { statusCadence } from "./status-cadence.ts";

/** The catalogue: every check the suite runs, in report order. A new check is a file here and a line below. */
export const CHECKS: readonly Check[] = [statusCadence, idempotencyKey, readOnlyNoWrites];
