import type { Context } from "hono";
import type { Chain } from "../../domain/types.ts";
import { credentialLocation } from "../../http/auth.ts";
import type { AppEnv } from "../../http/env.ts";
import type { CredentialSwap } from "../descriptor.ts";
import { locationNumber } from "./ids.ts";

/**
 * A request about another location (or several) goes on with the server's key. One about the
 * key's own location keeps its key, and whatever a rule keys on it (a rate limit).
 */
export function elyxSharedCredential(chain: Chain, c: Context<AppEnv>): CredentialSwap | null {
  const own = credentialLocation(chain, c.req.header("x-api-key"), undefined);
  if (!own) return null;
  const named =
    /^\/api\/v1\/locations\/(\d+)/.exec(c.req.path)?.[1] ??
    /^\/api\/v1\/(?:tickets|shifts)\/(\d+)-/.exec(c.req.path)?.[1];
  const listed = (c.req.query("locations") ?? "").split(",").filter((s) => s.trim() !== "");
  const wanted = named !== undefined ? [named] : listed;
  if (!wanted.some((n) => Number(n) !== locationNumber(own))) return null;
  return { set: { "x-api-key": chain.credentials.groupKey } };
}
