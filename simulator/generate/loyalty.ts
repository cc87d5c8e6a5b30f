import type { Faker } from "@faker-js/faker";
import type { LoyaltyCard, LoyaltyProgramme } from "../domain/types.ts";
import type { Random } from "../random/index.ts";
import type { LocaleProfile } from "./locales.ts";
import { personName } from "./people.ts";
import { weighted } from "./util.ts";

const POINTS: Record<LoyaltyCard["tier"], readonly [number, number]> = {
  silver: [0, 1999],
  gold: [2000, 7999],
  platinum: [8000, 30000],
};

/** The chain's programme with 20–60 members. */
export function generateLoyalty(
  rng: Random,
  faker: Faker,
  profile: LocaleProfile,
  brand: string,
): LoyaltyProgramme {
  const count = rng.int(20, 60);
  const numbers = new Set<string>();
  const cards: LoyaltyCard[] = [];
  while (cards.length < count) {
    const number = cardNumber(rng);
    if (numbers.has(number)) continue;
    numbers.add(number);
    const tier = weighted<LoyaltyCard["tier"]>(rng, [
      ["silver", 60],
      ["gold", 30],
      ["platinum", 10],
    ]);
    const [low, high] = POINTS[tier];
    cards.push({
      number,
      holder: personName(faker, profile.code),
      tier,
      points: rng.int(low, high),
      active: rng.chance(0.93),
    });
  }
  return { name: profile.words.loyalty.replace("{brand}", brand), cards };
}

// An EAN-13 in the 2xx in-store range, as printed under a card's barcode.
function cardNumber(rng: Random): string {
  let digits = "2";
  while (digits.length < 12) digits += String(rng.int(0, 9));
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(digits[i]) * (i % 2 === 0 ? 1 : 3);
  return digits + String((10 - (sum % 10)) % 10);
}
