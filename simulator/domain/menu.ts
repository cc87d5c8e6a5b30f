import { findProduct } from "./chain.ts";
import { type InvalidParam, PosError } from "./errors.ts";
import { emit } from "./events.ts";
import { keepMenu } from "./menu-cache.ts";
import type { Location, Menu, Minor, Product, Variant } from "./types.ts";

/** One new price: of a product's default variant (or the product itself), or of the variant named. */
export interface PriceChange {
  productId: string;
  variantId?: string | null;
  price: Minor;
  /** The new loyalty price; by default it keeps its proportion to the product's price. */
  loyaltyPrice?: Minor | null;
}

interface Resolved {
  product: Product;
  variant: Variant | null;
  change: PriceChange;
}

/**
 * Reprices products on a location's menu as a manager does before service. Every change is
 * checked first and a refused batch changes nothing; an accepted one moves `menu.version` once
 * (when any price really moved), so a connector's next refresh sees it. Order lines keep the
 * prices they were sold at: they copied them when they were keyed.
 */
export function changePrices(location: Location, changes: readonly PriceChange[], now: number): Menu {
  const menu = location.menu;
  const problems: InvalidParam[] = [];
  const resolved: Resolved[] = [];
  if (changes.length === 0) problems.push({ name: "changes", reason: "must contain at least one price" });
  changes.forEach((change, i) => {
    const at = `changes[${i}]`;
    const before = problems.length;
    checkPrice(change.price, `${at}.price`, problems);
    if (change.loyaltyPrice != null) checkPrice(change.loyaltyPrice, `${at}.loyaltyPrice`, problems);
    const product = findProduct(menu, change.productId);
    if (!product) {
      problems.push({ name: `${at}.productId`, reason: `no product '${change.productId}' on this menu` });
      return;
    }
    let variant: Variant | null = null;
    if (change.variantId != null) {
      variant = product.variants.find((v) => v.id === change.variantId) ?? null;
      if (!variant)
        problems.push({
          name: `${at}.variantId`,
          reason: `'${change.variantId}' is not a variant of ${product.id}`,
        });
    }
    if (change.loyaltyPrice != null && variant !== null && variant !== product.variants[0]) {
      problems.push({
        name: `${at}.loyaltyPrice`,
        reason: "only the default variant carries a loyalty price",
      });
    } else if (change.loyaltyPrice != null && change.loyaltyPrice > change.price) {
      problems.push({ name: `${at}.loyaltyPrice`, reason: "must not be above the price" });
    }
    if (problems.length === before) resolved.push({ product, variant, change });
  });
  if (problems.length > 0) {
    throw new PosError("VALIDATION", problems.map((p) => `${p.name}: ${p.reason}`).join("; "), {
      invalidParams: problems,
    });
  }
  // From here the menu is this location's own: it can no longer be derived again from the seed.
  keepMenu(location);
  let moved = false;
  for (const item of resolved) moved = apply(item) || moved;
  if (moved) {
    menu.version += 1;
    menu.updatedAt = now;
    emit({ type: "catalog.changed", location, productIds: resolved.map((r) => r.product.id), at: now });
  }
  return menu;
}

/** Reprices one product (or one of its variants); see {@link changePrices}. */
export function changePrice(location: Location, change: PriceChange, now: number): Menu {
  return changePrices(location, [change], now);
}

function checkPrice(price: unknown, name: string, problems: InvalidParam[]): void {
  if (typeof price !== "number" || !Number.isSafeInteger(price) || price < 0) {
    problems.push({ name, reason: "must be a whole, non-negative number of minor units" });
  }
}

function apply({ product, variant, change }: Resolved): boolean {
  const first = product.variants[0] ?? null;
  // The product's own price is its default variant's, so the two move together.
  const isDefault = variant === null || variant === first;
  let moved = false;
  if (variant !== null && variant.price !== change.price) {
    variant.price = change.price;
    moved = true;
  }
  if (isDefault) {
    if (variant === null && first !== null && first.price !== change.price) {
      first.price = change.price;
      moved = true;
    }
    const old = product.price;
    if (old !== change.price) {
      product.price = change.price;
      moved = true;
    }
    if (change.loyaltyPrice !== undefined) {
      if (product.loyaltyPrice !== change.loyaltyPrice) moved = true;
      product.loyaltyPrice = change.loyaltyPrice;
    } else if (product.loyaltyPrice !== null && old !== change.price) {
      // Card holders keep the same share off, never paying more than everyone else.
      const scaled = old === 0 ? change.price : Math.round((product.loyaltyPrice * change.price) / old);
      product.loyaltyPrice = Math.min(change.price, scaled);
    }
  }
  return moved;
}
