import type { Context, MiddlewareHandler } from "hono";
import { tokenStore } from "../credentials/index.ts";
import { findLocation } from "../domain/chain.ts";
import { PosError } from "../domain/errors.ts";
import type { Location } from "../domain/types.ts";
import { presentedCredential } from "../http/auth.ts";
import type { AppEnv } from "../http/env.ts";
import type { Simulator } from "../state.ts";
import { certificateLocation } from "./mtls.ts";

type Ctx = Context<AppEnv>;

export interface GuardOptions {
  /** The location id the request's path names, which the credential must be for (403 otherwise). */
  pathLocation?(c: Ctx): string | undefined;
}

/**
 * A dialect's location authentication under the chain's mechanism (`--auth`): `keys` runs the
 * dialect's own check; `oauth` takes a bearer token from the token endpoint, `mtls` the client
 * certificate of the connection. Refusals are PosErrors, so each dialect renders them in its own
 * words: 401 UNAUTHORIZED (with `WWW-Authenticate`), 403 FORBIDDEN_LOCATION for another
 * location's credential.
 */
export function locationAuth(
  sim: Simulator,
  keys: MiddlewareHandler<AppEnv>,
  options: GuardOptions = {},
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const mechanism = sim.options.auth;
    if (mechanism === "keys") return keys(c, next);
    const location = mechanism === "oauth" ? bearerLocation(sim, c) : certifiedLocation(sim, c);
    const wanted = options.pathLocation?.(c);
    if (wanted !== undefined && wanted !== location.id)
      throw new PosError("FORBIDDEN_LOCATION", `this credential is for ${location.id}, not '${wanted}'`);
    c.set("location", location);
    if (!c.get("locationId")) c.set("locationId", location.id);
    await next();
  };
}

const BEARER = /^Bearer\s+([\x21-\x7e]+)\s*$/i;

function bearerLocation(sim: Simulator, c: Ctx): Location {
  const header = c.req.header("authorization");
  if (!header || !/^Bearer\s/i.test(header))
    throw new PosError(
      "UNAUTHORIZED",
      "send a bearer token from the token endpoint (OAuth 2 client credentials)",
      {
        headers: { "www-authenticate": 'Bearer realm="mockpos"' },
      },
    );
  const token = BEARER.exec(header)?.[1] ?? "";
  const check = tokenStore(sim.faults).check(token, sim.clock.now());
  const location = check.ok ? findLocation(sim.chain, check.locationId) : undefined;
  if (location) return location;
  const why =
    !check.ok && check.reason === "expired" ? "the access token expired" : "the access token is not valid";
  if (!check.ok && check.rule) blame(c, check.rule);
  throw new PosError("UNAUTHORIZED", `${why}: get a new one from the token endpoint`, {
    headers: {
      "www-authenticate": `Bearer realm="mockpos", error="invalid_token", error_description="${why}"`,
    },
  });
}

function certifiedLocation(sim: Simulator, c: Ctx): Location {
  const check = certificateLocation(sim, c);
  const location = check.ok ? findLocation(sim.chain, check.locationId) : undefined;
  if (location) return location;
  throw new PosError(
    "UNAUTHORIZED",
    check.ok ? `no location ${check.locationId} in this chain` : check.problem,
  );
}

// The token fault kinds shaped this refusal: say so (X-Mockpos-Fault, the journal).
function blame(c: Ctx, ruleId: string): void {
  const before = c.get("fault");
  if (before?.split(",").includes(ruleId)) return;
  c.set("fault", before ? `${before},${ruleId}` : ruleId);
}

/**
 * Names the credential a request carries under `--auth oauth` / `mtls`, for the journal — never
 * the secret: `client:<location>` (HTTP Basic at the token endpoint), `bearer:<location>`, `cert:<location>`, `unknown` for one that is no location's, null
 * for none. Under `keys`, undefined: the dialect names it.
 */
export function mechanismCredential(sim: Simulator, c: Ctx): string | null | undefined {
  const mechanism = sim.options.auth;
  if (mechanism === "keys") return undefined;
  if (mechanism === "oauth") {
    const header = c.req.header("authorization");
    // HTTP Basic under OAuth is a client authenticating at the token endpoint.
    const client = presentedCredential(sim.chain, undefined, header);
    if (client?.location) return `client:${client.location.id}`;
    if (!header || !/^Bearer\s/i.test(header)) return c.get("sentCredential") ? "unknown" : null;
    const check = tokenStore(sim.faults).check(BEARER.exec(header)?.[1] ?? "", sim.clock.now());
    return check.ok ? `bearer:${check.locationId}` : "unknown";
  }
  const check = certificateLocation(sim, c);
  if (check.ok) return `cert:${check.locationId}`;
  return check.problem.startsWith("send") || check.problem.startsWith("this location") ? null : "unknown";
}
