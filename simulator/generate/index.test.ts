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

describe("generateChain determinism", () => {
  it("gives deep-equal chains for the same seed and options", () => {
    for (const locale of LOCALES) {
      expect(chain({ locale, locations: 5 })).toStrictEqual(chain({ locale, locations: 5 }));
    }
  });

  it("gives a different chain for a different seed", () => {
    const a = chain({ seed: "one" });
    const b = chain({ seed: "two" });
    expect(a).not.toStrictEqual(b);
    expect(a.locations[0]?.credentials).not.toEqual(b.locations[0]?.credentials);
    expect(a.locations[0]?.menu.products.map((p) => p.price)).not.toEqual(
      b.locations[0]?.menu.products.map((p) => p.price),
    );
  });

  it("keeps a location the same whatever the size of the chain", () => {
    const small = chain({ locations: 3 });
    const large = chain({ locations: 8 });
    expect(large.locations.slice(0, 3)).toStrictEqual(small.locations);
    expect(large.loyalty).toStrictEqual(small.loyalty);
  });

  it("does not share one location's objects with another", () => {
    const [first, second] = chain().locations as [Location, Location];
    expect(first.menu.products[0]).not.toBe(second.menu.products[0]);
    expect(first.menu.modifierGroups[0]).not.toBe(second.menu.modifierGroups[0]);
    expect(first.menu.categories[0]).not.toBe(second.menu.categories[0]);
  });

  // How fast a chain is generated is a benchmark's figure, not a test's: `npm run bench:generate`.
});

describe("locales", () => {
  const expected = {
    en: { currency: "GBP", timezone: "Europe/London", country: "United Kingdom", taxes: [2000] },
    es: { currency: "EUR", timezone: "Europe/Madrid", country: "España", taxes: [1000, 2100] },
    fr: { currency: "EUR", timezone: "Europe/Paris", country: "France", taxes: [1000, 2000] },
    pl: { currency: "PLN", timezone: "Europe/Warsaw", country: "Polska", taxes: [800, 2300] },
  } as const;

  it.each(LOCALES)("%s has its currency, timezone, country and tax rates", (locale) => {
    const generated = chain({ locale, locations: 4 });
    expect(generated.locale).toBe(locale);
    expect(generated.name.length).toBeGreaterThan(2);
    for (const location of generated.locations) {
      expect(location.currency).toBe(expected[locale].currency);
      expect(location.timezone).toBe(expected[locale].timezone);
      expect(location.address.country).toBe(expected[locale].country);
      expect(location.address.street).toMatch(/\S+ \S+/);
      expect(location.address.postalCode).not.toBe("");
      expect(location.name.startsWith(`${generated.name} ${location.address.city}`)).toBe(true);
      const rates = new Set(location.menu.products.map((p) => p.taxRate));
      expect([...rates].every((rate) => (expected[locale].taxes as readonly number[]).includes(rate))).toBe(
        true,
      );
    }
  });

  it("taxes alcohol at the standard rate where food has a reduced one", () => {
    const alcohol = new Set(["Cervezas", "Vinos", "Cócteles"]);
    let alcoholic = 0;
    for (const seed of SEEDS) {
      const { menu } = chain({ locale: "es", seed, locations: 1 }).locations[0] as Location;
      const sections = new Map(menu.categories.map((c) => [c.id, c.name]));
      for (const product of menu.products) {
        const isAlcohol = alcohol.has(sections.get(product.categoryId) ?? "");
        if (isAlcohol) alcoholic++;
        expect(product.taxRate).toBe(isAlcohol ? 2100 : 1000);
      }
    }
    expect(alcoholic).toBeGreaterThan(0);
  });

  it("prices in złoty about four times the euro prices", () => {
    const median = (locale: LocaleCode) => {
      const prices = SEEDS.flatMap(
        (seed) => chain({ seed, locale, locations: 1 }).locations[0]?.menu.products ?? [],
      )
        .map((p) => p.price)
        .sort((a, b) => a - b);
      return prices[Math.floor(prices.length / 2)] as number;
    };
    const ratio = median("pl") / median("es");
    expect(ratio).toBeGreaterThan(3);
    expect(ratio).toBeLessThan(6);
  });

  it("writes names in the locale's language", () => {
    expect(chain({ locale: "fr" }).locations[0]?.areas[0]?.name).toBe("Salle");
    expect(chain({ locale: "pl" }).locations[0]?.areas[0]?.tables[0]?.name).toBe("Stolik 1");
    expect(chain({ locale: "en" }).locations[0]?.areas[0]?.name).toBe("Dining room");
  });
});

describe("sizes", () => {
  it("stays within the documented ranges for many seeds in every locale", () => {
    eachLocation((location) => {
      const { menu } = location;
      expect(menu.categories.length).toBeGreaterThanOrEqual(5);
      expect(menu.categories.length).toBeLessThanOrEqual(15);
      expect(menu.products.length).toBeGreaterThanOrEqual(40);
      expect(menu.products.length).toBeLessThanOrEqual(150);

      const tills = location.terminals.filter((t) => t.kind !== "integration");
      expect(tills.length).toBeGreaterThanOrEqual(2);
      expect(tills.length).toBeLessThanOrEqual(5);
      expect(location.terminals.filter((t) => t.kind === "integration")).toEqual([
        { id: "term-api", name: "Online orders", kind: "integration" },
      ]);
      expect(tills.map((t) => t.id)).toEqual(tills.map((_, i) => `term-${i + 1}`));

      expect(location.staff.length).toBeGreaterThanOrEqual(4);
      expect(location.staff.length).toBeLessThanOrEqual(14);
      expect(location.staff.filter((s) => s.role === "manager")).toHaveLength(1);
      const waiters = location.staff.filter((s) => s.role === "waiter").length;
      expect(waiters).toBeGreaterThanOrEqual((location.staff.length - 1) / 2);
      expect(new Set(location.staff.map((s) => s.name)).size).toBe(location.staff.length);

      expect(location.areas.length).toBeGreaterThanOrEqual(1);
      expect(location.areas.length).toBeLessThanOrEqual(3);
      const tables = location.areas.flatMap((a) => a.tables);
      expect(tables.length).toBeGreaterThanOrEqual(8);
      expect(tables.length).toBeLessThanOrEqual(40);
      for (const table of tables) {
        expect(table.seats).toBeGreaterThanOrEqual(2);
        expect(table.seats).toBeLessThanOrEqual(8);
      }

      const combos = menu.products.filter((p) => p.combo !== null);
      expect(combos.length).toBeGreaterThanOrEqual(2);
      expect(combos.length).toBeLessThanOrEqual(5);
      for (const combo of combos) {
        expect(combo.combo?.length).toBeGreaterThanOrEqual(2);
        expect(combo.combo?.length).toBeLessThanOrEqual(3);
        for (const component of combo.combo ?? []) {
          expect(component.productIds.length).toBeGreaterThanOrEqual(2);
          expect(component.productIds.length).toBeLessThanOrEqual(6);
        }
      }

      const locals = menu.products.filter((p) => p.local);
      expect(locals.length).toBeLessThanOrEqual(4);
      expect(location.soldOut.size).toBeLessThanOrEqual(3);
      for (const { since } of location.soldOut.values()) expect(since).toBe(NOW);

      const withModifiers = menu.products.filter((p) => p.modifierGroupIds.length > 0).length;
      expect(withModifiers).toBeGreaterThanOrEqual(menu.products.length / 3);
      expect([3, 4, 5, 6]).toContain(location.closeoutHour);
      expect(location.online).toBe(true);
    });
  });

  it("offers sizes, combos with upcharges and local dishes somewhere in the chain", () => {
    let upcharges = 0;
    let locals = 0;
    let sized = 0;
    let products = 0;
    eachLocation((location) => {
      for (const product of location.menu.products) {
        products++;
        if (product.variants.length > 0) sized++;
        if (product.local) locals++;
        for (const component of product.combo ?? []) upcharges += Object.keys(component.upcharges).length;
      }
    });
    expect(upcharges).toBeGreaterThan(0);
    expect(locals).toBeGreaterThan(0);
    expect(sized / products).toBeGreaterThan(0.1);
  });

  it("uses every closeout hour and mostly 4", () => {
    const hours = chain({ locations: 200 }).locations.map((l) => l.closeoutHour);
    expect(new Set(hours)).toEqual(new Set([3, 4, 5, 6]));
    expect(hours.filter((h) => h === 4).length).toBeGreaterThan(hours.length / 2);
  });
});

describe("starting state", () => {
  const wall = (epochMs: number, timeZone: string) => {
    const parts = new Intl.DateTimeFormat("en-CA", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
    }).formatToParts(epochMs);
    const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
    return {
      date: `${get("year")}-${get("month")}-${get("day")}`,
      hour: Number(get("hour")),
      minute: get("minute"),
    };
  };

  it.each([Date.UTC(2025, 5, 14, 12, 30), Date.UTC(2025, 0, 3, 2, 15), Date.UTC(2025, 9, 26, 3, 59)])(
    "opens one shift at the last closeout before now (%i)",
    (now) => {
      for (const locale of LOCALES) {
        for (const location of chain({ locale, now, locations: 12 }).locations) {
          expect(location.shifts).toHaveLength(1);
          const shift = location.shifts[0];
          expect(shift).toMatchObject({ id: "shift-1", number: 1, closedAt: null });
          const openedAt = shift?.openedAt as number;
          expect(openedAt).toBeLessThanOrEqual(now);
          expect(now - openedAt).toBeLessThan(25 * 3_600_000);
          const opened = wall(openedAt, location.timezone);
          expect(opened).toMatchObject({ hour: location.closeoutHour, minute: "00" });
          expect(shift?.businessDate).toBe(opened.date);
          expect(location.counters).toEqual({ order: 0, line: 0, change: 0, shift: 1, message: 0 });
          expect(location.orders).toEqual(new Map());
        }
      }
    },
  );
});

describe("options", () => {
  const good: GenerateOptions = { seed: "x", locations: 1, locale: "en", now: NOW };
  it.each([
    [{ locations: 0 }, "locations"],
    [{ locations: 1_000_001 }, "locations"],
    [{ locations: 2.5 }, "locations"],
    [{ locations: Number.NaN }, "locations"],
    [{ locale: "de" }, "locale"],
    [{ seed: "" }, "seed"],
    [{ seed: 42 }, "seed"],
    [{ now: Number.NaN }, "now"],
  ])("rejects %o naming %s", (bad, setting) => {
    const options = { ...good, ...bad } as GenerateOptions;
    expect(() => generateChain(options)).toThrow(RangeError);
    expect(() => generateChain(options)).toThrow(`"${setting}"`);
  });

  it("accepts a valid set", () => {
    expect(generateChain(good).locations).toHaveLength(1);
  });
});
