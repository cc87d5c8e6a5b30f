import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["**/*.test.ts"],
    exclude: ["node_modules/**", ".tools/**"],
    // Two cores: more workers than that only adds contention.
    maxWorkers: 2,
    // A timeout is a hang detector, not a speed gate: sized for a two-core machine kept busy by
    // something else, where a test runs three to five times slower than on an idle one (the
    // slowest, a scenario file played as written, takes about 3 s idle and 15 s there). Speed
    // belongs in the benchmarks (bench/), not here. Tests that start processes or play long
    // scenarios set their own, larger, bound.
    testTimeout: 30_000,
    // A day of virtual time in a beforeAll (simulator/activity/day.test.ts) is a hook's work.
    hookTimeout: 60_000,
    // testcontainers' resource reaper (Ryuk) is an image pulled from a registry, which this
    // project's machines cannot reach; every test stops its own containers instead. Users of
    // MockPosContainer elsewhere set nothing (README "testcontainers").
    env: { TESTCONTAINERS_RYUK_DISABLED: process.env.TESTCONTAINERS_RYUK_DISABLED ?? "true" },
  },
});
