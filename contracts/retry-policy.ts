/**
 * The retry policy a connector should follow against any mockpos dialect: written once, here.
 * Every dialect's document carries it (`x-mockpos-retry-policy`), its `/docs` page shows it, and
 * README "Retry policy for connectors" repeats these rows word for word (a test keeps them equal).
 * It is what the reference engine does (`connector/engine/retry.ts`) and what the conformance
 * suite checks (`locks.*`, `payments.slow-schedule`, `rate-limit.retry-after`, `read-only.*`,
 * `writes.*`). Inline code is in backticks; nothing else is markup.
 */
export interface RetryRule {
  /** What the connector met. */
  when: string;
  /** What it should do. */
  do: string;
}

export const RETRY_POLICY: readonly RetryRule[] = [
  {
    when: "`LOCKED` (generic 423, Elyx 2001 `TICKET_LOCKED`, Sinqro `ORDER_LOCKED`)",
    do: "Not a hard failure: a waiter has the order open at a terminal. Retry on a short backoff, about 5 attempts over ~2.5 min (5, 10, 20, 40, 80 s, ±10 % jitter), never sooner than `Retry-After`; then surface it (the write failed, with its last error), never drop it.",
  },
  {
    when: "A mark-paid refused by a lock or a failure; `SHIFT_CLOSING` (503) on any write",
    do: "The slow schedule, ~17 min (30 s, 1, 2, 4, 9 min), never sooner than `Retry-After`: a bill stays open at a till, and a till is counted, for minutes.",
  },
  {
    when: "`RATE_LIMITED` (429)",
    do: "Wait what `Retry-After` asks (up to 10 times), and keep creates and payments ahead of background polls.",
  },
  {
    when: "`SERVER_ERROR` (500), or a 2xx whose body does not parse",
    do: "Retry after 2, 4, 8, 16, 32 s.",
  },
  {
    when: "No answer, `UNREACHABLE` (502, or 503 from a gateway), `TIMEOUT` (504)",
    do: "The location is unreachable: go read-only. Hold its writes, refuse new orders with a reason a guest can read, keep serving the cached menu, check its status every minute; when it answers, drain the held writes in order, each exactly once.",
  },
  {
    when: "Every write",
    do: "Send an idempotency key (`Idempotency-Key`; Sinqro `X-Idempotency-Key`), one per write, the same on every retry of it. After a lost answer, look the order up by its external id before creating again; an `IDEMPOTENCY_CONFLICT` for a reused external id names the order that has it (generic `orderId`, Elyx `ticketId`, Sinqro `details.orderId`): adopt it.",
  },
  {
    when: "`Retry-After`, a body's `retryAfter`",
    do: "Seconds on the simulator's clock. Under a scaled clock every answer carries `X-Mockpos-Clock: scaled; factor=F; now=…`: a connector running in real time waits `Retry-After / F` real seconds.",
  },
  {
    when: "`UNAUTHORIZED` (401), `FORBIDDEN_LOCATION` (403), bad input, a closed order, a sold-out item",
    do: "Do not retry: surface it. After a 401 or 403, stop writing to the location and check its status once a minute until its credentials work.",
  },
];

/** One sentence every dialect's description carries: what the durations it tells mean. */
export const CLOCK_NOTE =
  "Durations told to a client (Retry-After, a body's retryAfter, a lock's until) are in the simulator's time; under a scaled clock every response carries X-Mockpos-Clock: scaled; factor=<F>; now=<ISO>, so a client running in real time can convert (Retry-After / F real seconds).";
