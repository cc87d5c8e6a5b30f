import type { Context, MiddlewareHandler } from "hono";
import { PosError } from "../../domain/errors.ts";
import type { Chain } from "../../domain/types.ts";
import {
  credentialLocation,
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
  if (presented?.location) return `${presented.via}:${presented.location.id}`;
  return presented || sentCredential(c) ? UNKNOWN_CREDENTIAL : null;
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
