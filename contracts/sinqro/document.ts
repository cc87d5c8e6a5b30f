import { REQUEST_LIMITS } from "../common.ts";
import { CLOCK_NOTE, RETRY_POLICY } from "../retry-policy.ts";
import { SINQRO_FAILURES, SINQRO_RESTAURANT_CLOSED } from "./failures.ts";

/** Title, description, tags and extensions of the Sinqro-passive contract. */
export const SINQRO_DOCUMENT = {
  info: {
    title: "mockpos — Sinqro-passive POS API",
    version: "1.0.0",
    description:
      "The POS API Sinqro consumes in a passive integration: inject orders and table bookings, read them and their status, accept / cancel / progress them, and read the online catalog, the operating schedule and temporary closings. Every request carries two tokens: x-api-server-access-token (the integration's, one for the whole chain) and x-api-user-access-token (the restaurant's, which picks the restaurant, so paths carry no restaurant id). Answers are `{ success: true, data }`; errors are `{ success: false, error: { code, message, retryable, retryAfter?, fields?, details? } }` (application/json) with the codes in x-mockpos-failures. Money is in integer minor units, prices include tax. Writes accept X-Idempotency-Key; externalReference is unique per restaurant. Each operation names its canonical mockpos operation in x-mockpos-operation (bookings are journaled as order.* operations). Responses shaped by a fault rule name it in the X-Mockpos-Fault header. A method a path does not declare is 405 METHOD_NOT_ALLOWED with an Allow header; a request line and headers over 16 KiB are 431 and bodies over 256 KiB 413, both PAYLOAD_TOO_LARGE (x-mockpos-limits). " +
      CLOCK_NOTE,
  },
  tags: [
    { name: "sinqro", description: "Orders and table bookings" },
    { name: "sinqro-catalog", description: "Online catalog, schedule and temporary closing" },
  ],
  "x-mockpos-failures": SINQRO_FAILURES,
  "x-mockpos-limits": REQUEST_LIMITS,
  "x-mockpos-retry-policy": RETRY_POLICY,
  "x-mockpos-error-format":
    'application/json {"success":false,"error":{"code":"ORDER_LOCKED","message":…,"retryable":true}}',
  /** Refusals narrower than their canonical failure, by Sinqro code. */
  "x-sinqro-refusals": { [SINQRO_RESTAURANT_CLOSED.code]: SINQRO_RESTAURANT_CLOSED },
};
