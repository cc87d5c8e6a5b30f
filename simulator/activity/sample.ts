import type { ItemInput } from "../domain/lines.ts";
import type { Location, Product } from "../domain/types.ts";
import type { Random } from "../random/index.ts";

/** Whether staff can key the product now: in stock, and for a combo some choice of every component too. */
export function orderable(location: Location, product: Product): boolean {
  if (location.soldOut.has(product.id)) return false;
  return (product.combo ?? []).every((c) => c.productIds.some((id) => !location.soldOut.has(id)));
}

/**
 * A valid item a guest might order: a variant, modifiers within each group's bounds, combo
 * picks among what is in stock. Without `product`, any orderable product of the menu. Null
 * when there is nothing to key: the product (or, without one, every product) cannot be had
 * now — staff pick another dish or leave the item out, they never key a sold-out one.
 */
export function sampleItem(location: Location, rng: Random, product?: Product): ItemInput | null {
  let chosen: Product;
  if (product) {
    if (!orderable(location, product)) return null;
    chosen = product;
  } else {
    // Filtering the whole menu is only needed when no product was chosen: activity calls this per item.
    const available = location.menu.products.filter((p) => orderable(location, p));
    if (available.length === 0) return null;
    chosen = rng.pick(available);
  }
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
    // Orderable, so every component has a choice in stock.
    item.combo = chosen.combo.map((component) => ({
      componentId: component.id,
      productId: rng.pick(component.productIds.filter((id) => !location.soldOut.has(id))),
    }));
  }
  return item;
}
