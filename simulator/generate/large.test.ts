import { describe, expect, it } from "vitest";
import { chainSnapshot, credentialsAt, peekLocation, touchedCount } from "../domain/locations.ts";
import { changePrice } from "../domain/menu.ts";
import type { Chain, Location } from "../domain/types.ts";
import { generateChain } from "./index.ts";

const NOW = Date.UTC(2025, 5, 14, 12, 30);
const chain = (locations: number, seed = "large"): Chain =>
  generateChain({ seed, locations, locale: "en", now: NOW });
const plain = (location: Location) => chainSnapshot({ locations: [location] }).locations[0];

// One 100,000-location chain for the file: its key index is the only thing built up front.
const large = chain(100_000);

describe("a chain of 100,000 locations", () => {
  it("brings no location into being until one is used", () => {
    const fresh = chain(100_000, "fresh");
    expect(fresh.locations).toHaveLength(100_000);
    expect(touchedCount(fresh.locations)).toBe(0);
    expect(fresh.locations[69_999]?.id).toBe("loc-70000");
    expect(touchedCount(fresh.locations)).toBe(1);
    expect(peekLocation(fresh.locations, 70_000)).toBe(fresh.locations[69_999]);
    expect(peekLocation(fresh.locations, 70_001)).toBeUndefined();
  });

  it("keeps four-digit ids for the first 9,999 and grows them past that", () => {
    expect([1, 42, 9_999, 10_000, 100_000].map((n) => large.locations[n - 1]?.id)).toEqual([
      "loc-0001",
      "loc-0042",
      "loc-9999",
      "loc-10000",
      "loc-100000",
    ]);
  });

  it("has location N the same as a chain of 100 has it, whatever was used before", () => {
    const small = chain(100);
    // Out of order on purpose: no location depends on the ones derived before it.
    for (const n of [100, 57, 1, 2]) {
      expect(plain(large.locations[n - 1] as Location)).toStrictEqual(
        plain(small.locations[n - 1] as Location),
      );
    }
    expect(chainSnapshot(chain(8)).locations.slice(0, 3)).toStrictEqual(chainSnapshot(chain(3)).locations);
  });

  it("tells a location's credentials without bringing it into being", () => {
    const fresh = chain(100_000, "credentials");
    const issued = credentialsAt(fresh.locations, 54_321);
    expect(touchedCount(fresh.locations)).toBe(0);
    expect(issued).toEqual(fresh.locations[54_320]?.credentials);
    expect(issued?.username).toBe("loc-54321");
    expect(credentialsAt(fresh.locations, 100_001)).toBeUndefined();
    expect(new Set([1, 2, 3, 99_999].map((n) => credentialsAt(fresh.locations, n)?.apiKey)).size).toBe(4);
  });
});

describe("menus of a large chain", () => {
  it("derives a menu let go for colder ones again, the same", () => {
    const c = chain(2_500, "menus");
    const first = c.locations[0] as Location;
    const menu = first.menu;
    const before = structuredClone(menu);
    // Using more locations than menus are held lets the first one's go.
    for (let i = 1; i < 2_500; i++) void c.locations[i]?.menu;
    expect(first.menu).not.toBe(menu);
    expect(first.menu).toStrictEqual(before);
  });

  it("keeps a menu that was changed: it cannot be derived again", () => {
    const c = chain(2_500, "changed");
    const first = c.locations[0] as Location;
    const product = first.menu.products.find((p) => p.variants.length === 0 && p.combo === null);
    if (!product) throw new Error("no plain product");
    const price = product.price + 100;
    changePrice(first, { productId: product.id, price }, NOW);
    for (let i = 1; i < 2_500; i++) void c.locations[i]?.menu;
    expect(first.menu.version).toBe(2);
    expect(first.menu.products.find((p) => p.id === product.id)?.price).toBe(price);
  });
});
