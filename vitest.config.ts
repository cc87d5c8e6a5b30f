import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["**/*.test.ts"],
    exclude: ["node_modules/**", ".tools/**"],
    // Two cores: more workers than that only adds contention.
    maxWorkers: 2,
  },
});
