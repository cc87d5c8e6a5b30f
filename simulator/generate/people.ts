import type { Faker } from "@faker-js/faker";
import type { LocaleCode } from "../domain/types.ts";
import type { Random } from "../random/index.ts";
import type { LocaleWords } from "./words.ts";

/** A full name as people in the locale write it. */
export function personName(faker: Faker, locale: LocaleCode): string {
  const sex = faker.person.sexType();
  const first = faker.person.firstName(sex);
  // Faker's Spanish surnames already come in pairs, the father's and the mother's.
  const last = faker.person.lastName(sex);
  // Faker's Polish surnames are the masculine forms; adjectival ones change their ending for women.
  if (locale === "pl" && sex === "female") return `${first} ${last.replace(/(sk|ck|dzk)i$/, "$1a")}`;
  return `${first} ${last}`;
}

/** A restaurant brand in the locale's style, from its patterns and, for some, a faker name. */
export function brandName(rng: Random, faker: Faker, words: LocaleWords): string {
  const { patterns, adjectives, nouns } = words.brand;
  const pattern = rng.pick(patterns);
  const noun = rng.pick(nouns);
  const noun2 = rng.pick(nouns.filter((other) => other !== noun));
  return pattern
    .replace("{adj}", adjectives.length > 0 ? rng.pick(adjectives) : "")
    .replace("{noun}", noun)
    .replace("{noun2}", noun2)
    .replace("{first}", () => faker.person.firstName())
    .replace("{last}", () => faker.person.lastName())
    .trim();
}
