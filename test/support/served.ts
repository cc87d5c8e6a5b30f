import { json } from "./processes.ts";

/** What a served mockpos answers from outside: its chain, and one status read per dialect. */
export interface Answers {
  chain: { seed: string; locations: { id: string; credentials: { apiKey: string } }[] };
  generic: { status: number; locationId: unknown };
  elyx: { status: number; locationId: unknown };
}

/**
 * Reads the chain from the admin API at `url`, then the first location's status through the
 * generic dialect there and through the Elyx dialect at `elyxUrl`, with that location's key (and
 * the admin token, when the admin API wants one).
 */
export async function answers(url: string, elyxUrl: string, adminToken?: string): Promise<Answers> {
  const auth = adminToken === undefined ? undefined : { headers: { Authorization: `Bearer ${adminToken}` } };
  const chain = await json<Answers["chain"]>(`${url}/__admin/chain`, auth);
  const first = chain.locations[0];
  if (!first) throw new Error(`${url}/__admin/chain lists no location`);
  const key = first.credentials.apiKey;
  const generic = await fetch(`${url}/v1/locations/${first.id}/status`, { headers: { "X-Api-Key": key } });
  const elyx = await fetch(`${elyxUrl}/api/v1/locations/${Number(first.id.replace(/\D/g, ""))}`, {
    headers: { "X-API-KEY": key },
  });
  const body = async (res: Response) => (await res.json()) as { locationId?: unknown; id?: unknown };
  return {
    chain,
    generic: { status: generic.status, locationId: (await body(generic)).locationId },
    elyx: { status: elyx.status, locationId: (await body(elyx)).id },
  };
}
