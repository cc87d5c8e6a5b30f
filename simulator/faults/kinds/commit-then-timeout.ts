import { z } from "zod";
import { Duration } from "../../../contracts/admin/fault-primitives.ts";
import { choices, defineFaultKind, ruleSchema } from "../kind.ts";

/** The write is applied, then its answer is lost (the connection is cut) or held back. */
export const commitThenTimeout = defineFaultKind({
  kind: "commit_then_timeout",
  schema: ruleSchema("commit_then_timeout", {
    /** drop: the connection is cut after the write is applied; hold: the answer comes after `hold`. */
    mode: z.enum(["drop", "hold"]).default("drop"),
    hold: Duration.default(30_000),
  }),
  summary: "the write is applied, then its answer is lost",
  form: [
    { name: "mode", label: "mode", type: "select", options: choices("drop", "hold") },
    { name: "hold", label: "answer after", type: "duration", placeholder: "30s", if: "mode=hold" },
  ],
  describe: (rule, words) => (rule.mode === "hold" ? `hold ${words.duration(rule.hold)}` : "drop"),
  writesOnly: true,
  async after(response, active) {
    // Only a write that was applied: a refused one has nothing to lose.
    if (response.response.status >= 400) return;
    response.fire(active);
    if (active.rule.mode === "hold") await response.engine.clock.sleep(active.rule.hold);
    else {
      response.outcome("TIMEOUT");
      response.drop("drop");
    }
  },
});
