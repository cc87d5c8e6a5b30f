import { locationNumber } from "../../simulator/dialects/elyx/ids.ts";
import type { ChainCredentials, Location } from "../../simulator/domain/types.ts";
import type { AdapterName } from "../adapters/index.ts";
import type { EngineConfigInput } from "../config.ts";

/**
 * What the engine needs of a simulated chain: the chain-wide secrets and each location's id and
 * key. A domain `Chain` is one, and so is the admin API's `GET /__admin/chain` answer.
 */
export interface ChainLike {
  credentials: ChainCredentials;
  locations: readonly { id: string; credentials: { apiKey: string } }[];
}

type LocationConfig = EngineConfigInput["locations"][number];

/**
 * The engine's configuration for every location of a simulated chain in one dialect: the one
 * place that knows how each dialect names a location and what credentials it takes.
 *
 * - generic: the location's `X-Api-Key`; the POS names the location by its chain id.
 * - elyx: the location's own key (the group key would do too: every Elyx call names the location);
 *   `posLocationId` is the numeric Elyx location (`loc-0007` is `"7"`).
 * - sinqro: the location's key is its user token, the chain's integration token the server
 *   token; `posLocationId` is the id Sinqro's webhooks name as `restaurantId` (the chain id).
 *
 * `baseUrl` is where the dialect answers: one URL for all, or one per location (per-location
 * topology). Settings beyond the locations (seed, outbox, envelope, …) are the caller's.
 */
export function engineConfigFor(
  chain: ChainLike,
  dialect: AdapterName,
  baseUrl: string | ((locationId: string) => string),
): EngineConfigInput & { locations: LocationConfig[] } {
  const urlOf = typeof baseUrl === "string" ? () => baseUrl : baseUrl;
  return {
    locations: chain.locations.map((l): LocationConfig => {
      const common = { id: l.id, dialect, baseUrl: urlOf(l.id) };
      switch (dialect) {
        case "generic":
          return { ...common, credentials: { apiKey: l.credentials.apiKey } };
        case "elyx":
          return {
            ...common,
            // locationNumber reads only the id (a summary from the admin API has no more).
            posLocationId: String(locationNumber(l as Location)),
            credentials: { apiKey: l.credentials.apiKey },
          };
        case "sinqro":
          return {
            ...common,
            posLocationId: l.id,
            credentials: { userToken: l.credentials.apiKey, serverToken: chain.credentials.serverToken },
          };
      }
      throw new RangeError(`no mock configuration for the ${String(dialect)} dialect`);
    }),
  };
}
