import { describe, expect, it } from "vitest";
import { runScenario } from "../run.ts";
import { scenario } from "./builder.ts";
import { parseScenario, ScenarioError } from "./load.ts";
import { INVARIANTS } from "./schema.ts";

const YAML = `
name: friday-lunch-rush
description: Lunch peak with slow writes and terminal locks.
chain: { seed: rush, locations: 20, locale: es }
clock: { start: "2026-03-13T11:00:00+01:00" }
duration: 4h
activity: { intensity: 2, lockProbability: 0.6 }
probe: { ordersPerHour: 8 }
faults:
  - id: waiter-holds-order
    kind: lock
    scope: { operations: [order.append, order.pay] }
    when: { probability: 0.15 }
    duration: 45s
  - id: peak-slow-writes
    kind: latency
    when: { from: "+30m", to: "+2h" }
    distribution: { type: lognormal, p50: 600ms, p99: 8s }
invariants: [no-double-create, locks-release]
`;

function failure(build: () => unknown): ScenarioError {
  try {
    build();
  } catch (err) {
    if (err instanceof ScenarioError) return err;
    throw err;
  }
  throw new Error("expected a ScenarioError");
}

const base = scenario("friday-lunch-rush")
  .chain({ seed: "rush", locale: "es" })
  .clock({ start: "2026-03-13T11:00:00+01:00" })
  .duration("4h");

describe("the scenario builder", () => {
  it("builds what the same scenario parses to from YAML", () => {
    const built = base
      .describe("Lunch peak with slow writes and terminal locks.")
      .chain({ locations: 20 })
      .activity({ intensity: 2 })
      .activity({ lockProbability: 0.6 })
      .probe({ ordersPerHour: 8 })
      .fault({
        id: "waiter-holds-order",
        kind: "lock",
        scope: { operations: ["order.append", "order.pay"] },
        when: { probability: 0.15 },
        duration: "45s",
      })
      .at("+30m", "+2h", {
        id: "peak-slow-writes",
        kind: "latency",
        distribution: { type: "lognormal", p50: "600ms", p99: "8s" },
      })
      .expect("no-double-create")
      .expect("locks-release", "no-double-create")
      .build();
    expect(built).toEqual(parseScenario(YAML));
  });

  it("fills the schema's defaults, all invariants included, when a step is left out", () => {
    const built = base.build();
    expect(built.chain).toEqual({ seed: "rush", locations: 3, locale: "es" });
    expect(built.clock.mode).toBe("virtual");
    expect(built.duration).toBe(4 * 3_600_000);
    expect(built.activity.enabled).toBe(true);
    expect(built.probe).toEqual({ enabled: true, ordersPerHour: 4, payLaterShare: 0.5 });
    expect(built.faults).toEqual([]);
    expect(built.invariants).toEqual([...INVARIANTS]);
  });

  it("keeps each step's builder as it was, so a base can be varied", () => {
    const quiet = base.probe({ enabled: false });
    const broken = quiet.fault({ id: "down", kind: "unreachable", mode: "503" });
    expect(quiet.build().faults).toEqual([]);
    expect(base.build().probe.enabled).toBe(true);
    expect(broken.build().faults.map((f) => f.id)).toEqual(["down"]);
  });

  it("adds a window to a rule's own `when` without losing the rest of it", () => {
    const built = base
      .at("+1h", undefined, { id: "flaky", kind: "error", when: { probability: 0.1, to: "+3h" } })
      .build();
    expect(built.faults[0]?.when).toEqual({ from: "+1h", to: "+3h", probability: 0.1 });
  });

  it("names each bad field and the reason, and says which scenario", () => {
    const error = failure(() =>
      base
        .chain({ locations: 0 })
        .duration("4 hours")
        .fault({
          id: "slow",
          kind: "latency",
          distribution: { type: "lognormal", p50: "40ms", p99: "one second" },
        })
        .build(),
    );
    expect(error.issues.map((i) => i.path)).toEqual([
      "chain.locations",
      "duration",
      "faults[0].distribution.p99",
    ]);
    expect(error.message).toContain("scenario friday-lunch-rush: chain.locations: Too small");
    expect(error.message).toContain("faults[0].distribution.p99: a duration like 250ms");
  });

  it("refuses a scaled clock without a factor, and a name that is not one", () => {
    expect(failure(() => base.clock({ mode: "scaled" }).build()).issues).toEqual([
      { path: "clock.factor", message: "a scaled clock needs a factor" },
    ]);
    expect(
      failure(() => scenario("Friday Rush").clock({ start: "2026-03-13T11:00:00Z" }).duration("1h").build())
        .issues[0],
    ).toMatchObject({ path: "name" });
    expect(failure(() => scenario("no-clock").duration("1h").build()).issues[0]?.path).toBe("clock");
  });

  it("gives a scenario runScenario plays", async () => {
    const result = await runScenario(
      base
        .chain({ locations: 1 })
        .duration("1h")
        .clock({ start: "2026-03-13T13:00:00+01:00" })
        .probe({ ordersPerHour: 20 })
        .fault({ id: "slow", kind: "latency", distribution: { type: "fixed", ms: "2s" } })
        .expect("no-double-create")
        .build(),
    );
    expect(result.verdicts).toEqual([{ invariant: "no-double-create", holds: true, detail: "holds" }]);
    expect(result.journal).toContain('"fault":"slow"');
  });
});
