import { describe, expect, it } from "vitest";
import { setSoldOut } from "../domain/staff.ts";
import type { Location, Product } from "../domain/types.ts";
import { generateChain } from "../generate/index.ts";
import { Random } from "../random/index.ts";
import { pickItems } from "./courses.ts";
import { orderable, sampleItem } from "./sample.ts";

const NOW = Date.UTC(2026, 2, 13, 12, 30);

function withCombo(): { location: Location; combo: Product; chain: ReturnType<typeof generateChain> } {
  const chain = generateChain({ seed: "sample", locations: 1, locale: "en", now: NOW });
  const location = chain.locations[0] as Location;
  const combo = location.menu.products.find((p) => p.combo && p.combo.length > 0);
  if (!combo) throw new Error("no combo on this menu");
  return { location, combo, chain };
}

describe("what staff key", () => {
  it("picks a combo's parts among what is in stock", () => {
    const { location, combo } = withCombo();
    const [first] = combo.combo ?? [];
    const [out, ...rest] = first?.productIds ?? [];
    if (!out || rest.length === 0) throw new Error("the combo's first part has one choice");
    setSoldOut(location, out, true, NOW);
    for (let i = 0; i < 50; i++) {
      const item = sampleItem(location, new Random(i), combo);
      expect(item?.combo?.map((s) => s.productId)).not.toContain(out);
    }
  });

  it("does not key a combo one of whose parts is sold out in every choice: null, never a sold-out item", () => {
    const { location, combo } = withCombo();
    for (const id of combo.combo?.[0]?.productIds ?? []) setSoldOut(location, id, true, NOW);
    expect(orderable(location, combo)).toBe(false);
    expect(sampleItem(location, new Random(1), combo)).toBeNull();
    // Any dish: never that combo.
    for (let i = 0; i < 200; i++) expect(sampleItem(location, new Random(i))?.productId).not.toBe(combo.id);
  });

  it("keys nothing when nothing can be had", () => {
    const { location, chain } = withCombo();
    for (const p of location.menu.products) setSoldOut(location, p.id, true, NOW);
    expect(sampleItem(location, new Random(1))).toBeNull();
    expect(pickItems(chain, location, "mains", 3, new Random(1))).toEqual([]);
  });
});
