import type { Faker } from "@faker-js/faker";
import { businessDate, lastCloseout } from "../domain/business-day.ts";
import { locationId } from "../domain/chain.ts";
import { deriveMenuOnDemand, type MenuCache } from "../domain/menu-cache.ts";
import type { Credentials, Location } from "../domain/types.ts";
import type { Random } from "../random/index.ts";
import { generateAreas, generateStaff, generateTerminals } from "./floor.ts";
import type { LocaleProfile } from "./locales.ts";
import { locationMenu } from "./location-menu.ts";
import type { BaseMenu } from "./menu.ts";
import { generateSchedule } from "./schedule.ts";
import { seedFaker, uint32, weighted } from "./util.ts";

export interface ChainContext {
  // The chain's root generator; each location forks its own from it.
  rng: Random;
  faker: Faker;
  profile: LocaleProfile;
  brand: string;
  menu: BaseMenu;
  now: number;
  // Derived menus nobody changed: dropped when cold, derived again when needed.
  menus: MenuCache;
  // Current business day by closeout hour: all locations share the timezone and `now`.
  businessDays: Map<number, { businessDate: string; openedAt: number }>;
}

// No 0/O, 1/l/I: passwords get read off screens and typed into connector settings.
const PASSWORD_ALPHABET = [..."ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"];

/**
 * Location number `number` (1-based) of the chain, from the chain's seed and that number alone:
 * nothing in it depends on any other location, so it is the same in a chain of any size and can be
 * derived on its own, in any order.
 */
export function generateLocation(chain: ChainContext, number: number): Location {
  const rng = chain.rng.fork(`location:${number}`);
  seedFaker(chain.faker, rng);
  const { faker, profile } = chain;
  const id = locationId(number);

  const street = faker.location.street();
  const building = faker.location.buildingNumber().replace(/^[\s,]+/, "");
  const city = faker.location.city();
  const address = {
    street: profile.streetLine(street, building),
    city,
    postalCode: faker.location.zipCode(),
    country: profile.words.country,
  };

  const closeoutHour = weighted(rng, [
    [4, 70],
    [3, 10],
    [5, 10],
    [6, 10],
  ]);
  const terminals = generateTerminals(rng, profile.words);
  const areas = generateAreas(rng, profile.words);
  const hasBar =
    terminals.some((terminal) => terminal.kind === "bar") ||
    areas.some((area) => area.name === profile.words.areas.bar);
  const staff = generateStaff(rng, faker, profile.code, hasBar);
  // The menu can be derived again from here whenever it was let go: see MenuCache.
  const menuRng = rng.clone();
  const { menu, soldOut } = locationMenu(rng, profile, chain.menu, number, chain.now);
  const { businessDate, openedAt } = businessDay(chain, closeoutHour);

  const location: Location = {
    id,
    // Brand, city and street, as chains tell branches apart; no other location is asked, so two
    // branches on one street (rare) would share a name: the id is what identifies a location.
    name: `${chain.brand} ${city} – ${street}`,
    timezone: profile.timezone,
    currency: profile.currency,
    address,
    credentials: issueCredentials(chain, number),
    closeoutHour,
    online: true,
    terminals,
    staff,
    areas,
    menu: undefined as never,
    soldOut,
    shifts: [
      {
        id: "shift-1",
        number: 1,
        businessDate,
        openedAt,
        closedAt: null,
      },
    ],
    orders: new Map(),
    reservations: new Map(),
    // A fork draws nothing from `rng`, so every value generated before stays the same.
    schedule: generateSchedule(rng.fork("schedule")),
    closure: null,
    counters: { order: 0, line: 0, change: 0, shift: 1, message: 0 },
  };
  deriveMenuOnDemand(location, chain.menus, menu, () => rederive(chain, menuRng, number));
  return location;
}

// Outside generateLocation, so the closure that calls it holds no more of it than it needs.
function rederive(chain: ChainContext, menuRng: Random, number: number) {
  return locationMenu(menuRng.clone(), chain.profile, chain.menu, number, chain.now).menu;
}

function businessDay(chain: ChainContext, closeoutHour: number) {
  let day = chain.businessDays.get(closeoutHour);
  if (!day) {
    const { now, profile } = chain;
    day = {
      businessDate: businessDate(now, profile.timezone, closeoutHour),
      openedAt: lastCloseout(now, profile.timezone, closeoutHour),
    };
    chain.businessDays.set(closeoutHour, day);
  }
  return day;
}

/**
 * The credentials location `number` is issued, from their own generator: a connector's key can be
 * traced to its location without deriving the location. Keys (96 bits) and passwords (93) are
 * random enough not to collide in any chain.
 */
export function issueCredentials(chain: Pick<ChainContext, "rng">, number: number): Credentials {
  const rng = chain.rng.fork(`credentials:${number}`);
  const apiKey = `mpk_${[uint32(rng), uint32(rng), uint32(rng)].map((word) => word.toString(16).padStart(8, "0")).join("")}`;
  let password = "";
  for (let i = 0; i < 16; i++) password += rng.pick(PASSWORD_ALPHABET);
  return { apiKey, username: locationId(number), password };
}
