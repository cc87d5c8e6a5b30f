import { z } from "zod";
import { Distribution, Duration } from "../../../contracts/admin/fault-primitives.ts";
import { choices, defineFaultKind, ruleSchema } from "../kind.ts";
import { DISTRIBUTION_FIELDS, describeDistribution, sampleLatency } from "../timeline.ts";

/** Webhook deliveries go late, twice, nowhere, out of order, or badly signed. */
export const webhook = defineFaultKind({
  kind: "webhook",
  schema: ruleSchema("webhook", {
    /**
     * What happens to a delivery attempt: it goes out late (`delay`), twice (`duplicate`), not at
     * all (`drop`), after the restaurant's next event (`reorder`), or with a wrong signature.
     */
    mode: z.enum(["delay", "duplicate", "drop", "reorder", "bad_signature"]),
    /** delay: how late the attempt goes out. */
    distribution: Distribution.default({ type: "fixed", ms: 30_000 }),
    /** drop: lose the event for good, instead of only this attempt (which the sender then retries). */
    permanent: z.boolean().default(false),
    /** reorder: the longest an attempt waits for a later event of its restaurant to overtake it. */
    hold: Duration.default(60_000),
  }),
  summary: "webhook deliveries go late, twice, nowhere, out of order, or badly signed",
  form: [
    {
      name: "mode",
      label: "mode",
      type: "select",
      options: choices("delay", "duplicate", "drop", "reorder", "bad_signature"),
    },
    ...DISTRIBUTION_FIELDS.map((f) => ({ ...f, if: f.if ?? "mode=delay" })),
    { name: "permanent", label: "lose the event for good", type: "checkbox", if: "mode=drop" },
    {
      name: "hold",
      label: "longest wait to be overtaken",
      type: "duration",
      placeholder: "60s",
      if: "mode=reorder",
    },
  ],
  describe: (rule, words) =>
    `${rule.mode}${rule.mode === "delay" ? ` ${describeDistribution(rule.distribution, words)}` : ""}`,
  target: "webhooks",
  webhook(shape, active) {
    const { rule } = active;
    if (rule.mode === "delay") shape.delay += sampleLatency(rule.distribution, active.rng);
    if (rule.mode === "duplicate") shape.duplicate = true;
    if (rule.mode === "drop") shape.drop = rule.permanent || shape.drop === "event" ? "event" : "attempt";
    if (rule.mode === "reorder") shape.hold = Math.max(shape.hold ?? 0, rule.hold);
    if (rule.mode === "bad_signature") shape.badSignature = true;
  },
});
