import { locationNumber } from "../dialects/elyx/ids.ts";
import { findLocation } from "../domain/chain.ts";
import { touchedLocations } from "../domain/locations.ts";
import { credentialLocation } from "../http/auth.ts";
import { rewriteRequest } from "./request.ts";
import type { Quirk } from "./types.ts";

/**
 * A POS with no per-location credentials: any location's key reads (and writes) every location.
 * The request goes on as if it carried the credential of the location it is about — in the
 * generic path, with Elyx's server key, or with the Sinqro token of the restaurant whose order
 * it names.
 */
export const sharedCredentials: Quirk = {
  name: "shared-credentials",
  summary: "any location's credential is accepted for every location",
  async before({ c, sim, dialect }) {
    const chain = sim.chain;
    if (dialect === "generic") {
      const wanted = /^\/v1\/locations\/([^/]+)/.exec(c.req.path)?.[1];
      const target = wanted && findLocation(chain, decodeURIComponent(wanted));
      const own = credentialLocation(chain, c.req.header("x-api-key"), c.req.header("authorization"));
      if (target && own && own.id !== target.id)
        await rewriteRequest(c, { drop: ["authorization"], set: { "x-api-key": target.credentials.apiKey } });
      return;
    }
    if (dialect === "elyx") {
      // Only a request about another location (or several) goes on with the server's key: one
      // about the key's own location keeps its key (and whatever a rule keys on it, a rate limit).
      const own = credentialLocation(chain, c.req.header("x-api-key"), undefined);
      if (!own) return;
      const named =
        /^\/api\/v1\/locations\/(\d+)/.exec(c.req.path)?.[1] ??
        /^\/api\/v1\/(?:tickets|shifts)\/(\d+)-/.exec(c.req.path)?.[1];
      const listed = (c.req.query("locations") ?? "").split(",").filter((s) => s.trim() !== "");
      const wanted = named !== undefined ? [named] : listed;
      if (wanted.some((n) => Number(n) !== locationNumber(own)))
        await rewriteRequest(c, { set: { "x-api-key": chain.credentials.groupKey } });
      return;
    }
    const id = /^\/sinqro\/v1\/(?:orders|reservations)\/([^/]+)/.exec(c.req.path)?.[1];
    if (!id) return;
    const ref = decodeURIComponent(id);
    const owner = touchedLocations(chain.locations).find((l) => l.orders.has(ref) || l.reservations.has(ref));
    const own = credentialLocation(chain, c.req.header("x-api-user-access-token") || undefined, undefined);
    if (owner && own && own.id !== owner.id)
      await rewriteRequest(c, { set: { "x-api-user-access-token": owner.credentials.apiKey } });
  },
};
