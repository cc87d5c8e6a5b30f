import { REQUEST_LIMITS } from "../common.ts";
import { CLOCK_NOTE, RETRY_POLICY } from "../retry-policy.ts";
import { GENERIC_FAILURES } from "./failures.ts";

/** Title, description and extensions of the generic contract. */
export const GENERIC_DOCUMENT = {
  info: {
    title: "mockpos — generic POS API",
    version: "1.0.0",
    description: `A simulated restaurant POS. Each location has its own credentials (X-Api-Key or HTTP Basic) and sees only its own data. Money is in integer minor units; prices include tax. Writes accept an Idempotency-Key. Each operation names its canonical mockpos operation in x-mockpos-operation. Responses shaped by a fault rule name it in the X-Mockpos-Fault header. A method a path does not declare is 405 METHOD_NOT_ALLOWED with an Allow header; a request line and headers over 16 KiB are 431; bodies over 256 KiB are 413 (x-mockpos-limits). Integer query parameters are decimal digits only. ${CLOCK_NOTE}`,
  },
  tags: [
    { name: "generic", description: "The generic POS dialect" },
    { name: "admin", description: "Simulator control: inspect state and act as restaurant staff" },
  ],
  "x-mockpos-failures": GENERIC_FAILURES,
  "x-mockpos-limits": REQUEST_LIMITS,
  "x-mockpos-retry-policy": RETRY_POLICY,
  "x-mockpos-error-format":
    "application/problem+json (RFC 9457) with the failure in `code`; `invalidParams` names each bad field where the request carries it: `body.items[0].quantity`, `query.limit`, `path.orderId`, `header.Idempotency-Key`",
};
