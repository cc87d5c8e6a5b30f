import { describe, expect, it } from "vitest";
import { parseConfig } from "../config.ts";
import { engineConfigFor } from "./config.ts";
import { rig } from "./testing.ts";

const MINUTE = 60_000;

describe("engineConfigFor", () => {
  it("names each location and its credentials the way its dialect does", async () => {
    const { mock } = await rig({ configure: false, locations: 2 });
    const chain = mock.sim.chain;
    const [, second] = chain.locations;
    const pick = (dialect: "generic" | "elyx" | "sinqro") =>
      parseConfig(engineConfigFor(chain, dialect, "http://pos.test")).locations[1];
    expect(pick("generic")).toMatchObject({
      id: second?.id,
      credentials: { apiKey: second?.credentials.apiKey },
    });
    expect(pick("elyx")).toMatchObject({
      posLocationId: "2",
      credentials: { apiKey: second?.credentials.apiKey },
    });
    expect(pick("sinqro")).toMatchObject({
      posLocationId: second?.id,
      credentials: { userToken: second?.credentials.apiKey, serverToken: chain.credentials.serverToken },
    });
    const perLocation = engineConfigFor(chain, "generic", (id) => `http://${id}.pos.test`);
    expect(perLocation.locations.map((l) => l.baseUrl)).toEqual([
      "http://loc-0001.pos.test",
      "http://loc-0002.pos.test",
    ]);
  });

  for (const dialect of ["generic", "elyx", "sinqro"] as const) {
    it(`brings every location online and places a paid order in ${dialect}`, async () => {
      const r = await rig({ dialect });
      await r.clock.advance(2 * MINUTE);
      const locations = await r.engine.locations();
      expect(locations.map((l) => [l.mode, l.menuVersion !== null])).toEqual([
        ["online", true],
        ["online", true],
        ["online", true],
      ]);
      const item = (await r.engine.menu("loc-0002"))?.items.find((i) => !i.needsChoice && !i.soldOut);
      if (!item) throw new Error("nothing orderable");
      const placed = await r.engine.placeOrder({
        locationId: "loc-0002",
        flow: "pay_first",
        items: [{ productId: item.id, quantity: 1 }],
      });
      await r.clock.advance(MINUTE);
      expect(await r.engine.order(placed.ref)).toMatchObject({ state: "placed" });
      const pos = [...(r.mock.sim.chain.locations[1]?.orders.values() ?? [])].filter(
        (o) => o.externalId === placed.ref,
      );
      expect(pos).toHaveLength(1);
      expect(pos[0]?.payments.length).toBe(dialect === "sinqro" ? 0 : 1);
      // Sinqro tells the engine through its webhooks (no order list to poll).
      const seen = (await r.engine.locations())[1]?.counters.ordersSeen ?? 0;
      expect(seen).toBeGreaterThan(0);
      await r.engine.stop();
    });
  }
});
