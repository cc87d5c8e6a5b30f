import type { JournalEntry } from "../../simulator/journal/index.ts";
import { cite, RETRYABLE_OUTCOMES, writes } from "../judge/journal.ts";
import { type Check, type Evidence, fail, pass } from "../types.ts";
import { holdAtTerminal, offers, orderable, placeAndWait, posIdOf, releaseAtTerminal } from "./guests.ts";

const SECOND = 1000;
const MINUTE = 60 * SECOND;

/**
 * A retried write carries the key of its first attempt, so the POS can tell a retry from a new
 * write (seed 003: "retried writes must be safe"; checklist 8). Retries are provoked three ways:
 * two server errors on a create, a create whose answer is lost after it committed, and a round
 * on an order a waiter holds at a terminal.
 */
export const keyReusedOnRetry: Check = {
  id: "writes.key-reused-on-retry",
  title: "A retried write reuses its idempotency key",
  rule: "Retried writes must be safe: every retry of a write carries the idempotency key of its first attempt, with the same request.",
  needsGuests: true,
  catches: "new-key-per-retry",
  async play(stage) {
    const [errors, lost, locked] = stage.locations;
    if (!stage.driver || !errors || !lost || !locked) throw new Error("drive mode, three locations");
    const driver = stage.driver;
    await stage.faults([
      {
        id: "create-fails-twice",
        kind: "error",
        code: "SERVER_ERROR",
        times: 2,
        scope: { locations: [errors.id], operations: ["order.create"] },
      },
      {
        id: "create-answer-lost",
        kind: "commit_then_timeout",
        times: 1,
        scope: { locations: [lost.id], operations: ["order.create"] },
      },
    ]);
    // One write in flight per location and operation, so each retry follows its own first attempt.
    const first = await orderable(stage, errors.id);
    await driver.placeOrder({ locationId: errors.id, flow: "pay_first", items: first });
    const second = await orderable(stage, lost.id);
    await driver.placeOrder({ locationId: lost.id, flow: "pay_first", items: second });
    if (offers(stage, "order.append")) {
      const items = await orderable(stage, locked.id);
      const tab = await placeAndWait(stage, {
        locationId: locked.id,
        flow: "pay_later",
        tableId: locked.tables[0],
        items,
      });
      const posId = await posIdOf(stage, locked.id, tab.ref);
      await holdAtTerminal(stage, locked.id, posId);
      await driver.appendRound(tab.ref, { items });
      await stage.wait(20 * SECOND);
      await releaseAtTerminal(stage, locked.id, posId);
    }
    await stage.wait(4 * MINUTE);
    return {};
  },
  judge(run) {
    const all = writes(run);
    const reused: Evidence[] = [];
    const offenders: Evidence[] = [];
    let newKeys = 0;
    let conflicts = 0;
    let keyless = 0;
    for (const [i, e] of all.entries()) {
      // Same key, another request (a keyless write's conflict is about its external id instead).
      if (e.outcome === "IDEMPOTENCY_CONFLICT" && e.idempotencyKey !== null) {
        conflicts++;
        offenders.push(cite(e, "the POS had this key already, for another request"));
      }
      if (!RETRYABLE_OUTCOMES.has(e.outcome)) continue;
      const retry = all
        .slice(i + 1)
        .find(
          (f: JournalEntry) =>
            f.locationId === e.locationId &&
            f.operation === e.operation &&
            f.method === e.method &&
            f.path === e.path,
        );
      if (!retry) continue;
      // Writes that carry no key at all are writes.idempotency-key's to judge, not this check's.
      if (e.idempotencyKey === null && retry.idempotencyKey === null) keyless++;
      else if (retry.idempotencyKey === e.idempotencyKey)
        reused.push(cite(retry, `retry after ${e.outcome} with the same key`));
      else {
        newKeys++;
        offenders.push(
          cite(
            retry,
            `retry after ${e.outcome} of a write first sent under key ${e.idempotencyKey ?? "(none)"}`,
          ),
          cite(e, "the attempt it retries"),
        );
      }
    }
    const bare =
      keyless > 0
        ? ` (${keyless} retried write(s) carried no key at all: writes.idempotency-key judges those)`
        : "";
    if (offenders.length > 0)
      return fail(
        `${newKeys} retried write(s) sent under another key than their first attempt, ${conflicts} answered IDEMPOTENCY_CONFLICT`,
        offenders,
      );
    if (reused.length > 0)
      return pass(`all ${reused.length} retries carried the key of the attempt before${bare}`, reused);
    if (keyless > 0)
      return pass(
        `no retried write carried a key to reuse${bare}`,
        all.slice(0, 5).map((e) => cite(e)),
      );
    return fail(
      "no write was retried: nothing to judge (server errors, a lost answer and a lock were all met without a retry)",
      all.slice(0, 5).map((e) => cite(e)),
    );
  },
};
