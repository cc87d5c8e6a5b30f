import { describe, expect, it } from "vitest";
import { ELYX_FAILURES } from "../../contracts/elyx/failures.ts";
import { SINQRO_FAILURES, SINQRO_RESTAURANT_CLOSED } from "../../contracts/sinqro/failures.ts";
import { DIALECTS as SIMULATOR_DIALECTS } from "../../simulator/dialects/registry.ts";
import { LOAD_DIALECTS } from "../k6/config.ts";
import { ELYX_CODES, SINQRO_CODES } from "../k6/dialects/failures.ts";
import { DIALECTS } from "../k6/dialects/index.ts";

describe("the k6 scripts' copies of the contracts' failure tables", () => {
  it("map every Elyx numeric code to the canonical failure the contract gives it", () => {
    const contract = Object.fromEntries(
      Object.entries(ELYX_FAILURES).map(([canonical, f]) => [f.code, canonical]),
    );
    expect(ELYX_CODES).toEqual(contract);
  });

  it("map every Sinqro code to its canonical failure, RESTAURANT_CLOSED included", () => {
    const contract: Record<string, string> = Object.fromEntries(
      Object.entries(SINQRO_FAILURES).map(([canonical, f]) => [f.code, canonical]),
    );
    contract[SINQRO_RESTAURANT_CLOSED.code] = SINQRO_RESTAURANT_CLOSED.failure;
    expect(SINQRO_CODES).toEqual(contract);
  });

  it("read each dialect's error envelope, and nothing else", () => {
    expect(DIALECTS.generic.failure({ code: "LOCKED", title: "…" })).toBe("LOCKED");
    expect(DIALECTS.elyx.failure({ error: { code: 2001, type: "TICKET_LOCKED" } })).toBe("LOCKED");
    expect(DIALECTS.elyx.failure({ error: { code: 7777 } })).toBeUndefined();
    expect(DIALECTS.sinqro.failure({ success: false, error: { code: "RESTAURANT_CLOSED" } })).toBe(
      "ITEM_UNAVAILABLE",
    );
    expect(DIALECTS.sinqro.failure({ success: false, error: { code: "constructor" } })).toBeUndefined();
    expect(DIALECTS.elyx.failure("<html>")).toBeUndefined();
  });

  it("name the same dialects as the simulator", () => {
    expect([...LOAD_DIALECTS]).toEqual([...SIMULATOR_DIALECTS]);
  });
});
