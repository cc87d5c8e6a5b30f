import { readFileSync } from "node:fs";
import { rootCertificates } from "node:tls";
import { Agent, fetch as undiciFetch } from "undici";
import type { FetchLike } from "./http.ts";

/** A CA file the engine cannot use, named by the configuration field that gave it. */
export class TrustError extends Error {
  override name = "TrustError";
}

/**
 * A fetch that trusts the CA certificates in `caFile` (PEM) besides the usual public roots: what
 * a location whose POS serves a private CA's certificate (`mockpos serve --tls self-signed`'s
 * `ca.pem`, a vendor's test CA) is reached with. HTTP/1.1 and HTTP/2 (ALPN) alike.
 */
export function trustingFetch(caFile: string): FetchLike {
  let pem: string;
  try {
    pem = readFileSync(caFile, "utf8");
  } catch (err) {
    throw new TrustError(`cannot read ${caFile} (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  if (!/-----BEGIN CERTIFICATE-----/.test(pem)) throw new TrustError(`${caFile} holds no PEM certificate`);
  const agent = new Agent({ connect: { ca: [...rootCertificates, pem] }, allowH2: true });
  return (url, init) =>
    undiciFetch(url, {
      ...(init as Parameters<typeof undiciFetch>[1]),
      dispatcher: agent,
    }) as unknown as Promise<Response>;
}
