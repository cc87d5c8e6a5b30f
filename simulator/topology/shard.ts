import { locationId } from "../domain/chain.ts";

/**
 * One process's part of a chain split across processes by location range: shard `index` of
 * `count` (1-based) owns locations `from` to `to`. Every shard generates the same chain from the
 * same seed (its locations are derived on first use, so the others' cost it nothing) and serves
 * only its own range.
 */
export interface Shard {
  index: number;
  count: number;
}

export interface ShardRange {
  from: number;
  to: number;
}

const SHARD = /^(\d{1,4})\/(\d{1,4})$/;

/** `"2/4"` as a shard; a RangeError says what is wrong with anything else. */
export function parseShard(text: string): Shard {
  const match = SHARD.exec(text.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count)
    throw new RangeError(`a shard is K/N with 1 ≤ K ≤ N (e.g. 1/2), got '${text}'`);
  return { index, count };
}

/** The locations (1-based numbers) shard `index` of `count` owns in a chain of `locations`: contiguous, as even as can be. */
export function shardRange(shard: Shard, locations: number): ShardRange {
  if (shard.count > locations)
    throw new RangeError(`${shard.count} shards for ${locations} location(s): each shard needs at least one`);
  return {
    from: Math.floor(((shard.index - 1) * locations) / shard.count) + 1,
    to: Math.floor((shard.index * locations) / shard.count),
  };
}

/** The shard (1-based) that owns location `number`. */
export function shardOf(number: number, count: number, locations: number): number {
  // The inverse of shardRange: the largest k whose range starts at or before `number`.
  let k = Math.min(count, Math.floor(((number - 1) * count) / locations) + 1);
  while (k > 1 && shardRange({ index: k, count }, locations).from > number) k--;
  while (k < count && shardRange({ index: k + 1, count }, locations).from <= number) k++;
  return k;
}

/** `shard 1/2 (loc-0001 to loc-0050)`. */
export function describeShard(shard: Shard, locations: number): string {
  const { from, to } = shardRange(shard, locations);
  return `shard ${shard.index}/${shard.count} (${locationId(from)} to ${locationId(to)})`;
}
