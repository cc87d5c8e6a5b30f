import type { Clock } from "../../simulator/clock/index.ts";
import type { Budget } from "../budget.ts";
import type { StateAnswer, StateChange, StateSource } from "./log.ts";

/**
 * The vendor's own state-change URL (`--states-url`), called as Pact verifiers call one:
 * `POST { state, params, action }`, answered with the values to inject (a JSON object; an empty
 * body is no values). Anything but a 2xx is a state that could not be set up.
 */
export function hookStates(url: string, budget: Budget, clock: Clock, timeoutMs = 30_000): StateSource {
  return {
    description: `state-change URL ${url}`,
    async change(change: StateChange): Promise<StateAnswer> {
      if (!(await budget.take())) return { ok: false, error: `the request budget is spent (${budget.max})` };
      const abort = new AbortController();
      const timer = clock.setTimeout(() => abort.abort(), timeoutMs);
      try {
        const res = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json", accept: "application/json" },
          body: JSON.stringify(change),
          signal: abort.signal,
        });
        const text = await res.text();
        if (res.status < 200 || res.status >= 300)
          return { ok: false, error: `the state-change URL answered ${res.status}: ${text.slice(0, 300)}` };
        if (text.trim() === "") return { ok: true, values: {} };
        const values = JSON.parse(text) as unknown;
        if (typeof values !== "object" || values === null || Array.isArray(values))
          return {
            ok: false,
            error: `the state-change URL answered ${text.slice(0, 100)}, not a JSON object`,
          };
        return { ok: true, values: values as Record<string, unknown> };
      } catch (err) {
        return {
          ok: false,
          error: abort.signal.aborted
            ? `the state-change URL did not answer within ${timeoutMs} ms`
            : `the state-change URL could not be reached: ${(err as Error).message}`,
        };
      } finally {
        clock.clearTimeout(timer);
      }
    },
  };
}
