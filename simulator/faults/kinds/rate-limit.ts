import { z } from "zod";
import { PosError, retryAfterSeconds } from "../../domain/errors.ts";
import type { ActiveRule } from "../engine.ts";
import { defineFaultKind, keyed, ruleSchema } from "../kind.ts";

const MAX_BUCKETS = 100_000;

/** Each rule's token buckets, per credential. */
const buckets = keyed((_: ActiveRule) => new Map<string, { tokens: number; at: number }>());

/** A token bucket per credential: RATE_LIMITED (429) with Retry-After once it is empty. */
export const rateLimit = defineFaultKind({
  kind: "rate_limit",
  schema: ruleSchema("rate_limit", {
    /** Tokens added per second, per credential. */
    rate: z.number().positive().max(100_000),
    burst: z.number().int().min(1).max(1_000_000),
  }),
  summary: "a token bucket per credential: RATE_LIMITED (429) with Retry-After",
  form: [
    { name: "rate", label: "rate (tokens a second)", type: "number", placeholder: "0.5" },
    { name: "burst", label: "burst", type: "number", placeholder: "10" },
  ],
  describe: (rule) => `${rule.rate}/s, burst ${rule.burst}`,
  before(request, active) {
    const { rate, burst } = active.rule;
    const { now } = request;
    const credential = request.credential || "anonymous";
    const table = buckets(active);
    const bucket = table.get(credential) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * rate);
    bucket.at = now;
    // Bounded: junk credentials must not grow the table without end (the oldest go first).
    if (!table.has(credential) && table.size >= MAX_BUCKETS)
      table.delete(table.keys().next().value as string);
    table.set(credential, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return;
    }
    request.fire(active);
    throw new PosError("RATE_LIMITED", `more than ${rate} requests per second (burst ${burst})`, {
      retryAfter: retryAfterSeconds(((1 - bucket.tokens) / rate) * 1000),
    });
  },
});
