import { describe, expect, it } from "vitest";
import { includedTax, lineTotals, orderTotals } from "./money.ts";
import type { Order, OrderLine } from "./types.ts";

function line(over: Partial<OrderLine>): OrderLine {
  return {
    id: "ln",
    kind: "item",
    round: 1,
    productId: "p",
    variantId: null,
    name: "x",
    quantity: 1,
    unitPrice: 1000,
    listPrice: 1000,
    taxRate: 1000,
    modifiers: [],
    comboSelections: [],
    note: null,
    voided: false,
    voidedAt: null,
    ...over,
  };
}

describe("money", () => {
  it("takes the tax contained in a tax-inclusive price", () => {
    expect(includedTax(1100, 1000)).toBe(100);
    expect(includedTax(1210, 2100)).toBe(210);
    expect(includedTax(999, 0)).toBe(0);
  });

  it("prices a line with modifiers and combo upcharges, times quantity; a void line is zero", () => {
    const l = line({
      quantity: 3,
      modifiers: [{ groupId: "g", optionId: "o", name: "cheese", kind: "add", quantity: 2, price: 150 }],
      comboSelections: [{ componentId: "c", productId: "q", name: "big fries", upcharge: 50 }],
    });
    expect(lineTotals(l).total).toBe((1000 + 300 + 50) * 3);
    expect(lineTotals({ ...l, voided: true })).toEqual({ total: 0, tax: 0 });
  });

  it("sums order totals from lines, tip apart, tax by rate, and what is still due", () => {
    const order = {
      lines: [
        line({ unitPrice: 1100, taxRate: 1000 }),
        line({ unitPrice: 605, taxRate: 2100, quantity: 2 }),
        line({ kind: "tip", unitPrice: 200, taxRate: 0 }),
        line({ unitPrice: 9999, voided: true }),
      ],
      payments: [{ amount: 1000 }],
    } as unknown as Order;
    const t = orderTotals(order);
    expect(t).toMatchObject({
      items: 1100 + 1210,
      tip: 200,
      total: 2510,
      paid: 1000,
      due: 1510,
      tax: 100 + 210,
    });
    expect(t.taxByRate).toEqual([
      { rate: 0, net: 200, tax: 0 },
      { rate: 1000, net: 1000, tax: 100 },
      { rate: 2100, net: 1000, tax: 210 },
    ]);
  });
});
