import type { JournalEntry } from "../../simulator/journal/index.ts";
import { at, cite, offset, requests } from "../judge/journal.ts";
import { type Check, type Evidence, fail, pass } from "../types.ts";
import { orderable, placeAndWait } from "./guests.ts";

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const RULE = "create-rate-limit";
/** One order create per location every 20 s, no burst: a second create at once is refused with Retry-After: 20. */
const RATE = 0.05;
const BURST = 1;
/**
 * How early a next attempt may come and still count: Retry-After counts whole seconds, and the
 * bucket replayed from the journal's millisecond times may round across a second boundary.
 */
const SLACK = SECOND;

/** A 429, with the Retry-After its answer carried (the rule's token bucket, replayed from the journal). */
interface Limited {
  entry: JournalEntry;
  retryAfterMs: number;
}

/**
 * The rule's token bucket, replayed over the requests it saw (per credential, as the simulator
 * keeps it): each refusal with the Retry-After the POS answered it with, ceil((1 − tokens) / rate).
 */
function refusals(entries: readonly JournalEntry[], rate: number, burst: number): Limited[] {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const out: Limited[] = [];
  for (const e of entries) {
    const now = at(e);
    const credential = e.credential ?? "anonymous";
    const bucket = buckets.get(credential) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * rate);
    bucket.at = now;
    buckets.set(credential, bucket);
    if (e.outcome !== "RATE_LIMITED") {
      if (bucket.tokens >= 1) bucket.tokens -= 1;
      continue;
    }
    out.push({ entry: e, retryAfterMs: Math.max(1, Math.ceil((1 - bucket.tokens) / rate)) * 1000 });
  }
  return out;
}

/**
 * A write refused with 429 is sent again no sooner than its Retry-After asked (seed 003 and
 * DESIGN's failure vocabulary: RATE_LIMITED carries Retry-After; Toast and haddock: 429 is
 * retryable). A rate limit on order creates at one location; four guests order there, two at
 * a time.
 */
export const rateLimitRetryAfter: Check = {
  id: "rate-limit.retry-after",
  title: "A rate-limited write waits out Retry-After",
  rule: "A write refused RATE_LIMITED (429) is retried no sooner than the Retry-After the POS answered with.",
  needsGuests: true,
  catches: "ignore-retry-after",
  async play(stage) {
    const driver = stage.driver;
    const location = stage.locations[0];
    if (!driver || !location) throw new Error("drive mode only");
    const items = await orderable(stage, location.id);
    await stage.faults([
      {
        id: RULE,
        kind: "rate_limit",
        rate: RATE,
        burst: BURST,
        scope: { locations: [location.id], operations: ["order.create"] },
      },
    ]);
    const refs: string[] = [];
    // Two guests at once, twice: the second create of each pair meets the limit, and is the only
    // create waiting, so the next create the POS sees is its retry.
    for (let pair = 0; pair < 2; pair++) {
      const first = await placeAndWait(stage, { locationId: location.id, flow: "pay_first", items });
      const second = await driver.placeOrder({ locationId: location.id, flow: "pay_first", items });
      refs.push(first.ref, second.ref);
      await stage.wait(2 * MINUTE);
    }
    return {
      locationId: location.id,
      rate: RATE,
      burst: BURST,
      orders: (await Promise.all(refs.map((r) => driver.order(r)))).filter((o) => o !== null),
    };
  },
  judge(run) {
    const locationId = String(run.notes.locationId);
    const creates = requests(run, locationId, "order.create").filter((e) => e.method !== "GET");
    const limited = refusals(creates, Number(run.notes.rate), Number(run.notes.burst));
    if (limited.length === 0)
      return fail(
        "no create met the rate limit: nothing to judge",
        creates.map((e) => cite(e)),
      );
    const early: Evidence[] = [];
    const honoured: Evidence[] = [];
    for (const { entry, retryAfterMs } of limited) {
      const next = creates.find((e) => e.seq > entry.seq);
      if (!next) continue;
      const waited = at(next) - at(entry);
      const note = `${Math.round(waited / 100) / 10} s after a 429 asking Retry-After: ${retryAfterMs / 1000}`;
      if (waited + SLACK < retryAfterMs) early.push(cite(next, `sent ${note}`), cite(entry, "the 429"));
      else honoured.push(cite(next, `sent ${note}`));
    }
    if (early.length > 0)
      return fail(
        `${early.length / 2} of ${limited.length} rate-limited create(s) were sent again before Retry-After (first ${offset(run, at(limited[0]?.entry as JournalEntry))})`,
        early.slice(0, 12),
      );
    if (honoured.length === 0)
      return fail(
        "the rate-limited creates were never sent again",
        limited.map((l) => cite(l.entry)),
      );
    return pass(`all ${honoured.length} retries after a 429 waited out its Retry-After`, [
      ...honoured,
      ...limited.map((l) => cite(l.entry, `429, Retry-After: ${l.retryAfterMs / 1000}`)),
    ]);
  },
};
