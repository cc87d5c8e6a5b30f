import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { RealClock } from "../../simulator/clock/index.ts";
import { Budget } from "../budget.ts";
import { fileStates, loadStatesFile } from "./file.ts";
import { fill, pick } from "./template.ts";

const location = { locationId: "loc-0001", apiKey: "k-1", testing: true };

describe("states file templates", () => {
  it("fill values from the scope, keep a lone template's type, and fall back with ??", () => {
    const scope = {
      params: { seconds: 30 },
      location,
      saved: {
        list: [
          { active: false, n: 1 },
          { active: true, n: 2 },
        ],
      },
    };
    expect(fill("{{params.seconds}}", scope)).toBe(30);
    expect(fill("{{params.missing ?? 90}}", scope)).toBe(90);
    expect(fill("/x/{{location.locationId}}/y", scope)).toBe("/x/loc-0001/y");
    expect(fill({ a: ["{{location.apiKey}}"] }, scope)).toEqual({ a: ["k-1"] });
    expect(() => fill("{{params.key}}", scope)).toThrow(/no value named 'params.key'/);
    expect(pick(scope, "saved.list[active=true].n")).toBe(2);
    expect(pick(scope, "$.saved.list[0].n")).toBe(1);
  });

  it("the example for mockpos declares every state the generic pacts name", () => {
    const file = loadStatesFile(resolve(import.meta.dirname, "../examples/mockpos-generic.states.yaml"));
    expect(Object.keys(file.states).sort()).toEqual(
      [
        "a loyalty card is active and an order is open",
        "an order is open and locked at a terminal",
        "an order is open at a terminal",
        "an order was created with idempotency key K",
        "an order was opened after the last poll",
        "no order carries external id E",
        "the credentials are wrong",
        "the location is open",
        "the location is rate limited",
        "the location is unreachable",
      ].sort(),
    );
    // YAML merge keys carry the shared values into each state.
    expect(file.states["an order is open at a terminal"]?.values).toMatchObject({
      apiKey: "{{location.apiKey}}",
      orderId: "{{orderId}}",
    });
  });

  it("a state the file does not declare, or whose call fails, is not set up — and says why", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mockpos-states-"));
    const path = join(dir, "states.yaml");
    writeFileSync(
      path,
      "states:\n  the location is open:\n    setup: [POST /nowhere]\n    values: { apiKey: '{{location.apiKey}}' }\n",
    );
    const clock = new RealClock();
    const source = fileStates({
      file: loadStatesFile(path),
      path,
      // Port 9 (discard) on loopback: nothing listens, the call is refused at once.
      target: "http://127.0.0.1:9",
      locations: [location],
      budget: new Budget({ rate: 100, max: 10, clock }),
      clock,
    });
    expect(await source.change({ state: "a state no one wrote", params: {}, action: "setup" })).toEqual({
      ok: false,
      error: "the states file declares no state 'a state no one wrote' (it declares: the location is open)",
    });
    const failed = await source.change({ state: "the location is open", params: {}, action: "setup" });
    expect(failed).toMatchObject({
      ok: false,
      error: expect.stringMatching(
        /^'the location is open' \(setup\): POST http:\/\/127\.0\.0\.1:9\/nowhere: /,
      ),
    });
    writeFileSync(path, "states:\n  x: { setup: [reset the chain] }\n");
    expect(() => loadStatesFile(path)).toThrow(/states\.x\.setup\.0: a call is "METHOD URL"/);
  });
});
