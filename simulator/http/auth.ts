import { timingSafeEqual } from "node:crypto";
import type { Context } from "hono";
import { findLocation } from "../domain/chain.ts";
import { isLazy, issuedKeyOwner, locationAt, touchedLocations } from "../domain/locations.ts";
import { credentialRotations } from "../domain/staff.ts";
import type { Chain, Location } from "../domain/types.ts";
import type { AppEnv } from "./env.ts";

interface CredentialIndex {
  key(apiKey: string): Location | undefined;
  user(username: string): Location | undefined;
  /** `credentialRotations()` when it was built. */
  rotations: number;
  /** The last lookup through this index and its answer (see `remembered`). */
  last?: { apiKey: string | undefined; authorization: string | undefined; presented: Presented | null };
}

const indexes = new WeakMap<Chain, CredentialIndex>();

// Rebuilt only when a key was rotated since: a wrong key costs a lookup, not a scan of the chain.
function indexOf(chain: Chain): CredentialIndex {
  let index = indexes.get(chain);
  if (!index || index.rotations !== credentialRotations()) {
    index = isLazy(chain.locations) ? lazyIndex(chain) : fullIndex(chain);
    indexes.set(chain, index);
  }
  return index;
}

function fullIndex(chain: Chain): CredentialIndex {
  const byKey = new Map<string, Location>();
  const byUser = new Map<string, Location>();
  for (const l of chain.locations) {
    byKey.set(l.credentials.apiKey, l);
    byUser.set(l.credentials.username, l);
  }
  return { key: (k) => byKey.get(k), user: (u) => byUser.get(u), rotations: credentialRotations() };
}

// A generated chain knows which location each key was issued to, and a user name is the location's
// id: a request brings only its own location into being. Rotated keys are the touched locations'.
function lazyIndex(chain: Chain): CredentialIndex {
  const rotated = new Map<string, Location>();
  for (const l of touchedLocations(chain.locations)) rotated.set(l.credentials.apiKey, l);
  const key = (apiKey: string) => {
    const known = rotated.get(apiKey);
    if (known) return known;
    const number = issuedKeyOwner(chain.locations, apiKey);
    const location = number === undefined ? undefined : locationAt(chain.locations, number);
    // Its key may have been rotated away since it was issued.
    return location?.credentials.apiKey === apiKey ? location : undefined;
  };
  const user = (username: string) => {
    const location = findLocation(chain, username);
    return location?.credentials.username === username ? location : undefined;
  };
  return { key, user, rotations: credentialRotations() };
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
  return remembered(indexOf(chain), apiKey, authorization)?.location ?? null;
}

/**
 * The location whose HTTP Basic user name (also its OAuth client id) this is, through the same
 * index as every credential: a lookup, deriving no other location of a large chain.
 */
export function userLocation(chain: Chain, username: string): Location | null {
  return indexOf(chain).user(username) ?? null;
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
  return remembered(indexOf(chain), apiKey, authorization);
}

// A request is looked up more than once with the same headers against the same index: by the
// journal (whose credential it was), by tagging (Sinqro) and by authentication. The index keeps its
// last answer; a rotated key makes a new index, so the answer is never stale.
function remembered(
  index: CredentialIndex,
  apiKey: string | undefined,
  authorization: string | undefined,
): Presented | null {
  const last = index.last;
  if (last !== undefined && last.apiKey === apiKey && last.authorization === authorization)
    return last.presented;
  const presented = lookup(index, apiKey, authorization);
  index.last = { apiKey, authorization, presented };
  return presented;
}

function lookup(
  index: CredentialIndex,
  apiKey: string | undefined,
  authorization: string | undefined,
): Presented | null {
  if (apiKey) return { via: "apiKey", location: index.key(apiKey) ?? null };
  if (!authorization) return null;
  const basic = { via: "basic", location: null } as const;
  const match = authorization.match(/^Basic\s+([A-Za-z0-9+/=]+)\s*$/i);
  if (!match?.[1]) return basic;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return basic;
  const location = index.user(decoded.slice(0, colon));
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
