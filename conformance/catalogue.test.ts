import { describe, expect, it } from "vitest";
import { ADAPTERS, type AdapterName } from "../connector/adapters/index.ts";
import { CHECKS } from "./checks/index.ts";
import { brokenEngine, referenceEngine } from "./engines.ts";
import { applicability, runCheck } from "./run.ts";

const DIALECTS = Object.keys(ADAPTERS) as AdapterName[];

// Every check is proven both ways: the reference engine passes it wherever it applies, and the
// engine with the defect the check exists for fails it.
describe.each(CHECKS.map((c) => [c.id, c] as const))("%s", (_id, check) => {
  it.each(DIALECTS)("the reference engine passes it in %s (or it does not apply)", async (dialect) => {
    const result = await runCheck(check, dialect, {
      dialects: [dialect],
      mode: "drive",
      target: { kind: "in-process", engine: referenceEngine },
    });
    const expected = applicability(check, dialect, "drive") === null ? "pass" : "not_applicable";
    expect(
      result.verdict.status,
      `${result.verdict.summary}\n${result.verdict.evidence.map((e) => e.text).join("\n")}`,
    ).toBe(expected);
  });

  it(`fails for the engine that ${check.catches}`, async () => {
    const dialect = DIALECTS.find((d) => applicability(check, d, "drive") === null);
    if (!dialect) throw new Error(`${check.id} applies to no dialect`);
    const result = await runCheck(check, dialect, {
      dialects: [dialect],
      mode: "drive",
      target: { kind: "in-process", engine: brokenEngine(check.catches) },
    });
    expect(result.verdict.status, result.verdict.summary).toBe("fail");
    expect(result.verdict.evidence.length).toBeGreaterThan(0);
  });
});
