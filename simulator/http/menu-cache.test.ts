import { describe, expect, it } from "vitest";
import { allDialects } from "../../test/support/dialects.ts";
import { createMockPos } from "../app.ts";
import { changePrices } from "../domain/menu.ts";
import type { Location, Product } from "../domain/types.ts";
import { menuBytes } from "./menu-cache.ts";

// The menu reads answer encodings kept per location and change: each read here follows a change and
// must show it, in every dialect, as if nothing were kept.

type Pos = ReturnType<typeof allDialects>;

const locNumber = (l: Location) => Number(l.id.slice(4));

/** One product as each dialect's menu read shows it: [price, sold out]. */
async function menuViews(pos: Pos, location: Location, productId: string) {
  const generic = await pos.request("GET", `/v1/locations/${location.id}/menu`);
  const elyx = await pos.elyx("GET", `/locations/${locNumber(location)}/articles`, { as: location });
  const sinqro = await pos.sinqro("GET", "/products", { as: location });
  const sinqroMenus = await pos.sinqro("GET", "/menus", { as: location });
  const variants = await pos.sinqro("GET", "/product-variants", { as: location });
  const availability = await pos.request("GET", `/v1/locations/${location.id}/availability`);
  for (const res of [generic, elyx, sinqro, sinqroMenus, variants, availability])
    expect(res.status).toBe(200);
  const a = availability.body.items.find((i: { productId: string }) => i.productId === productId);
  const g = generic.body.products.find((p: { id: string }) => p.id === productId);
  const e = elyx.body.articles.find((p: { id: string }) => p.id === productId);
  const s = sinqro.body.data.find((p: { id: string }) => p.id === productId);
  const v = variants.body.data.filter((x: { productId: string }) => x.productId === productId);
  return {
    generic: {
      price: g.price,
      loyaltyPrice: g.loyaltyPrice,
      soldOut: g.soldOut,
      version: generic.body.version,
    },
    elyx: { price: e.price, soldOut: e.soldOut, version: elyx.body.version },
    sinqro: { price: s.price, loyaltyPrice: s.loyaltyPrice, soldOut: !s.available },
    sinqroVersion: sinqroMenus.body.data[0].version,
    variantPrices: v.map((x: { price: number }) => x.price),
    availability: { soldOut: a.soldOut, since: a.since },
  };
}

function plainProduct(location: Location): Product {
  const product = location.menu.products.find((p) => !location.soldOut.has(p.id) && p.variants.length > 1);
  if (!product) throw new Error("the test chain has no product with variants");
  return product;
}

describe("menu reads kept encoded per location and change", () => {
  it("show a product sold out, and back, on the very next read in every dialect", async () => {
    const pos = allDialects();
    const location = pos.location(0);
    const product = plainProduct(location);
    const before = await menuViews(pos, location, product.id);
    expect([before.generic.soldOut, before.elyx.soldOut, before.sinqro.soldOut]).toEqual([
      false,
      false,
      false,
    ]);

    const out = await pos.request("PUT", `/__admin/locations/${location.id}/availability/${product.id}`, {
      body: { soldOut: true },
    });
    expect(out.status).toBe(200);
    const soldOut = await menuViews(pos, location, product.id);
    expect(before.availability).toEqual({ soldOut: false, since: null });
    expect(soldOut.availability).toEqual({
      soldOut: true,
      since: new Date(pos.sim.clock.now()).toISOString(),
    });
    expect([soldOut.generic.soldOut, soldOut.elyx.soldOut, soldOut.sinqro.soldOut]).toEqual([
      true,
      true,
      true,
    ]);

    await pos.request("PUT", `/__admin/locations/${location.id}/availability/${product.id}`, {
      body: { soldOut: false },
    });
    const back = await menuViews(pos, location, product.id);
    expect([back.generic.soldOut, back.elyx.soldOut, back.sinqro.soldOut]).toEqual([false, false, false]);
    expect(back.availability).toEqual({ soldOut: false, since: null });
  });

  it("show a new price, loyalty price, variant price and menu version on the very next read", async () => {
    const pos = allDialects();
    const location = pos.location(0);
    const product = plainProduct(location);
    const before = await menuViews(pos, location, product.id);
    const price = product.price + 130;
    changePrices(location, [{ productId: product.id, price, loyaltyPrice: price - 50 }], pos.sim.clock.now());
    const after = await menuViews(pos, location, product.id);
    expect(after.generic).toEqual({
      price,
      loyaltyPrice: price - 50,
      soldOut: false,
      version: before.generic.version + 1,
    });
    expect(after.elyx).toEqual({ price, soldOut: false, version: before.elyx.version + 1 });
    expect(after.sinqro).toEqual({ price, loyaltyPrice: price - 50, soldOut: false });
    expect(after.sinqroVersion).toBe(before.sinqroVersion + 1);
    expect(after.variantPrices[0]).toBe(price);

    const second = product.variants[1];
    if (!second) throw new Error("no second variant");
    const variantPrice = second.price + 7;
    changePrices(
      location,
      [{ productId: product.id, variantId: second.id, price: variantPrice }],
      pos.sim.clock.now(),
    );
    const variant = await menuViews(pos, location, product.id);
    expect(variant.variantPrices.slice(0, 2)).toEqual([price, variantPrice]);
    expect(variant.generic.version).toBe(before.generic.version + 2);
  });

  it("keep each location's menu its own, and answer the fresh chain after a reset", async () => {
    const pos = allDialects();
    const [a, b] = [pos.location(0), pos.location(1)];
    const product = plainProduct(a);
    await menuViews(pos, a, product.id);
    await pos.request("PUT", `/__admin/locations/${a.id}/availability/${product.id}`, {
      body: { soldOut: true },
    });
    expect((await menuViews(pos, a, product.id)).generic.soldOut).toBe(true);
    const other = (await pos.request("GET", `/v1/locations/${b.id}/menu`)).body;
    expect(other.locationId).toBe(b.id);
    expect(other.products.find((p: { id: string }) => p.id === product.id)?.soldOut ?? false).toBe(
      b.soldOut.has(product.id),
    );

    expect((await pos.request("POST", "/__admin/reset")).status).toBe(200);
    const fresh = pos.sim.chain.locations[0] as Location;
    expect(fresh.soldOut.has(product.id)).toBe(false);
    const after = await menuViews(pos, fresh, product.id);
    expect([after.generic.soldOut, after.elyx.soldOut, after.sinqro.soldOut]).toEqual([false, false, false]);
  });

  it("answer the same body, status and content type as a fresh encoding, and still pass through faults", async () => {
    const pos = allDialects();
    const location = pos.location(0);
    const first = await pos.request("GET", `/v1/locations/${location.id}/menu`);
    const again = await pos.request("GET", `/v1/locations/${location.id}/menu`);
    expect(again.text).toBe(first.text);
    expect(again.headers.get("content-type")).toBe("application/json");
    const rule = await pos.request("POST", "/__admin/faults", {
      body: { id: "menu-down", kind: "unreachable", mode: "503", scope: { operations: ["menu.get"] } },
    });
    expect(rule.status).toBe(201);
    const faulted = await pos.request("GET", `/v1/locations/${location.id}/menu`);
    expect(faulted.status).toBe(503);
    const journal = (await pos.request("GET", "/__admin/journal")).body;
    const menuReads = journal.entries.filter((e: { operation: string }) => e.operation === "menu.get");
    expect(menuReads.map((e: { status: number }) => e.status)).toEqual([200, 200, 503]);
  });
});

// A large chain lets the menus of its coldest locations go and derives them again when needed
// (domain/menu-cache.ts). The encodings are kept per menu object, so they go with the menu and a
// menu derived again is encoded afresh — the same bytes, since it is the same menu.
describe("menu encodings in a chain that lets cold menus go", () => {
  it("are made again for a menu derived again, the same, and follow a change made after", async () => {
    const { app, sim } = createMockPos({ seed: "menu-bytes", locations: 2_500 });
    const location = sim.chain.locations[0] as Location;
    const read = async () => {
      const res = await app.request(`/v1/locations/${location.id}/menu`, {
        headers: { "x-api-key": location.credentials.apiKey },
      });
      expect(res.status).toBe(200);
      return res.text();
    };
    let renders = 0;
    const bytes = () => menuBytes(location, "test", () => ++renders && location.menu);
    const first = await read();
    const menu = location.menu;
    bytes();
    bytes();
    expect(renders).toBe(1);
    // Using more locations than menus are held lets the first one's go.
    for (let i = 1; i < 2_500; i++) void sim.chain.locations[i]?.menu;
    expect(location.menu).not.toBe(menu);
    expect(await read()).toBe(first);
    bytes();
    expect(renders).toBe(2);

    const product = plainProduct(location);
    const price = product.price + 5;
    changePrices(location, [{ productId: product.id, price }], sim.clock.now());
    const changed = JSON.parse(await read()) as { products: { id: string; price: number }[] };
    expect(changed.products.find((p) => p.id === product.id)?.price).toBe(price);
    bytes();
    expect(renders).toBe(3);
  });
});
