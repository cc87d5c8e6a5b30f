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

/**
 * Runs `check` on every sampled location and returns what it found wrong, each problem naming
 * its chain and location. The checks are plain comparisons and each test ends in one expect():
 * an expect() per id (tens of thousands of them) spent seconds in the assertion library on a
 * loaded machine, not in the generator, and a failure now lists every bad id at once.
 */
function problemsIn(
  check: (location: Location, problem: (what: string) => void, chain: Chain) => void,
): string[] {
  samples ??= LOCALES.flatMap((locale) => SEEDS.map((seed) => chain({ seed, locale, locations: 2 })));
  const found: string[] = [];
  for (const generated of samples) {
    for (const location of generated.locations) {
      const where = `${generated.locale}/${generated.seed} ${location.id}`;
      check(location, (what) => found.push(`${where}: ${what}`), generated);
    }
  }
  return found;
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
    const problems = problemsIn((location, problem) => {
      const ids = idsOf(location);
      const repeated = ids.filter((id, i) => ids.indexOf(id) !== i);
      if (repeated.length > 0) problem(`ids used twice: ${repeated.join(", ")}`);
      const bad = (id: string, format: RegExp) => {
        if (!format.test(id)) problem(`id ${id} is not ${format}`);
      };
      const { menu } = location;
      const number = location.id.slice(4);
      bad(location.id, /^loc-\d{4}$/);
      for (const c of menu.categories) bad(c.id, /^cat-\d{2}$/);
      for (const g of menu.modifierGroups) {
        bad(g.id, /^mg-\d{2}$/);
        const option = new RegExp(`^mo-${g.id.slice(3)}-\\d+$`);
        for (const o of g.options) bad(o.id, option);
      }
      const local = new RegExp(`^prod-L${number}-\\d$`);
      for (const p of menu.products) {
        bad(p.id, p.local ? local : /^prod-\d{3}$/);
        for (const v of p.variants) if (!v.id.startsWith(`${p.id}-`)) problem(`variant ${v.id} of ${p.id}`);
      }
      for (const s of location.staff) bad(s.id, /^staff-\d{2}$/);
      for (const t of location.areas.flatMap((a) => a.tables)) bad(t.id, /^tbl-\d{2}$/);
      const names = menu.products.map((p) => p.name);
      const twice = names.filter((name, i) => names.indexOf(name) !== i);
      if (twice.length > 0) problem(`product names used twice: ${twice.join(", ")}`);
    });
    expect(problems).toEqual([]);
  });

  it("resolves every category, modifier group, combo choice and sold-out product", () => {
    const problems = problemsIn((location, problem) => {
      const { menu } = location;
      const categories = new Set(menu.categories.map((c) => c.id));
      const groups = new Set(menu.modifierGroups.map((g) => g.id));
      const products = new Map(menu.products.map((p) => [p.id, p]));
      for (const product of menu.products) {
        if (!categories.has(product.categoryId)) problem(`${product.id}: no category ${product.categoryId}`);
        for (const id of product.modifierGroupIds)
          if (!groups.has(id)) problem(`${product.id}: no group ${id}`);
        for (const component of product.combo ?? []) {
          for (const id of component.productIds) {
            const choice = products.get(id);
            if (choice?.combo !== null) problem(`${component.id}: choice ${id} is missing or a combo`);
            if (choice?.local !== false) problem(`${component.id}: choice ${id} is missing or local`);
          }
          for (const id of Object.keys(component.upcharges)) {
            if (!component.productIds.includes(id))
              problem(`${component.id}: upcharge for ${id}, not a choice`);
          }
        }
      }
      for (const id of location.soldOut.keys())
        if (!products.has(id)) problem(`sold out ${id} is not on the menu`);
    });
    expect(problems).toEqual([]);
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
    const problems = problemsIn((location, problem) => {
      for (const product of location.menu.products) {
        if (!Number.isInteger(product.price) || product.price <= 0)
          problem(`${product.id} costs ${product.price}`);
        if (product.variants.length === 0) continue;
        if (product.price !== product.variants[0]?.price)
          problem(`${product.id} is not priced at its first size`);
        const prices = product.variants.map((v) => v.price);
        if (prices.some((price, i) => i > 0 && price <= (prices[i - 1] as number))) {
          problem(`${product.id} sizes are not dearer one by one: ${prices.join(", ")}`);
        }
      }
    });
    expect(problems).toEqual([]);
  });

  it("shapes modifier groups by kind", () => {
    const problems = problemsIn((location, problem) => {
      for (const group of location.menu.modifierGroups) {
        const { id, min, max, options } = group;
        if (options.length === 0) problem(`${id} has no options`);
        if (!(min <= max && max <= options.length))
          problem(`${id}: min ${min}, max ${max}, ${options.length} options`);
        for (const option of options) {
          if (option.kind !== options[0]?.kind)
            problem(`${option.id} is a ${option.kind} among ${options[0]?.kind}s`);
          if (option.ingredient === "") problem(`${option.id} names no ingredient`);
          if ((option.replaces === null) !== (option.kind !== "swap"))
            problem(`${option.id}: replaces ${option.replaces}`);
          if (option.kind === "remove" && option.price !== 0)
            problem(`${option.id} removes for ${option.price}`);
          if (option.kind === "choice" && min !== 1) problem(`${id} is a choice with min ${min}`);
        }
      }
    });
    expect(problems).toEqual([]);
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
    const problems: string[] = [];
    for (const seed of Array.from({ length: 100 }, (_, i) => `loyalty-${i}`)) {
      const problem = (what: string) => problems.push(`${seed}: ${what}`);
      const generated = chain({ seed, locations: 1, locale: "fr" });
      const products = generated.locations[0]?.menu.products ?? [];
      const members = products.filter((p) => p.loyaltyPrice !== null);
      if (generated.loyalty === null) {
        if (members.length > 0) problem(`${members.length} loyalty prices without a programme`);
        continue;
      }
      withProgramme++;
      const share = members.length / products.filter((p) => !p.local).length;
      if (!(share > 0.2 && share < 0.3)) problem(`loyalty prices on ${share} of base products`);
      for (const product of members) {
        const discount = 1 - (product.loyaltyPrice as number) / product.price;
        if (!(discount > 0.04 && discount < 0.16)) problem(`${product.id} discounted by ${discount}`);
      }
      const { cards } = generated.loyalty;
      if (cards.length < 20 || cards.length > 60) problem(`${cards.length} cards`);
      if (new Set(cards.map((c) => c.number)).size !== cards.length) problem("a card number used twice");
      for (const card of cards) {
        const digits = [...card.number].map(Number);
        const sum = digits.slice(0, 12).reduce((total, d, i) => total + d * (i % 2 === 0 ? 1 : 3), 0);
        if (!/^\d{13}$/.test(card.number) || (10 - (sum % 10)) % 10 !== digits[12]) {
          problem(`card ${card.number} is not an EAN-13`);
        }
        if (!/\S+ \S+/.test(card.holder)) problem(`card ${card.number} holder ${card.holder}`);
        if (!(card.points >= 0)) problem(`card ${card.number} has ${card.points} points`);
      }
    }
    expect(problems).toEqual([]);
    expect(withProgramme).toBeGreaterThanOrEqual(65);
    expect(withProgramme).toBeLessThanOrEqual(95);
  });

  it("stamps the menu with version 1 at now", () => {
    const problems = problemsIn(({ menu }, problem) => {
      if (menu.version !== 1 || menu.updatedAt !== NOW)
        problem(`menu version ${menu.version} at ${menu.updatedAt}`);
    });
    expect(problems).toEqual([]);
  });
});
