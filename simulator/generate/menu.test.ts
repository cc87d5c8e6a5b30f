import { describe, expect, it } from "vitest";
import type { Chain, LocaleCode, Location } from "../domain/types.ts";
import { type GenerateOptions, generateChain } from "./index.ts";

const NOW = Date.UTC(2025, 5, 14, 12, 30);
const LOCALES: readonly LocaleCode[] = ["en", "es", "fr", "pl"];
const SEEDS = Array.from({ length: 30 }, (_, i) => `seed-${i}`);

function chain(overrides: Partial<GenerateOptions> = {}): Chain {
  return generateChain({ seed: "tapas", locations: 3, locale: "es", now: NOW, ...overrides });
}

// 30 seeds in each locale, two locations each; generated once and only read by the tests.
let samples: Chain[] | undefined;

function eachLocation(run: (location: Location, chain: Chain) => void): void {
  samples ??= LOCALES.flatMap((locale) => SEEDS.map((seed) => chain({ seed, locale, locations: 2 })));
  for (const generated of samples) {
    for (const location of generated.locations) run(location, generated);
  }
}

function idsOf(location: Location): string[] {
  const { menu } = location;
  return [
    ...location.terminals.map((t) => t.id),
    ...location.staff.map((s) => s.id),
    ...location.areas.flatMap((a) => [a.id, ...a.tables.map((t) => t.id)]),
    ...menu.categories.map((c) => c.id),
    ...menu.modifierGroups.flatMap((g) => [g.id, ...g.options.map((o) => o.id)]),
    ...menu.products.flatMap((p) => [
      p.id,
      ...p.variants.map((v) => v.id),
      ...(p.combo ?? []).map((component) => component.id),
    ]),
  ];
}

describe("ids and references", () => {
  it("keeps every id unique within a location and in the documented formats", () => {
    eachLocation((location) => {
      const ids = idsOf(location);
      expect(new Set(ids).size).toBe(ids.length);
      const { menu } = location;
      const number = location.id.slice(4);
      expect(location.id).toMatch(/^loc-\d{4}$/);
      for (const c of menu.categories) expect(c.id).toMatch(/^cat-\d{2}$/);
      for (const g of menu.modifierGroups) {
        expect(g.id).toMatch(/^mg-\d{2}$/);
        for (const o of g.options) expect(o.id).toMatch(new RegExp(`^mo-${g.id.slice(3)}-\\d+$`));
      }
      for (const p of menu.products) {
        expect(p.id).toMatch(p.local ? new RegExp(`^prod-L${number}-\\d$`) : /^prod-\d{3}$/);
        for (const v of p.variants) expect(v.id.startsWith(`${p.id}-`)).toBe(true);
      }
      for (const s of location.staff) expect(s.id).toMatch(/^staff-\d{2}$/);
      for (const t of location.areas.flatMap((a) => a.tables)) expect(t.id).toMatch(/^tbl-\d{2}$/);
      const names = menu.products.map((p) => p.name);
      expect(new Set(names).size).toBe(names.length);
    });
  });

  it("resolves every category, modifier group, combo choice and sold-out product", () => {
    eachLocation((location) => {
      const { menu } = location;
      const categories = new Set(menu.categories.map((c) => c.id));
      const groups = new Set(menu.modifierGroups.map((g) => g.id));
      const products = new Map(menu.products.map((p) => [p.id, p]));
      for (const product of menu.products) {
        expect(categories.has(product.categoryId)).toBe(true);
        for (const id of product.modifierGroupIds) expect(groups.has(id)).toBe(true);
        for (const component of product.combo ?? []) {
          for (const id of component.productIds) {
            expect(products.get(id)?.combo).toBeNull();
            expect(products.get(id)?.local).toBe(false);
          }
          for (const id of Object.keys(component.upcharges)) expect(component.productIds).toContain(id);
        }
      }
      for (const id of location.soldOut.keys()) expect(products.has(id)).toBe(true);
    });
  });

  it("shares base product ids across locations while prices vary", () => {
    const { locations } = chain({ locations: 6 });
    const baseIds = (l: Location) => l.menu.products.filter((p) => !p.local).map((p) => p.id);
    const first = locations[0] as Location;
    for (const location of locations) expect(baseIds(location)).toEqual(baseIds(first));
    let differing = 0;
    for (const product of first.menu.products.filter((p) => !p.local)) {
      const prices = locations.map((l) => l.menu.products.find((p) => p.id === product.id)?.price ?? 0);
      expect(Math.max(...prices) / Math.min(...prices)).toBeLessThan(1.3);
      if (new Set(prices).size > 1) differing++;
      for (const price of prices) expect(price % 10).toBe(0);
    }
    expect(differing).toBeGreaterThan(0);
  });

  it("gives every location unique credentials", () => {
    const { locations } = chain({ locations: 300 });
    for (const { id, credentials } of locations) {
      expect(credentials.apiKey).toMatch(/^mpk_[0-9a-f]{24}$/);
      expect(credentials.username).toBe(id);
      expect(credentials.password).toMatch(/^[A-Za-z0-9]{16}$/);
    }
    for (const key of ["apiKey", "password"] as const) {
      expect(new Set(locations.map((l) => l.credentials[key])).size).toBe(locations.length);
    }
    expect(new Set(locations.map((l) => l.name)).size).toBe(locations.length);
  });
});

describe("menu details", () => {
  it("prices a sized product at its first variant, bigger sizes costing more", () => {
    eachLocation((location) => {
      for (const product of location.menu.products) {
        expect(Number.isInteger(product.price)).toBe(true);
        expect(product.price).toBeGreaterThan(0);
        if (product.variants.length === 0) continue;
        expect(product.price).toBe(product.variants[0]?.price);
        const prices = product.variants.map((v) => v.price);
        expect(prices).toEqual([...prices].sort((a, b) => a - b));
        expect(new Set(prices).size).toBe(prices.length);
      }
    });
  });

  it("shapes modifier groups by kind", () => {
    eachLocation((location) => {
      for (const group of location.menu.modifierGroups) {
        expect(group.options.length).toBeGreaterThan(0);
        expect(group.min).toBeLessThanOrEqual(group.max);
        expect(group.max).toBeLessThanOrEqual(group.options.length);
        for (const option of group.options) {
          expect(option.kind).toBe(group.options[0]?.kind);
          expect(option.ingredient).not.toBe("");
          expect(option.replaces === null).toBe(option.kind !== "swap");
          if (option.kind === "remove") expect(option.price).toBe(0);
          if (option.kind === "choice") expect(group.min).toBe(1);
        }
      }
    });
  });

  it("covers every modifier kind across a chain", () => {
    const kinds = new Set<string>();
    for (const seed of SEEDS.slice(0, 5)) {
      for (const group of chain({ seed, locations: 1 }).locations[0]?.menu.modifierGroups ?? []) {
        for (const option of group.options) kinds.add(option.kind);
      }
    }
    expect(kinds).toEqual(new Set(["add", "remove", "swap", "choice"]));
  });

  it("sets loyalty prices on about a quarter of products, only when there is a programme", () => {
    let withProgramme = 0;
    for (const seed of Array.from({ length: 100 }, (_, i) => `loyalty-${i}`)) {
      const generated = chain({ seed, locations: 1, locale: "fr" });
      const products = generated.locations[0]?.menu.products ?? [];
      const members = products.filter((p) => p.loyaltyPrice !== null);
      if (generated.loyalty === null) {
        expect(members).toHaveLength(0);
        continue;
      }
      withProgramme++;
      const base = products.filter((p) => !p.local);
      expect(members.length / base.length).toBeGreaterThan(0.2);
      expect(members.length / base.length).toBeLessThan(0.3);
      for (const product of members) {
        const discount = 1 - (product.loyaltyPrice as number) / product.price;
        expect(discount).toBeGreaterThan(0.04);
        expect(discount).toBeLessThan(0.16);
      }
      const { cards } = generated.loyalty;
      expect(cards.length).toBeGreaterThanOrEqual(20);
      expect(cards.length).toBeLessThanOrEqual(60);
      expect(new Set(cards.map((c) => c.number)).size).toBe(cards.length);
      for (const card of cards) {
        expect(card.number).toMatch(/^\d{13}$/);
        const digits = [...card.number].map(Number);
        const sum = digits.slice(0, 12).reduce((total, d, i) => total + d * (i % 2 === 0 ? 1 : 3), 0);
        expect((10 - (sum % 10)) % 10).toBe(digits[12]);
        expect(card.holder).toMatch(/\S+ \S+/);
        expect(card.points).toBeGreaterThanOrEqual(0);
      }
    }
    expect(withProgramme).toBeGreaterThanOrEqual(65);
    expect(withProgramme).toBeLessThanOrEqual(95);
  });

  it("stamps the menu with version 1 at now", () => {
    eachLocation((location) => {
      expect(location.menu.version).toBe(1);
      expect(location.menu.updatedAt).toBe(NOW);
    });
  });
});
