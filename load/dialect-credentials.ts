// The credentials file a simulated chain gets for the load of one dialect (load/simulator.ts
// writes it; the dialect tests build their requests from it): what the dialect's descriptor says
// its requests need for each location.
import type { DialectDescriptor } from "../simulator/dialects/descriptor.ts";
import type { Chain } from "../simulator/domain/types.ts";
import type { LocationCredentials } from "./k6/credentials.ts";

/**
 * Every location's entry for a dialect's load: its id and API key, with the fields its
 * descriptor's `load.credentials` adds (the Elyx number, the Sinqro server token, …).
 */
export function dialectCredentials(chain: Chain, dialect: DialectDescriptor): LocationCredentials[] {
  return chain.locations.map((l) => ({
    locationId: l.id,
    apiKey: l.credentials.apiKey,
    ...dialect.load?.credentials?.(chain, l),
  }));
}
