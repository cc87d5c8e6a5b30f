import { describe, expect, it } from "vitest";
import { isWriteMethod } from "../../contracts/operations.ts";
import type { JournalEntry } from "../../simulator/journal/index.ts";
import { loadScenarioFile } from "../../simulator/scenario/load.ts";
import { ADAPTERS, type AdapterName } from "../adapters/index.ts";
import { startGuests } from "./guests.ts";
import { rig } from "./testing.ts";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const scenario = loadScenarioFile(
  new URL("../../scenarios/connector-under-fire.yaml", import.meta.url).pathname,
);
const at = (e: JournalEntry) => Date.parse(e.time);
const maxGap = (times: number[]) => Math.max(...times.slice(1).map((t, i) => t - (times[i] as number)));

// Mock mode's promise, in every dialect: three hours of Saturday lunch with locks at terminals,
// a flapping link and lost create answers, guests ordering through the engine all along.
describe.each(Object.keys(ADAPTERS) as AdapterName[])("the engine under fire (%s)", (dialect) => {
  it("keeps the envelope, creates nothing twice, writes nothing while a pub is down, and drains after", async () => {
    const r = await rig({
      dialect,
      seed: scenario.chain.seed,
      locations: scenario.chain.locations,
      openService: true,
    });
    r.mock.sim.faults.use(...scenario.faults);
    const guests = await startGuests({
      driver: r.engine,
      clock: r.clock,
      perHour: 12,
      seed: `under-fire:${dialect}`,
      tables: (id) =>
        r.mock.sim.chain.locations
          .find((l) => l.id === id)
          ?.areas.flatMap((a) => a.tables.map((t) => t.id)) ?? [],
    });
    await r.clock.advance(scenario.duration);
    // Closing time: no more parties, the link mended; what is owed must drain with no operator.
    guests.closeDoors();
    r.mock.sim.faults.remove("pub-three-broadband");
    // Bounded: a bill a waiter holds at a till is retried on the ~17-minute schedule.
    for (let waited = 0; waited < 2 * HOUR; waited += 5 * MINUTE) {
      await r.clock.advance(5 * MINUTE);
      if ((await r.engine.locations()).every((l) => l.queueDepth === 0)) break;
    }
    guests.stop();
    const journal = [...r.mock.sim.journal.entries()].filter((e) => e.operation !== "admin");
    const of = (id: string) => journal.filter((e) => e.locationId === id);

    // The envelope: a status check every minute everywhere, down or up.
    for (const { id } of r.mock.sim.chain.locations) {
      const status = of(id)
        .filter((e) => e.operation === "location.status")
        .map(at);
      expect(status.length).toBeGreaterThanOrEqual(scenario.duration / MINUTE);
      expect(maxGap(status), `${id} status`).toBeLessThanOrEqual(MINUTE);
    }
    if (dialect === "generic") {
      for (const id of ["loc-0001", "loc-0002", "loc-0004"]) {
        const view = (v: string) =>
          of(id)
            .filter((e) => e.operation === "orders.list" && e.query?.includes(`view=${v}`))
            .map(at);
        expect(maxGap(view("in_progress")), `${id} in-progress refresh`).toBeLessThanOrEqual(2 * MINUTE);
        expect(maxGap(view("new")), `${id} new orders`).toBeLessThanOrEqual(4 * MINUTE);
        // Every poll after the first of each view passes its cursor (lookups by externalId aside).
        const bare = of(id).filter(
          (e) =>
            e.operation === "orders.list" &&
            !e.query?.includes("cursor=") &&
            !e.query?.includes("externalId="),
        );
        expect(bare.length).toBe(2);
      }
    }

    // No order twice, whatever answers were lost.
    const byExternalId = new Map<string, number>();
    for (const l of r.mock.sim.chain.locations)
      for (const o of l.orders.values())
        if (o.externalId !== null) byExternalId.set(o.externalId, (byExternalId.get(o.externalId) ?? 0) + 1);
    expect([...byExternalId].filter(([, n]) => n > 1)).toEqual([]);
    const lost = journal.filter((e) => e.fault?.includes("create-answer-lost"));
    expect(lost.length, "the scenario lost some create answers").toBeGreaterThan(0);

    // No write to the third pub between its first unanswered request and its next good status check.
    let down = false;
    const offenders: JournalEntry[] = [];
    const outages: number[] = [];
    for (const e of of("loc-0003")) {
      const isWrite = isWriteMethod(e.method);
      if (e.operation === "location.status" && e.status === 200) down = false;
      else if (isWrite && down) offenders.push(e);
      if (e.outcome === "UNREACHABLE" && !down) {
        down = true;
        outages.push(at(e));
      }
    }
    expect(outages.length, "the link dropped during service").toBeGreaterThan(1);
    expect(offenders.map((e) => `${e.time} ${e.operation}`)).toEqual([]);

    // Drained: nothing owed, nothing given up, every accepted order at the POS.
    const locations = await r.engine.locations();
    expect(locations.map((l) => [l.id, l.mode, l.queueDepth, l.counters.writesFailed])).toEqual(
      locations.map((l) => [l.id, "online", 0, 0]),
    );
    const stats = guests.stats();
    expect(stats.ordered).toBeGreaterThan(60);
    const accepted = [...byExternalId.keys()];
    expect(accepted.length).toBe(stats.ordered);
    await r.engine.stop();
  });
});
