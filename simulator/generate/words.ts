import type { LocaleCode } from "../domain/types.ts";
import { dishesEn } from "./dishes-en.ts";
import { dishesEs } from "./dishes-es.ts";
import { dishesFr } from "./dishes-fr.ts";
import { dishesPl } from "./dishes-pl.ts";
import { wordsEn } from "./words-en.ts";
import { wordsEs } from "./words-es.ts";
import { wordsFr } from "./words-fr.ts";
import { wordsPl } from "./words-pl.ts";

// Menu sections, listed in the order a menu prints them.
export const CATEGORY_KINDS = [
  "combos",
  "starters",
  "soups",
  "salads",
  "mains",
  "pasta",
  "pizzas",
  "burgers",
  "sides",
  "kids",
  "desserts",
  "hotDrinks",
  "softDrinks",
  "beers",
  "wines",
  "cocktails",
] as const;

export type CategoryKind = (typeof CATEGORY_KINDS)[number];
// Every section but the combos, whose products are built from the others.
export type DishKind = Exclude<CategoryKind, "combos">;

export type GroupKey =
  | "side"
  | "dips"
  | "soupExtras"
  | "burgerExtras"
  | "burgerRemove"
  | "burgerSwap"
  | "pizzaExtras"
  | "pizzaRemove"
  | "pizzaSwap"
  | "saladDressing"
  | "saladExtras"
  | "saladRemove"
  | "pastaExtras"
  | "pastaSwap"
  | "milk"
  | "coffeeExtras"
  | "drinkRemove"
  | "dessertExtras"
  | "kidsDrink"
  | "spiritSwap";

export type ComboKey = "set" | "lunch" | "burger" | "pizza" | "kids" | "coffee";
export type VariantSetKey = "sizes" | "beer" | "wine";

// A variant: id suffix, display name, price relative to the first variant.
export type VariantWords = readonly [suffix: string, name: string, ratio: number];

// A modifier option: display name, ingredient, price in euro cents before the locale's scale, replaced ingredient.
export type OptionWords = readonly [name: string, ingredient: string, price: number, replaces?: string];

export interface CategoryWords {
  name: string;
  // "Dish name: description"; the description may be left out (drinks).
  dishes: readonly string[];
}

export type DishWords = Record<DishKind, CategoryWords>;

export type ModifierWords = Record<GroupKey, { name: string; options: readonly OptionWords[] }>;

export interface LocaleWords {
  // Country name as written in the locale, for addresses.
  country: string;
  // Real towns to use instead of the faker locale's invented ones, when it has none.
  cities?: readonly string[];
  brand: {
    // Placeholders: {adj}, {noun}, {noun2}, {first}, {last}.
    patterns: readonly string[];
    adjectives: readonly string[];
    nouns: readonly string[];
  };
  // Loyalty programme name; {brand} is the chain name.
  loyalty: string;
  comboCategory: string;
  groups: ModifierWords;
  variants: Record<VariantSetKey, readonly VariantWords[]>;
  combos: Record<ComboKey, { name: string; components: readonly string[] }>;
  // Dishes a single location may add to its menu: regional or house specialities.
  specials: readonly (readonly [DishKind, string])[];
  areas: { main: string; outdoor: string; bar: string; upstairs: string };
  table: string;
  terminals: { counter: string; handheld: string; bar: string };
}

const WORDS: Record<LocaleCode, LocaleWords> = { en: wordsEn, es: wordsEs, fr: wordsFr, pl: wordsPl };
const DISHES: Record<LocaleCode, DishWords> = { en: dishesEn, es: dishesEs, fr: dishesFr, pl: dishesPl };

export function wordsFor(locale: LocaleCode): LocaleWords {
  return WORDS[locale];
}

export function dishesFor(locale: LocaleCode): DishWords {
  return DISHES[locale];
}

/** Splits "Name: description" into its parts. */
export function splitDish(entry: string): { name: string; description: string } {
  const at = entry.indexOf(": ");
  if (at < 0) return { name: entry, description: "" };
  return { name: entry.slice(0, at), description: entry.slice(at + 2) };
}
