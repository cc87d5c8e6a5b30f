import { timingSafeEqual } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import { PosError } from "../domain/errors.ts";
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
  return lookup(indexOf(chain), apiKey, authorization);
}

function lookup(
  index: CredentialIndex,
  apiKey: string | undefined,
  authorization: string | undefined,
): Location | null {
  if (apiKey) return index.byKey.get(apiKey) ?? null;
  const match = authorization?.match(/^Basic\s+([A-Za-z0-9+/=]+)\s*$/i);
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return null;
  const location = index.byUser.get(decoded.slice(0, colon));
  if (!location) return null;
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
