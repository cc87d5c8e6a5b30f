import { describe, expect, it } from "vitest";
import { describeShard, parseShard, shardOf, shardRange } from "./shard.ts";

describe("shards of a chain", () => {
  it.each([
    [100_000, 2],
    [100, 3],
    [7, 7],
    [10_001, 4],
  ])("split %i locations into %i contiguous ranges, each location owned once", (locations, count) => {
    const ranges = Array.from({ length: count }, (_, i) => shardRange({ index: i + 1, count }, locations));
    expect(ranges[0]?.from).toBe(1);
    expect(ranges.at(-1)?.to).toBe(locations);
    ranges.forEach((r, i) => {
      expect(r.to).toBeGreaterThanOrEqual(r.from);
      if (i > 0) expect(r.from).toBe((ranges[i - 1]?.to ?? 0) + 1);
      for (const n of [r.from, r.to, Math.floor((r.from + r.to) / 2)])
        expect(shardOf(n, count, locations)).toBe(i + 1);
    });
  });

  it("reads K/N and refuses anything else, saying what a shard is", () => {
    expect(parseShard("2/4")).toEqual({ index: 2, count: 4 });
    for (const bad of ["0/2", "3/2", "1", "a/b", "1/0", "-1/2"])
      expect(() => parseShard(bad)).toThrow(/K\/N with 1 ≤ K ≤ N/);
    expect(() => shardRange({ index: 1, count: 3 }, 2)).toThrow(/each shard needs at least one/);
  });

  it("names a shard by its ids", () => {
    expect(describeShard({ index: 2, count: 2 }, 100_000)).toBe("shard 2/2 (loc-50001 to loc-100000)");
  });
});
