import { PosError } from "../domain/errors.ts";
import type { Quirk } from "./types.ts";

/**
 * A POS that answers "the order is open at a terminal" as an internal error: the dialect's own
 * SERVER_ERROR (500), so a connector cannot tell a lock (retry in seconds) from a hard failure.
 */
export const lockAs500: Quirk = {
  name: "lock-as-500",
  summary: "an order locked at a terminal is answered as a 500 server error",
  after({ c }) {
    if (c.res.status !== 423) return;
    // Nothing of the lock may show through: no Retry-After on a hard failure.
    try {
      c.res.headers.delete("retry-after");
    } catch {
      // Immutable headers: the error path answers afresh anyway.
    }
    throw new PosError("SERVER_ERROR", "the POS failed to process the request");
  },
};
