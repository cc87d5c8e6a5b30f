import { rewriteRequest } from "./request.ts";
import type { Quirk } from "./types.ts";

/**
 * A POS with no per-location credentials: any location's key reads (and writes) every location.
 * The request goes on as if it carried the credential of the location it is about; where a
 * dialect carries it, and which one that is, the dialect says (`sharedCredential`).
 */
export const sharedCredentials: Quirk = {
  name: "shared-credentials",
  summary: "any location's credential is accepted for every location",
  async before({ c, sim, dialect }) {
    const swap = dialect.sharedCredential?.(sim.chain, c);
    if (swap) await rewriteRequest(c, swap);
  },
};
