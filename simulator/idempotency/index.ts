import { createHash } from "node:crypto";
import { PosError } from "../domain/errors.ts";

interface Entry {
  fingerprint: string;
  at: number;
  /** What the write answered, kept so a replay can answer the same. */
  result: Promise<unknown>;
}

export interface IdempotencyOptions {
  /** How long a key is remembered, in clock ms. Default 24 h (Square keeps keys for 24 h). */
  ttlMs?: number;
  /** Most keys kept at once across all locations; the oldest go first. */
  maxKeys?: number;
}

/**
 * Idempotency keys per location. The entry is created before the write runs, so concurrent
 * requests with one key share one execution: fifty racing retries create one order. A key is
 * forgotten `ttlMs` after its first use (clock time): every write drops the keys that have
 * expired by then, and so does `prune()`, which the simulator runs hourly on its clock, so
 * memory follows the last 24 h of writes, not the cap.
 */
export class IdempotencyStore {
  readonly #keys = new Map<string, Entry>();
  readonly #ttlMs: number;
  readonly #maxKeys: number;

  constructor(options: IdempotencyOptions = {}) {
    this.#ttlMs = options.ttlMs ?? 24 * 3_600_000;
    this.#maxKeys = options.maxKeys ?? 100_000;
  }

  /**
   * Runs `write` once per (scope, key); a replay with the same request gets the first result,
   * one with a different request is IDEMPOTENCY_CONFLICT. A failed write is forgotten so a
   * retry runs again (a LOCKED order may be free by then).
   */
  async run<T>(
    scope: string,
    key: string,
    request: unknown,
    now: number,
    write: () => Promise<T> | T,
  ): Promise<{ body: T; replayed: boolean }> {
    this.#expire(now);
    const id = `${scope}\u0000${key}`;
    const fingerprint = fingerprintOf(request);
    const existing = this.#keys.get(id);
    if (existing && now - existing.at < this.#ttlMs) {
      if (existing.fingerprint !== fingerprint) {
        throw new PosError(
          "IDEMPOTENCY_CONFLICT",
          `Idempotency-Key '${key}' was used with a different request`,
          {
            invalidParams: [
              { name: "header.Idempotency-Key", reason: "already used with a different request" },
            ],
          },
        );
      }
      // Same scope, key and request: the same write, so the same type of answer.
      return { body: (await existing.result) as T, replayed: true };
    }
    const result = Promise.resolve().then(write);
    const entry: Entry = { fingerprint, at: now, result };
    this.#keys.delete(id);
    this.#keys.set(id, entry);
    this.#evict();
    try {
      return { body: await result, replayed: false };
    } catch (err) {
      if (this.#keys.get(id) === entry) this.#keys.delete(id);
      throw err;
    }
  }

  get size(): number {
    return this.#keys.size;
  }

  /** Forgets every key first used `ttlMs` or longer before `now`; how many went. */
  prune(now: number): number {
    let dropped = 0;
    for (const [id, entry] of this.#keys) {
      if (now - entry.at < this.#ttlMs) continue;
      this.#keys.delete(id);
      dropped++;
    }
    return dropped;
  }

  // Keys sit in the order of their first use, so the expired ones are at the front.
  #expire(now: number): void {
    for (const [id, entry] of this.#keys) {
      if (now - entry.at < this.#ttlMs) return;
      this.#keys.delete(id);
    }
  }

  clear(): void {
    this.#keys.clear();
  }

  #evict(): void {
    while (this.#keys.size > this.#maxKeys) {
      const oldest = this.#keys.keys().next().value;
      if (oldest === undefined) break;
      this.#keys.delete(oldest);
    }
  }
}

function fingerprintOf(request: unknown): string {
  return createHash("sha256").update(stableJson(request)).digest("base64url");
}

/** JSON with object keys sorted, so `{a,b}` and `{b,a}` are the same request. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}
