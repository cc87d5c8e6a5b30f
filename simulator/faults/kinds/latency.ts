import { Distribution } from "../../../contracts/admin/fault-primitives.ts";
import { defineFaultKind, ruleSchema } from "../kind.ts";
import { DISTRIBUTION_FIELDS, describeDistribution, sampleLatency } from "../timeline.ts";

/** Requests are slower, in clock time. */
export const latency = defineFaultKind({
  kind: "latency",
  schema: ruleSchema("latency", { distribution: Distribution }),
  summary: "requests are slower, in clock time",
  form: DISTRIBUTION_FIELDS,
  describe: (rule, words) => describeDistribution(rule.distribution, words),
  async before(request, active) {
    request.fire(active);
    await request.engine.clock.sleep(sampleLatency(active.rule.distribution, active.rng));
  },
});
