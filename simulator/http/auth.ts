import { timingSafeEqual } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import { PosError } from "../domain/errors.ts";
import type { Chain, Location } from "../domain/types.ts";
import type { AppEnv } from "./env.ts";

interface CredentialIndex {
  byKey: Map<string, Location>;
  byUser: Map<string, Location>;
}

const indexes = new WeakMap<Chain, CredentialIndex>();

function indexOf(chain: Chain): CredentialIndex {
  let index = indexes.get(chain);
  if (!index) {
    index = { byKey: new Map(), byUser: new Map() };
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
  const found = lookup(indexOf(chain), apiKey, authorization);
  if (found !== undefined) return found;
  // Credentials rotate at runtime: on a miss, look again in a fresh index before refusing.
  indexes.delete(chain);
  return lookup(indexOf(chain), apiKey, authorization) ?? null;
}

/** A location, null when refused for certain, undefined when this index may be stale. */
function lookup(index: CredentialIndex, apiKey: string | undefined, authorization: string | undefined) {
  if (apiKey) {
    const location = index.byKey.get(apiKey);
    return location?.credentials.apiKey === apiKey ? location : undefined;
  }
  const match = authorization?.match(/^Basic\s+([A-Za-z0-9+/=]+)\s*$/i);
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return null;
  const location = index.byUser.get(decoded.slice(0, colon));
  if (!location) return undefined;
  return sameSecret(location.credentials.password, decoded.slice(colon + 1)) ? location : null;
}

/**
 * Admits a request only with the credentials of the location in its path. Another
 * location's credentials get 403 whether or not the path's location exists, so ids don't leak.
 */
export function requireLocation(chain: () => Chain): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const wanted = c.req.param("locationId") ?? "";
    c.set("locationId", wanted);
    const location = credentialLocation(chain(), c.req.header("x-api-key"), c.req.header("authorization"));
    if (!location)
      throw new PosError("UNAUTHORIZED", "send this location's X-Api-Key header or HTTP Basic credentials");
    if (location.id !== wanted) {
      throw new PosError("FORBIDDEN_LOCATION", `these credentials are for ${location.id}, not '${wanted}'`);
    }
    c.set("location", location);
    await next();
  };
}
