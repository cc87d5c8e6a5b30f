import { X509Certificate } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { connect } from "node:http2";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminAccess } from "../admin/access.ts";
import { createMockPos } from "../app.ts";
import { VirtualClock } from "../clock/index.ts";
import { DIALECTS, MAIN_DIALECT } from "../dialects/registry.ts";
import { type Deployment, serveTopology } from "../serve.ts";
import { planTopology } from "../topology/plan.ts";
import {
  CertificateAuthority,
  isLoopback,
  listenerNames,
  prepareTls,
  type ServerTls,
  TlsError,
} from "./index.ts";

/** GET over HTTP/1.1 and TLS (no ALPN, as an older client); resolves with the status and HTTP version, or rejects with the TLS error. */
function get11(
  url: string,
  ca?: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; version: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca, headers, agent: false }, (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, version: res.httpVersion });
    });
    req.on("error", reject);
    req.end();
  });
}

/** GET over HTTP/2; resolves with the status and the body, or rejects with the session's (TLS) error. */
function get2(
  origin: string,
  path: string,
  ca?: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const session = connect(origin, { ca });
    session.on("error", reject);
    const stream = session.request({ ":method": "GET", ":path": path, ...headers });
    let body = "";
    let status = 0;
    stream.setEncoding("utf8");
    stream.on("response", (headers) => {
      status = Number(headers[":status"]);
    });
    stream.on("data", (chunk: string) => {
      body += chunk;
    });
    stream.on("end", () => {
      session.close();
      resolve({ status, body });
    });
    // A refused handshake cancels the stream too; the session's error says why.
    stream.on("error", () => {});
    session.on("close", () => reject(new Error("the session closed before an answer")));
    stream.end();
  });
}

describe("the CA made at start", () => {
  it("signs a server certificate for the listener's names, which node verifies against the CA alone", () => {
    const ca = CertificateAuthority.create();
    const { cert } = ca.issueServer(["localhost", "127.0.0.1", "[::1]", "pos.test"]);
    const leaf = new X509Certificate(cert);
    const root = new X509Certificate(ca.cert);
    expect(root.ca).toBe(true);
    expect(leaf.ca).toBe(false);
    expect(leaf.checkIssued(root)).toBe(true);
    expect(leaf.verify(root.publicKey)).toBe(true);
    expect(leaf.subjectAltName).toBe(
      "DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1, DNS:pos.test",
    );
    expect(leaf.checkHost("pos.test")).toBe("pos.test");
    expect(leaf.checkIP("127.0.0.1")).toBe("127.0.0.1");
    // Another CA's certificate does not chain to it.
    expect(
      new X509Certificate(CertificateAuthority.create().issueServer(["localhost"]).cert).checkIssued(root),
    ).toBe(false);
    expect(ca.facts.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  });

  it("names a listener by loopback, its bind address and the configured extra names", () => {
    expect(listenerNames("192.0.2.7", ["pos.test"])).toEqual([
      "localhost",
      "127.0.0.1",
      "::1",
      "192.0.2.7",
      "pos.test",
    ]);
    expect(listenerNames("0.0.0.0")).toContain("127.0.0.1");
    expect(listenerNames("0.0.0.0")).not.toContain("0.0.0.0");
    expect(["127.0.0.1", "127.8.0.1", "::1", "[::1]", "localhost"].every(isLoopback)).toBe(true);
    expect(["0.0.0.0", "::", "192.168.1.4", "pos.test"].some(isLoopback)).toBe(false);
  });

  it("--tls-cert/--tls-key: the user's PEM files, refused by name when unreadable or not a pair", () => {
    const dir = mkdtempSync(join(tmpdir(), "mockpos-tls-test-"));
    const a = CertificateAuthority.create().issueServer(["localhost"]);
    const b = CertificateAuthority.create().issueServer(["localhost"]);
    writeFileSync(join(dir, "cert.pem"), a.cert);
    writeFileSync(join(dir, "key.pem"), a.key);
    writeFileSync(join(dir, "other-key.pem"), b.key);
    const files = (cert: string, key: string) =>
      prepareTls({ mode: "files", certFile: join(dir, cert), keyFile: join(dir, key) }, "127.0.0.1");
    expect(files("cert.pem", "key.pem").leaf.fingerprint256).toBe(new X509Certificate(a.cert).fingerprint256);
    expect(() => files("cert.pem", "other-key.pem")).toThrow(
      /--tls-key: not the key of --tls-cert's certificate/,
    );
    expect(() => files("missing.pem", "key.pem")).toThrow(
      /--tls-cert: cannot read .*missing\.pem \(ENOENT\)/,
    );
    expect(() => files("key.pem", "key.pem")).toThrow(TlsError);
  });
});

describe("every dialect over TLS", () => {
  let deployment: Deployment;
  let tls: ServerTls;

  beforeAll(async () => {
    const mock = createMockPos({
      seed: "tls",
      locations: 2,
      clock: new VirtualClock(Date.UTC(2026, 2, 14, 11, 30)),
    });
    tls = prepareTls(
      { mode: "self-signed", dir: mkdtempSync(join(tmpdir(), "mockpos-tls-test-")) },
      "127.0.0.1",
    );
    const plan = planTopology({
      topology: "central",
      main: MAIN_DIALECT,
      dialects: DIALECTS,
      ports: { generic: 0, elyx: 0, sinqro: 0 },
      locationPortBase: 0,
      locations: mock.sim.chain.locations.map((l) => l.id),
    });
    deployment = await serveTopology(mock, plan, "127.0.0.1", { tls });
  });
  afterAll(() => deployment.close());

  it("writes the CA's certificate for clients, and keeps the keys in memory", () => {
    const file = tls.ca?.file ?? "";
    expect(readFileSync(file, "utf8")).toBe(tls.ca?.authority.cert);
    expect(readFileSync(file, "utf8")).not.toContain("PRIVATE KEY");
  });

  it("answers HTTP/1.1 and HTTP/2 on each listener to a client trusting the CA file", async () => {
    const ca = readFileSync(tls.ca?.file ?? "", "utf8");
    expect(deployment.listeners.map((l) => l.dialect).sort()).toEqual([...DIALECTS].sort());
    for (const l of deployment.listeners) {
      expect(l.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const h1 = await get11(`${l.url}/openapi.json`, ca);
      expect(h1, l.name).toEqual({ status: 200, version: "1.1" });
      const h2 = await get2(l.url, "/openapi.json", ca);
      expect(h2.status, l.name).toBe(200);
      expect(JSON.parse(h2.body)).toMatchObject({ openapi: "3.1.0" });
      // localhost is one of the certificate's names too.
      const port = new URL(l.url).port;
      expect((await get11(`https://localhost:${port}/openapi.json`, ca)).status).toBe(200);
    }
  });

  it("holds HTTP/2 and HTTP/1.1 to the contract's header limit: the dialect's own 431", async () => {
    const ca = readFileSync(tls.ca?.file ?? "", "utf8");
    const big = { "x-big": "a".repeat(20_000) };
    for (const l of deployment.listeners) {
      const h2 = await get2(l.url, "/openapi.json", ca, big);
      expect(h2.status, l.name).toBe(431);
      expect((await get11(`${l.url}/openapi.json`, ca, big)).status, l.name).toBe(431);
    }
    const generic = deployment.listeners.find((l) => l.dialect === "generic")?.url ?? "";
    expect(JSON.parse((await get2(generic, "/v1/locations/loc-0001/menu", ca, big)).body)).toMatchObject({
      code: "PAYLOAD_TOO_LARGE",
      status: 431,
    });
  });

  it("is refused by a client that does not trust the CA", async () => {
    for (const l of deployment.listeners) {
      await expect(get11(`${l.url}/openapi.json`)).rejects.toMatchObject({
        code: "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
      });
      await expect(get2(l.url, "/openapi.json")).rejects.toMatchObject({
        code: "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
      });
    }
  });
});

describe("a per-location deployment over TLS", () => {
  it("serves every location's own listener over HTTPS, each behind the admin access rules", async () => {
    const mock = createMockPos({
      seed: "tls",
      locations: 2,
      clock: new VirtualClock(Date.UTC(2026, 2, 14, 11, 30)),
    });
    const tls = prepareTls(
      { mode: "self-signed", dir: mkdtempSync(join(tmpdir(), "mockpos-tls-test-")) },
      "127.0.0.1",
    );
    const plan = planTopology({
      topology: "per-location",
      main: MAIN_DIALECT,
      dialects: ["generic", "elyx"],
      ports: { generic: 0, elyx: 0, sinqro: 0 },
      locationPortBase: 0,
      locations: mock.sim.chain.locations.map((l) => l.id),
    });
    const token = "per-location-admin-token";
    const access = adminAccess({ host: "127.0.0.1", token });
    const deployment = await serveTopology(mock, plan, "127.0.0.1", { tls, access });
    try {
      const ca = tls.ca?.authority.cert ?? "";
      expect(deployment.listeners.length).toBe(1 + 2 * 2);
      for (const l of deployment.listeners) {
        expect(l.url, l.name).toMatch(/^https:/);
        expect((await get2(l.url, "/openapi.json", ca)).status, l.name).toBe(200);
        expect((await get2(l.url, "/__admin/health", ca)).status, l.name).toBe(401);
      }
      const main = deployment.listeners.find((l) => l.main)?.url ?? "";
      expect((await get2(main, "/__admin/health", ca, { authorization: `Bearer ${token}` })).status).toBe(
        200,
      );
    } finally {
      await deployment.close();
    }
  });
});
