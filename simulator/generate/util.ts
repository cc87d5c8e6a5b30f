import type { Faker } from "@faker-js/faker";
import type { Random } from "../random/index.ts";

export function pad(value: number, width: number): string {
  return String(value).padStart(width, "0");
}

/** A shuffled copy (Fisher–Yates). */
export function shuffle<T>(rng: Random, items: readonly T[]): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    const held = out[i] as T;
    out[i] = out[j] as T;
    out[j] = held;
  }
  return out;
}

/** `count` distinct items, kept in their original order so that a menu still reads in sequence. */
export function sample<T>(rng: Random, items: readonly T[], count: number): T[] {
  const chosen = new Set(shuffle(rng, [...items.keys()]).slice(0, count));
  return items.filter((_, i) => chosen.has(i));
}

export function weighted<T>(rng: Random, entries: readonly (readonly [T, number])[]): T {
  let total = 0;
  for (const [, weight] of entries) total += weight;
  let roll = rng.next() * total;
  for (const [value, weight] of entries) {
    roll -= weight;
    if (roll < 0) return value;
  }
  return (entries[entries.length - 1] as readonly [T, number])[0];
}

export function uint32(rng: Random): number {
  return Math.floor(rng.next() * 4294967296);
}

/** Reseeds faker from our generator, so faker's output follows the chain seed and nothing else. */
export function seedFaker(faker: Faker, rng: Random): void {
  faker.seed([uint32(rng), uint32(rng), uint32(rng), uint32(rng)]);
}
