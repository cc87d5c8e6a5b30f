import { describe, expect, it } from "vitest";
import { createMockPos } from "../app.ts";
import { VirtualClock } from "../clock/index.ts";
import { setSoldOut } from "../domain/staff.ts";
import type { Chain, LocaleCode } from "../domain/types.ts";
import { generateChain } from "../generate/index.ts";
import { openService } from "./opening.ts";

const LOCALES: readonly LocaleCode[] = ["en", "es", "fr", "pl"];
const SEEDS = ["mockpos", ...Array.from({ length: 11 }, (_, i) => `opening-${i}`)];
const SIZES = [1, 7, 50, 200];
const HOUR = 3_600_000;
// A service hour, a quiet afternoon, just after midnight: the opening reads the shift and the clock.
const STARTS = [Date.UTC(2026, 2, 13, 12, 30), Date.UTC(2026, 2, 13, 16, 0), Date.UTC(2026, 2, 14, 0, 15)];

const openOrders = (chain: Chain) => chain.locations.reduce((n, l) => n + l.orders.size, 0);

describe("the opening of service", () => {
  // Seed `mockpos` with 1,000 locations used to throw `sold out: prod-046`: every choice of a combo's part was sold out.
  describe.each(LOCALES)("never throws, whatever the chain (%s)", (locale) => {
    it.each(SEEDS)("seed %s", (seed) => {
      SIZES.forEach((locations, i) => {
        const clock = new VirtualClock(STARTS[i % STARTS.length] as number);
        const pos = createMockPos({ seed, locations, locale, clock });
        expect(pos.sim.chain.locations).toHaveLength(locations);
        expect(openOrders(pos.sim.chain)).toBeGreaterThan(0);
      });
    });
  });

  // The seeds the crash was first seen with, each in another locale. Opening 10,000 locations is
  // slow on a busy machine: the limit is only there to end a hang.
  it.each([
    ["mockpos", "en"],
    ["bench", "fr"],
    ["perf", "pl"],
  ] as const)(
    "never throws for a chain of 10,000 locations (seed %s, %s)",
    { timeout: 120_000 },
    (seed, locale) => {
      const clock = new VirtualClock(STARTS[0] as number);
      const pos = createMockPos({ seed, locations: 10_000, locale, clock });
      expect(pos.sim.chain.locations).toHaveLength(10_000);
      expect(openOrders(pos.sim.chain)).toBeGreaterThan(10_000);
    },
  );

  it("keys only what can be had: with every part of a combo sold out, the combo stays off the tickets", () => {
    const now = STARTS[0] as number;
    const chain = generateChain({ seed: "combo", locations: 20, locale: "en", now });
    for (const location of chain.locations) {
      for (const combo of location.menu.products.filter((p) => p.combo)) {
        for (const id of combo.combo?.[0]?.productIds ?? []) setSoldOut(location, id, true, now - HOUR);
      }
    }
    openService(chain, now);
    for (const location of chain.locations) {
      for (const order of location.orders.values()) {
        for (const line of order.lines) {
          expect(location.soldOut.has(line.productId ?? "")).toBe(false);
          for (const s of line.comboSelections) expect(location.soldOut.has(s.productId)).toBe(false);
        }
      }
    }
    expect(openOrders(chain)).toBeGreaterThan(0);
  });

  it("opens nothing, and does not throw, when the whole menu is sold out", () => {
    const now = STARTS[0] as number;
    const chain = generateChain({ seed: "empty", locations: 3, locale: "fr", now });
    for (const location of chain.locations)
      for (const product of location.menu.products) setSoldOut(location, product.id, true, now - HOUR);
    openService(chain, now);
    expect(openOrders(chain)).toBe(0);
  });
});
