// How Tally words a failure: its own envelope, the canonical code inside, status as mockpos's.
import { GENERIC_FAILURES } from "../../contracts/generic/failures.ts";
import type { ErrorRenderer } from "../../simulator/http/errors.ts";

export const renderTally: ErrorRenderer = (err) => {
  const template = GENERIC_FAILURES[err.code];
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (err.details.retryAfter !== undefined) headers["retry-after"] = String(err.details.retryAfter);
  const body = { tally: { fault: err.code, say: err.message, again: template.retryable } };
  return new Response(JSON.stringify(body), { status: err.details.status ?? template.status, headers });
};
