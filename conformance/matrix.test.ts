import { describe, expect, it } from "vitest";
import { BREAKAGES, type Breakage } from "../connector/engine/broken.ts";
import { CHECKS } from "./checks/index.ts";
import { brokenEngine } from "./engines.ts";
import { applicability, runCheck } from "./run.ts";

/**
 * Where one defect rightly fails a second check too: the same misbehaviour seen from another rule.
 * Everything else must fail its own check and no other, so a red check names the defect.
 */
const ALSO_FAILS: Partial<Record<Breakage, Record<string, string>>> = {
  "slow-order-refresh": {
    "orders.void-reaches-connector":
      "a void is to be seen within the 2-minute refresh; a 6-minute refresh cannot",
  },
  "blind-recreate": {
    "writes.key-reused-on-retry": "re-sending the create under a new key is a retry under a new key",
  },
  "lock-is-fatal": {
    "payments.slow-schedule": "a locked payment given up at once is never retried on the slow schedule",
  },
  "forget-menu-offline": {
    "read-only.drain-exactly-once": "with no menu the engine cannot take the guest's round to queue",
  },
  "round-as-new-order": {
    "read-only.drain-exactly-once": "the held round lands as a new order, not on the tab",
    "locks.short-schedule":
      "a round sent as a new order never meets the tab's lock, so no retry can be judged",
  },
};

// The whole catalogue against each defect: in generic, or in the first dialect its check applies to.
describe("each defect fails its own check, and only the checks it also breaks", { timeout: 300_000 }, () => {
  it.each(Object.keys(BREAKAGES) as Breakage[])("%s", async (breakage) => {
    const own = CHECKS.find((c) => c.catches === breakage);
    if (!own) throw new Error(`no check catches ${breakage}`);
    const dialect = (["generic", "elyx", "sinqro"] as const).find(
      (d) => applicability(own, d, "drive") === null,
    );
    if (!dialect) throw new Error(`${own.id} applies to no dialect`);
    const failing: string[] = [];
    for (const check of CHECKS) {
      const result = await runCheck(check, dialect, {
        dialects: [dialect],
        mode: "drive",
        target: { kind: "in-process", engine: brokenEngine(breakage) },
      });
      if (result.verdict.status === "fail") failing.push(check.id);
    }
    expect(failing.sort()).toEqual([own.id, ...Object.keys(ALSO_FAILS[breakage] ?? {})].sort());
  });
});
