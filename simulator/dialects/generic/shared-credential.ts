import type { Context } from "hono";
import { findLocation } from "../../domain/chain.ts";
import type { Chain } from "../../domain/types.ts";
import { credentialLocation } from "../../http/auth.ts";
import type { AppEnv } from "../../http/env.ts";
import type { CredentialSwap } from "../descriptor.ts";

/** A request about another location than its credential's goes on with that location's API key. */
export function genericSharedCredential(chain: Chain, c: Context<AppEnv>): CredentialSwap | null {
  const wanted = /^\/v1\/locations\/([^/]+)/.exec(c.req.path)?.[1];
  const target = wanted && findLocation(chain, decodeURIComponent(wanted));
  const own = credentialLocation(chain, c.req.header("x-api-key"), c.req.header("authorization"));
  if (!target || !own || own.id === target.id) return null;
  return { drop: ["authorization"], set: { "x-api-key": target.credentials.apiKey } };
}
