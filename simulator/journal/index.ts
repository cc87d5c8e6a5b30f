import type { FailureCode } from "../domain/errors.ts";

/** One request, as the operation it was. */
export interface JournalEntry {
  seq: number;
  /** ISO time the request arrived, on the simulator's clock. */
  time: string;
  locationId: string | null;
  /** Canonical operation, `admin`, or null when no route matched. */
  operation: string | null;
  dialect: string;
  method: string;
  path: string;
  /** The raw query string, without `?` (at most `MAX_QUERY` characters); null when there is none. */
  query: string | null;
  /**
   * Which credential the request carried — never the secret: `apiKey:<location>`,
   * `basic:<location>`, `groupKey` (Elyx's server key), `user:<location>` (Sinqro's user token
   * with the integration's server token), `unknown` for one that is wrong (rotated away,
   * another dialect's, mistyped), null when none was sent.
   */
  credential: string | null;
  status: number;
  /** `OK`, or the failure code the response carried. */
  outcome: "OK" | FailureCode;
  /** Clock time from arrival to response (virtual time under a virtual clock). */
  latencyMs: number;
  /**
   * The idempotency key the client sent, in its dialect's header (at most `MAX_KEY` characters),
   * whatever became of the request: refused, cut off by a fault, or run.
   */
  idempotencyKey: string | null;
  /** Whether the response was an idempotent replay of an earlier one. */
  replayed: boolean;
  /** The fault rule that shaped the response, when one did. */
  fault: string | null;
}

/** Longest query string an entry keeps; a longer one is cut there and ends with `…`. */
export const MAX_QUERY = 1024;
/** Longest idempotency key an entry keeps (the contracts accept up to 255); a longer one is cut there and ends with `…`. */
export const MAX_KEY = 255;

/** `text` as an entry keeps it: at most `max` characters, a cut one marked with `…`. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}

export interface JournalQuery {
  locationId?: string;
  operation?: string;
  outcome?: string;
  /** Inclusive bounds, epoch ms. */
  from?: number;
  to?: number;
  /** Only entries after this sequence number. */
  after?: number;
  limit?: number;
}

/**
 * A bounded record of requests: a ring buffer, so a simulator left running for days keeps
 * the newest `capacity` entries and a constant amount of memory.
 */
export class Journal {
  readonly capacity: number;
  #entries: (JournalEntry | undefined)[];
  #next = 0;
  #seq = 0;
  readonly #listeners = new Set<(entry: JournalEntry) => void>();

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`journal size must be a positive integer, got ${capacity}`);
    this.capacity = capacity;
    this.#entries = new Array(capacity);
  }

  /** Entries recorded since start (or reset), including those the ring has dropped. */
  get total(): number {
    return this.#seq;
  }

  get size(): number {
    return Math.min(this.#seq, this.capacity);
  }

  /** Keeps `entry` itself (no copy per request), numbered: its `seq` is set here. */
  record(entry: Omit<JournalEntry, "seq"> & { seq?: number }): JournalEntry {
    const full = entry as JournalEntry;
    full.seq = ++this.#seq;
    this.#entries[this.#next] = full;
    this.#next = (this.#next + 1) % this.capacity;
    for (const listener of this.#listeners) {
      try {
        listener(full);
      } catch (err) {
        // A broken watcher (the console's live view) must never fail the request being journaled.
        console.error("mockpos: journal listener failed", err);
      }
    }
    return full;
  }

  /** Calls `listener` with every entry as it is recorded, until the returned function is called. */
  subscribe(listener: (entry: JournalEntry) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /** The entry with this sequence number, while the ring still holds it. */
  get(seq: number): JournalEntry | undefined {
    if (!Number.isInteger(seq) || seq < 1 || seq > this.#seq || seq <= this.#seq - this.capacity)
      return undefined;
    const e = this.#entries[(seq - 1) % this.capacity];
    return e?.seq === seq ? e : undefined;
  }

  /** Entries oldest first. */
  *entries(): IterableIterator<JournalEntry> {
    const start = this.#seq > this.capacity ? this.#next : 0;
    for (let i = 0; i < this.size; i++) {
      const e = this.#entries[(start + i) % this.capacity];
      if (e) yield e;
    }
  }

  query(q: JournalQuery = {}): JournalEntry[] {
    const out: JournalEntry[] = [];
    const limit = q.limit ?? Number.POSITIVE_INFINITY;
    for (const e of this.entries()) {
      if (out.length >= limit) break;
      if (q.after !== undefined && e.seq <= q.after) continue;
      if (q.locationId !== undefined && e.locationId !== q.locationId) continue;
      if (q.operation !== undefined && e.operation !== q.operation) continue;
      if (q.outcome !== undefined && e.outcome !== q.outcome) continue;
      const t = Date.parse(e.time);
      if (q.from !== undefined && t < q.from) continue;
      if (q.to !== undefined && t > q.to) continue;
      out.push(e);
    }
    return out;
  }

  clear(): void {
    this.#entries = new Array(this.capacity);
    this.#next = 0;
    this.#seq = 0;
  }
}
