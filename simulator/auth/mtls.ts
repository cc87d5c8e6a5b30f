import { X509Certificate } from "node:crypto";
import type { TLSSocket } from "node:tls";
import type { Context } from "hono";
import type { AppEnv } from "../http/env.ts";
import type { Simulator } from "../state.ts";
import { CertificateAuthority, type KeyPairPem } from "../tls/ca.ts";

/** The client certificates of one simulator's locations and the CA that issues them. */
export interface ClientCertificates {
  /** The CA every location's client certificate is signed by (the listeners ask for its certificates). */
  readonly ca: CertificateAuthority;
  /** The location's certificate and key, issued on first use and kept for the simulator's life. */
  of(locationId: string): KeyPairPem;
}

const issued = new WeakMap<Simulator, ClientCertificates>();

/** The simulator's client-certificate CA (made on first use: a key pair costs tens of milliseconds). */
export function clientCertificates(sim: Simulator): ClientCertificates {
  let certs = issued.get(sim);
  if (!certs) {
    const ca = CertificateAuthority.create({ name: "mockpos client CA" });
    const byLocation = new Map<string, KeyPairPem>();
    certs = {
      ca,
      of(locationId) {
        let pair = byLocation.get(locationId);
        if (!pair) {
          pair = ca.issueClient(locationId);
          byLocation.set(locationId, pair);
        }
        return pair;
      },
    };
    issued.set(sim, certs);
  }
  return certs;
}

/** The location a request's client certificate names, or why it names none. */
export type CertificateCheck = { ok: true; locationId: string } | { ok: false; problem: string };

const caChecks = new WeakMap<CertificateAuthority, X509Certificate>();

/**
 * Reads the client certificate of the request's TLS connection. It counts only when the
 * simulator's client CA signed it and it is within its validity (wall clock: the client's own
 * clock judged it too); its common name is the location.
 */
export function certificateLocation(sim: Simulator, c: Context<AppEnv>): CertificateCheck {
  const socket = (c.env as { incoming?: { socket?: Partial<TLSSocket> } } | undefined)?.incoming?.socket;
  if (typeof socket?.getPeerCertificate !== "function")
    return { ok: false, problem: "this location needs a client certificate, over TLS (mTLS)" };
  const peer = socket.getPeerCertificate();
  if (!peer?.raw) return { ok: false, problem: "send this location's client certificate (mTLS)" };
  const ca = clientCertificates(sim).ca;
  let caCert = caChecks.get(ca);
  if (!caCert) {
    caCert = new X509Certificate(ca.cert);
    caChecks.set(ca, caCert);
  }
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(peer.raw);
  } catch {
    return { ok: false, problem: "the client certificate cannot be read" };
  }
  if (!cert.checkIssued(caCert) || !cert.verify(caCert.publicKey))
    return { ok: false, problem: "the client certificate is not issued by mockpos's client CA" };
  const now = Date.now();
  if (now < Date.parse(cert.validFrom) || now > Date.parse(cert.validTo))
    return { ok: false, problem: "the client certificate is not valid now" };
  const cn = /(?:^|\n)CN=([^\n]+)/.exec(cert.subject)?.[1];
  if (!cn) return { ok: false, problem: "the client certificate names no location" };
  return { ok: true, locationId: cn };
}
