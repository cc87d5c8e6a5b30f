import { timingSafeEqual } from "node:crypto";
import type { Context } from "hono";
import { credentialRotations } from "../domain/staff.ts";
import type { Chain, Location } from "../domain/types.ts";
import type { AppEnv } from "./env.ts";

interface CredentialIndex {
  byKey: Map<string, Location>;
  byUser: Map<string, Location>;
  /** `credentialRotations()` when it was built. */
  rotations: number;
}

const indexes = new WeakMap<Chain, CredentialIndex>();

// Rebuilt only when a key was rotated since: a wrong key costs a lookup, not a scan of the chain.
function indexOf(chain: Chain): CredentialIndex {
  let index = indexes.get(chain);
  if (!index || index.rotations !== credentialRotations()) {
    index = { byKey: new Map(), byUser: new Map(), rotations: credentialRotations() };
    for (const l of chain.locations) {
      index.byKey.set(l.credentials.apiKey, l);
      index.byUser.set(l.credentials.username, l);
    }
    indexes.set(chain, index);
  }
  return index;
}

/** Compares two secrets in constant time, so a wrong guess says nothing of how close it was. */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The location whose credentials the request carries (X-Api-Key or HTTP Basic), or null. */
export function credentialLocation(
  chain: Chain,
  apiKey: string | undefined,
  authorization: string | undefined,
): Location | null {
  return lookup(indexOf(chain), apiKey, authorization)?.location ?? null;
}

/** A credential as it was sent: how, and whose it is (null: nobody's). */
export interface Presented {
  via: "apiKey" | "basic";
  location: Location | null;
}

/** Whose API key or HTTP Basic credential the request presents, and how; null when none was sent. */
export function presentedCredential(
  chain: Chain,
  apiKey: string | undefined,
  authorization: string | undefined,
): Presented | null {
  return lookup(indexOf(chain), apiKey, authorization);
}

function lookup(
  index: CredentialIndex,
  apiKey: string | undefined,
  authorization: string | undefined,
): Presented | null {
  if (apiKey) return { via: "apiKey", location: index.byKey.get(apiKey) ?? null };
  if (!authorization) return null;
  const basic = { via: "basic", location: null } as const;
  const match = authorization.match(/^Basic\s+([A-Za-z0-9+/=]+)\s*$/i);
  if (!match?.[1]) return basic;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return basic;
  const location = index.byUser.get(decoded.slice(0, colon));
  if (!location || !sameSecret(location.credentials.password, decoded.slice(colon + 1))) return basic;
  return { via: "basic", location };
}

/** What the journal names a credential that is no one's: wrong, rotated away, or another dialect's. */
export const UNKNOWN_CREDENTIAL = "unknown";

/**
 * Whether the request carries any credential at all, in any served dialect's header (the shell
 * knows them from the dialects' descriptors).
 */
export function sentCredential(c: Context<AppEnv>): boolean {
  return c.get("sentCredential") === true;
}
