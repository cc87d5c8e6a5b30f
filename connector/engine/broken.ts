/**
 * Deliberate defects of the reference engine, one switch each: the conformance suite proves
 * every check can fail by running it against the engine with the defect that check exists to
 * catch. Never for production: an engine built with any of these breaks the connector contract.
 */
export const BREAKAGES = {
  "slow-status": "checks the location online every 3 minutes instead of every minute",
  "slow-order-refresh":
    "refreshes in-progress orders every 6 minutes instead of 2, new orders every 12 instead of 4",
  "slow-availability": "refreshes sold-out flags every 15 minutes instead of 5",
  "menu-every-poll": "fetches the full menu at every availability refresh instead of daily",
  "no-cursor": "lists orders without its cursor: a full re-fetch every poll",
  burst: "polls every location at the same instant instead of spreading them",
  chatty: "checks the location online every 5 seconds",
  "no-idempotency-key": "sends writes without an idempotency key",
  "new-key-per-retry": "makes a new idempotency key for every retry of a write",
  "blind-recreate":
    "re-creates an order whose answer was lost under a new key and external id, without looking",
  "instant-lock-retry": "retries a locked order write (a create or a round) at once, up to 50 times",
  "lock-is-fatal": "gives up on a write at the first LOCKED, like a hard failure",
  "drop-exhausted": "forgets a write that ran out of attempts as if it had succeeded",
  "pay-on-lock-schedule": "retries a refused mark-paid on the short lock schedule",
  "ignore-retry-after": "retries a rate-limited write after one second, whatever Retry-After says",
  "late-read-only": "goes read-only only after five failed status checks in a row",
  "write-while-unreachable": "keeps sending held writes every 10 seconds while the location is unreachable",
  "no-drain": "drops the writes held during an outage when the location comes back",
  "drain-newest-first": "sends the writes held during an outage newest first",
  "accept-offline-orders":
    "accepts new orders while the location is read-only (they queue instead of being refused)",
  "forget-menu-offline": "drops the cached menu when the location goes read-only",
  "writes-master-data": "marks an item sold out on the POS itself when it meets a sold-out refusal",
  "serial-locations": "polls locations one after another, each waiting for the one before",
  "hammer-on-401": "keeps every poll and write going after the POS refused its credentials",
  "round-as-new-order": "sends each pay-later round as a new order",
  "ignore-voids": "does not apply voids and payments the in-progress refresh reports",
  "shift-closing-fatal": "gives up on a write the POS refused because the shift is closing",
  "accept-forged-webhooks": "does not verify webhook signatures",
  "process-duplicate-webhooks": "processes a webhook again when its event id comes twice",
  "apply-stale-webhooks": "applies a webhook older than what it already applied",
} as const;

export type Breakage = keyof typeof BREAKAGES;

/** Whether a defect is switched on. */
export type Broken = (breakage: Breakage) => boolean;

export const NOT_BROKEN: Broken = () => false;

/** The switch for a set of defects (tests, the suite's own proof). */
export function broken(...breakages: Breakage[]): Broken {
  const on = new Set<Breakage>(breakages);
  return (b) => on.has(b);
}
