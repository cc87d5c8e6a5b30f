// The credentials file a simulated chain gets for the load of one dialect (load/simulator.ts
// writes it; the dialect tests build their requests from it).
import { locationIds } from "../simulator/domain/chain.ts";
import { credentialsAt } from "../simulator/domain/locations.ts";
import type { Chain } from "../simulator/domain/types.ts";
import type { LoadDialect } from "./k6/config.ts";
import type { LocationCredentials } from "./k6/credentials.ts";

/**
 * Every location's entry for a dialect's load: its id and API key, with the Elyx number or the
 * Sinqro server token when the dialect needs them. Read from what each location was issued, so a
 * chain of 100,000 locations lists them without bringing one into being. `numbers` narrows the
 * list to those locations (1-based; a shard's range).
 */
export function dialectCredentials(
  chain: Chain,
  dialect: LoadDialect,
  numbers?: { from: number; to: number },
): LocationCredentials[] {
  const ids = locationIds(chain);
  const from = numbers?.from ?? 1;
  const to = numbers?.to ?? ids.length;
  const out: LocationCredentials[] = [];
  for (let n = from; n <= to; n++) {
    const credentials = credentialsAt(chain.locations, n);
    if (!credentials) continue;
    const entry: LocationCredentials = { locationId: ids[n - 1] as string, apiKey: credentials.apiKey };
    // The Elyx number of a location is its place in the chain (`loc-0007` is 7).
    if (dialect === "elyx") entry.number = n;
    if (dialect === "sinqro") entry.serverToken = chain.credentials.serverToken;
    out.push(entry);
  }
  return out;
}
