import type { Context, MiddlewareHandler } from "hono";
import { PosError } from "../../domain/errors.ts";
import type { Chain, Location } from "../../domain/types.ts";
import {
  credentialLocation,
  type Presented,
  presentedCredential,
  sentCredential,
  UNKNOWN_CREDENTIAL,
} from "../../http/auth.ts";
import type { AppEnv } from "../../http/env.ts";

/**
 * Names the credential a generic request carries, for the journal — never the secret:
 * `apiKey:<location>` (X-Api-Key), `basic:<location>` (HTTP Basic), `unknown` when it is no
 * location's (or another dialect's), null when none was sent.
 */
export function genericCredential(chain: Chain, c: Context<AppEnv>): string | null {
  const presented = presentedCredential(chain, c.req.header("x-api-key"), c.req.header("authorization"));
  if (presented?.location) return credentialName(presented.via, presented.location);
  return presented || sentCredential(c) ? UNKNOWN_CREDENTIAL : null;
}

// One string per location and way in, not one per request: every journal entry keeps its name.
const names = new WeakMap<Location, Record<Presented["via"], string>>();

/** The journal's name of a location's credential, by the way it came in. */
export function credentialName(via: Presented["via"], location: Location): string {
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
