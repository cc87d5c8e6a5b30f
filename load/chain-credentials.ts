// Reading a running mockpos's chain through its admin API, a page at a time: the credentials file
// a load against it needs, when none is given.
import type { LoadDialect } from "./k6/config.ts";
import type { LocationCredentials } from "./k6/credentials.ts";

const CHAIN_PAGE = 10_000;
const MAX_CHAIN_PAGES = 100;

interface ChainPage {
  locationCount: number;
  credentials: { groupKey: string; serverToken: string };
  locations: { id: string; credentials: { apiKey: string } }[];
}

/**
 * Every location's entry for a dialect's load, read from `GET {admin}/__admin/chain` page by page
 * (a page lists its locations' credentials; reading the pages brings those locations into being).
 */
export async function fetchChainCredentials(
  admin: string,
  dialect: LoadDialect = "generic",
): Promise<LocationCredentials[]> {
  const all: LocationCredentials[] = [];
  for (let page = 0; page < MAX_CHAIN_PAGES; page++) {
    const url = `${admin}/__admin/chain?offset=${page * CHAIN_PAGE}&limit=${CHAIN_PAGE}`;
    const res = await fetch(url).catch((err: Error) => {
      throw new Error(`${url} could not be read: ${err.message}`);
    });
    if (!res.ok) throw new Error(`${url} answered ${res.status}: is it a mockpos?`);
    const body = (await res.json()) as ChainPage;
    body.locations.forEach((l, i) => {
      const entry: LocationCredentials = { locationId: l.id, apiKey: l.credentials.apiKey };
      if (dialect === "elyx") entry.number = page * CHAIN_PAGE + i + 1;
      if (dialect === "sinqro") entry.serverToken = body.credentials.serverToken;
      all.push(entry);
    });
    if (all.length >= body.locationCount || body.locations.length === 0) break;
  }
  return all;
}
