import { describe, expect, it } from "vitest";
import { checkResponse } from "../../../test/support/contract.ts";
import type { DomainEvent } from "../../domain/events.ts";
import { changePrice } from "../../domain/menu.ts";
import { closeTemporarily, setSchedule } from "../../domain/schedule.ts";
import { setSoldOut } from "../../domain/staff.ts";
import { BASE, START, sinqroPos } from "./testing.ts";

function setup() {
  const pos = sinqroPos();
  const loc = pos.location(0);
  const get = async (path: string) => {
    const res = await pos.request("GET", `${BASE}${path}`);
    expect(res.status, `${path}: ${res.text.slice(0, 200)}`).toBe(200);
    expect(res.body.success).toBe(true);
    return res.body;
  };
  return { ...pos, loc, get };
}

/** Each catalog entity: its collection, one of it, and how it lines up with the domain menu. */
const ENTITIES = [
  { path: "/menus", count: () => 1 },
  { path: "/menu-sections", count: (l: any) => l.menu.categories.length },
  { path: "/products", count: (l: any) => l.menu.products.length },
  { path: "/product-variants", count: (l: any) => l.menu.products.flatMap((p: any) => p.variants).length },
  { path: "/product-option-categories", count: (l: any) => l.menu.modifierGroups.length },
  {
    path: "/product-options",
    count: (l: any) => l.menu.modifierGroups.flatMap((g: any) => g.options).length,
  },
];

describe("sinqro: online catalog", () => {
  for (const { path, count } of ENTITIES) {
    it(`GET ${path} lists every one, GET ${path}/{id} gives one, an unknown id is NOT_FOUND`, async () => {
      const pos = setup();
      const list = await pos.get(path);
      expect(list.count).toBe(count(pos.loc));
      expect(list.data).toHaveLength(list.count);
      const last = list.data.at(-1);
      expect((await pos.get(`${path}/${last.id}`)).data).toEqual(last);
      const missing = await pos.request("GET", `${BASE}${path}/nope`);
      expect(missing.status).toBe(404);
      expect(missing.body.error).toMatchObject({ code: "NOT_FOUND", details: { id: "nope" } });
    });
  }

  it("links menus → sections → products → variants and option categories → options by id", async () => {
    const pos = setup();
    const [menu] = (await pos.get("/menus")).data;
    const sections = (await pos.get(`/menu-sections?menuId=${menu.id}`)).data;
    expect(sections.map((s: any) => s.id)).toEqual(menu.sectionIds);
    const products = (await pos.get("/products")).data;
    for (const s of sections) {
      const inSection = (await pos.get(`/products?sectionId=${s.id}`)).data;
      expect(inSection.map((p: any) => p.id)).toEqual(s.productIds);
    }
    const sized = products.find((p: any) => p.variantIds.length > 1);
    const variants = (await pos.get(`/product-variants?productId=${sized.id}`)).data;
    expect(variants.map((v: any) => v.id)).toEqual(sized.variantIds);
    expect(variants[0]).toMatchObject({ productId: sized.id, isDefault: true, price: sized.price });
    const withOptions = products.find((p: any) => p.optionCategoryIds.length > 0);
    const categories = (await pos.get(`/product-option-categories?productId=${withOptions.id}`)).data;
    expect(categories.map((c: any) => c.id)).toEqual(withOptions.optionCategoryIds);
    const options = (await pos.get(`/product-options?optionCategoryId=${categories[0].id}`)).data;
    expect(options.map((o: any) => o.id)).toEqual(categories[0].optionIds);
    expect(new Set(options.map((o: any) => o.kind)).size).toBeGreaterThan(0);
    expect((await pos.get("/products?sectionId=nope")).data).toEqual([]);
    const combo = products.find((p: any) => p.comboItems !== null);
    expect(combo.comboItems[0].productIds.length).toBeGreaterThan(0);
  });

  it("follows sold-out flags and price changes made at the POS", async () => {
    const pos = setup();
    const product = pos.loc.menu.products[3];
    if (!product) throw new Error("no product");
    setSoldOut(pos.loc, product.id, true, START);
    changePrice(pos.loc, { productId: product.id, price: product.price + 100 }, START + 1000);
    const got = (await pos.get(`/products/${product.id}`)).data;
    expect(got).toMatchObject({ available: false, price: product.price });
    expect((await pos.get("/menus")).data[0]).toMatchObject({
      version: 2,
      updatedAt: new Date(START + 1000).toISOString(),
    });
  });
});

describe("sinqro: restaurant, schedule and temporary closing", () => {
  it("gives the weekly schedule in local time and whether the restaurant is open now", async () => {
    const pos = setup();
    const open = [
      { opens: "12:00", closes: "16:00" },
      { opens: "20:00", closes: "23:30" },
    ];
    setSchedule(pos.loc, {
      monday: [],
      tuesday: open,
      wednesday: open,
      thursday: open,
      friday: open,
      saturday: open,
      sunday: [open[0] as never],
    });
    const schedule = (await pos.get("/schedule")).data;
    expect(schedule).toMatchObject({ restaurantId: pos.loc.id, timezone: "Europe/Madrid", openNow: true });
    expect(schedule.week[0]).toEqual({ day: "MONDAY", slots: [] });
    expect(schedule.week[4]).toEqual({
      day: "FRIDAY",
      slots: [
        { from: "12:00", to: "16:00" },
        { from: "20:00", to: "23:30" },
      ],
    });
    expect(schedule.week[6].slots).toHaveLength(1);
    await pos.clock.advance(4 * 3_600_000); // 16:30 local
    expect((await pos.get("/schedule")).data.openNow).toBe(false);
    expect((await pos.get("/restaurant")).data).toMatchObject({
      openNow: false,
      temporarilyClosed: false,
      posOnline: true,
    });
  });

  it("shows a temporary closing while it lasts, and the restaurant as closed", async () => {
    const pos = setup();
    expect((await pos.get("/temporary-closing")).data).toEqual({
      restaurantId: pos.loc.id,
      closed: false,
      since: null,
      until: null,
      reason: null,
    });
    closeTemporarily(pos.loc, { reason: "power cut", until: START + 1_800_000 }, START);
    expect((await pos.get("/temporary-closing")).data).toMatchObject({
      closed: true,
      since: new Date(START).toISOString(),
      until: new Date(START + 1_800_000).toISOString(),
      reason: "power cut",
    });
    const restaurant = (await pos.get("/restaurant")).data;
    expect(restaurant).toMatchObject({
      id: pos.loc.id,
      currency: "EUR",
      openNow: false,
      temporarilyClosed: true,
      time: new Date(START).toISOString(),
      businessDate: "2026-03-13",
    });
    await pos.clock.advance(1_800_000);
    expect((await pos.get("/temporary-closing")).data.closed).toBe(false);
  });

  it("staff close through the admin API; the closing ends by itself on time, announced then", async () => {
    const pos = setup();
    const events: DomainEvent[] = [];
    pos.sim.events.subscribe((e) => events.push(e));
    const admin = async (method: string, body?: unknown) => {
      const path = `/__admin/locations/${pos.loc.id}/closure`;
      const res = await pos.generic.request(path, {
        method,
        headers: body ? { "content-type": "application/json" } : {},
        body: body ? JSON.stringify(body) : undefined,
      });
      const json = await res.json();
      checkResponse(method, path, res.status, res.headers.get("content-type") ?? "", json);
      return json as any;
    };
    const until = new Date(START + 600_000).toISOString();
    expect(await admin("PUT", { reason: "delivery drivers on strike", until })).toMatchObject({
      closed: true,
      until,
    });
    expect((await pos.get("/temporary-closing")).data).toMatchObject({
      closed: true,
      reason: "delivery drivers on strike",
    });
    await pos.clock.advance(600_000);
    expect(events.map((e) => e.type === "availability.changed" && [e.productId, e.at])).toEqual([
      [null, START],
      [null, START + 600_000],
    ]);
    expect(pos.loc.closure).toBeNull();
    await admin("PUT", { reason: "closed for a private party" });
    expect((await admin("DELETE")).closed).toBe(false);
    expect(events).toHaveLength(4);
  });
});
