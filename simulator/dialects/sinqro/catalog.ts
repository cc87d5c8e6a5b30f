import { businessDate } from "../../domain/business-day.ts";
import { notFound } from "../../domain/errors.ts";
import { activeClosure, isScheduledOpen, WEEKDAYS } from "../../domain/schedule.ts";
import type { Location, ModifierGroup, ModifierOption, Product, Variant } from "../../domain/types.ts";

/**
 * The location's menu as Sinqro's online catalog: one menu ("main") of sections
 * (categories), products, variants, option categories (modifier groups) and options.
 */

export const MENU_ID = "main";
const iso = (t: number) => new Date(t).toISOString();

/** The one item of `items` with this id, or NOT_FOUND naming what was asked for. */
export function one<T extends { id: string }>(items: readonly T[], what: string, id: string): T {
  const found = items.find((item) => item.id === id);
  if (!found) throw notFound(what, id);
  return found;
}

export function menus(location: Location) {
  const { menu } = location;
  return [
    {
      id: MENU_ID,
      name: location.name,
      currency: location.currency,
      sectionIds: [...menu.categories].sort((a, b) => a.position - b.position).map((c) => c.id),
      version: menu.version,
      updatedAt: iso(menu.updatedAt),
    },
  ];
}

export function sections(location: Location) {
  return [...location.menu.categories]
    .sort((a, b) => a.position - b.position)
    .map((c) => ({
      id: c.id,
      menuId: MENU_ID,
      name: c.name,
      position: c.position,
      productIds: location.menu.products.filter((p) => p.categoryId === c.id).map((p) => p.id),
    }));
}

export function products(location: Location) {
  return location.menu.products.map((p: Product) => ({
    id: p.id,
    sectionId: p.categoryId,
    name: p.name,
    description: p.description,
    price: p.price,
    loyaltyPrice: p.loyaltyPrice,
    taxRate: p.taxRate,
    available: !location.soldOut.has(p.id),
    variantIds: p.variants.map((v) => v.id),
    optionCategoryIds: [...p.modifierGroupIds],
    comboItems:
      p.combo?.map((c) => ({
        componentId: c.id,
        name: c.name,
        productIds: [...c.productIds],
        upcharges: { ...c.upcharges },
      })) ?? null,
  }));
}

export function variants(location: Location) {
  return location.menu.products.flatMap((p) =>
    p.variants.map((v: Variant, i) => ({
      id: v.id,
      productId: p.id,
      name: v.name,
      price: v.price,
      isDefault: i === 0,
    })),
  );
}

export function optionCategories(location: Location) {
  return location.menu.modifierGroups.map((g: ModifierGroup) => ({
    id: g.id,
    name: g.name,
    minSelections: g.min,
    maxSelections: g.max,
    optionIds: g.options.map((o) => o.id),
    productIds: location.menu.products.filter((p) => p.modifierGroupIds.includes(g.id)).map((p) => p.id),
  }));
}

export function options(location: Location) {
  return location.menu.modifierGroups.flatMap((g) =>
    g.options.map((o: ModifierOption) => ({
      id: o.id,
      optionCategoryId: g.id,
      name: o.name,
      kind: o.kind.toUpperCase() as "ADD" | "REMOVE" | "SWAP" | "CHOICE",
      ingredient: o.ingredient,
      replaces: o.replaces,
      price: o.price,
    })),
  );
}

/** Open by the weekly schedule and not temporarily closed. */
export function openNow(location: Location, now: number): boolean {
  return activeClosure(location, now) === null && isScheduledOpen(location, now);
}

export function restaurant(location: Location, now: number) {
  return {
    id: location.id,
    name: location.name,
    timezone: location.timezone,
    currency: location.currency,
    address: { ...location.address },
    posOnline: location.online,
    openNow: openNow(location, now),
    temporarilyClosed: activeClosure(location, now) !== null,
    time: iso(now),
    businessDate: businessDate(now, location.timezone, location.closeoutHour),
  };
}

export function schedule(location: Location, now: number) {
  return {
    restaurantId: location.id,
    timezone: location.timezone,
    openNow: openNow(location, now),
    week: WEEKDAYS.map((day) => ({
      day: day.toUpperCase() as Uppercase<typeof day>,
      slots: location.schedule[day].map((w) => ({ from: w.opens, to: w.closes })),
    })),
  };
}

export function temporaryClosing(location: Location, now: number) {
  const closure = activeClosure(location, now);
  return {
    restaurantId: location.id,
    closed: closure !== null,
    since: closure ? iso(closure.since) : null,
    until: closure?.until == null ? null : iso(closure.until),
    reason: closure?.reason ?? null,
  };
}
