import type { Clock, TimerHandle } from "../../simulator/clock/index.ts";
import type { Random } from "../../simulator/random/index.ts";
import type { EngineConfig } from "../config.ts";
import { PosFailure } from "../failure.ts";
import type { LineInput, OrderDraft, PaymentInput, PosOrder } from "../model.ts";
import { type Broken, NOT_BROKEN } from "./broken.ts";
import type { LocationRuntime, Mode } from "./location.ts";
import type { OrderBook } from "./orders.ts";
import type { Outbox, StoredWrite, WriteKind } from "./outbox.ts";
import { decide } from "./retry.ts";

export interface PayPayload {
  tip: number;
  method: PaymentInput["method"];
  /** Fixed at the first attempt from what the guest was shown, so every retry sends the same body. */
  amount?: number;
}

export interface WritesOptions {
  clock: Clock;
  outbox: Outbox;
  orders: OrderBook;
  random: Random;
  retries: EngineConfig["retries"];
  locations: ReadonlyMap<string, LocationRuntime>;
  setMode(location: LocationRuntime, mode: Mode): void;
  /** Told of every write given up, with why (a process logs it). */
  log?: (line: string) => void;
  broken?: Broken;
}

/**
 * The writes the engine owes each POS, sent one at a time per location in the order they were
 * accepted, each with its own idempotency key on every attempt. A write is committed to the
 * outbox before it is sent and after it is answered; one that gets no answer is held until the
 * location is known to be up, and an order create whose answer was lost is looked up by its
 * external id before it is sent again.
 */
export class Writes {
  readonly #o: WritesOptions;
  readonly #broken: Broken;
  /** Open writes per location, oldest first. */
  readonly #open = new Map<string, StoredWrite[]>();
  readonly #wakeups = new Map<string, TimerHandle>();
  #stopped = false;

  constructor(options: WritesOptions) {
    this.#o = options;
    this.#broken = options.broken ?? NOT_BROKEN;
    for (const w of options.outbox.openWrites()) {
      if (w.state === "sending") {
        // The engine stopped (or was killed) with this write in flight: the POS may have it.
        w.state = "queued";
        w.lastError = {
          code: "TIMEOUT",
          message: "the engine stopped before the answer came",
          at: options.clock.now(),
          answerLost: true,
        };
        options.outbox.updateWrite(w);
      }
      this.#list(w.locationId).push(w);
    }
  }

  /** Writes not yet done at a location. */
  depth(locationId: string): number {
    return this.#open.get(locationId)?.length ?? 0;
  }

  /** Persists a new write; the caller runs this inside the transaction that accepted the guest's action. */
  add(
    ref: string,
    locationId: string,
    kind: WriteKind,
    payload: unknown,
    idempotencyKey: string,
  ): StoredWrite {
    const write = this.#o.outbox.insertWrite({
      ref,
      locationId,
      kind,
      payload,
      idempotencyKey,
      state: "queued",
      attempts: 0,
      retries: {},
      notBefore: this.#o.clock.now(),
      lastError: null,
      createdAt: this.#o.clock.now(),
    });
    this.#list(locationId).push(write);
    return write;
  }

  /** Sends the next write of a location that may go now, if any. */
  kick(location: LocationRuntime): void {
    const heedless = this.#broken("write-while-unreachable") && location.mode !== "auth_failed";
    if (this.#stopped || location.sending || (!location.writable && !heedless)) return;
    const now = this.#o.clock.now();
    const list = this.#list(location.config.id);
    const open = this.#broken("drain-newest-first") ? [...list].reverse() : list;
    const blocked = new Set<string>();
    let wake = Number.POSITIVE_INFINITY;
    let next: StoredWrite | undefined;
    for (const w of open) {
      // A write waits for the earlier writes of its order (a round goes after the create).
      if (blocked.has(w.ref)) continue;
      blocked.add(w.ref);
      if (w.notBefore > now) {
        wake = Math.min(wake, w.notBefore);
        continue;
      }
      next = w;
      break;
    }
    if (next) {
      void this.#send(location, next);
      return;
    }
    if (wake < Number.POSITIVE_INFINITY) this.#wakeAt(location, wake);
  }

  /** Throws away what a location owes (the broken "no-drain" engine, when the location is back). */
  discard(location: LocationRuntime): void {
    for (const w of [...this.#list(location.config.id)]) {
      w.state = "done";
      this.#o.outbox.updateWrite(w);
      this.#close(w);
    }
  }

  stop(): void {
    this.#stopped = true;
    for (const t of this.#wakeups.values()) this.#o.clock.clearTimeout(t);
    this.#wakeups.clear();
  }

  #wakeAt(location: LocationRuntime, at: number): void {
    const id = location.config.id;
    const existing = this.#wakeups.get(id);
    if (existing) this.#o.clock.clearTimeout(existing);
    this.#wakeups.set(
      id,
      this.#o.clock.setTimeout(() => {
        this.#wakeups.delete(id);
        this.kick(location);
      }, at - this.#o.clock.now()),
    );
  }

  async #send(location: LocationRuntime, write: StoredWrite): Promise<void> {
    const { clock, outbox, orders } = this.#o;
    location.sending = true;
    try {
      write.state = "sending";
      write.attempts++;
      outbox.updateWrite(write);
      const answer = await this.#perform(location, write);
      // Stopped meanwhile (the outbox is closed): the write stays "sending", which the next
      // start reads as a lost answer — exactly what it is.
      if (this.#stopped) return;
      outbox.atomically(() => {
        write.state = "done";
        write.lastError = null;
        outbox.updateWrite(write);
        if (answer) orders.learn(write.ref, answer, clock.now());
      });
      location.counters.writesDone++;
      this.#close(write);
    } catch (err) {
      if (!this.#stopped) this.#failed(location, write, err);
    } finally {
      location.sending = false;
    }
    this.kick(location);
  }

  /** Sends one write; resolves with the order as the POS now holds it (none for a kitchen message). */
  async #perform(location: LocationRuntime, write: StoredWrite): Promise<PosOrder | undefined> {
    const { adapter, ctx } = location;
    const order = this.#o.orders.get(write.ref);
    if (!order) throw new Error(`write ${write.id} names no order ${write.ref}`);
    const key = this.#key(write);
    // No answer to an earlier attempt: the POS may hold the write already.
    const lost =
      write.lastError?.answerLost || (write.retries.TIMEOUT ?? 0) + (write.retries.UNREACHABLE ?? 0) > 0;
    if (write.kind === "order.create" && this.#broken("blind-recreate") && lost) {
      // The defect: a lost answer taken for a failure, the order sent again as a new one.
      const draft = { ...(write.payload as OrderDraft), externalId: `${order.ref}~${write.attempts}` };
      return adapter.createOrder(ctx, draft, `${key}~${write.attempts}`);
    }
    if (write.kind === "order.create") {
      // Ask before sending it again, where the dialect can be asked; otherwise the same key
      // makes the POS replay its answer.
      if (lost && adapter.findByExternalId) {
        const found = await adapter.findByExternalId(ctx, order.ref);
        if (found) return found;
      }
      try {
        return await adapter.createOrder(ctx, write.payload as OrderDraft, key);
      } catch (err) {
        // The external id is taken: by our own earlier attempt (its key forgotten), adopt it.
        if (err instanceof PosFailure && err.code === "IDEMPOTENCY_CONFLICT") {
          const named = err.details.orderId;
          const found = adapter.findByExternalId
            ? await adapter.findByExternalId(ctx, order.ref)
            : named !== undefined
              ? await adapter.getOrder(ctx, named)
              : null;
          if (found?.externalId === order.ref) return found;
        }
        throw err;
      }
    }
    const posOrderId = order.posOrderId;
    if (posOrderId === null) throw new Error(`order ${order.ref} has no POS id yet`);
    switch (write.kind) {
      case "order.append":
        if (this.#broken("round-as-new-order")) {
          const draft = {
            ...order.draft,
            externalId: `${order.ref}~${write.id}`,
            items: write.payload as LineInput[],
          };
          await adapter.createOrder(ctx, draft, key);
          return undefined;
        }
        if (!adapter.appendRound) throw lacks("order.append");
        return adapter.appendRound(ctx, posOrderId, write.payload as LineInput[], key);
      case "order.pay": {
        const payload = write.payload as PayPayload;
        if (payload.amount === undefined) {
          payload.amount = order.due ?? (await location.adapter.getOrder(ctx, posOrderId)).due;
          this.#o.outbox.updateWrite(write);
        }
        if (!adapter.pay) throw lacks("order.pay");
        return adapter.pay(
          ctx,
          posOrderId,
          { amount: payload.amount, tip: payload.tip, method: payload.method, reference: order.ref },
          key,
        );
      }
      case "kitchen.message":
        if (!adapter.kitchenMessage) throw lacks("kitchen.message");
        await adapter.kitchenMessage(ctx, posOrderId, String(write.payload), key);
        return undefined;
      case "loyalty.apply":
        if (!adapter.applyLoyalty) throw lacks("loyalty.apply");
        return adapter.applyLoyalty(ctx, posOrderId, String(write.payload), key);
    }
  }

  #failed(location: LocationRuntime, write: StoredWrite, err: unknown): void {
    const { clock, outbox, orders, random, retries } = this.#o;
    const failure =
      err instanceof PosFailure
        ? err
        : new PosFailure("VALIDATION", `${write.kind}: ${err instanceof Error ? err.message : String(err)}`, {
            status: 0,
          });
    const now = clock.now();
    write.lastError = {
      code: failure.code,
      message: failure.message,
      at: now,
      answerLost: failure.answerLost,
    };
    location.lastError = write.lastError;
    const decision = decide(failure, write, retries, random, this.#broken);
    write.retries[failure.code] = (write.retries[failure.code] ?? 0) + 1;
    switch (decision.action) {
      case "retry":
        write.state = "queued";
        write.notBefore = now + decision.afterMs;
        outbox.updateWrite(write);
        return;
      case "hold":
        write.state = "queued";
        write.notBefore = now + (this.#broken("write-while-unreachable") ? 10_000 : 0);
        outbox.updateWrite(write);
        location.linkSuspect = true;
        return;
      case "auth":
        write.state = "queued";
        write.notBefore = now;
        outbox.updateWrite(write);
        this.#o.setMode(location, "auth_failed");
        return;
      case "fail":
        if (this.#broken("drop-exhausted")) {
          // The defect: a write that ran out of attempts is forgotten as if it had gone through.
          write.state = "done";
          write.lastError = null;
          location.lastError = null;
          outbox.updateWrite(write);
          this.#close(write);
          return;
        }
        outbox.atomically(() => {
          write.state = "failed";
          write.lastError = {
            ...(write.lastError ?? { code: failure.code, at: now, answerLost: false }),
            message: decision.why,
          };
          outbox.updateWrite(write);
          if (write.kind === "order.create") {
            orders.update(
              write.ref,
              { state: "failed", reason: `the POS did not take the order: ${decision.why}` },
              now,
            );
            // Nothing else of an order that never reached the POS can be sent.
            for (const later of this.#list(write.locationId).filter(
              (w) => w.ref === write.ref && w !== write,
            )) {
              later.state = "failed";
              later.lastError = {
                code: failure.code,
                message: "the order was never placed",
                at: now,
                answerLost: false,
              };
              outbox.updateWrite(later);
              this.#close(later);
              location.counters.writesFailed++;
            }
          }
        });
        location.counters.writesFailed++;
        this.#close(write);
        this.#o.log?.(`${write.locationId}: ${write.kind} of order ${write.ref} failed: ${decision.why}`);
        return;
    }
  }

  /** The key a write is sent with: its own, on every attempt (unless an engine is broken on purpose). */
  #key(write: StoredWrite): string {
    if (this.#broken("no-idempotency-key")) return "";
    if (this.#broken("new-key-per-retry") && write.attempts > 1)
      return `${write.idempotencyKey}~${write.attempts}`;
    return write.idempotencyKey;
  }

  #close(write: StoredWrite): void {
    const list = this.#list(write.locationId);
    const i = list.indexOf(write);
    if (i >= 0) list.splice(i, 1);
  }

  #list(locationId: string): StoredWrite[] {
    let list = this.#open.get(locationId);
    if (!list) {
      list = [];
      this.#open.set(locationId, list);
    }
    return list;
  }
}

function lacks(operation: string): PosFailure {
  return new PosFailure("VALIDATION", `this POS has no ${operation}`, { status: 0 });
}
