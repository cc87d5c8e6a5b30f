import { describe, expect, it } from "vitest";
import { generateChain } from "../generate/index.ts";
import { PosError } from "./errors.ts";
import { changePrice, changePrices } from "./menu.ts";
import { createOrder } from "./orders.ts";
import type { Location, Product } from "./types.ts";

const NOW = Date.UTC(2026, 2, 13, 9, 0);
const LATER = NOW + 3_600_000;

function setup() {
  const chain = generateChain({ seed: "menu", locations: 1, locale: "fr", now: NOW });
  const location = chain.locations[0] as Location;
  const find = (test: (p: Product) => boolean) => {
    const product = location.menu.products.find((p) => test(p) && !location.soldOut.has(p.id));
    if (!product) throw new Error("no such product on the test menu");
    return product;
  };
  const plain = find((p) => p.variants.length === 0 && !p.combo && p.modifierGroupIds.length === 0);
  return { chain, location, plain, find };
}

function refusal(run: () => unknown): PosError {
  try {
    run();
  } catch (err) {
    if (err instanceof PosError) return err;
    throw err;
  }
  throw new Error("expected a refusal");
}

describe("changePrice", () => {
  it("reprices a product, bumps the menu version once and leaves sold lines alone", () => {
    const { chain, location, plain } = setup();
    const actor = { source: "terminal", terminalId: "term-1" } as const;
    const table = location.areas[0]?.tables[0]?.id ?? null;
    const order = createOrder(
      chain,
      location,
      { type: "dine_in", tableId: table, items: [{ productId: plain.id, quantity: 2 }] },
      actor,
      NOW,
    );
    const sold = structuredClone(order.lines);
    const before = plain.price;
    const version = location.menu.version;

    changePrice(location, { productId: plain.id, price: before + 150 }, LATER);

    expect(plain.price).toBe(before + 150);
    expect(location.menu.version).toBe(version + 1);
    expect(location.menu.updatedAt).toBe(LATER);
    expect(order.lines).toEqual(sold);
    expect(order.lines[0]?.unitPrice).toBe(before);
  });

  it("moves the default variant with the product, and another variant on its own", () => {
    const { location, find } = setup();
    const product = find((p) => p.variants.length > 1);
    const [first, second] = product.variants as [(typeof product.variants)[0], (typeof product.variants)[0]];
    const secondBefore = second.price;

    changePrice(location, { productId: product.id, price: first.price + 100 }, LATER);
    expect(product.price).toBe(first.price);
    expect(second.price).toBe(secondBefore);

    changePrice(location, { productId: product.id, variantId: second.id, price: secondBefore - 50 }, LATER);
    expect(second.price).toBe(secondBefore - 50);
    expect(product.price).toBe(first.price);
  });

  it("keeps a loyalty price in proportion, or takes the one given", () => {
    const { location, find } = setup();
    const product = find((p) => p.loyaltyPrice !== null && p.variants.length === 0);
    const share = (product.loyaltyPrice as number) / product.price;
    changePrice(location, { productId: product.id, price: product.price * 2 }, LATER);
    expect((product.loyaltyPrice as number) / product.price).toBeCloseTo(share, 2);
    changePrice(location, { productId: product.id, price: product.price, loyaltyPrice: 100 }, LATER);
    expect(product.loyaltyPrice).toBe(100);
  });

  it("does not move the version when nothing changes", () => {
    const { location, plain } = setup();
    const version = location.menu.version;
    changePrice(location, { productId: plain.id, price: plain.price }, LATER);
    expect(location.menu.version).toBe(version);
    expect(location.menu.updatedAt).toBe(NOW);
  });

  it("refuses a bad batch whole, naming every bad field", () => {
    const { location, plain } = setup();
    const menu = structuredClone(location.menu);
    const err = refusal(() =>
      changePrices(
        location,
        [
          { productId: plain.id, price: plain.price + 10 },
          { productId: "prod-nope", price: 100 },
          { productId: plain.id, price: 12.5 },
          { productId: plain.id, variantId: "nope", price: 100 },
          { productId: plain.id, price: 100, loyaltyPrice: 200 },
        ],
        LATER,
      ),
    );
    expect(err.code).toBe("VALIDATION");
    expect(err.details.invalidParams?.map((p) => p.name)).toEqual([
      "changes[1].productId",
      "changes[2].price",
      "changes[3].variantId",
      "changes[4].loyaltyPrice",
    ]);
    expect(location.menu).toEqual(menu);
    expect(refusal(() => changePrices(location, [], LATER)).details.invalidParams?.[0]?.name).toBe("changes");
  });
});
