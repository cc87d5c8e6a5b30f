import type { BasisPoints, Minor } from "../domain/types.ts";
import type { Random } from "../random/index.ts";
import { CATEGORY_GROUPS, PRICE_RANGES, VARIANT_RULES } from "./catalogue.ts";
import type { LocaleProfile } from "./locales.ts";
import { drawPrice, menuPrice, taxRateFor } from "./prices.ts";
import { sample, shuffle } from "./util.ts";
import { type CategoryKind, type DishKind, type GroupKey, splitDish } from "./words.ts";

// A product before it has an id: combos point at drafts, and ids follow the final menu order.
export interface Draft {
  kind: CategoryKind;
  name: string;
  description: string;
  price: Minor;
  taxRate: BasisPoints;
  variants: { suffix: string; name: string; price: Minor }[];
  groupKeys: GroupKey[];
  combo: ComboDraft[] | null;
}

export interface ComboDraft {
  name: string;
  choices: Draft[];
  upcharges: Map<Draft, Minor>;
}

// Menus list at least this many base dishes, and leave room for combos and a location's own dishes under 150.
const MIN_DISHES = 40;
const MAX_DISHES = 141;
const MIN_PER_SECTION = 2;

/** One dish of a section, priced, sized and given its modifier groups. */
export function draftDish(rng: Random, profile: LocaleProfile, kind: DishKind, entry: string): Draft {
  const { name, description } = splitDish(entry);
  const price = drawPrice(rng, profile, PRICE_RANGES[kind]);
  const rule = VARIANT_RULES[kind];
  const variants: Draft["variants"] = [];
  if (rule && rng.chance(rule.chance)) {
    let previous = 0;
    for (const [suffix, variantName, ratio] of profile.words.variants[rule.set]) {
      const drawn = previous === 0 ? price : menuPrice(rng, profile, (price * ratio) / profile.priceScale);
      // Rounding must never make a bigger size cheaper than (or as cheap as) a smaller one.
      previous = previous === 0 ? drawn : Math.max(drawn, previous + profile.priceStep);
      variants.push({ suffix, name: variantName, price: previous });
    }
  }
  const groupKeys = CATEGORY_GROUPS[kind].filter(([, chance]) => rng.chance(chance)).map(([key]) => key);
  return {
    kind,
    name,
    description,
    price,
    taxRate: taxRateFor(profile, kind),
    variants,
    groupKeys,
    combo: null,
  };
}

/** The chain's dishes for the chosen sections, grouped by section in menu order. */
export function draftDishes(
  rng: Random,
  profile: LocaleProfile,
  kinds: readonly DishKind[],
): Map<DishKind, Draft[]> {
  const counts = dishCounts(rng, profile, kinds);
  const out = new Map<DishKind, Draft[]>();
  for (const kind of kinds) {
    const entries = sample(rng, profile.dishes[kind].dishes, counts.get(kind) ?? 0);
    out.set(
      kind,
      entries.map((entry) => draftDish(rng, profile, kind, entry)),
    );
  }
  ensureModifierShare(rng, [...out.values()].flat(), 0.4);
  return out;
}

function dishCounts(rng: Random, profile: LocaleProfile, kinds: readonly DishKind[]): Map<DishKind, number> {
  const capacity = new Map(kinds.map((kind) => [kind, profile.dishes[kind].dishes.length]));
  let room = 0;
  for (const size of capacity.values()) room += size;
  const target = rng.int(MIN_DISHES, Math.min(MAX_DISHES, room));
  const counts = new Map(kinds.map((kind) => [kind, Math.min(MIN_PER_SECTION, capacity.get(kind) ?? 0)]));
  let placed = 0;
  for (const count of counts.values()) placed += count;
  while (placed < target) {
    const open = kinds.filter((kind) => (counts.get(kind) ?? 0) < (capacity.get(kind) ?? 0));
    const kind = rng.pick(open);
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
    placed++;
  }
  return counts;
}

// Connectors must cope with modifiers, so a menu where the dice left most dishes bare is topped up:
// dishes whose section has groups get its first group until `share` of the dishes have one.
function ensureModifierShare(rng: Random, drafts: Draft[], share: number): void {
  let have = drafts.filter((draft) => draft.groupKeys.length > 0).length;
  const want = Math.ceil(drafts.length * share);
  for (const draft of shuffle(rng, drafts)) {
    if (have >= want) return;
    const first = CATEGORY_GROUPS[draft.kind][0];
    if (draft.groupKeys.length > 0 || !first) continue;
    draft.groupKeys.push(first[0]);
    have++;
  }
}
