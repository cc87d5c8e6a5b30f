// Where a simulator's memory goes, for bench:day: the process's figures (RSS against the live heap,
// external and array buffers, what V8 mallocs outside its heap), counts of what the state holds,
// and, at the end of a run, the live bytes each part really retains, measured by letting it go.
import v8 from "node:v8";
import vm from "node:vm";
import type { Simulator } from "../simulator/state.ts";

v8.setFlagsFromString("--expose-gc");
// A function from a fresh context sees the flag set above; the main context's globals may not.
const collect = vm.runInNewContext("gc") as (options?: object) => void;

/**
 * Collects everything that can be (V8's last-resort collection, which also hands freed pages back
 * to the system, as the simulator's hourly sweep does: simulator/memory), so `heapUsed` is what is live.
 */
export function liveHeap(): number {
  collect({ type: "major", execution: "sync", flavor: "last-resort" });
  return process.memoryUsage().heapUsed;
}

export interface MemorySample {
  /** Live heap after a full collection. */
  liveHeap: number;
  /** Heap committed and resident set as the process ran, before any forced collection. */
  heapTotal: number;
  rss: number;
  /** Resident set once freed memory went back to the system (what the hourly sweep does). */
  rssReleased: number;
  external: number;
  arrayBuffers: number;
  /** What V8 allocated with malloc outside the JS heap (zone memory, compiler, buffers). */
  malloced: number;
  counts: StateCounts;
}

export interface StateCounts {
  orders: number;
  openOrders: number;
  closedOrders: number;
  orderLines: number;
  payments: number;
  kitchenMessages: number;
  shifts: number;
  closedShiftReports: number;
  reservations: number;
  soldOut: number;
  idempotencyKeys: number;
  journalEntries: number;
  timers: number;
}

/** Counts of everything the simulator holds that grows with activity. */
export function countState(sim: Simulator, timers: number): StateCounts {
  const c: StateCounts = {
    orders: 0,
    openOrders: 0,
    closedOrders: 0,
    orderLines: 0,
    payments: 0,
    kitchenMessages: 0,
    shifts: 0,
    closedShiftReports: 0,
    reservations: 0,
    soldOut: 0,
    idempotencyKeys: sim.idempotency.size,
    journalEntries: sim.journal.size,
    timers,
  };
  for (const location of sim.chain.locations) {
    for (const order of location.orders.values()) {
      c.orders++;
      if (order.closedAt === null) c.openOrders++;
      else c.closedOrders++;
      c.orderLines += order.lines.length;
      c.payments += order.payments.length;
      c.kitchenMessages += order.kitchenMessages.length;
    }
    c.shifts += location.shifts.length;
    c.closedShiftReports += location.shifts.filter((s) => s.report !== undefined).length;
    c.reservations += location.reservations.size;
    c.soldOut += location.soldOut.size;
  }
  return c;
}

/** The process's memory now: as it runs, then after a full collection, with the state's counts. */
export function sampleMemory(sim: Simulator, timers: number): MemorySample {
  const running = process.memoryUsage();
  const liveHeapBytes = liveHeap();
  const m = process.memoryUsage();
  return {
    liveHeap: liveHeapBytes,
    heapTotal: running.heapTotal,
    rss: running.rss,
    rssReleased: m.rss,
    external: m.external,
    arrayBuffers: m.arrayBuffers,
    malloced: v8.getHeapStatistics().malloced_memory,
    counts: countState(sim, timers),
  };
}

export interface Retained {
  part: string;
  count: number;
  bytes: number;
}

/**
 * The live bytes each part of the state retains, measured by dropping it and collecting: closed
 * orders, open orders, closed shifts with their reports, reservations, idempotency keys, the
 * journal, and the chain itself (locations, menus, staff). It empties the simulator: run it last.
 */
export function attributeRetained(sim: Simulator): Retained[] {
  const parts: Retained[] = [];
  const drop = (part: string, count: number, act: () => void) => {
    const before = liveHeap();
    act();
    parts.push({ part, count, bytes: Math.max(0, before - liveHeap()) });
  };
  const locations = sim.chain.locations;
  // Counts only: holding the orders themselves while measuring would keep them live.
  let closed = 0;
  for (const l of locations) for (const o of l.orders.values()) if (o.closedAt !== null) closed++;
  drop("closed orders", closed, () => {
    for (const l of locations) for (const [id, o] of l.orders) if (o.closedAt !== null) l.orders.delete(id);
  });
  const open = locations.reduce((n, l) => n + l.orders.size, 0);
  drop("open orders", open, () => {
    for (const l of locations) l.orders.clear();
  });
  const shifts = locations.reduce((n, l) => n + l.shifts.filter((s) => s.closedAt !== null).length, 0);
  drop("closed shifts and reports", shifts, () => {
    for (const l of locations) l.shifts = l.shifts.filter((s) => s.closedAt === null);
  });
  const reservations = locations.reduce((n, l) => n + l.reservations.size, 0);
  drop("reservations", reservations, () => {
    for (const l of locations) l.reservations.clear();
  });
  drop("idempotency keys", sim.idempotency.size, () => sim.idempotency.clear());
  drop("journal entries", sim.journal.size, () => sim.journal.clear());
  return parts;
}
