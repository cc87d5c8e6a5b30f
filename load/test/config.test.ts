import { describe, expect, it } from "vitest";
import { parseDuration, readConfig } from "../k6/config.ts";
import { parseCredentials } from "../k6/credentials.ts";
import { orderableProducts, packPicks, picksOf } from "../k6/menu.ts";

describe("load settings", () => {
  it("defaults to the simulator's envelope: p99 under 50 ms, no errors, two rounds of the slowest cadence", () => {
    const c = readConfig({ LOAD_CREDENTIALS: "c.json" });
    expect(c).toMatchObject({ readP99Ms: 50, readP95Ms: 25, writeP99Ms: 50, maxErrorRate: 0, compress: 1 });
    expect(c).toMatchObject({ p50Ms: 0, maxDroppedShare: 0 });
    expect(c.durationMs).toBe(600_000);
    expect(readConfig({ LOAD_CREDENTIALS: "c.json", LOAD_COMPRESS: "20" })).toMatchObject({
      durationMs: 30_000,
      warmupMs: 5000,
    });
    expect(readConfig({ LOAD_CREDENTIALS: "c", LOAD_WARMUP: "0" }).warmupMs).toBe(0);
    expect(() => readConfig({ LOAD_CREDENTIALS: "c", LOAD_WARMUP: "later" })).toThrow(/LOAD_WARMUP/);
  });

  it("speaks the generic dialect unless LOAD_DIALECT names another", () => {
    expect(readConfig({ LOAD_CREDENTIALS: "c" }).dialect).toBe("generic");
    expect(readConfig({ LOAD_CREDENTIALS: "c", LOAD_DIALECT: "" }).dialect).toBe("generic");
    expect(readConfig({ LOAD_CREDENTIALS: "c", LOAD_DIALECT: "elyx" }).dialect).toBe("elyx");
    expect(readConfig({ LOAD_CREDENTIALS: "c", LOAD_DIALECT: "sinqro" }).dialect).toBe("sinqro");
    expect(() => readConfig({ LOAD_CREDENTIALS: "c", LOAD_DIALECT: "Elyx" })).toThrow(/LOAD_DIALECT/);
  });

  it("names the variable at fault", () => {
    expect(() => readConfig({})).toThrow(/LOAD_CREDENTIALS/);
    expect(() => readConfig({ LOAD_CREDENTIALS: "c", LOAD_COMPRESS: "0" })).toThrow(/LOAD_COMPRESS/);
    expect(() => readConfig({ LOAD_CREDENTIALS: "c", LOAD_LOCATIONS: "2.5" })).toThrow(/LOAD_LOCATIONS/);
    expect(() => readConfig({ LOAD_CREDENTIALS: "c", LOAD_DURATION: "soon" })).toThrow(/LOAD_DURATION/);
    expect(() => readConfig({ LOAD_CREDENTIALS: "c", LOAD_MAX_DROPPED: "5%" })).toThrow(/LOAD_MAX_DROPPED/);
    expect(() => readConfig({ LOAD_CREDENTIALS: "c", LOAD_P50_MS: "-1" })).toThrow(/LOAD_P50_MS/);
  });

  it("reads durations like k6 does, seconds when no unit is given", () => {
    expect(parseDuration("d", "90")).toBe(90_000);
    expect(parseDuration("d", "1.5m")).toBe(90_000);
    expect(parseDuration("d", "250ms")).toBe(250);
    expect(() => parseDuration("d", "0s")).toThrow();
  });
});

describe("the credentials file", () => {
  const file = JSON.stringify([
    { locationId: "a", apiKey: "ka" },
    { locationId: "b", apiKey: "kb", baseUrl: "http://127.0.0.1:9001/" },
  ]);

  it("keeps the first N entries and each location's own base URL", () => {
    expect(parseCredentials(file, 0)).toHaveLength(2);
    expect(parseCredentials(file, 1)).toEqual([{ locationId: "a", apiKey: "ka" }]);
    expect(parseCredentials(file, 0)[1]?.baseUrl).toBe("http://127.0.0.1:9001");
  });

  it("reads what Elyx and Sinqro need besides the key, and insists on it", () => {
    const elyx = JSON.stringify([
      { locationId: "loc-0007", apiKey: "k", number: 7 },
      { locationId: "12", apiKey: "k" },
    ]);
    expect(parseCredentials(elyx, 0, "elyx").map((c) => c.number)).toEqual([7, 12]);
    expect(() => parseCredentials(file, 0, "elyx")).toThrow(/credentials\[0\]\.number/);
    const sinqro = JSON.stringify([{ locationId: "a", apiKey: "ka", serverToken: "st" }]);
    expect(parseCredentials(sinqro, 0, "sinqro")).toEqual([
      { locationId: "a", apiKey: "ka", serverToken: "st" },
    ]);
    expect(() => parseCredentials(file, 0, "sinqro")).toThrow(/credentials\[0\]\.serverToken/);
    // The generic format reads as before, and ignores what other dialects add.
    expect(parseCredentials(sinqro, 0)).toEqual([{ locationId: "a", apiKey: "ka" }]);
  });

  it("refuses what it cannot use, saying which entry", () => {
    expect(() => parseCredentials("{", 0)).toThrow(/not JSON/);
    expect(() => parseCredentials("[]", 0)).toThrow(/non-empty/);
    expect(() => parseCredentials(file, 3)).toThrow(/has 2/);
    expect(() => parseCredentials('[{"locationId":"a"}]', 0)).toThrow(/credentials\[0\]\.apiKey/);
    expect(() => parseCredentials('[{"locationId":"a","apiKey":"k","baseUrl":"ftp://x"}]', 0)).toThrow(
      /baseUrl/,
    );
    const twice = JSON.stringify([
      { locationId: "a", apiKey: "k" },
      { locationId: "a", apiKey: "k" },
    ]);
    expect(() => parseCredentials(twice, 0)).toThrow(/twice/);
  });
});

describe("what a guest orders", () => {
  const modifiers = {
    modifierGroups: [
      { id: "g-req", min: 1 },
      { id: "g-opt", min: 0 },
    ],
  };
  const product = (id: string, extra: object = {}) => ({
    id,
    soldOut: false,
    combo: null,
    modifierGroupIds: [],
    ...extra,
  });

  it("skips sold-out products, combos and required choices", () => {
    const menu = {
      products: [
        product("sold", { soldOut: true }),
        product("combo", { combo: [] }),
        product("choice", { modifierGroupIds: ["g-req"] }),
        product("plain"),
        product("optional", { modifierGroupIds: ["g-opt"] }),
      ],
    };
    expect(orderableProducts(menu, modifiers)).toEqual(["plain", "optional"]);
  });

  it("keeps a few, and nothing when a body is missing", () => {
    const menu = { products: Array.from({ length: 10 }, (_, i) => product(`p${i}`)) };
    expect(orderableProducts(menu, modifiers)).toEqual(["p0", "p1", "p2", "p3"]);
    expect(orderableProducts(undefined, modifiers)).toEqual([]);
    expect(orderableProducts(menu, undefined)).toEqual([]);
  });
});

describe("picks handed to every VU", () => {
  it("pack each product id once and unpack to the same lists", () => {
    const picks = [["p1", "p2"], [], ["p2", "p3", "p1"]];
    const packed = packPicks(picks);
    expect(packed.products).toEqual(["p1", "p2", "p3"]);
    expect(packed.byLocation).toEqual(["0.1", "", "1.2.0"]);
    expect(picks.map((_, i) => picksOf(packed, i))).toEqual(picks);
    expect(picksOf(packed, 9)).toEqual([]);
  });
});
