import { timingSafeEqual } from "node:crypto";
import type { Context, MiddlewareHandler } from "hono";
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
  return lookup(indexOf(chain), apiKey, authorization)?.location ?? null;
}

/** A credential as it was sent: how, and whose it is (null: nobody's). */
interface Presented {
  via: "apiKey" | "basic";
  location: Location | null;
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

// Every header any dialect reads a credential from.
const CREDENTIAL_HEADERS = [
  "x-api-key",
  "authorization",
  "x-api-user-access-token",
  "x-api-server-access-token",
];

/** Whether the request carries any credential at all, in any dialect's header. */
export function sentCredential(c: Context<AppEnv>): boolean {
  return CREDENTIAL_HEADERS.some((name) => Boolean(c.req.header(name)));
}

/**
 * Names the credential a generic request carries, for the journal — never the secret:
 * `apiKey:<location>` (X-Api-Key), `basic:<location>` (HTTP Basic), `unknown` when it is no
 * location's (or another dialect's), null when none was sent.
 */
export function genericCredential(chain: Chain, c: Context<AppEnv>): string | null {
  const presented = lookup(indexOf(chain), c.req.header("x-api-key"), c.req.header("authorization"));
  if (presented?.location) return credentialName(presented.via, presented.location);
  return presented || sentCredential(c) ? UNKNOWN_CREDENTIAL : null;
}

// One string per location and way in, not one per request: every journal entry keeps its name.
const names = new WeakMap<Location, Record<Presented["via"], string>>();

function credentialName(via: Presented["via"], location: Location): string {
  let named = names.get(location);
  if (named === undefined) {
    named = { apiKey: `apiKey:${location.id}`, basic: `basic:${location.id}` };
    names.set(location, named);
  }
  return named[via];
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
