import { at, cite, writes } from "../judge/journal.ts";
import { type Check, type Evidence, fail, pass } from "../types.ts";
import { linkDown, offers, orderable, type PosOrderDetail, placeAndWait, posOrderDetail } from "./guests.ts";

const MINUTE = 60_000;
const DOWN = 3 * MINUTE;
const UP = 10 * MINUTE;
/** When the guests act: well inside the outage, after the connector has had minutes to notice it. */
const ACT = 5 * MINUTE;
/** How long after the link is back the queued updates may take to drain. */
const DRAIN = 5 * MINUTE;
const MESSAGE = "no onions on the second round, please";

interface Tab {
  ref: string;
  posId: string | null;
  /** What the guests did on it during the outage, and whether the connector took it. */
  queued: { what: "round" | "message" | "payment"; accepted: boolean; reason?: string }[];
  /** The POS's order afterwards. */
  pos: PosOrderDetail[];
}

/**
 * What guests did while their location was unreachable reaches the POS once the link is back,
 * each exactly once, with nobody stepping in (seed 003: "queued updates drain when the POS comes
 * back — no operator intervention").
 */
export const readOnlyDrainExactlyOnce: Check = {
  id: "read-only.drain-exactly-once",
  title: "What was queued offline reaches the POS once, when it is back",
  rule: "An unreachable POS flips the location to read-only; the updates queued meanwhile drain when the POS comes back, each applied exactly once, with no operator intervention.",
  needsGuests: true,
  // A passive POS takes only whole, prepaid orders, refused while offline: it has nothing to queue.
  needsAny: ["order.append"],
  catches: "no-drain",
  async play(stage) {
    const driver = stage.driver;
    const location = stage.locations[0];
    if (!driver || !location) throw new Error("drive mode only");
    const items = await orderable(stage, location.id);
    // Two tabs, one update queued on the first (a round, and a kitchen note where the POS takes
    // them) and the payment of the second: the drain's order is another check's business.
    const open = async (table: number) =>
      placeAndWait(stage, {
        locationId: location.id,
        flow: "pay_later",
        tableId: location.tables[table % location.tables.length],
        items: [items[0]],
      });
    const first = await open(0);
    const second = await open(1);
    await linkDown(stage, location.id, DOWN, UP);
    await stage.wait(ACT - (stage.now() - stage.start));
    const tabs: Tab[] = [
      { ref: first.ref, posId: first.posOrderId, queued: [], pos: [] },
      { ref: second.ref, posId: second.posOrderId, queued: [], pos: [] },
    ];
    const act = async (tab: Tab, what: Tab["queued"][number]["what"], action: () => Promise<unknown>) => {
      try {
        await action();
        tab.queued.push({ what, accepted: true });
      } catch (err) {
        tab.queued.push({ what, accepted: false, reason: err instanceof Error ? err.message : String(err) });
      }
    };
    const [a, b] = tabs as [Tab, Tab];
    await act(a, "round", () => driver.appendRound(a.ref, { items: [items[1] ?? items[0]] }));
    if (offers(stage, "kitchen.message"))
      await act(a, "message", () => driver.kitchenMessage(a.ref, { text: MESSAGE }));
    await act(b, "payment", () => driver.pay(b.ref, {}));
    const actedAt = stage.now();
    await stage.wait(UP + DRAIN - (stage.now() - stage.start));
    for (const tab of tabs) {
      const found = await stage.posOrders(location.id, tab.ref);
      tab.pos = await Promise.all(found.map((o) => posOrderDetail(stage, location.id, o.id)));
    }
    return {
      locationId: location.id,
      actedAt,
      tabs,
      windows: [
        { from: stage.start + DOWN, to: stage.start + UP, label: "link down", locationId: location.id },
      ],
    };
  },
  judge(run) {
    const locationId = String(run.notes.locationId);
    const tabs = run.notes.tabs as Tab[];
    const actedAt = Number(run.notes.actedAt);
    const refused = tabs.flatMap((t) => t.queued.filter((q) => !q.accepted).map((q) => ({ t, q })));
    if (refused.length > 0)
      return fail(
        `the connector refused ${refused.length} guest action(s) while offline instead of queueing them`,
        refused.map(({ t, q }) => ({ at: actedAt, text: `${q.what} on ${t.ref}: ${q.reason}` })),
      );
    // What the drain sent once the location was back: writes after the guests acted, answered 2xx.
    const landed = writes(run, locationId).filter(
      (e) => at(e) >= actedAt && e.status >= 200 && e.status < 300 && !e.replayed,
    );
    const landedEvidence = landed.map((e) => cite(e, "drained"));
    const problems: Evidence[] = [];
    const tally: string[] = [];
    for (const tab of tabs) {
      if (tab.pos.length !== 1) {
        problems.push({
          at: run.end,
          text: `${tab.ref}: the POS holds ${tab.pos.length} orders with this external id, not 1`,
        });
        continue;
      }
      const o = tab.pos[0] as PosOrderDetail;
      const rounds = tab.queued.filter((q) => q.what === "round").length;
      const messages = tab.queued.filter((q) => q.what === "message").length;
      const payments = tab.queued.filter((q) => q.what === "payment").length;
      const expect = (what: string, want: number, got: number) => {
        if (want > 0) tally.push(`${tab.ref}: ${got}/${want} ${what}`);
        if (got !== want)
          problems.push({
            at: run.end,
            text: `${tab.ref} (POS ${o.id}): ${got} ${what} at the POS, ${want} expected (${
              got < want ? "the queued one never arrived" : "applied more than once"
            })`,
          });
      };
      expect("round(s)", 1 + rounds, o.rounds.length);
      expect("kitchen message(s)", messages, o.kitchenMessages.length);
      expect("payment(s)", payments, o.payments.length);
    }
    return problems.length === 0
      ? pass(
          `every update queued during the outage reached the POS exactly once (${tally.join(", ")})`,
          landedEvidence,
        )
      : fail(`${problems.length} queued update(s) not applied exactly once after the link came back`, [
          ...problems,
          ...landedEvidence,
        ]);
  },
};
