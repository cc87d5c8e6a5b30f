import { GENERIC_FAILURES } from "./failures.ts";

/** Title, description and extensions of the generic contract. */
export const GENERIC_DOCUMENT = {
  info: {
    title: "mockpos — generic POS API",
    version: "1.0.0",
    description:
      "A simulated restaurant POS. Each location has its own credentials (X-Api-Key or HTTP Basic) and sees only its own data. Money is in integer minor units; prices include tax. Writes accept an Idempotency-Key. Each operation names its canonical mockpos operation in x-mockpos-operation. Responses shaped by a fault rule name it in the X-Mockpos-Fault header.",
  },
  tags: [
    { name: "generic", description: "The generic POS dialect" },
    { name: "admin", description: "Simulator control: inspect state and act as restaurant staff" },
  ],
  "x-mockpos-failures": GENERIC_FAILURES,
  "x-mockpos-error-format": "application/problem+json (RFC 9457) with the failure in `code`",
};
