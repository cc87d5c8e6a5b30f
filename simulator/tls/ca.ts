import { generateKeyPairSync, X509Certificate as NodeCertificate, randomBytes } from "node:crypto";
import { isIP } from "node:net";
import forge from "node-forge";

const DAY = 86_400_000;

/** A certificate and its private key, both PEM. */
export interface KeyPairPem {
  cert: string;
  key: string;
}

/** What a certificate is, for a banner: its subject, SHA-256 fingerprint (`AB:CD:…`) and expiry. */
export interface CertificateFacts {
  subject: string;
  fingerprint256: string;
  validTo: string;
}

export interface CaOptions {
  /** The CA's common name (default `mockpos local CA`). */
  name?: string;
  /**
   * Wall-clock now in ms. Certificates are checked by clients against their own wall clock, never
   * the simulator's (a virtual clock may sit in another year while the client lives today).
   */
  now?: number;
  /** Validity of the CA and of what it issues, in days (default 365). */
  days?: number;
}

/**
 * A certificate authority made at start: it signs the server certificate, so a client trusts one
 * CA file rather than pinning a leaf, and the same CA can issue client certificates (mTLS) later.
 * Keys are RSA 2048 from node's own generator (the platform CSPRNG: key material is never seeded);
 * node-forge only builds and signs the certificates.
 */
export class CertificateAuthority {
  readonly #key: forge.pki.rsa.PrivateKey;
  readonly #cert: forge.pki.Certificate;
  readonly #now: number;
  readonly #days: number;

  private constructor(key: forge.pki.rsa.PrivateKey, cert: forge.pki.Certificate, now: number, days: number) {
    this.#key = key;
    this.#cert = cert;
    this.#now = now;
    this.#days = days;
  }

  /** A new CA with a fresh key. */
  static create(options: CaOptions = {}): CertificateAuthority {
    const now = options.now ?? Date.now();
    const days = options.days ?? 365;
    const { publicKey, privateKey } = keyPair();
    const cert = forge.pki.createCertificate();
    cert.publicKey = publicKey;
    cert.serialNumber = serial();
    validity(cert, now, days);
    const name = [
      { name: "commonName", value: options.name ?? "mockpos local CA" },
      { name: "organizationName", value: "mockpos" },
    ];
    cert.setSubject(name);
    cert.setIssuer(name);
    cert.setExtensions([
      { name: "basicConstraints", cA: true, pathLenConstraint: 0, critical: true },
      { name: "keyUsage", keyCertSign: true, cRLSign: true, critical: true },
      { name: "subjectKeyIdentifier" },
    ]);
    cert.sign(privateKey, forge.md.sha256.create());
    return new CertificateAuthority(privateKey, cert, now, days);
  }

  /** The CA certificate, PEM: the file a client is given to trust. */
  get cert(): string {
    return forge.pki.certificateToPem(this.#cert);
  }

  /** Subject, SHA-256 fingerprint and expiry of the CA certificate. */
  get facts(): CertificateFacts {
    return certificateFacts(this.cert);
  }

  /**
   * A server certificate for `names` (DNS names and IP addresses, `[::1]` as well as `::1`, each
   * put in the subjectAltName as what it is), signed by this CA, with a fresh key.
   */
  issueServer(names: readonly string[]): KeyPairPem {
    const unique = [...new Set(names.map((n) => n.replace(/^\[(.*)\]$/, "$1")))];
    const first = unique[0];
    if (first === undefined) throw new RangeError("a server certificate needs at least one name");
    const altNames = unique.map((n) => (isIP(n) === 0 ? { type: 2, value: n } : { type: 7, ip: n }));
    return this.#issue(first, { serverAuth: true }, altNames);
  }
  /**
   * A client certificate (mTLS) whose subject's common name is `name` (a location id), with the
   * name also as a `urn:mockpos:location:` URI in its subjectAltName, signed by this CA.
   */
  issueClient(name: string): KeyPairPem {
    return this.#issue(name, { clientAuth: true }, [{ type: 6, value: `urn:mockpos:location:${name}` }]);
  }

  /** A leaf certificate for `commonName`, with a fresh key, for the given use, signed by this CA. */
  #issue(
    commonName: string,
    usage: { serverAuth: true } | { clientAuth: true },
    altNames: Record<string, unknown>[],
  ): KeyPairPem {
    const { publicKey, privateKey } = keyPair();
    const cert = forge.pki.createCertificate();
    cert.publicKey = publicKey;
    cert.serialNumber = serial();
    validity(cert, this.#now, this.#days);
    cert.setSubject([
      { name: "commonName", value: commonName },
      { name: "organizationName", value: "mockpos" },
    ]);
    cert.setIssuer(this.#cert.subject.attributes);
    cert.setExtensions([
      { name: "basicConstraints", cA: false, critical: true },
      { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
      { name: "extKeyUsage", ...usage },
      { name: "subjectAltName", altNames },
      { name: "subjectKeyIdentifier" },
      { name: "authorityKeyIdentifier", keyIdentifier: this.#cert.generateSubjectKeyIdentifier().getBytes() },
    ]);
    cert.sign(this.#key, forge.md.sha256.create());
    return { cert: forge.pki.certificateToPem(cert), key: forge.pki.privateKeyToPem(privateKey) };
  }
}

/** Subject, SHA-256 fingerprint and expiry of a PEM certificate (the first, in a chain). */
export function certificateFacts(pem: string): CertificateFacts {
  const cert = new NodeCertificate(pem);
  return {
    subject: cert.subject.replaceAll("\n", ", "),
    fingerprint256: cert.fingerprint256,
    validTo: new Date(cert.validTo).toISOString(),
  };
}

function keyPair() {
  const pair = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
  return {
    publicKey: forge.pki.publicKeyFromPem(pair.publicKey),
    privateKey: forge.pki.privateKeyFromPem(pair.privateKey) as forge.pki.rsa.PrivateKey,
  };
}

// An hour back, so a client whose clock runs a little behind still accepts it.
function validity(cert: forge.pki.Certificate, now: number, days: number): void {
  cert.validity.notBefore = new Date(now - 3_600_000);
  cert.validity.notAfter = new Date(now + days * DAY);
}

// Positive and 16 bytes, as RFC 5280 asks: a leading zero nibble keeps the top bit clear.
function serial(): string {
  return `0${randomBytes(16).toString("hex").slice(1)}`;
}
