import type { Category, ModifierGroup, Product } from "../domain/types.ts";
import type { Random } from "../random/index.ts";
import { CATEGORY_GROUPS, GROUP_SHAPES, MAIN_KINDS, REQUIRED_KINDS } from "./catalogue.ts";
import { draftCombos } from "./combos.ts";
import { type Draft, draftDishes } from "./drafts.ts";
import type { LocaleProfile } from "./locales.ts";
import { extraPrice, loyaltyPriceOf } from "./prices.ts";
import { pad, shuffle } from "./util.ts";
import { CATEGORY_KINDS, type CategoryKind, type DishKind, type GroupKey } from "./words.ts";

export interface BaseMenu {
  categories: Category[];
  // Products of each category, in category order.
  sections: Product[][];
  modifierGroups: ModifierGroup[];
  categoryIds: Map<CategoryKind, string>;
  groupIds: Map<GroupKey, string>;
}

const SHARE_IN_LOYALTY = 0.25;

export function generateBaseMenu(rng: Random, profile: LocaleProfile, loyalty: boolean): BaseMenu {
  const kinds = pickKinds(rng);
  const categories = kinds.map((kind, i) => ({
    id: `cat-${pad(i + 1, 2)}`,
    name: kind === "combos" ? profile.words.comboCategory : profile.dishes[kind].name,
    position: i + 1,
  }));
  const categoryIds = new Map(kinds.map((kind, i) => [kind, (categories[i] as Category).id]));
  const { modifierGroups, groupIds } = buildGroups(profile, kinds);

  const dishKinds = kinds.filter((kind): kind is DishKind => kind !== "combos");
  const dishes: Map<CategoryKind, Draft[]> = draftDishes(rng, profile, dishKinds);
  dishes.set("combos", draftCombos(rng, profile, dishes));

  const ids = new Map<Draft, string>();
  for (const kind of kinds) {
    for (const draft of dishes.get(kind) ?? []) ids.set(draft, `prod-${pad(ids.size + 1, 3)}`);
  }
  const idOf = (draft: Draft) => ids.get(draft) as string;
  const sections = kinds.map((kind) =>
    (dishes.get(kind) ?? []).map((draft) =>
      toProduct(draft, idOf(draft), categoryIds.get(kind) as string, groupIds, idOf),
    ),
  );
  if (loyalty) enrolInLoyalty(rng, sections.flat());
  return { categories, sections, modifierGroups, categoryIds, groupIds };
}

function pickKinds(rng: Random): CategoryKind[] {
  const chosen = new Set<CategoryKind>([rng.pick(MAIN_KINDS), ...REQUIRED_KINDS]);
  const rest = shuffle(
    rng,
    CATEGORY_KINDS.filter((kind) => !chosen.has(kind)),
  );
  const total = rng.int(5, 15);
  for (const kind of rest.slice(0, total - chosen.size)) chosen.add(kind);
  return CATEGORY_KINDS.filter((kind) => chosen.has(kind));
}

// Every group a chosen section can use, numbered in menu order so the ids read top to bottom.
function buildGroups(profile: LocaleProfile, kinds: readonly CategoryKind[]) {
  const modifierGroups: ModifierGroup[] = [];
  const groupIds = new Map<GroupKey, string>();
  for (const kind of kinds) {
    for (const [key] of CATEGORY_GROUPS[kind]) {
      if (groupIds.has(key)) continue;
      const number = pad(modifierGroups.length + 1, 2);
      const words = profile.words.groups[key];
      const shape = GROUP_SHAPES[key];
      groupIds.set(key, `mg-${number}`);
      modifierGroups.push({
        id: `mg-${number}`,
        name: words.name,
        min: shape.min,
        max: Math.min(shape.max ?? words.options.length, words.options.length),
        options: words.options.map(([name, ingredient, price, replaces], i) => ({
          id: `mo-${number}-${i + 1}`,
          name,
          kind: shape.kind,
          ingredient,
          replaces: shape.kind === "swap" ? (replaces ?? null) : null,
          price: shape.kind === "remove" ? 0 : extraPrice(profile, price),
        })),
      });
    }
  }
  return { modifierGroups, groupIds };
}

function toProduct(
  draft: Draft,
  id: string,
  categoryId: string,
  groupIds: ReadonlyMap<GroupKey, string>,
  idOf: (draft: Draft) => string,
): Product {
  return {
    id,
    categoryId,
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
    modifierGroupIds: draft.groupKeys.map((key) => groupIds.get(key) as string),
    combo:
      draft.combo?.map((component, i) => ({
        id: `${id}-c${i + 1}`,
        name: component.name,
        productIds: component.choices.map(idOf),
        upcharges: Object.fromEntries(
          [...component.upcharges].map(([choice, amount]) => [idOf(choice), amount]),
        ),
      })) ?? null,
    local: false,
  };
}

// A quarter of the menu gets a member price. Products with sizes stay out: a single loyalty price
// cannot say which size it is for.
function enrolInLoyalty(rng: Random, products: Product[]): void {
  const eligible = products.filter((product) => product.variants.length === 0);
  const count = Math.round(products.length * SHARE_IN_LOYALTY);
  for (const product of shuffle(rng, eligible).slice(0, count)) {
    product.loyaltyPrice = loyaltyPriceOf(product.price);
  }
}
