import { describe, expect, it } from "vitest";
import { simpleProduct } from "../../test/support/menu.ts";
import { testPos } from "../../test/support/pos.ts";
import { runScenario } from "../run.ts";
import { checkInvariants } from "./invariants.ts";
import { parseScenario, ScenarioError } from "./load.ts";
import { INVARIANTS } from "./schema.ts";

const YAML = `
name: lunch-with-faults
chain: { seed: lunch, locations: 3, locale: es }
clock: { start: "2026-03-13T12:00:00+01:00" }
duration: 3h
probe: { ordersPerHour: 6 }
faults:
  - { id: locks, kind: lock, when: { probability: 0.25 }, duration: 40s }
  - { id: lost, kind: commit_then_timeout, scope: { operations: [order.create] }, when: { probability: 0.2 } }
  - { id: flap, kind: unreachable, mode: "503", pattern: { type: fixed, up: 40m, down: 5m }, scope: { locations: [loc-0002] } }
`;

describe("scenario files", () => {
  it("point at the file, line and field of each mistake, with the reason", () => {
    const text = [
      "name: Bad Name",
      "clock: { mode: scaled, start: 2026-03-13 }",
      "duration: 3 hours",
      "faults:",
      "  - id: ok",
      "    kind: lock",
      "  - id: broken",
      "    kind: latency",
      "    distribution: { type: lognormal, p50: 40ms }",
    ].join("\n");
    let error: ScenarioError | undefined;
    try {
      parseScenario(text, "bad.yaml");
    } catch (err) {
      error = err as ScenarioError;
    }
    expect(error).toBeInstanceOf(ScenarioError);
    const byPath = Object.fromEntries((error?.issues ?? []).map((i) => [i.path, i]));
    expect(byPath.name).toMatchObject({ line: 1 });
    expect(byPath["clock.start"]).toMatchObject({ line: 2 });
    expect(byPath["clock.factor"]?.message).toBe("a scaled clock needs a factor");
    expect(byPath.duration).toMatchObject({ line: 3 });
    expect(byPath["faults[1].distribution.p99"]).toMatchObject({ line: 9 });
    expect(error?.message).toContain("bad.yaml:3:11: duration:");
  });

  it("refuse two fault rules with one id", () => {
    const text =
      'name: twice\nclock: { start: "2026-03-13T12:00:00Z" }\nduration: 1h\nfaults:\n  - { id: a, kind: error }\n  - { id: a, kind: lock }\n';
    expect(() => parseScenario(text, "twice.yaml")).toThrow(
      "twice.yaml:6:11: faults[1].id: fault id 'a' is used twice",
    );
  });

  it("report YAML syntax errors with their position", () => {
    expect(() => parseScenario("name: x\nfaults: [\n", "broken.yaml")).toThrow(/broken\.yaml:\d+:\d+/);
  });
});

describe("running a scenario", () => {
  it("gives a byte-identical journal for the same scenario, and a different one for another seed", async () => {
    // Played three times: one hour is as good a check of determinism as the file's three (its
    // locks, lost commits and the flap's first outage at 40 min all fall in it), at a third of the work.
    const scenario = parseScenario(YAML.replace("duration: 3h", "duration: 1h"));
    expect(scenario.duration).toBe(3_600_000);
    const a = await runScenario(scenario);
    const b = await runScenario(scenario);
    expect(a.requests).toBeGreaterThan(300);
    expect(b.journal).toBe(a.journal);
    const other = await runScenario({ ...scenario, chain: { ...scenario.chain, seed: "dinner" } });
    expect(other.journal).not.toBe(a.journal);
  });

  it("exercises its faults, and the connector's idempotent retries keep every invariant", async () => {
    const result = await runScenario(parseScenario(YAML));
    const entries = result.journal
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as { fault: string | null });
    for (const id of ["locks", "lost", "flap"])
      expect(
        entries.some((e) => e.fault?.split(",").includes(id)),
        id,
      ).toBe(true);
    expect(result.verdicts.filter((v) => !v.holds)).toEqual([]);
    expect(result.stats.activity?.ordersOpened).toBeGreaterThan(20);
  });
});

describe("invariants", () => {
  it("catch a double-created order and a lock nobody releases", async () => {
    const pos = testPos();
    const loc = pos.location(0);
    const body = {
      type: "take_away",
      externalId: "guest-1",
      items: [{ productId: simpleProduct(loc).id, quantity: 1 }],
    };
    const first = (await pos.request("POST", `/v1/locations/${loc.id}/orders`, { body })).body;
    expect(checkInvariants(pos.sim, [...INVARIANTS]).every((v) => v.holds)).toBe(true);
    // What a POS without externalId checks would do on a retried create: a second order.
    const second = (
      await pos.request("POST", `/v1/locations/${loc.id}/orders`, { body: { ...body, externalId: null } })
    ).body;
    const order = loc.orders.get(second.id);
    if (order) order.externalId = "guest-1";
    await pos.request("PUT", `/__admin/locations/${loc.id}/orders/${first.id}/lock`, {
      body: { terminalId: "term-1" },
    });
    const failed = checkInvariants(pos.sim, [...INVARIANTS]).filter((v) => !v.holds);
    expect(failed.map((v) => v.invariant)).toEqual(["no-double-create", "locks-release"]);
    expect(failed[0]?.detail).toContain(second.id);
  });
});

describe("scenarios through the admin API", () => {
  it("load, report and stop; the server's clock stays", async () => {
    const pos = testPos();
    expect((await pos.request("GET", "/__admin/scenario")).status).toBe(404);
    const scenario = parseScenario(YAML);
    const loaded = await pos.request("PUT", "/__admin/scenario", { body: { ...scenario, duration: "3h" } });
    expect(loaded.status).toBe(200);
    expect(loaded.body).toMatchObject({ name: "lunch-with-faults", faults: ["locks", "lost", "flap"] });
    expect(pos.sim.chain.locations).toHaveLength(3);
    expect(pos.sim.options.seed).toBe("lunch");
    // An hour of the three is enough to see it report (the whole run is the test above).
    await pos.clock.advance(3_600_000);
    const status = await pos.request("GET", "/__admin/scenario");
    expect(status.body.stats.probe["location.status 200"]).toBeGreaterThan(100);
    expect(status.body.verdicts.every((v: { holds: boolean }) => v.holds)).toBe(true);
    const stopped = await pos.request("DELETE", "/__admin/scenario");
    expect(stopped.body).toEqual({ stopped: "lunch-with-faults" });
    expect((await pos.request("GET", "/__admin/faults")).body.faults).toEqual([]);
    const pending = pos.clock.pending;
    await pos.clock.advance(3_600_000);
    expect(pos.clock.pending).toBeLessThanOrEqual(pending);
  });

  it("refuses a scenario with a bad field, naming it", async () => {
    const pos = testPos();
    const res = await pos.request("PUT", "/__admin/scenario", {
      body: {
        name: "x",
        clock: { start: "2026-03-13T12:00:00Z" },
        duration: "1h",
        faults: [{ id: "a", kind: "nope" }],
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.invalidParams[0].name).toBe("body.faults[0].kind");
  });
});
