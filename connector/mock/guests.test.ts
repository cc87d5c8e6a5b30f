import { describe, expect, it } from "vitest";
import { startGuests } from "./guests.ts";
import { type Rig, rig } from "./testing.ts";

const HOUR = 3_600_000;

const tablesOf = (r: Rig) => (id: string) =>
  r.mock.sim.chain.locations.find((l) => l.id === id)?.areas.flatMap((a) => a.tables.map((t) => t.id)) ?? [];

/** Three hours of guests at `perHour` parties per location; what the POS ends up holding. */
async function service(perHour: number, seed: string, dialect: "generic" | "sinqro" = "generic") {
  const r = await rig({ dialect });
  const guests = await startGuests({
    driver: r.engine,
    clock: r.clock,
    perHour,
    seed,
    tables: tablesOf(r),
  });
  await r.clock.advance(3 * HOUR);
  // No new party comes in; the tabs still open take their round and pay within the hour.
  guests.closeDoors();
  await r.clock.advance(HOUR);
  guests.stop();
  const pos = r.mock.sim.chain.locations.flatMap((l) =>
    [...l.orders.values()]
      .filter((o) => o.externalId !== null)
      .map((o) => ({
        location: l.id,
        ref: o.externalId,
        status: o.status,
        rounds: o.rounds.length,
        payments: o.payments.length,
      })),
  );
  await r.engine.stop();
  return { stats: guests.stats(), pos };
}

describe("built-in guests", () => {
  it("order pay-first and pay-later through the driver: rounds, then payment", async () => {
    const { stats, pos } = await service(6, "lunch");
    expect(stats.errors).toBe(0);
    expect(stats.arrived).toBeGreaterThan(20);
    expect(stats.ordered).toBe(pos.length);
    expect(stats.rounds).toBeGreaterThan(0);
    expect(stats.payments).toBeGreaterThan(0);
    // Pay-first orders are paid at checkout; the tabs took their round and were paid before leaving.
    expect(pos.filter((o) => o.rounds === 2).length).toBe(stats.rounds);
    expect(new Set(pos.map((o) => o.location))).toEqual(new Set(["loc-0001", "loc-0002", "loc-0003"]));
    expect(pos.every((o) => o.status === "paid" && o.payments === 1)).toBe(true);
  });

  it("are the same guests for the same seed, and others for another", async () => {
    const a = await service(4, "same");
    const b = await service(4, "same");
    const c = await service(4, "other");
    expect(b).toEqual(a);
    expect(c.pos).not.toEqual(a.pos);
  });

  it("only pay first where the POS takes no tabs (Sinqro)", async () => {
    const { stats, pos } = await service(6, "passive", "sinqro");
    expect(stats.ordered).toBeGreaterThan(5);
    expect(stats.refused + stats.errors + stats.rounds + stats.payments).toBe(0);
    expect(pos.every((o) => o.rounds === 1)).toBe(true);
  });

  it("send nobody at zero per hour", async () => {
    const { stats, pos } = await service(0, "empty");
    expect(stats.arrived).toBe(0);
    expect(pos).toEqual([]);
  });
});
