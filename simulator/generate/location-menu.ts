import type { Menu, Product } from "../domain/types.ts";
import type { Random } from "../random/index.ts";
import { draftDish } from "./drafts.ts";
import type { LocaleProfile } from "./locales.ts";
import type { BaseMenu } from "./menu.ts";
import { loyaltyPriceOf, varyPrice } from "./prices.ts";
import { pad, sample, shuffle } from "./util.ts";

// Locations price the chain menu up to this much above or below the base.
const PRICE_SPREAD = 0.12;
const MAX_LOCAL_DISHES = 4;
const MAX_SOLD_OUT = 3;

export interface LocationMenu {
  menu: Menu;
  soldOut: Map<string, { since: number }>;
}

/** The location's own copy of the chain menu: its prices, a few dishes of its own, a few sold out. */
export function locationMenu(
  rng: Random,
  profile: LocaleProfile,
  base: BaseMenu,
  locationNumber: number,
  now: number,
): LocationMenu {
  const factor = 1 - PRICE_SPREAD + rng.next() * 2 * PRICE_SPREAD;
  const locals = localDishes(rng, profile, base, locationNumber);
  const products: Product[] = [];
  base.categories.forEach((category, i) => {
    for (const product of base.sections[i] ?? []) products.push(copyProduct(product, factor));
    for (const product of locals) {
      if (product.categoryId === category.id) products.push(copyProduct(product, factor));
    }
  });

  const soldOut = new Map<string, { since: number }>();
  const sellable = products.filter((product) => product.combo === null);
  for (const product of sample(rng, sellable, rng.int(0, MAX_SOLD_OUT))) {
    soldOut.set(product.id, { since: now });
  }

  return {
    menu: {
      version: 1,
      updatedAt: now,
      categories: base.categories.map((category) => ({ ...category })),
      products,
      modifierGroups: base.modifierGroups.map((group) => ({
        ...group,
        options: group.options.map((option) => ({ ...option })),
      })),
    },
    soldOut,
  };
}

// Only in sections the chain menu has, so no category exists for a single local dish.
function localDishes(rng: Random, profile: LocaleProfile, base: BaseMenu, locationNumber: number): Product[] {
  const fitting = profile.words.specials.filter(([kind]) => base.categoryIds.has(kind));
  const chosen = shuffle(rng, fitting).slice(0, rng.int(0, MAX_LOCAL_DISHES));
  return chosen.map(([kind, entry], i) => {
    const draft = draftDish(rng, profile, kind, entry);
    const id = `prod-L${pad(locationNumber, 4)}-${i + 1}`;
    return {
      id,
      categoryId: base.categoryIds.get(kind) as string,
      name: draft.name,
      description: draft.description,
      price: draft.variants[0]?.price ?? draft.price,
      loyaltyPrice: null,
      taxRate: draft.taxRate,
      variants: draft.variants.map((variant) => ({
        id: `${id}-${variant.suffix}`,
        name: variant.name,
        price: variant.price,
      })),
      modifierGroupIds: draft.groupKeys.flatMap((key) => base.groupIds.get(key) ?? []),
      combo: null,
      local: true,
    };
  });
}

// Deep, because every location's menu gets edited on its own; member prices follow the new price.
function copyProduct(product: Product, factor: number): Product {
  const variants = product.variants.map((variant) => ({
    id: variant.id,
    name: variant.name,
    price: varyPrice(variant.price, factor),
  }));
  const price = variants[0]?.price ?? varyPrice(product.price, factor);
  return {
    ...product,
    price,
    loyaltyPrice: product.loyaltyPrice === null ? null : loyaltyPriceOf(price),
    variants,
    modifierGroupIds: product.modifierGroupIds.slice(),
    combo:
      product.combo?.map((component) => ({
        ...component,
        productIds: component.productIds.slice(),
        upcharges: { ...component.upcharges },
      })) ?? null,
  };
}
