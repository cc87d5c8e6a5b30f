import type { Faker } from "@faker-js/faker";
import { businessDate, lastCloseout } from "../domain/business-day.ts";
import type { Credentials, Location } from "../domain/types.ts";
import type { Random } from "../random/index.ts";
import { generateAreas, generateStaff, generateTerminals } from "./floor.ts";
import type { LocaleProfile } from "./locales.ts";
import { locationMenu } from "./location-menu.ts";
import type { BaseMenu } from "./menu.ts";
import { generateSchedule } from "./schedule.ts";
import { pad, seedFaker, uint32, weighted } from "./util.ts";

export interface ChainContext {
  // The chain's root generator; each location forks its own from it.
  rng: Random;
  faker: Faker;
  profile: LocaleProfile;
  brand: string;
  menu: BaseMenu;
  now: number;
  // Values already handed to earlier locations, which must stay unique across the chain.
  taken: { names: Set<string>; apiKeys: Set<string>; passwords: Set<string> };
  // Current business day by closeout hour: all locations share the timezone and `now`.
  businessDays: Map<number, { businessDate: string; openedAt: number }>;
}

// No 0/O, 1/l/I: passwords get read off screens and typed into connector settings.
const PASSWORD_ALPHABET = [..."ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"];

/** Location number `number` (1-based) of the chain. */
export function generateLocation(chain: ChainContext, number: number): Location {
  // Forked per number, so a location is the same whatever the size of the chain it is part of.
  const rng = chain.rng.fork(`location:${number}`);
  seedFaker(chain.faker, rng);
  const { faker, profile } = chain;
  const id = `loc-${pad(number, 4)}`;

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
  const { menu, soldOut } = locationMenu(rng, profile, chain.menu, number, chain.now);
  const { businessDate, openedAt } = businessDay(chain, closeoutHour);

  return {
    id,
    name: uniqueName(chain, `${chain.brand} ${city}`, street, number),
    timezone: profile.timezone,
    currency: profile.currency,
    address,
    credentials: credentials(rng, chain.taken, id),
    closeoutHour,
    online: true,
    terminals,
    staff,
    areas,
    menu,
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

// Brand and city; a second restaurant in the same city is told apart by its street, as chains do.
function uniqueName(chain: ChainContext, name: string, street: string, number: number): string {
  const withStreet = `${name} – ${street}`;
  // The location number settles the rare case of two branches on one street.
  const free =
    [name, withStreet].find((candidate) => !chain.taken.names.has(candidate)) ?? `${withStreet} ${number}`;
  chain.taken.names.add(free);
  return free;
}

function credentials(rng: Random, taken: ChainContext["taken"], username: string): Credentials {
  let apiKey: string;
  do {
    apiKey = `mpk_${[uint32(rng), uint32(rng), uint32(rng)].map((word) => word.toString(16).padStart(8, "0")).join("")}`;
  } while (taken.apiKeys.has(apiKey));
  taken.apiKeys.add(apiKey);

  let password: string;
  do {
    password = "";
    for (let i = 0; i < 16; i++) password += rng.pick(PASSWORD_ALPHABET);
  } while (taken.passwords.has(password));
  taken.passwords.add(password);

  return { apiKey, username, password };
}
