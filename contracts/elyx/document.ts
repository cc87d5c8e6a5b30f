import { REQUEST_LIMITS } from "../common.ts";
import { CLOCK_NOTE, RETRY_POLICY } from "../retry-policy.ts";
import { ELYX_FAILURES } from "./failures.ts";

/** Title, description and extensions of the Elyx-style contract. */
export const ELYX_DOCUMENT = {
  info: {
    title: "mockpos — Elyx-style POS API (PI Electronique-like)",
    version: "1.0.0",
    description: [
      "The REST API of an Elyx-style POS server (default port 8082) over the mockpos chain.",
      "Authenticate with `X-API-KEY`: the server's key sees every location; a location's own key sees only that location (an on-premise server).",
      "Locations have numeric ids (mockpos loc-0007 is 7); `?locations=1,2,3` narrows a request, empty or absent means every location the key sees.",
      "Tickets and shifts are numbered per location and named `<location>-<number>`.",
      "A paid ticket counts in the shift its payment was taken in, so per-shift figures may differ from a grouping by opening time around a shift change; any two consecutive shifts reconcile.",
      "`GET /api/v1/sales` is the sync feed: follow `cursor` to see every change once.",
      "Money is in integer minor units; prices include VAT.",
      'Every error is `application/json` `{"error":{"code":2001,"type":"TICKET_LOCKED","message":…,"retry":true}}` with the numeric code of x-mockpos-failures; `Retry-After` accompanies 1003, 2001 (when the lock has an end) and 3001.',
      "Each operation names its canonical mockpos operation in x-mockpos-operation. Responses shaped by a fault rule name it in the X-Mockpos-Fault header.",
      "A method a path does not declare is 405 with `Allow` and code 1103; a request line and headers over 16 KiB are 431 and bodies over 256 KiB 413, both code 1101 (x-mockpos-limits). Integer query parameters are decimal digits only.",
      CLOCK_NOTE,
    ].join(" "),
  },
  tags: [{ name: "elyx", description: "The Elyx-style dialect" }],
  "x-mockpos-failures": ELYX_FAILURES,
  "x-mockpos-limits": REQUEST_LIMITS,
  "x-mockpos-retry-policy": RETRY_POLICY,
  "x-mockpos-error-format":
    'application/json {"error":{"code":2001,"type":"TICKET_LOCKED","message":…,"retry":true}}',
};

/** The security scheme the Elyx routes name. */
export const ELYX_SECURITY_SCHEMES = {
  apiKey: {
    type: "apiKey",
    in: "header",
    name: "X-API-KEY",
    description:
      "The server's group key (every location) or a location's own API key (that location only); see /__admin/chain.",
  },
};
