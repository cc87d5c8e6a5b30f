/** A push that did not go through, and what the receiver (or the network) said. */
export interface PushFailure {
  at: string;
  locationId: string;
  kind: "catalog" | "sales";
  /** HTTP status, null when no answer came. */
  status: number | null;
  reason: string;
  /**
   * denied: 401/403, the location stops. rejected: other 4xx, the batch (after a batch of several
   * orders refused with 400 or 413, the one order) is skipped. gave-up: retried out; the location
   * (with venue routing, the cycle) waits for the next cycle.
   */
  outcome: "denied" | "rejected" | "gave-up";
  /** The externalIDs of the orders of a sales push that did not go through. */
  orders?: string[];
}

export interface PushCycleReport {
  startedAt: string;
  catalogBatches: number;
  salesBatches: number;
  /** Orders in accepted sales batches. */
  orders: number;
  /** Orders as the receiver counted them: stored for the first time, or replacing an earlier push. */
  ordersCreated: number;
  ordersUpdated: number;
  retries: number;
  failures: PushFailure[];
  /** Locations the feed no longer pushes for, and why. */
  stopped: Record<string, string>;
}

export interface PushStats {
  cycles: number;
  requests: number;
  retries: number;
  catalogBatches: number;
  salesBatches: number;
  orders: number;
  ordersCreated: number;
  ordersUpdated: number;
  /** The last 100 failures, oldest first. */
  failures: PushFailure[];
  stopped: Record<string, string>;
}

const KEEP_FAILURES = 100;

export function emptyStats(): PushStats {
  return {
    cycles: 0,
    requests: 0,
    retries: 0,
    catalogBatches: 0,
    salesBatches: 0,
    orders: 0,
    ordersCreated: 0,
    ordersUpdated: 0,
    failures: [],
    stopped: {},
  };
}

function count(body: unknown, key: string): number {
  const v = typeof body === "object" && body !== null ? (body as Record<string, unknown>)[key] : undefined;
  return typeof v === "number" ? v : Array.isArray(v) ? v.length : 0;
}

/** Keeps the running stats and the current cycle's report in step. */
export const tally = {
  startCycle(stats: PushStats, now: number): PushCycleReport {
    stats.cycles++;
    return {
      startedAt: new Date(now).toISOString(),
      catalogBatches: 0,
      salesBatches: 0,
      orders: 0,
      ordersCreated: 0,
      ordersUpdated: 0,
      retries: 0,
      failures: [],
      stopped: {},
    };
  },

  accepted(
    stats: PushStats,
    report: PushCycleReport,
    kind: "catalog" | "sales",
    sent: unknown,
    answer: unknown,
  ) {
    for (const target of [stats, report]) {
      if (kind === "catalog") target.catalogBatches++;
      else target.salesBatches++;
      if (kind === "catalog") continue;
      target.orders += count(sent, "orders");
      target.ordersCreated += count(answer, "created");
      target.ordersUpdated += count(answer, "updated");
    }
  },

  failure(stats: PushStats, report: PushCycleReport, failure: PushFailure) {
    report.failures.push(failure);
    stats.failures.push(failure);
    if (stats.failures.length > KEEP_FAILURES) stats.failures.shift();
  },
};
