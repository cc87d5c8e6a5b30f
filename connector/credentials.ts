import { readFileSync } from "node:fs";
import { rootCertificates } from "node:tls";
import { Agent, fetch as undiciFetch } from "undici";
import { z } from "zod";
import type { FetchLike } from "./http.ts";
import { TrustError } from "./trust.ts";

/**
 * How a location proves who it is beyond the credentials its dialect's headers carry: OAuth 2
 * client credentials (a bearer token from `tokenUrl`, absolute or a path under the location's
 * base URL) or a client certificate (mTLS, PEM files).
 */
export const LocationAuth = z.discriminatedUnion("type", [
  z
    .object({
      type: z.literal("oauth"),
      tokenUrl: z.string().min(1),
      clientId: z.string().min(1),
      clientSecret: z.string().min(1),
    })
    .strict(),
  z.object({ type: z.literal("mtls"), certFile: z.string().min(1), keyFile: z.string().min(1) }).strict(),
]);
export type LocationAuth = z.output<typeof LocationAuth>;

/**
 * A fetch over HTTPS trusting `caFile` (besides the public roots) and, when given, presenting the
 * client certificate and key in `client` (PEM files). Throws TrustError naming an unreadable file.
 */
export function tlsFetch(options: {
  caFile?: string;
  client?: { certFile: string; keyFile: string };
}): FetchLike {
  const ca =
    options.caFile === undefined ? undefined : [...rootCertificates, readPem(options.caFile, "CERTIFICATE")];
  const client = options.client && {
    cert: readPem(options.client.certFile, "CERTIFICATE"),
    key: readPem(options.client.keyFile, "PRIVATE KEY"),
  };
  const agent = new Agent({ connect: { ...(ca ? { ca } : {}), ...(client ?? {}) }, allowH2: true });
  return (url, init) =>
    undiciFetch(url, {
      ...(init as Parameters<typeof undiciFetch>[1]),
      dispatcher: agent,
    }) as unknown as Promise<Response>;
}

function readPem(file: string, label: string): string {
  let pem: string;
  try {
    pem = readFileSync(file, "utf8");
  } catch (err) {
    throw new TrustError(`cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  if (!new RegExp(`-----BEGIN [A-Z ]*${label}-----`).test(pem))
    throw new TrustError(`${file} holds no PEM ${label.toLowerCase()}`);
  return pem;
}

/**
 * A fetch that sends a bearer token from the OAuth 2 token endpoint (client credentials grant,
 * HTTP Basic client authentication) on every call. The token is kept until `expires_in` passes on
 * the engine's clock (`now`); a 401 whose `WWW-Authenticate` says `invalid_token` (revoked, expired early)
 * drops it and the call is sent once more with a new one. A token endpoint that does not answer
 * 200 fails the call as a network error would (the engine's UNREACHABLE).
 */
export function oauthFetch(
  inner: FetchLike,
  auth: Extract<LocationAuth, { type: "oauth" }>,
  baseUrl: string,
  now: () => number,
): FetchLike {
  const tokenUrl = /^https?:\/\//.test(auth.tokenUrl)
    ? auth.tokenUrl
    : `${baseUrl.replace(/\/+$/, "")}${auth.tokenUrl}`;
  const basic = Buffer.from(
    `${encodeURIComponent(auth.clientId)}:${encodeURIComponent(auth.clientSecret)}`,
  ).toString("base64");
  let cached: { token: string; until: number } | null = null;
  let pending: Promise<string> | null = null;

  async function fetchToken(): Promise<string> {
    const res = await inner(tokenUrl, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        accept: "application/json",
        authorization: `Basic ${basic}`,
      },
      body: "grant_type=client_credentials",
    });
    const body = (await res.json().catch(() => null)) as {
      access_token?: string;
      expires_in?: number;
      error?: string;
    } | null;
    if (res.status !== 200 || typeof body?.access_token !== "string")
      throw new Error(`token endpoint answered ${res.status}${body?.error ? ` ${body.error}` : ""}`);
    // A little before the end, so a call does not set out with a token about to lapse.
    const lifetime = Math.max(0, (body.expires_in ?? 3600) * 1000 - 5_000);
    cached = { token: body.access_token, until: now() + lifetime };
    return body.access_token;
  }

  async function token(): Promise<string> {
    if (cached && now() < cached.until) return cached.token;
    pending ??= fetchToken().finally(() => {
      pending = null;
    });
    return pending;
  }

  const send = async (url: string, init: RequestInit, bearer: string) => {
    const headers = new Headers(init.headers);
    headers.set("authorization", `Bearer ${bearer}`);
    return inner(url, { ...init, headers });
  };

  return async (url, init) => {
    const first = await token();
    const res = await send(url, init, first);
    if (res.status !== 401 || !/error="invalid_token"/.test(res.headers.get("www-authenticate") ?? ""))
      return res;
    if (cached?.token === first) cached = null;
    return send(url, init, await token());
  };
}
