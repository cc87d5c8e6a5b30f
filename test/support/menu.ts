import type { Location, Product } from "../../simulator/domain/types.ts";

/** Products a guest can order with no required choices: no combo, no modifier group with a minimum. */
export function simpleProducts(location: Location): Product[] {
  return location.menu.products.filter(
    (p) =>
      !p.combo &&
      !location.soldOut.has(p.id) &&
      p.modifierGroupIds.every(
        (id) => (location.menu.modifierGroups.find((g) => g.id === id)?.min ?? 0) === 0,
      ),
  );
}

export function simpleProduct(location: Location, index = 0): Product {
  const list = simpleProducts(location);
  const p = list[index % list.length];
  if (!p) throw new Error(`${location.id} has no simple product`);
  return p;
}

/** A product with an optional priced modifier ("add" kind), and that option. */
export function productWithExtra(location: Location) {
  for (const product of simpleProducts(location)) {
    for (const groupId of product.modifierGroupIds) {
      const group = location.menu.modifierGroups.find((g) => g.id === groupId);
      const option = group?.options.find((o) => o.price > 0);
      if (group && option && group.max >= 1) return { product, group, option };
    }
  }
  throw new Error(`${location.id} has no product with a priced extra`);
}

export function firstTable(location: Location) {
  const table = location.areas[0]?.tables[0];
  if (!table) throw new Error("no table");
  return table;
}

/** A table no order is open on. */
export function freeTable(location: Location) {
  const busy = new Set(
    [...location.orders.values()].filter((o) => o.status === "open").map((o) => o.tableId),
  );
  const table = location.areas.flatMap((a) => a.tables).find((t) => !busy.has(t.id));
  if (!table) throw new Error("no free table");
  return table;
}
