import { Hono } from "hono";
import { TOKEN_OPERATION, tokenStore } from "../credentials/index.ts";
import type { Location } from "../domain/types.ts";
import { ConnectionDropped } from "../faults/connection.ts";
import { sameSecret, userLocation } from "../http/auth.ts";
import type { AppEnv } from "../http/env.ts";
import { toPosError } from "../http/errors.ts";
import { applyFaults } from "../http/faults.ts";
import type { Simulator } from "../state.ts";

/** An RFC 6749 §5.2 error: the token endpoint's own format, in every dialect. */
class OAuthError extends Error {
  readonly error: string;
  readonly description: string;
  readonly status: 400 | 401;
  constructor(error: string, description: string, status: 400 | 401 = 400) {
    super(description);
    this.error = error;
    this.description = description;
    this.status = status;
  }
}

const FAULT_STATUS: Partial<Record<string, number>> = {
  RATE_LIMITED: 429,
  SERVER_ERROR: 500,
  UNREACHABLE: 502,
  TIMEOUT: 504,
};

const NO_STORE = { "cache-control": "no-store", pragma: "no-cache" };

/**
 * The OAuth 2 token endpoint of a dialect (client credentials grant, RFC 6749 §4.4): a form with
 * `grant_type=client_credentials`, the client authenticated by HTTP Basic or by `client_id` /
 * `client_secret` in the form. The client is a location: its id is the location's user name, its
 * secret the location's password (`/__admin/chain`), so rotating credentials rotates the secret.
 */
export function tokenEndpoint(sim: Simulator, path: string): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.onError((err, c) => {
    if (err instanceof ConnectionDropped) throw err;
    if (err instanceof OAuthError) {
      c.set("outcome", err.status === 401 ? "UNAUTHORIZED" : "VALIDATION");
      const headers: Record<string, string> = { ...NO_STORE };
      if (err.status === 401) headers["www-authenticate"] = 'Basic realm="mockpos token endpoint"';
      return c.json({ error: err.error, error_description: err.description }, err.status, headers);
    }
    // A fault (the endpoint down, a rate limit, an injected error) in the endpoint's own words.
    const pos = toPosError(err);
    c.set("outcome", pos.code);
    const status = pos.details.status ?? FAULT_STATUS[pos.code] ?? 503;
    const headers: Record<string, string> = { ...NO_STORE, ...(pos.details.headers ?? {}) };
    if (pos.details.retryAfter !== undefined) headers["retry-after"] = String(pos.details.retryAfter);
    const error = status === 500 ? "server_error" : "temporarily_unavailable";
    return c.json({ error, error_description: pos.message }, status as 503, headers);
  });
  app.post(
    path,
    async (c, next) => {
      c.set("operation", TOKEN_OPERATION);
      const client = await clientOf(c.req.raw.clone(), c.req.header("authorization"));
      const id = client && client !== "both" ? client.id : undefined;
      const location = id === undefined ? null : userLocation(sim.chain, id);
      if (location) c.set("locationId", location.id);
      await next();
    },
    applyFaults(() => sim.faults),
    async (c) => {
      const type = c.req.header("content-type") ?? "";
      if (!/^application\/x-www-form-urlencoded\b/i.test(type))
        throw new OAuthError("invalid_request", "send the request as application/x-www-form-urlencoded");
      const form = new URLSearchParams(await c.req.text());
      const grant = form.get("grant_type");
      if (!grant) throw new OAuthError("invalid_request", "grant_type is missing");
      if (grant !== "client_credentials")
        throw new OAuthError(
          "unsupported_grant_type",
          `grant_type '${grant}' is not supported: use client_credentials`,
        );
      const client = await clientOf(form, c.req.header("authorization"));
      if (client === "both")
        throw new OAuthError(
          "invalid_request",
          "authenticate the client one way: HTTP Basic or the form, not both",
        );
      if (!client) throw new OAuthError("invalid_client", "client authentication is missing", 401);
      const location = authenticate(sim, client.id, client.secret);
      if (!location) throw new OAuthError("invalid_client", "unknown client or wrong client secret", 401);
      c.set("location", location);
      const { token, expiresIn } = tokenStore(sim.faults).issue(
        sim.options.seed,
        location.id,
        sim.clock.now(),
      );
      return c.json({ access_token: token, token_type: "Bearer", expires_in: expiresIn }, 200, NO_STORE);
    },
  );
  return app;
}

function authenticate(sim: Simulator, id: string, secret: string): Location | undefined {
  const location = userLocation(sim.chain, id);
  return location && sameSecret(location.credentials.password, secret) ? location : undefined;
}

type Client = { id: string; secret: string } | "both" | null;

// RFC 6749 §2.3.1: Basic credentials are form-urlencoded before they are base64-encoded.
async function clientOf(
  source: URLSearchParams | Request,
  authorization: string | undefined,
): Promise<Client> {
  let form: URLSearchParams;
  if (source instanceof URLSearchParams) form = source;
  else {
    try {
      form = new URLSearchParams(await source.text());
    } catch {
      form = new URLSearchParams();
    }
  }
  const inForm = form.has("client_id")
    ? { id: form.get("client_id") ?? "", secret: form.get("client_secret") ?? "" }
    : null;
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization ?? "")?.[1];
  if (basic && inForm) return "both";
  if (!basic) return inForm;
  const decoded = Buffer.from(basic, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return { id: "", secret: "" };
  try {
    return {
      id: decodeURIComponent(decoded.slice(0, colon).replaceAll("+", " ")),
      secret: decodeURIComponent(decoded.slice(colon + 1).replaceAll("+", " ")),
    };
  } catch {
    return { id: "", secret: "" };
  }
}
