import type { ModifierKind } from "../domain/types.ts";
import type { CategoryKind, ComboKey, DishKind, GroupKey, VariantSetKey } from "./words.ts";

// Every menu has one of the main sections and all the required ones, so that at least two combos
// (lunch and coffee) can always be built.
export const MAIN_KINDS: readonly DishKind[] = ["mains", "burgers", "pizzas"];
export const REQUIRED_KINDS: readonly CategoryKind[] = ["combos", "desserts", "hotDrinks", "softDrinks"];
export const ALCOHOL_KINDS: ReadonlySet<CategoryKind> = new Set(["beers", "wines", "cocktails"]);

// Price range of a section's dishes in euro cents, before the locale's price scale.
export const PRICE_RANGES: Record<DishKind, readonly [number, number]> = {
  starters: [550, 1100],
  soups: [450, 800],
  salads: [850, 1400],
  mains: [1300, 2400],
  pasta: [1000, 1600],
  pizzas: [900, 1400],
  burgers: [1100, 1600],
  sides: [300, 550],
  kids: [650, 900],
  desserts: [500, 850],
  hotDrinks: [180, 420],
  softDrinks: [220, 420],
  beers: [320, 480],
  wines: [450, 800],
  cocktails: [800, 1200],
};

export interface GroupShape {
  kind: ModifierKind;
  min: number;
  // Undefined: as many as there are options.
  max?: number;
}

export const GROUP_SHAPES: Record<GroupKey, GroupShape> = {
  side: { kind: "choice", min: 1, max: 1 },
  dips: { kind: "add", min: 0, max: 3 },
  soupExtras: { kind: "add", min: 0, max: 3 },
  burgerExtras: { kind: "add", min: 0, max: 5 },
  burgerRemove: { kind: "remove", min: 0 },
  burgerSwap: { kind: "swap", min: 0, max: 1 },
  pizzaExtras: { kind: "add", min: 0, max: 5 },
  pizzaRemove: { kind: "remove", min: 0 },
  pizzaSwap: { kind: "swap", min: 0, max: 1 },
  saladDressing: { kind: "choice", min: 1, max: 1 },
  saladExtras: { kind: "add", min: 0, max: 3 },
  saladRemove: { kind: "remove", min: 0 },
  pastaExtras: { kind: "add", min: 0, max: 4 },
  pastaSwap: { kind: "swap", min: 0, max: 1 },
  milk: { kind: "swap", min: 0, max: 1 },
  coffeeExtras: { kind: "add", min: 0, max: 3 },
  drinkRemove: { kind: "remove", min: 0 },
  dessertExtras: { kind: "add", min: 0, max: 2 },
  kidsDrink: { kind: "choice", min: 1, max: 1 },
  spiritSwap: { kind: "swap", min: 0, max: 1 },
};

// Which modifier groups a section's dishes may carry, each with the chance that a dish does.
export const CATEGORY_GROUPS: Record<CategoryKind, readonly (readonly [GroupKey, number])[]> = {
  combos: [],
  starters: [["dips", 0.6]],
  soups: [["soupExtras", 0.7]],
  salads: [
    ["saladDressing", 0.8],
    ["saladExtras", 0.7],
    ["saladRemove", 0.4],
  ],
  mains: [
    ["side", 0.6],
    ["dips", 0.3],
  ],
  pasta: [
    ["pastaExtras", 0.7],
    ["pastaSwap", 0.5],
  ],
  pizzas: [
    ["pizzaExtras", 0.9],
    ["pizzaRemove", 0.5],
    ["pizzaSwap", 0.5],
  ],
  burgers: [
    ["side", 0.9],
    ["burgerExtras", 0.85],
    ["burgerRemove", 0.7],
    ["burgerSwap", 0.5],
  ],
  sides: [["dips", 0.5]],
  kids: [
    ["kidsDrink", 0.8],
    ["side", 0.3],
  ],
  desserts: [["dessertExtras", 0.5]],
  hotDrinks: [
    ["milk", 0.6],
    ["coffeeExtras", 0.5],
  ],
  softDrinks: [["drinkRemove", 0.6]],
  beers: [],
  wines: [],
  cocktails: [
    ["spiritSwap", 0.4],
    ["drinkRemove", 0.3],
  ],
};

// Which sections sell dishes in several sizes, and how often.
export const VARIANT_RULES: Partial<Record<CategoryKind, { set: VariantSetKey; chance: number }>> = {
  pizzas: { set: "sizes", chance: 0.7 },
  sides: { set: "sizes", chance: 0.2 },
  hotDrinks: { set: "sizes", chance: 0.4 },
  softDrinks: { set: "sizes", chance: 0.3 },
  beers: { set: "beer", chance: 0.8 },
  wines: { set: "wine", chance: 0.9 },
};

export interface ComboTemplate {
  key: ComboKey;
  // Sections each component draws its choices from, in the order of the locale's component names.
  components: readonly (readonly CategoryKind[])[];
  // Whether the last component may be dropped, making a lighter version of the deal.
  optionalLast: boolean;
}

const MAIN_COURSES: readonly CategoryKind[] = ["mains", "pasta", "pizzas", "burgers"];
const AFTERS: readonly CategoryKind[] = ["desserts", "hotDrinks"];

export const COMBO_TEMPLATES: readonly ComboTemplate[] = [
  { key: "set", components: [["starters", "soups", "salads"], MAIN_COURSES, AFTERS], optionalLast: false },
  { key: "lunch", components: [MAIN_COURSES, ["softDrinks", "beers", "wines"], AFTERS], optionalLast: true },
  { key: "burger", components: [["burgers"], ["sides"], ["softDrinks", "beers"]], optionalLast: false },
  { key: "pizza", components: [["pizzas"], ["softDrinks", "beers"]], optionalLast: false },
  { key: "kids", components: [["kids"], ["softDrinks"], ["desserts"]], optionalLast: true },
  { key: "coffee", components: [["hotDrinks"], ["desserts"]], optionalLast: false },
];
