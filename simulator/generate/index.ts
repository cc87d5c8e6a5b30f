import { type LocationSource, lazyLocations } from "../domain/locations.ts";
import { MenuCache } from "../domain/menu-cache.ts";
import type { Chain, LocaleCode } from "../domain/types.ts";
import { Random } from "../random/index.ts";
import { createFaker, profileFor } from "./locales.ts";
import { type ChainContext, generateLocation, issueCredentials } from "./location.ts";
import { generateLoyalty } from "./loyalty.ts";
import { generateBaseMenu } from "./menu.ts";
import { brandName } from "./people.ts";
import { seedFaker } from "./util.ts";

export interface GenerateOptions {
  /** Any non-empty string; the same seed and options always give the same chain. */
  seed: string;
  /** Number of locations, 1 to 1,000,000. */
  locations: number;
  locale: LocaleCode;
  /** Epoch milliseconds of "now": the menus' updatedAt and the opening of the current shifts derive from it. */
  now: number;
}

const LOCALES: readonly LocaleCode[] = ["en", "es", "fr", "pl"];
const MAX_LOCATIONS = 1_000_000;
// Menus held at once for the locations that used theirs last; a chain this size never lets one go.
const MENUS_HELD = 2_000;
const LOYALTY_CHANCE = 0.8;

/**
 * A restaurant chain generated from a seed: brand, base menu and loyalty programme, then each
 * location with its own prices, floor, staff, credentials and an open shift. Locations are derived
 * when first used (see `lazyLocations`), each from the seed and its number alone; only their API
 * keys are worked out up front, so that a request's key finds its location. Throws a RangeError
 * naming the setting when an option is out of range.
 */
export function generateChain(options: GenerateOptions): Chain {
  validate(options);
  const profile = profileFor(options.locale);
  // The locale is part of the seed so that two chains sharing a seed do not share credentials.
  const rng = new Random(`${options.locale}:${options.seed}`);
  const faker = createFaker(profile);
  seedFaker(faker, rng.fork("chain"));

  const brand = brandName(rng.fork("brand"), faker, profile.words);
  const hasLoyalty = rng.fork("loyalty-on").chance(LOYALTY_CHANCE);
  const menu = generateBaseMenu(rng.fork("menu"), profile, hasLoyalty);
  const loyalty = hasLoyalty ? generateLoyalty(rng.fork("loyalty"), faker, profile, brand) : null;

  const context: ChainContext = {
    rng,
    faker,
    profile,
    brand,
    menu,
    now: options.now,
    menus: new MenuCache({ capacity: MENUS_HELD }),
    businessDays: new Map(),
  };
  const count = options.locations;
  const keys = new Map<string, number>();
  for (let number = 1; number <= count; number++) keys.set(issueCredentials(context, number).apiKey, number);
  const source: LocationSource = {
    count,
    derive: (number) => generateLocation(context, number),
    credentials: (number) => issueCredentials(context, number),
    numberOfKey: (apiKey) => keys.get(apiKey),
  };
  const locations = lazyLocations(source);

  const secrets = rng.fork("chain-credentials");
  const credentials = { groupKey: `mpg_${secrets.hex(24)}`, serverToken: `mps_${secrets.hex(32)}` };
  return { seed: options.seed, locale: options.locale, name: brand, locations, loyalty, credentials };
}

function validate(options: GenerateOptions): void {
  if (typeof options !== "object" || options === null) {
    throw new RangeError("generateChain: options must be an object with seed, locations, locale and now");
  }
  const { seed, locations, locale, now } = options;
  if (typeof seed !== "string" || seed.length === 0) {
    throw new RangeError(`generateChain: "seed" must be a non-empty string (got ${describe(seed)})`);
  }
  if (
    typeof locations !== "number" ||
    !Number.isInteger(locations) ||
    locations < 1 ||
    locations > MAX_LOCATIONS
  ) {
    throw new RangeError(
      `generateChain: "locations" must be an integer from 1 to ${MAX_LOCATIONS} (got ${describe(locations)})`,
    );
  }
  if (!LOCALES.includes(locale)) {
    throw new RangeError(
      `generateChain: "locale" must be one of ${LOCALES.join(", ")} (got ${describe(locale)})`,
    );
  }
  if (typeof now !== "number" || !Number.isFinite(now)) {
    throw new RangeError(
      `generateChain: "now" must be a finite epoch time in milliseconds (got ${describe(now)})`,
    );
  }
}

function describe(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}
