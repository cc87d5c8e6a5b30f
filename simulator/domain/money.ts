import type { BasisPoints, Minor, Order, OrderLine } from "./types.ts";

export interface LineTotals {
  /** (unit price + modifiers + combo upcharges) × quantity, tax included. */
  total: Minor;
  tax: Minor;
}

export interface OrderTotals {
  /** Sum of item lines (no tip), tax included. */
  items: Minor;
  tip: Minor;
  /** Tax contained in the total, summed per line. */
  tax: Minor;
  total: Minor;
  paid: Minor;
  due: Minor;
  /** Tax per rate, for receipts and shift reports. */
  taxByRate: { rate: BasisPoints; net: Minor; tax: Minor }[];
}

/** Tax contained in a tax-inclusive amount, rounded half away from zero per line. */
export function includedTax(gross: Minor, rate: BasisPoints): Minor {
  return Math.round((gross * rate) / (10_000 + rate));
}

export function lineTotals(line: OrderLine): LineTotals {
  if (line.voided) return { total: 0, tax: 0 };
  const modifiers = line.modifiers.reduce((sum, m) => sum + m.price * m.quantity, 0);
  const upcharges = line.comboSelections.reduce((sum, s) => sum + s.upcharge, 0);
  const total = (line.unitPrice + modifiers + upcharges) * line.quantity;
  return { total, tax: includedTax(total, line.taxRate) };
}

export function orderTotals(order: Order): OrderTotals {
  let items = 0;
  let tip = 0;
  let tax = 0;
  const byRate = new Map<BasisPoints, { gross: Minor; tax: Minor }>();
  for (const line of order.lines) {
    const t = lineTotals(line);
    if (line.kind === "tip") tip += t.total;
    else items += t.total;
    tax += t.tax;
    if (t.total !== 0) {
      const r = byRate.get(line.taxRate) ?? { gross: 0, tax: 0 };
      r.gross += t.total;
      r.tax += t.tax;
      byRate.set(line.taxRate, r);
    }
  }
  const total = items + tip;
  const paid = order.payments.reduce((sum, p) => sum + p.amount, 0);
  const taxByRate = [...byRate.entries()]
    .sort(([a], [b]) => a - b)
    .map(([rate, r]) => ({ rate, net: r.gross - r.tax, tax: r.tax }));
  return { items, tip, tax, total, paid, due: Math.max(0, total - paid), taxByRate };
}

/** Tax by rate of the item lines (tips carry none), so net + tax over the rates add up to the items. */
export function itemTaxByRate(lines: Iterable<OrderLine>): { rate: BasisPoints; net: Minor; tax: Minor }[] {
  const byRate = new Map<BasisPoints, { gross: Minor; tax: Minor }>();
  for (const line of lines) {
    if (line.kind !== "item") continue;
    const t = lineTotals(line);
    if (t.total === 0) continue;
    const r = byRate.get(line.taxRate) ?? { gross: 0, tax: 0 };
    r.gross += t.total;
    r.tax += t.tax;
    byRate.set(line.taxRate, r);
  }
  return [...byRate]
    .sort(([a], [b]) => a - b)
    .map(([rate, r]) => ({ rate, net: r.gross - r.tax, tax: r.tax }));
}
