/** How every location of the chain proves who it is (`--auth`). */
export const AUTH_MECHANISMS = ["keys", "oauth", "mtls"] as const;

/**
 * `keys`: each dialect's own API keys / HTTP Basic, as ever; `oauth`: a bearer token from the
 * dialect's token endpoint (OAuth 2 client credentials); `mtls`: a client certificate per location.
 */
export type AuthMechanism = (typeof AUTH_MECHANISMS)[number];

/** Where a dialect's token endpoint is when its descriptor names none. */
export const DEFAULT_TOKEN_PATH = "/oauth/token";
