// What a guest can order without choices: the products the load's guest orders are made of.

interface MenuBody {
  products?: { id?: unknown; soldOut?: unknown; combo?: unknown; modifierGroupIds?: unknown }[];
}

interface ModifiersBody {
  modifierGroups?: { id?: unknown; min?: unknown }[];
}

export const MAX_PICKS = 4;

/**
 * Up to MAX_PICKS products of a menu that can be ordered without choices: not sold out, not a
 * combo, no modifier group that requires a selection. Empty when either body is missing.
 */
export function orderableProducts(menu: unknown, modifiers: unknown): string[] {
  const products = (menu as MenuBody | undefined)?.products;
  const groups = (modifiers as ModifiersBody | undefined)?.modifierGroups;
  if (!Array.isArray(products) || !Array.isArray(groups)) return [];
  const required = new Set(groups.filter((g) => typeof g.min === "number" && g.min > 0).map((g) => g.id));
  const picks: string[] = [];
  for (const p of products) {
    if (picks.length === MAX_PICKS) break;
    if (typeof p.id !== "string" || p.soldOut !== false || (p.combo !== null && p.combo !== undefined))
      continue;
    const groupIds = Array.isArray(p.modifierGroupIds) ? p.modifierGroupIds : [];
    if (groupIds.some((g) => required.has(g))) continue;
    picks.push(p.id);
  }
  return picks;
}

/** Every location's picks, small enough to hand to each VU: product ids once, then indices. */
export interface PackedPicks {
  products: string[];
  /** Per location, its picks as base-36 indices into `products`, dot-separated. */
  byLocation: string[];
}

/**
 * Packs per-location picks for setup()'s result, which every VU parses before its first
 * iteration: at 10,000 locations the plain lists cost each VU a noticeable pause.
 */
export function packPicks(picks: string[][]): PackedPicks {
  const index = new Map<string, number>();
  const products: string[] = [];
  const byLocation = picks.map((ids) =>
    ids
      .map((id) => {
        let i = index.get(id);
        if (i === undefined) {
          i = products.push(id) - 1;
          index.set(id, i);
        }
        return i.toString(36);
      })
      .join("."),
  );
  return { products, byLocation };
}

/** The picks of location `i` (in credentials order) from packed picks. */
export function picksOf(packed: PackedPicks, i: number): string[] {
  const entry = packed.byLocation[i];
  if (entry === undefined || entry === "") return [];
  return entry.split(".").map((n) => packed.products[Number.parseInt(n, 36)] as string);
}
