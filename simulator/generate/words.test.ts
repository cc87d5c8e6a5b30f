import { describe, expect, it } from "vitest";
import type { LocaleCode } from "../domain/types.ts";
import { GROUP_SHAPES } from "./catalogue.ts";
import { CATEGORY_KINDS, dishesFor, splitDish, wordsFor } from "./words.ts";

const LOCALES: readonly LocaleCode[] = ["en", "es", "fr", "pl"];

describe.each(LOCALES)("%s word lists", (locale) => {
  const dishes = dishesFor(locale);
  const words = wordsFor(locale);

  it("has at least 12 dishes per section, so small menus still reach 40 products", () => {
    for (const kind of CATEGORY_KINDS) {
      if (kind !== "combos") expect(dishes[kind].dishes.length, kind).toBeGreaterThanOrEqual(12);
    }
  });

  it("never repeats a product name, across sections, specials and combos", () => {
    const names = [
      ...Object.values(dishes).flatMap((section) => section.dishes.map((entry) => splitDish(entry).name)),
      ...words.specials.map(([, entry]) => splitDish(entry).name),
      ...Object.values(words.combos).map((combo) => combo.name),
    ].map((name) => name.toLowerCase());
    expect(new Set(names).size).toBe(names.length);
  });

  it("names what a swap replaces, and only for swaps", () => {
    for (const [key, group] of Object.entries(words.groups)) {
      const swap = GROUP_SHAPES[key as keyof typeof GROUP_SHAPES].kind === "swap";
      for (const [name, ingredient, , replaces] of group.options) {
        expect(name, key).not.toBe("");
        expect(ingredient, key).not.toBe("");
        expect(replaces !== undefined, `${key}: ${name}`).toBe(swap);
      }
    }
  });

  it("names every combo component", () => {
    for (const combo of Object.values(words.combos)) {
      expect(combo.components.length).toBeGreaterThanOrEqual(2);
    }
  });
});
