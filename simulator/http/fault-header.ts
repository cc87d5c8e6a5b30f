import type { Context } from "hono";
import { answerHeader } from "./answer-header.ts";
import type { AppEnv } from "./env.ts";

/**
 * Names the fault rules that shaped a response in `X-Mockpos-Fault`, so a client (or k6)
 * can tell an outcome the scenario asked for from a real failure. Call it once the answer is made.
 */
export function markFault(c: Context<AppEnv>): void {
  const fault = c.get("fault");
  if (fault) answerHeader(c, "x-mockpos-fault", fault);
}
