import type { OrderView } from "../../contracts/driver/schemas.ts";
import type { JournalEntry } from "../../simulator/journal/index.ts";
import { at, attemptsFrom, cite, offset, writes } from "../judge/journal.ts";
import { type Check, type Evidence, fail, pass } from "../types.ts";
import { holdAtTerminal, offers, orderable, placeAndWait, posIdOf, releaseAtTerminal } from "./guests.ts";

const MINUTE = 60_000;
/**
 * Longer than the slow schedule a mark-paid is retried on (~17 minutes), with room for jitter:
 * by then every schedule has run out.
 */
const HOLD = 20 * MINUTE;

type Kind = "order.append" | "order.pay";

/**
 * A write still locked when its retries run out is surfaced, never dropped (seed 003: a lock is
 * retried "rather than erroring out", and what cannot be written must not vanish): the connector
 * reports it failed, with LOCKED, and the POS never got it. Two tabs are held at terminals for
 * twenty minutes: a round on one (the short schedule), the payment of the other (the slow one).
 */
export const locksSurfacedWhenExhausted: Check = {
  id: "locks.surfaced-when-exhausted",
  title: "A write still locked after its retries is surfaced as failed",
  rule: "A write the POS kept refusing as locked through its whole retry schedule is reported failed (LOCKED), never dropped silently.",
  needsGuests: true,
  needsAny: ["order.append", "order.pay"],
  catches: "drop-exhausted",
  async play(stage) {
    const driver = stage.driver;
    const location = stage.locations[0];
    if (!driver || !location) throw new Error("drive mode only");
    const items = await orderable(stage, location.id);
    const kinds: Kind[] = [
      ...(offers(stage, "order.append") ? (["order.append"] as const) : []),
      ...(offers(stage, "order.pay") ? (["order.pay"] as const) : []),
    ];
    const tabs: { kind: Kind; ref: string; posId: string }[] = [];
    for (const [i, kind] of kinds.entries()) {
      const tableId = location.tables[i] ?? location.tables[0];
      const tab = await placeAndWait(stage, { locationId: location.id, flow: "pay_later", tableId, items });
      tabs.push({ kind, ref: tab.ref, posId: await posIdOf(stage, location.id, tab.ref) });
    }
    const heldAt = stage.now();
    for (const tab of tabs) {
      await holdAtTerminal(stage, location.id, tab.posId);
      if (tab.kind === "order.append") await driver.appendRound(tab.ref, { items });
      else await driver.pay(tab.ref, {});
    }
    await stage.wait(HOLD);
    // What the connector says while the terminals still hold the orders, and what the POS holds.
    const readAt = stage.now();
    const orders: OrderView[] = [];
    const pos: Record<string, Awaited<ReturnType<typeof stage.posOrders>>> = {};
    for (const tab of tabs) {
      const view = await driver.order(tab.ref);
      if (view) orders.push(view);
      pos[tab.ref] = await stage.posOrders(location.id, tab.ref);
    }
    for (const tab of tabs) await releaseAtTerminal(stage, location.id, tab.posId);
    const releasedAt = stage.now();
    await stage.wait(MINUTE);
    return {
      locationId: location.id,
      tabs,
      readAt,
      orders,
      pos,
      windows: [{ from: heldAt, to: releasedAt, label: "held at a terminal", locationId: location.id }],
    };
  },
  judge(run) {
    const locationId = String(run.notes.locationId);
    const readAt = Number(run.notes.readAt);
    const tabs = (run.notes.tabs ?? []) as { kind: Kind; ref: string }[];
    const mine = writes(run, locationId);
    const failures: { why: string; evidence: Evidence[] }[] = [];
    const surfaced: Evidence[] = [];
    for (const tab of tabs) {
      const locked = mine.find((e) => e.operation === tab.kind && e.outcome === "LOCKED");
      // A write that never went to the held order (a round sent as an order of its own) is not this check's.
      if (!locked) continue;
      const tries = attemptsFrom(run, locked).filter((e) => at(e) <= readAt);
      const last = tries[tries.length - 1] as JournalEntry;
      const held = run.notes.pos?.[tab.ref]?.[0];
      const trail: Evidence[] = [
        cite(locked, `${tab.kind}: first attempt, locked`),
        ...(last !== locked ? [cite(last, `${tab.kind}: last of ${tries.length} attempts`)] : []),
        ...(held
          ? [
              {
                at: readAt,
                text: `the POS holds order ${held.id} with ${held.rounds} round(s) and ${held.payments} payment(s), ${held.status}`,
              },
            ]
          : []),
      ];
      if (tries.some((e) => e.outcome === "OK")) continue;
      const view = run.notes.orders?.find((o) => o.ref === tab.ref);
      const write = view ? [...view.writes].reverse().find((w) => w.kind === tab.kind) : undefined;
      const said: Evidence = {
        at: readAt,
        text: write
          ? `the connector says the ${tab.kind} write of ${tab.ref} is ${write.state} after ${write.attempts} attempt(s)${write.lastError ? `, last error ${write.lastError.code}: ${write.lastError.message}` : ", with no error"}`
          : `the connector shows no ${tab.kind} write for ${tab.ref}`,
      };
      const evidence = [said, ...trail];
      const attempts = `${tries.length} attempt(s), all LOCKED, the last ${offset(run, at(last))}`;
      if (!write)
        failures.push({ why: `the ${tab.kind} write vanished from the connector's view`, evidence });
      else if (write.state === "done")
        failures.push({
          why: `the ${tab.kind} write is reported done, but the POS never took it: ${attempts}`,
          evidence,
        });
      else if (write.state !== "failed")
        failures.push({
          why: `after ${HOLD / MINUTE} minutes of locks the ${tab.kind} write is still ${write.state}: its retries never ran out`,
          evidence,
        });
      else if (write.lastError?.code !== "LOCKED")
        failures.push({
          why: `the ${tab.kind} write failed, but with ${write.lastError?.code ?? "no error"} instead of LOCKED`,
          evidence,
        });
      else surfaced.push(said, ...trail);
    }
    if (failures.length > 0)
      return fail(
        failures.map((f) => f.why).join("; "),
        failures.flatMap((f) => f.evidence),
      );
    if (surfaced.length === 0)
      return fail(
        "no write stayed locked through its schedule: nothing to judge",
        mine.slice(0, 5).map((e) => cite(e)),
      );
    return pass(
      `every write the terminals kept locked through its schedule is reported failed with LOCKED, and the POS never took it`,
      surfaced,
    );
  },
};
