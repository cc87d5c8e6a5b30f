import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { hostname, networkInterfaces, tmpdir } from "node:os";
import { join } from "node:path";
import { createSecureContext } from "node:tls";
import { CertificateAuthority, type CertificateFacts, certificateFacts } from "./ca.ts";

export { CertificateAuthority, type CertificateFacts, certificateFacts, type KeyPairPem } from "./ca.ts";

/** How the listeners get their certificate: made at start by a CA of our own, or the user's PEM files. */
export type TlsSource =
  | {
      mode: "self-signed";
      /** Names the certificate must carry besides the loopback ones and the bind address. */
      names?: readonly string[];
      /** Where to write `ca.pem` (default: a new directory under the system's temp dir). */
      dir?: string;
    }
  | { mode: "files"; certFile: string; keyFile: string };

/** What every TLS listener serves, and what to tell the user about it. */
export interface ServerTls {
  cert: string;
  key: string;
  /** The certificate served. */
  leaf: CertificateFacts;
  /** Self-signed mode: the CA that signed it, and the file holding its certificate for clients. */
  ca?: { authority: CertificateAuthority; file: string; facts: CertificateFacts };
}

export class TlsError extends Error {
  override name = "TlsError";
}

/** The loopback names every listener answers to, whatever it binds. */
export const LOOPBACK_NAMES: readonly string[] = ["localhost", "127.0.0.1", "::1"];

/** Whether `host` (a bind address or a name) is loopback only: 127.0.0.0/8, ::1 or localhost. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[(.*)\]$/, "$1").toLowerCase();
  return (
    h === "localhost" || h === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) || h === "::ffff:127.0.0.1"
  );
}

/** Whether `host` binds every interface. */
export function isWildcard(host: string): boolean {
  const h = host.replace(/^\[(.*)\]$/, "$1");
  return h === "0.0.0.0" || h === "::" || h === "";
}

/**
 * The names a listener bound to `host` is reached by: the loopback names, the bind address (or,
 * for a wildcard, this machine's name and interface addresses) and the `extra` ones configured.
 */
export function listenerNames(host: string, extra: readonly string[] = []): string[] {
  const own = isWildcard(host)
    ? [
        hostname(),
        ...Object.values(networkInterfaces())
          .flat()
          .map((i) => i?.address ?? "")
          .filter((a) => a !== "" && !a.includes("%")),
      ]
    : [host];
  return [
    ...new Set([...LOOPBACK_NAMES, ...own, ...extra].map((n) => n.replace(/^\[(.*)\]$/, "$1").toLowerCase())),
  ];
}

/**
 * The certificate and key every listener serves. Self-signed: a CA is made, it signs a server
 * certificate for the listener's names, and the CA's certificate is written to `ca.pem` for
 * clients (the keys stay in memory). Files: the PEM files as given, checked to be a pair.
 */
export function prepareTls(source: TlsSource, host: string): ServerTls {
  if (source.mode === "files") {
    const cert = readPem(source.certFile, "--tls-cert", "CERTIFICATE");
    const key = readPem(source.keyFile, "--tls-key", "PRIVATE KEY");
    const leaf = facts(cert, "--tls-cert");
    try {
      createSecureContext({ cert, key });
    } catch (err) {
      throw new TlsError(`--tls-key: not the key of --tls-cert's certificate (${(err as Error).message})`);
    }
    return { cert, key, leaf };
  }
  const authority = CertificateAuthority.create();
  const { cert, key } = authority.issueServer(listenerNames(host, source.names ?? []));
  const dir = source.dir ?? mkdtempSync(join(tmpdir(), "mockpos-tls-"));
  const file = join(dir, "ca.pem");
  writeFileSync(file, authority.cert);
  return { cert, key, leaf: certificateFacts(cert), ca: { authority, file, facts: authority.facts } };
}

function readPem(file: string, flag: string, label: string): string {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new TlsError(
      `${flag}: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? String(err)})`,
    );
  }
  if (!new RegExp(`-----BEGIN [A-Z ]*${label}-----`).test(text))
    throw new TlsError(`${flag}: ${file} holds no PEM ${label.toLowerCase()}`);
  return text;
}

function facts(cert: string, flag: string): CertificateFacts {
  try {
    return certificateFacts(cert);
  } catch (err) {
    throw new TlsError(`${flag}: not a certificate node can read (${(err as Error).message})`);
  }
}
