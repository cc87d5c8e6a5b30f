import type { Random } from "../../simulator/random/index.ts";
import type { EngineConfig } from "../config.ts";
import type { PosFailure } from "../failure.ts";
import { type Broken, NOT_BROKEN } from "./broken.ts";
import type { StoredWrite } from "./outbox.ts";

/** What to do with a write the POS did not take. */
export type Decision =
  /** Send again, with the same key, after `afterMs`. */
  | { action: "retry"; afterMs: number; schedule: string }
  /** The link is down: hold the write until a status check finds the location online. */
  | { action: "hold" }
  /** The credentials were refused: hold every write of the location until they are fixed. */
  | { action: "auth" }
  /** Give up and surface it: the POS refused for good, or the schedule ran out. */
  | { action: "fail"; why: string };

/**
 * The retry rules of the connector contract (seed 003), in one place: a lock is retried on a
 * short schedule (about five attempts over ~2.5 minutes), a refused mark-paid on a slower one
 * (~17 minutes) because a paid order reconciles rather than blocks service, a rate limit waits
 * what the POS asked, an unreachable POS parks the write until it is back; a refusal that no
 * retry can change (validation, a closed order, a reused key) is surfaced at once.
 */
export function decide(
  failure: PosFailure,
  write: StoredWrite,
  retries: EngineConfig["retries"],
  random: Random,
  broken: Broken = NOT_BROKEN,
): Decision {
  const asked = failure.details.retryAfterMs;
  const count = write.retries[failure.code] ?? 0;
  const onSchedule = (name: string, schedule: number[]): Decision => {
    const base = schedule[count];
    if (base === undefined)
      return { action: "fail", why: `${failure.code} after ${count + 1} attempts (${name} schedule)` };
    const jittered = base * (1 + retries.jitter * (2 * random.next() - 1));
    return { action: "retry", afterMs: Math.round(Math.max(jittered, asked ?? 0)), schedule: name };
  };
  switch (failure.code) {
    case "UNREACHABLE":
    case "TIMEOUT":
      return { action: "hold" };
    case "UNAUTHORIZED":
    case "FORBIDDEN_LOCATION":
      return broken("hammer-on-401") ? onSchedule("server", retries.serverError) : { action: "auth" };
    case "LOCKED":
      if (broken("lock-is-fatal")) return { action: "fail", why: failure.message };
      if (broken("instant-lock-retry") && write.kind !== "order.pay")
        return count < 50
          ? { action: "retry", afterMs: 0, schedule: "instant" }
          : { action: "fail", why: failure.message };
      return write.kind === "order.pay" && !broken("pay-on-lock-schedule")
        ? onSchedule("pay", retries.pay)
        : onSchedule("lock", retries.lock);
    case "SHIFT_CLOSING":
      if (broken("shift-closing-fatal")) return { action: "fail", why: failure.message };
      // A closing shift refuses writes for minutes: the slow schedule outlasts it.
      return onSchedule("pay", retries.pay);
    case "SERVER_ERROR":
      return write.kind === "order.pay"
        ? onSchedule("pay", retries.pay)
        : onSchedule("server", retries.serverError);
    case "RATE_LIMITED":
      if (count >= retries.rateLimited) return { action: "fail", why: `rate limited ${count + 1} times` };
      if (broken("ignore-retry-after")) return { action: "retry", afterMs: 1_000, schedule: "rate_limit" };
      return { action: "retry", afterMs: asked ?? 1_000 * 2 ** Math.min(count, 6), schedule: "rate_limit" };
    default:
      return { action: "fail", why: failure.message };
  }
}
