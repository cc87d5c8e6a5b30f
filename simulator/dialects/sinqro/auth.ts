import type { Context, MiddlewareHandler } from "hono";
import { PosError } from "../../domain/errors.ts";
import type { Chain } from "../../domain/types.ts";
import { credentialLocation, sameSecret, sentCredential, UNKNOWN_CREDENTIAL } from "../../http/auth.ts";
import type { AppEnv } from "../../http/env.ts";

/** The integration's token: one for the whole chain, like Sinqro's per-integration server token. */
export const SERVER_TOKEN_HEADER = "x-api-server-access-token";
/** The restaurant's token (its API key): it picks the restaurant, so paths need not name it. */
export const USER_TOKEN_HEADER = "x-api-user-access-token";

/**
 * Tags the request with its operation and, from the user token, the restaurant and order it
 * is about — without authorising anything — so location- and order-scoped fault rules apply
 * before authentication, as they do in every dialect.
 */
export function tagRequest(operation: string, chain: () => Chain): (c: Context<AppEnv>) => void {
  return (c) => {
    c.set("operation", operation);
    const location = credentialLocation(chain(), c.req.header(USER_TOKEN_HEADER) || undefined, undefined);
    if (location) c.set("locationId", location.id);
    const orderId = c.req.param("orderId");
    if (orderId) c.set("orderId", orderId);
  };
}

/**
 * Names the tokens a request carries, for the journal — never the tokens: `user:<location>` for a
 * restaurant's user token with the integration's server token, `unknown` for anything else sent,
 * null when no credential was sent.
 */
export function sinqroCredential(chain: Chain, c: Context<AppEnv>): string | null {
  const location = credentialLocation(chain, c.req.header(USER_TOKEN_HEADER) || undefined, undefined);
  const server = c.req.header(SERVER_TOKEN_HEADER);
  if (location && server && sameSecret(server, chain.credentials.serverToken)) return `user:${location.id}`;
  return sentCredential(c) ? UNKNOWN_CREDENTIAL : null;
}

/** Admits a request only with the chain's server token and a restaurant's user token (rotated keys included). */
export function requireTokens(chain: () => Chain): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const server = c.req.header(SERVER_TOKEN_HEADER);
    if (!server || !sameSecret(server, chain().credentials.serverToken))
      throw new PosError("UNAUTHORIZED", `send the integration's ${SERVER_TOKEN_HEADER} header`);
    const location = credentialLocation(chain(), c.req.header(USER_TOKEN_HEADER) || undefined, undefined);
    if (!location) throw new PosError("UNAUTHORIZED", `send the restaurant's ${USER_TOKEN_HEADER} header`);
    c.set("locationId", location.id);
    c.set("location", location);
    await next();
  };
}
