import { describe, expect, it } from "vitest";
import { lock } from "./kinds/lock.ts";
import { unreachable } from "./kinds/unreachable.ts";
import { BUILT_IN_KINDS, FAULT_KINDS, faultKindRegistry } from "./registry.ts";

describe("the fault kind registry", () => {
  it("files every kind under its own name, and the engine's kinds are the registry's, in its order", () => {
    for (const [name, kind] of Object.entries(FAULT_KINDS)) expect(kind.kind).toBe(name);
    expect(BUILT_IN_KINDS.names).toEqual(Object.keys(FAULT_KINDS));
  });

  it("does not compile with a kind under another kind's name (checked by tsc)", () => {
    // @ts-expect-error the link-down kind filed as `lock`
    const wrong = faultKindRegistry({ lock: unreachable });
    const right = faultKindRegistry({ lock, unreachable });
    expect(Object.keys(wrong)).toEqual(["lock"]);
    expect(right.lock.kind).toBe("lock");
  });

  it("validates a rule against its kind's own schema, naming defaults it fills", () => {
    expect(BUILT_IN_KINDS.schema.parse({ id: "x", kind: "lock" })).toEqual({
      id: "x",
      kind: "lock",
      duration: 60_000,
      scope: {},
      when: {},
    });
    expect(BUILT_IN_KINDS.schema.safeParse({ id: "x", kind: "nope" }).success).toBe(false);
  });
});
