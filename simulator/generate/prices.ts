import type { BasisPoints, Minor } from "../domain/types.ts";
import type { Random } from "../random/index.ts";
import { ALCOHOL_KINDS } from "./catalogue.ts";
import type { LocaleProfile } from "./locales.ts";
import type { CategoryKind } from "./words.ts";

export function roundTo(value: number, step: number): Minor {
  return Math.max(step, Math.round(value / step) * step);
}

/** A menu price from a euro-cent amount: scaled to the currency, on the price grid, now and then ending in 90. */
export function menuPrice(rng: Random, profile: LocaleProfile, euroCents: number): Minor {
  const price = roundTo(euroCents * profile.priceScale, profile.priceStep);
  return rng.chance(0.35) ? price - 10 : price;
}

/** A price drawn from a section's range. */
export function drawPrice(rng: Random, profile: LocaleProfile, range: readonly [number, number]): Minor {
  return menuPrice(rng, profile, rng.int(range[0], range[1]));
}

/** A modifier or upcharge amount: on the price grid but never rounded up from zero. */
export function extraPrice(profile: LocaleProfile, euroCents: number): Minor {
  if (euroCents <= 0) return 0;
  return roundTo(euroCents * profile.priceScale, 10);
}

/** A location's price: the chain price times its factor, to the nearest 10 minor units. */
export function varyPrice(price: Minor, factor: number): Minor {
  return roundTo(price * factor, 10);
}

/** Card holders pay about 10 % less. */
export function loyaltyPriceOf(price: Minor): Minor {
  const discounted = roundTo(price * 0.9, 10);
  return discounted < price ? discounted : price - 10;
}

export function taxRateFor(profile: LocaleProfile, kind: CategoryKind): BasisPoints {
  if (ALCOHOL_KINDS.has(kind)) return profile.standardTax;
  if (profile.code === "pl" && (kind === "hotDrinks" || kind === "softDrinks")) return profile.standardTax;
  return profile.foodTax;
}
