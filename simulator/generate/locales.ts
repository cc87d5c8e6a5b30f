import { base, en, en_GB, es, Faker, fr, type LocaleDefinition, pl } from "@faker-js/faker";
import type { BasisPoints, CurrencyCode, LocaleCode } from "../domain/types.ts";
import { type DishWords, dishesFor, type LocaleWords, wordsFor } from "./words.ts";

export interface LocaleProfile {
  code: LocaleCode;
  currency: CurrencyCode;
  timezone: string;
  // Turns the euro-cent price tables into this currency's minor units.
  priceScale: number;
  // Menu prices are whole multiples of this many minor units (before the x.90 endings).
  priceStep: number;
  foodTax: BasisPoints;
  // Rate for alcohol, and in Poland for coffee, tea and soft drinks, which are excluded from the 8 % catering rate.
  standardTax: BasisPoints;
  words: LocaleWords;
  dishes: DishWords;
  fakerLocales: LocaleDefinition[];
  // How a street line is written: number first in the UK and France, after the street elsewhere.
  streetLine(street: string, building: string): string;
}

const PROFILES: Record<LocaleCode, Omit<LocaleProfile, "words" | "dishes" | "fakerLocales">> = {
  en: {
    code: "en",
    currency: "GBP",
    timezone: "Europe/London",
    priceScale: 1,
    priceStep: 50,
    foodTax: 2000,
    standardTax: 2000,
    streetLine: (street, building) => `${building} ${street}`,
  },
  es: {
    code: "es",
    currency: "EUR",
    timezone: "Europe/Madrid",
    priceScale: 0.85,
    priceStep: 50,
    foodTax: 1000,
    standardTax: 2100,
    streetLine: (street, building) => `${street}, ${building}`,
  },
  fr: {
    code: "fr",
    currency: "EUR",
    timezone: "Europe/Paris",
    priceScale: 1.1,
    priceStep: 50,
    foodTax: 1000,
    standardTax: 2000,
    streetLine: (street, building) => `${building} ${street}`,
  },
  pl: {
    code: "pl",
    currency: "PLN",
    timezone: "Europe/Warsaw",
    priceScale: 4,
    priceStep: 100,
    foodTax: 800,
    standardTax: 2300,
    streetLine: (street, building) => `${street} ${building}`,
  },
};

// Restaurants stand on ordinary streets, not on faker's islands (pl "wyspa") or industrial estates (es "Polígono").
const STREETS: Partial<Record<LocaleCode, LocaleDefinition>> = {
  es: {
    location: { street_suffix: ["Calle", "Calle", "Calle", "Avenida", "Plaza", "Paseo", "Ronda", "Rambla"] },
  },
  pl: { location: { street_prefix: ["ul.", "ul.", "ul.", "ul.", "al.", "pl."] } },
};

const FAKER_LOCALES: Record<LocaleCode, LocaleDefinition[]> = {
  en: [en_GB, en, base],
  es: [es, en, base],
  fr: [fr, en, base],
  pl: [pl, en, base],
};

export function profileFor(code: LocaleCode): LocaleProfile {
  const words = wordsFor(code);
  const overrides: LocaleDefinition[] = [];
  const streets = STREETS[code];
  if (streets) overrides.push(streets);
  // en_GB invents town names ("Howell-on-Turner"); a chain's locations read better in real towns.
  if (words.cities) {
    overrides.push({ location: { city_pattern: ["{{location.city_name}}"], city_name: [...words.cities] } });
  }
  return {
    ...PROFILES[code],
    words,
    dishes: dishesFor(code),
    fakerLocales: [...overrides, ...FAKER_LOCALES[code]],
  };
}

export function createFaker(profile: LocaleProfile): Faker {
  return new Faker({ locale: profile.fakerLocales });
}
