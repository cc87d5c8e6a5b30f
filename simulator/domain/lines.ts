import { findProduct } from "./chain.ts";
import { type InvalidParam, PosError } from "./errors.ts";
import type { ComboSelection, LineModifier, Location, OrderLine, Product } from "./types.ts";

/** One item as a connector or a terminal asks for it. */
export interface ItemInput {
  productId: string;
  variantId?: string | null;
  quantity: number;
  modifiers?: { optionId: string; quantity?: number }[];
  combo?: { componentId: string; productId: string }[];
  note?: string | null;
}

/**
 * Turns requested items into priced order lines, checking them against the location's
 * menu the way a POS does: every problem is collected so one reply names them all, each
 * named where the request carries it (`body.items[0].productId`).
 */
export function buildLines(
  location: Location,
  items: readonly ItemInput[],
  round: number,
  loyalty: boolean,
  path = "body.items",
): OrderLine[] {
  const problems: InvalidParam[] = [];
  const unavailable: string[] = [];
  const lines: Omit<OrderLine, "id">[] = [];
  if (items.length === 0) problems.push({ name: path, reason: "must contain at least one item" });
  items.forEach((item, i) => {
    const at = `${path}[${i}]`;
    const product = findProduct(location.menu, item.productId);
    if (!product) {
      problems.push({
        name: `${at}.productId`,
        reason: `no product '${item.productId}' on this location's menu`,
      });
      return;
    }
    const line = priceLine(location, product, item, at, problems, round, loyalty);
    if (!line) return;
    // A combo is as sold out as the component a guest chose in it.
    for (const id of [product.id, ...line.comboSelections.map((s) => s.productId)]) {
      if (location.soldOut.has(id) && !unavailable.includes(id)) unavailable.push(id);
    }
    lines.push(line);
  });
  if (problems.length > 0) {
    throw new PosError("VALIDATION", problems.map((p) => `${p.name}: ${p.reason}`).join("; "), {
      invalidParams: problems,
    });
  }
  if (unavailable.length > 0) {
    throw new PosError("ITEM_UNAVAILABLE", `sold out: ${unavailable.join(", ")}`, {
      extensions: { productIds: unavailable },
    });
  }
  // Numbered only once the whole round is good: a refused request uses up nothing.
  return lines.map((line) => ({ id: `ln-${++location.counters.line}`, ...line }));
}

function priceLine(
  location: Location,
  product: Product,
  item: ItemInput,
  at: string,
  problems: InvalidParam[],
  round: number,
  loyalty: boolean,
): Omit<OrderLine, "id"> | null {
  const before = problems.length;
  let unitPrice = product.price;
  let variantName = "";
  if (item.variantId != null) {
    const variant = product.variants.find((v) => v.id === item.variantId);
    if (!variant)
      problems.push({
        name: `${at}.variantId`,
        reason: `'${item.variantId}' is not a variant of ${product.id}`,
      });
    else {
      unitPrice = variant.price;
      variantName = variant.name;
    }
  } else if (product.variants.length > 0) {
    const first = product.variants[0];
    if (first) {
      unitPrice = first.price;
      variantName = first.name;
    }
  }
  const listPrice = unitPrice;
  // A loyalty price applies to the base price only; variants keep their own price steps.
  if (loyalty && product.loyaltyPrice !== null)
    unitPrice = Math.max(0, unitPrice - (product.price - product.loyaltyPrice));
  const modifiers = resolveModifiers(location, product, item, at, problems);
  const comboSelections = resolveCombo(location, product, item, at, problems);
  if (problems.length > before) return null;
  return {
    kind: "item",
    round,
    productId: product.id,
    variantId: item.variantId ?? product.variants[0]?.id ?? null,
    name: variantName ? `${product.name} (${variantName})` : product.name,
    quantity: item.quantity,
    unitPrice,
    listPrice,
    taxRate: product.taxRate,
    modifiers,
    comboSelections,
    note: item.note ?? null,
    voided: false,
    voidedAt: null,
  };
}

function resolveModifiers(
  location: Location,
  product: Product,
  item: ItemInput,
  at: string,
  problems: InvalidParam[],
): LineModifier[] {
  const chosen: LineModifier[] = [];
  const perGroup = new Map<string, number>();
  const groups = location.menu.modifierGroups.filter((g) => product.modifierGroupIds.includes(g.id));
  (item.modifiers ?? []).forEach((m, j) => {
    const group = groups.find((g) => g.options.some((o) => o.id === m.optionId));
    const option = group?.options.find((o) => o.id === m.optionId);
    if (!group || !option) {
      problems.push({
        name: `${at}.modifiers[${j}].optionId`,
        reason: `'${m.optionId}' is not a modifier of ${product.id}`,
      });
      return;
    }
    const quantity = m.quantity ?? 1;
    perGroup.set(group.id, (perGroup.get(group.id) ?? 0) + quantity);
    chosen.push({
      groupId: group.id,
      optionId: option.id,
      name: option.name,
      kind: option.kind,
      quantity,
      price: option.price,
    });
  });
  for (const group of groups) {
    const n = perGroup.get(group.id) ?? 0;
    if (n < group.min || n > group.max) {
      problems.push({
        name: `${at}.modifiers`,
        reason: `'${group.name}' (${group.id}) needs ${group.min === group.max ? group.min : `${group.min} to ${group.max}`} choice(s), got ${n}`,
      });
    }
  }
  return chosen;
}

function resolveCombo(
  location: Location,
  product: Product,
  item: ItemInput,
  at: string,
  problems: InvalidParam[],
): ComboSelection[] {
  const requested = item.combo ?? [];
  if (!product.combo) {
    if (requested.length > 0) problems.push({ name: `${at}.combo`, reason: `${product.id} is not a combo` });
    return [];
  }
  const selections: ComboSelection[] = [];
  for (const component of product.combo) {
    const picks = requested.filter((r) => r.componentId === component.id);
    if (picks.length !== 1) {
      problems.push({
        name: `${at}.combo`,
        reason: `choose exactly one product for '${component.name}' (${component.id})`,
      });
      continue;
    }
    const pick = picks[0] as { productId: string };
    const chosen = findProduct(location.menu, pick.productId);
    if (!chosen || !component.productIds.includes(pick.productId)) {
      problems.push({
        name: `${at}.combo`,
        reason: `'${pick.productId}' is not a choice for ${component.id}`,
      });
      continue;
    }
    selections.push({
      componentId: component.id,
      productId: chosen.id,
      name: chosen.name,
      upcharge: component.upcharges[chosen.id] ?? 0,
    });
  }
  for (const r of requested) {
    if (!product.combo.some((c) => c.id === r.componentId)) {
      problems.push({
        name: `${at}.combo`,
        reason: `'${r.componentId}' is not a component of ${product.id}`,
      });
    }
  }
  return selections;
}
