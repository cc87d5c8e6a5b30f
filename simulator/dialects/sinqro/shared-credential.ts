import type { Context } from "hono";
import { touchedLocations } from "../../domain/locations.ts";
import type { Chain } from "../../domain/types.ts";
import { credentialLocation } from "../../http/auth.ts";
import type { AppEnv } from "../../http/env.ts";
import type { CredentialSwap } from "../descriptor.ts";
import { USER_TOKEN_HEADER } from "./auth.ts";

/** A request about another restaurant's order or booking goes on with that restaurant's token. */
export function sinqroSharedCredential(chain: Chain, c: Context<AppEnv>): CredentialSwap | null {
  const id = /^\/sinqro\/v1\/(?:orders|reservations)\/([^/]+)/.exec(c.req.path)?.[1];
  if (!id) return null;
  const ref = decodeURIComponent(id);
  const owner = touchedLocations(chain.locations).find((l) => l.orders.has(ref) || l.reservations.has(ref));
  const own = credentialLocation(chain, c.req.header(USER_TOKEN_HEADER) || undefined, undefined);
  if (!owner || !own || own.id === owner.id) return null;
  return { set: { [USER_TOKEN_HEADER]: owner.credentials.apiKey } };
}
