import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { OPERATIONS } from "../../contracts/operations.ts";
import {
  arrivalScenario,
  CADENCES,
  expectedIterations,
  expectedRequestRate,
  PRE_SERVICE_OPERATIONS,
  plan,
  READ_OPERATIONS,
  scenarios,
  WRITE_OPERATIONS,
} from "../k6/cadence.ts";
import { readConfig } from "../k6/config.ts";
import { runOperations } from "../k6/steps.ts";
import { thresholds } from "../k6/thresholds.ts";

const config = (env: Record<string, string> = {}) => readConfig({ LOAD_CREDENTIALS: "c.json", ...env });

// What k6's constant-arrival-rate does with a scenario: iteration k starts at k · timeUnit / rate.
function startTimesUs(s: { rate: number; timeUnit: string }, iterations: number): number[] {
  const unitUs = Number(/^(\d+)us$/.exec(s.timeUnit)?.[1]);
  return Array.from({ length: iterations }, (_, k) => (k * unitUs) / s.rate);
}

describe("the envelope as scenarios", () => {
  it("has the four cadences of DESIGN.md", () => {
    expect(CADENCES.map((c) => [c.operation, c.periodMs / 60_000])).toEqual([
      ["location.status", 1],
      ["orders.list", 4],
      ["orders.list", 2],
      ["availability.get", 5],
    ]);
  });

  it("visits every location once per period, each at its own stable offset", () => {
    const s = arrivalScenario({
      exec: "x",
      locations: 7,
      periodMs: 60_000,
      compress: 20,
      durationMs: 30_000,
    });
    const periodUs = (60_000 / 20) * 1000;
    const starts = startTimesUs(s, 7 * 5);
    for (let loc = 0; loc < 7; loc++) {
      const visits = starts.filter((_, k) => k % 7 === loc);
      expect(visits[0]).toBeCloseTo((loc * periodUs) / 7, 6);
      for (let v = 1; v < visits.length; v++) {
        expect((visits[v] as number) - (visits[v - 1] as number)).toBeCloseTo(periodUs, 6);
      }
    }
  });

  it("compresses the period into the time unit, in microseconds", () => {
    const s = arrivalScenario({
      exec: "x",
      locations: 300,
      periodMs: 4 * 60_000,
      compress: 7,
      durationMs: 1000,
    });
    expect(s).toMatchObject({ executor: "constant-arrival-rate", rate: 300, timeUnit: "34285714us" });
    expect(s.duration).toBe("1000ms");
    expect(s.maxVUs).toBeGreaterThanOrEqual(s.preAllocatedVUs);
  });

  it("adds guest orders only when their rate is above zero", () => {
    expect(Object.keys(scenarios(config(), 10))).toEqual([
      "online_check",
      "new_orders",
      "in_progress",
      "availability",
      "guest_orders",
      "warm_up",
    ]);
    expect(Object.keys(scenarios(config({ LOAD_ORDERS_PER_HOUR: "0" }), 10))).not.toContain("guest_orders");
    const guest = plan(config({ LOAD_ORDERS_PER_HOUR: "6" })).at(-1);
    expect(guest?.periodMs).toBe(600_000);
  });

  it("starts service after a warm-up in which every VU of every scenario sends one read", () => {
    const all = scenarios(config({ LOAD_WARMUP: "3s" }), 600);
    const { warm_up, ...service } = all;
    const vus = Object.values(service).reduce(
      (n, s) => n + ("preAllocatedVUs" in s ? s.preAllocatedVUs : 0),
      0,
    );
    expect(warm_up).toMatchObject({
      executor: "per-vu-iterations",
      vus,
      iterations: 1,
      maxDuration: "3000ms",
    });
    for (const s of Object.values(service)) expect(s).toMatchObject({ startTime: "3000ms" });
    expect(Object.keys(scenarios(config({ LOAD_WARMUP: "0" }), 600))).not.toContain("warm_up");
  });

  it("counts the polls due and the request rate of a run", () => {
    const c = config({ LOAD_COMPRESS: "20", LOAD_DURATION: "30s", LOAD_ORDERS_PER_HOUR: "0" });
    expect(expectedIterations(CADENCES[0] as (typeof CADENCES)[0], c, 300)).toBe(3000);
    // 300 locations: 1/min + 1/4 min + 1/2 min + 1/5 min, 20 times faster.
    expect(expectedRequestRate(c, 300)).toBeCloseTo(300 * 20 * (1 / 60 + 1 / 240 + 1 / 120 + 1 / 300), 6);
  });

  it("speaks only canonical operations, and every scenario runs a function envelope.ts exports", () => {
    for (const op of [...READ_OPERATIONS, ...WRITE_OPERATIONS, ...PRE_SERVICE_OPERATIONS]) {
      expect(OPERATIONS).toContain(op);
    }
    const source = readFileSync(new URL("../k6/envelope.ts", import.meta.url), "utf8");
    for (const c of plan(config())) expect(source).toContain(`export function ${c.exec}(`);
  });

  it("leaves out what a dialect lacks: no scenario, no gate, no request", () => {
    const sinqro = config({ LOAD_DIALECT: "sinqro", LOAD_COMPRESS: "20", LOAD_DURATION: "30s" });
    expect(plan(sinqro).map((c) => c.scenario)).toEqual(["online_check", "availability", "guest_orders"]);
    expect(plan(sinqro).at(-1)?.what).toBe("guest orders (create), 4 per hour");
    expect(runOperations(sinqro)).toEqual({
      preService: ["menu.get", "modifiers.get"],
      read: ["location.status", "availability.get"],
      write: ["order.create"],
    });
    const gated = Object.keys(thresholds(sinqro)).join(" ");
    for (const op of ["orders.list", "order.append", "order.pay"]) expect(gated).not.toContain(op);
    expect(gated).toContain("operation:order.create,phase:service");
    expect(expectedRequestRate(sinqro, 300)).toBeCloseTo(300 * 20 * (1 / 60 + 1 / 300 + 4 / 3600), 6);

    const elyx = config({ LOAD_DIALECT: "elyx" });
    expect(plan(elyx).map((c) => c.scenario)).toEqual(plan(config()).map((c) => c.scenario));
    expect(runOperations(elyx).preService).toEqual(["menu.get"]);
    expect(Object.keys(thresholds(elyx)).join(" ")).not.toContain("modifiers.get");
    expect(runOperations(config({ LOAD_ORDERS_PER_HOUR: "0" })).write).toEqual([]);
  });
});
