import { DatabaseSync } from "node:sqlite";
import type { FailureCode } from "../failure.ts";
import type { OrderDraft, OrderFlow } from "../model.ts";

export type WriteKind = "order.create" | "order.append" | "order.pay" | "kitchen.message" | "loyalty.apply";
export type WriteState = "queued" | "sending" | "done" | "failed";
export type OrderState = "refused" | "pending" | "placed" | "failed";

export interface StoredError {
  code: FailureCode;
  message: string;
  at: number;
  /** No answer came: the POS may have applied the write. */
  answerLost: boolean;
}

export interface StoredWrite {
  id: number;
  ref: string;
  locationId: string;
  kind: WriteKind;
  /** The write's own input: the draft, a round's items, a tip, a message, a card. */
  payload: unknown;
  idempotencyKey: string;
  state: WriteState;
  attempts: number;
  /** Retries of this kind of failure so far, by failure code (each has its own schedule). */
  retries: Partial<Record<FailureCode, number>>;
  /** Clock ms before which the write is not sent again. */
  notBefore: number;
  lastError: StoredError | null;
  createdAt: number;
}

export interface StoredOrder {
  ref: string;
  locationId: string;
  flow: OrderFlow;
  state: OrderState;
  reason: string | null;
  draft: OrderDraft;
  posOrderId: string | null;
  posStatus: "open" | "paid" | "voided" | null;
  total: number | null;
  due: number | null;
  lines: number | null;
  updatedAt: number;
}

type Row = Record<string, string | number | null>;

/**
 * The engine's durable memory: guest orders and the writes owed to each POS. Every change is
 * committed before the engine acts on it (SQLite, WAL, synchronous=FULL), so a process killed at
 * any instant restarts knowing every write it accepted and which ones may have reached the POS.
 */
export class Outbox {
  readonly #db: DatabaseSync;

  constructor(path: string) {
    this.#db = new DatabaseSync(path);
    this.#db.exec(`
      PRAGMA journal_mode = WAL;
      PRAGMA synchronous = FULL;
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS orders (
        ref TEXT PRIMARY KEY, location_id TEXT NOT NULL, flow TEXT NOT NULL, state TEXT NOT NULL,
        reason TEXT, draft TEXT NOT NULL, pos_order_id TEXT, pos_status TEXT, total INTEGER,
        due INTEGER, lines INTEGER, updated_at INTEGER NOT NULL);
      CREATE INDEX IF NOT EXISTS orders_pos ON orders (location_id, pos_order_id);
      CREATE TABLE IF NOT EXISTS writes (
        id INTEGER PRIMARY KEY AUTOINCREMENT, ref TEXT NOT NULL, location_id TEXT NOT NULL,
        kind TEXT NOT NULL, payload TEXT NOT NULL, idempotency_key TEXT NOT NULL UNIQUE,
        state TEXT NOT NULL, attempts INTEGER NOT NULL, retries TEXT NOT NULL,
        not_before INTEGER NOT NULL, last_error TEXT, created_at INTEGER NOT NULL);
      CREATE INDEX IF NOT EXISTS writes_open ON writes (location_id, state, id);
      CREATE INDEX IF NOT EXISTS writes_ref ON writes (ref, id);
    `);
  }

  /** A value kept across restarts (the engine's instance id, its reference counter). */
  meta(key: string, init: () => string): string {
    const row = this.#db.prepare("SELECT value FROM meta WHERE key = ?").get(key) as Row | undefined;
    if (row) return String(row.value);
    const value = init();
    this.#db.prepare("INSERT INTO meta (key, value) VALUES (?, ?)").run(key, value);
    return value;
  }

  setMeta(key: string, value: string): void {
    this.#db
      .prepare(
        "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
      )
      .run(key, value);
  }

  /** Runs `fn` as one transaction: all of it is durable, or none. */
  atomically<T>(fn: () => T): T {
    this.#db.exec("BEGIN IMMEDIATE");
    try {
      const out = fn();
      this.#db.exec("COMMIT");
      return out;
    } catch (err) {
      this.#db.exec("ROLLBACK");
      throw err;
    }
  }

  insertOrder(o: StoredOrder): void {
    this.#db
      .prepare(
        `INSERT INTO orders (ref, location_id, flow, state, reason, draft, pos_order_id, pos_status, total, due, lines, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        o.ref,
        o.locationId,
        o.flow,
        o.state,
        o.reason,
        JSON.stringify(o.draft),
        o.posOrderId,
        o.posStatus,
        o.total,
        o.due,
        o.lines,
        o.updatedAt,
      );
  }

  updateOrder(o: StoredOrder): void {
    this.#db
      .prepare(
        `UPDATE orders SET state = ?, reason = ?, pos_order_id = ?, pos_status = ?, total = ?, due = ?, lines = ?, updated_at = ? WHERE ref = ?`,
      )
      .run(o.state, o.reason, o.posOrderId, o.posStatus, o.total, o.due, o.lines, o.updatedAt, o.ref);
  }

  order(ref: string): StoredOrder | undefined {
    const row = this.#db.prepare("SELECT * FROM orders WHERE ref = ?").get(ref) as Row | undefined;
    return row ? toOrder(row) : undefined;
  }

  orders(): StoredOrder[] {
    return (this.#db.prepare("SELECT * FROM orders ORDER BY rowid").all() as Row[]).map(toOrder);
  }

  insertWrite(w: Omit<StoredWrite, "id">): StoredWrite {
    const res = this.#db
      .prepare(
        `INSERT INTO writes (ref, location_id, kind, payload, idempotency_key, state, attempts, retries, not_before, last_error, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        w.ref,
        w.locationId,
        w.kind,
        JSON.stringify(w.payload),
        w.idempotencyKey,
        w.state,
        w.attempts,
        JSON.stringify(w.retries),
        w.notBefore,
        w.lastError ? JSON.stringify(w.lastError) : null,
        w.createdAt,
      );
    return { ...w, id: Number(res.lastInsertRowid) };
  }

  updateWrite(w: StoredWrite): void {
    this.#db
      .prepare(
        `UPDATE writes SET payload = ?, state = ?, attempts = ?, retries = ?, not_before = ?, last_error = ? WHERE id = ?`,
      )
      .run(
        JSON.stringify(w.payload),
        w.state,
        w.attempts,
        JSON.stringify(w.retries),
        w.notBefore,
        w.lastError ? JSON.stringify(w.lastError) : null,
        w.id,
      );
  }

  /** Writes not yet done or failed, oldest first: what the engine still owes. */
  openWrites(): StoredWrite[] {
    return (
      this.#db.prepare("SELECT * FROM writes WHERE state IN ('queued', 'sending') ORDER BY id").all() as Row[]
    ).map(toWrite);
  }

  writesOf(ref: string): StoredWrite[] {
    return (this.#db.prepare("SELECT * FROM writes WHERE ref = ? ORDER BY id").all(ref) as Row[]).map(
      toWrite,
    );
  }

  close(): void {
    if (this.#db.isOpen) this.#db.close();
  }
}

function toOrder(r: Row): StoredOrder {
  return {
    ref: String(r.ref),
    locationId: String(r.location_id),
    flow: r.flow as OrderFlow,
    state: r.state as OrderState,
    reason: r.reason === null ? null : String(r.reason),
    draft: JSON.parse(String(r.draft)) as OrderDraft,
    posOrderId: r.pos_order_id === null ? null : String(r.pos_order_id),
    posStatus: r.pos_status as StoredOrder["posStatus"],
    total: r.total === null ? null : Number(r.total),
    due: r.due === null ? null : Number(r.due),
    lines: r.lines === null ? null : Number(r.lines),
    updatedAt: Number(r.updated_at),
  };
}

function toWrite(r: Row): StoredWrite {
  return {
    id: Number(r.id),
    ref: String(r.ref),
    locationId: String(r.location_id),
    kind: r.kind as WriteKind,
    payload: JSON.parse(String(r.payload)),
    idempotencyKey: String(r.idempotency_key),
    state: r.state as WriteState,
    attempts: Number(r.attempts),
    retries: JSON.parse(String(r.retries)) as StoredWrite["retries"],
    notBefore: Number(r.not_before),
    lastError: r.last_error === null ? null : (JSON.parse(String(r.last_error)) as StoredError),
    createdAt: Number(r.created_at),
  };
}
