import type { JournalEntry } from "../../simulator/journal/index.ts";
import { cite, offset } from "../judge/journal.ts";
import { type Check, fail, pass } from "../types.ts";
import { orderable } from "./guests.ts";

const MINUTE = 60_000;
const RUN = 6 * MINUTE;

/**
 * Where each dialect keeps master data — the location itself, menu, prices, modifiers, tables,
 * availability, opening hours — with or without an id after it. The paths of every dialect are
 * checked whatever the dialect under test: a write is a write wherever it lands.
 */
const MASTER_DATA: RegExp[] = [
  // generic: the location, its menu, modifiers, availability, tables.
  /^\/v1\/locations(\/[^/]+(\/(menu|modifiers|availability|tables)(\/.*)?)?)?\/?$/,
  // elyx: locations and their articles (menu, modifier groups and sold-out flags in one).
  /^\/api\/v1\/locations(\/[^/]+(\/articles(\/.*)?)?)?\/?$/,
  // sinqro: the catalogue, the restaurant, its hours and temporary closing.
  /^\/sinqro\/v1\/(menus|menu-sections|products|product-variants|product-option-categories|product-options|temporary-closing|schedule|restaurant)(\/.*)?$/,
];

const READS = new Set(["GET", "HEAD", "OPTIONS"]);

/** A request that would change master data, were the POS to take it (it need not have). */
export function writesMasterData(e: JournalEntry): boolean {
  return !READS.has(e.method.toUpperCase()) && MASTER_DATA.some((p) => p.test(e.path));
}

/**
 * Reference data is read-only across the boundary (seed 003: "Fooodo never modifies the POS menu,
 * prices, modifiers, or other master data"): no request other than a read ever goes to a catalogue
 * path, whatever the POS answers (a refused or unrouted write is journaled with no operation: the
 * method and path decide). With the driver, a guest also orders a dish the staff has just marked
 * sold out, before the connector's next availability refresh: the sold-out refusal is when a
 * connector might be tempted to "fix" the POS's catalogue.
 */
export const masterDataReadOnly: Check = {
  id: "master-data.read-only",
  title: "Master data is never written",
  rule: "The connector never modifies the POS's menu, prices, modifiers, availability or other master data: it only reads them.",
  needsGuests: false,
  catches: "writes-master-data",
  async play(stage) {
    const location = stage.locations[0];
    if (!location) throw new Error("no location");
    if (!stage.driver) {
      await stage.wait(RUN);
      return {};
    }
    const [item] = await orderable(stage, location.id, 1);
    await stage.admin.staff.setSoldOut(location.id, item.productId, true);
    const placed = await stage.driver
      .placeOrder({ locationId: location.id, flow: "pay_first", items: [item] })
      .catch(() => null);
    await stage.wait(RUN - (stage.now() - stage.start));
    const final = placed ? await stage.driver.order(placed.ref) : null;
    return { soldOut: item.productId, order: placed?.ref ?? null, orderState: final?.state ?? "refused" };
  },
  judge(run) {
    const offenders = run.journal.filter(writesMasterData);
    const others = run.journal.filter((e) => !READS.has(e.method.toUpperCase()));
    const guest =
      run.notes.soldOut !== undefined
        ? `; a guest ordered ${String(run.notes.soldOut)} just after it sold out (${String(run.notes.orderState ?? "refused")})`
        : "";
    return offenders.length === 0
      ? pass(
          `no write to master data among ${run.journal.length} requests over ${offset(run, run.end)} (${others.length} order write(s))${guest}`,
          others.slice(0, 3).map((e) => cite(e, "a write, to orders")),
        )
      : fail(
          `${offenders.length} write(s) to master data${guest}`,
          offenders.map((e) => cite(e, `${e.method} to master data`)),
        );
  },
};
