// The credentials file a simulated chain gets for the load of one dialect (load/simulator.ts
// writes it; the dialect tests build their requests from it).
import { locationNumber } from "../simulator/dialects/elyx/ids.ts";
import type { Chain } from "../simulator/domain/types.ts";
import type { LoadDialect } from "./k6/config.ts";
import type { LocationCredentials } from "./k6/credentials.ts";

/**
 * Every location's entry for a dialect's load: its id and API key, with the Elyx number or the
 * Sinqro server token when the dialect needs them.
 */
export function dialectCredentials(chain: Chain, dialect: LoadDialect): LocationCredentials[] {
  return chain.locations.map((l) => {
    const entry: LocationCredentials = { locationId: l.id, apiKey: l.credentials.apiKey };
    if (dialect === "elyx") entry.number = locationNumber(l);
    if (dialect === "sinqro") entry.serverToken = chain.credentials.serverToken;
    return entry;
  });
}
