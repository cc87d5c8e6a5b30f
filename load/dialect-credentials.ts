// The credentials file a simulated chain gets for the load of one dialect (load/simulator.ts
// writes it; the dialect tests build their requests from it): what the dialect's descriptor says
// its requests need for each location.
import type { DialectDescriptor } from "../simulator/dialects/descriptor.ts";
import { locationIds } from "../simulator/domain/chain.ts";
import { credentialsAt } from "../simulator/domain/locations.ts";
import type { Chain } from "../simulator/domain/types.ts";
import type { LocationCredentials } from "./k6/credentials.ts";

/**
 * Every location's entry for a dialect's load: its id and API key, with the fields its
 * descriptor's `load.credentials` adds (the Elyx number, the Sinqro server token, …). Read from
 * what each location was issued, so a chain of 100,000 locations lists them without bringing one
 * into being. `numbers` narrows the list to those locations (1-based; a shard's range).
 */
export function dialectCredentials(
  chain: Chain,
  dialect: DialectDescriptor,
  numbers?: { from: number; to: number },
): LocationCredentials[] {
  const ids = locationIds(chain);
  const from = numbers?.from ?? 1;
  const to = numbers?.to ?? ids.length;
  const out: LocationCredentials[] = [];
  for (let n = from; n <= to; n++) {
    const credentials = credentialsAt(chain.locations, n);
    const id = ids[n - 1];
    if (!credentials || id === undefined) continue;
    out.push({
      locationId: id,
      apiKey: credentials.apiKey,
      ...dialect.load?.credentials?.(chain, { id, number: n }),
    });
  }
  return out;
}
