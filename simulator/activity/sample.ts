import type { ItemInput } from "../domain/lines.ts";
import type { Location, Product } from "../domain/types.ts";
import type { Random } from "../random/index.ts";

/** A valid item a guest might order: a variant, modifiers within each group's bounds, combo picks. */
export function sampleItem(location: Location, rng: Random, product?: Product): ItemInput {
  // Filtering the whole menu is only needed when no product was chosen: activity calls this per item.
  const chosen = product ?? rng.pick(location.menu.products.filter((p) => !location.soldOut.has(p.id)));
  const item: ItemInput = { productId: chosen.id, quantity: rng.chance(0.8) ? 1 : rng.int(2, 4) };
  if (chosen.variants.length > 0) item.variantId = rng.pick(chosen.variants).id;
  const modifiers: { optionId: string }[] = [];
  for (const groupId of chosen.modifierGroupIds) {
    const group = location.menu.modifierGroups.find((g) => g.id === groupId);
    if (!group || group.options.length === 0) continue;
    const want = Math.min(group.options.length, group.max, Math.max(group.min, rng.chance(0.3) ? 1 : 0));
    const options = [...group.options];
    for (let i = 0; i < want; i++) {
      const [option] = options.splice(rng.int(0, options.length - 1), 1);
      if (option) modifiers.push({ optionId: option.id });
    }
  }
  if (modifiers.length > 0) item.modifiers = modifiers;
  if (chosen.combo) {
    item.combo = chosen.combo.map((component) => {
      const inStock = component.productIds.filter((id) => !location.soldOut.has(id));
      return {
        componentId: component.id,
        productId: rng.pick(inStock.length > 0 ? inStock : component.productIds),
      };
    });
  }
  return item;
}
