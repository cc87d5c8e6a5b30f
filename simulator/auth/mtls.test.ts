import { request } from "node:https";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { START } from "../../test/support/pos.ts";
import { createMockPos } from "../app.ts";
import { VirtualClock } from "../clock/index.ts";
import { listen, type RunningServer } from "../server.ts";
import { CertificateAuthority, type KeyPairPem } from "../tls/ca.ts";

const mock = createMockPos({ seed: "mtls-test", locations: 2, clock: new VirtualClock(START), auth: "mtls" });
const serverCa = CertificateAuthority.create();
const servers: Record<string, RunningServer> = {};
let certs: Record<string, KeyPairPem> = {};

const DIALECTS = [
  {
    name: "generic",
    path: (n: number) => `/v1/locations/loc-000${n}/status`,
    code: (body: any) => body.code,
    unauthorized: "UNAUTHORIZED",
    forbidden: "FORBIDDEN_LOCATION",
  },
  {
    name: "elyx",
    path: (n: number) => `/api/v1/locations/${n}`,
    code: (body: any) => body.error.type,
    unauthorized: "API_KEY_INVALID",
    forbidden: "LOCATION_NOT_ALLOWED",
  },
  {
    name: "sinqro",
    path: () => "/sinqro/v1/restaurant",
    code: (body: any) => body.error.code,
    unauthorized: "INVALID_ACCESS_TOKEN",
    forbidden: null,
  },
] as const;

beforeAll(async () => {
  const tls = { ...serverCa.issueServer(["127.0.0.1"]), clientCa: (await clientCa()).cert };
  for (const d of DIALECTS)
    servers[d.name] = await listen(mock.dialects[d.name]?.app as never, { port: 0, dialect: true, tls });
  // What a user reads: each location's certificate and key, from the admin API.
  const chain = (await (await mock.app.request("/__admin/chain")).json()) as {
    locations: { id: string; auth: { mechanism: string; certificate: string; key: string } }[];
  };
  certs = Object.fromEntries(
    chain.locations.map((l) => [l.id, { cert: l.auth.certificate, key: l.auth.key }]),
  );
}, 60_000);

afterAll(async () => {
  await Promise.all(Object.values(servers).map((s) => s.close()));
});

async function clientCa() {
  const { clientCertificates } = await import("./mtls.ts");
  return clientCertificates(mock.sim).ca;
}

function get(
  url: string,
  client?: KeyPairPem,
): Promise<{ status: number; body: any; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca: serverCa.cert, ...(client ?? {}), agent: false }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        text += chunk;
      });
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, body: JSON.parse(text), headers: res.headers }),
      );
    });
    req.on("error", reject);
    req.end();
  });
}

describe("/__admin/chain under --auth mtls", () => {
  it("lists a client certificate per location, issued by the client CA, naming the location", async () => {
    const { X509Certificate } = await import("node:crypto");
    const ca = new X509Certificate((await clientCa()).cert);
    for (const [id, pair] of Object.entries(certs)) {
      const cert = new X509Certificate(pair.cert);
      expect(cert.subject).toContain(`CN=${id}`);
      expect(cert.checkIssued(ca)).toBe(true);
      expect(cert.checkPrivateKey((await import("node:crypto")).createPrivateKey(pair.key))).toBe(true);
    }
  });
});

describe.each(DIALECTS)("mutual TLS, $name", (d) => {
  const url = (n: number) => `${servers[d.name]?.url}${d.path(n)}`;

  it("takes the location's own certificate", async () => {
    const res = await get(url(1), certs["loc-0001"]);
    expect(res.status).toBe(200);
  });

  it("refuses no certificate, in the dialect's own format", async () => {
    const res = await get(url(1));
    expect(res.status).toBe(401);
    expect(d.code(res.body)).toBe(d.unauthorized);
  });

  it("refuses a certificate naming the location that mockpos's client CA did not issue", async () => {
    const forged = CertificateAuthority.create({ name: "mockpos client CA" }).issueClient("loc-0001");
    const res = await get(url(1), forged);
    expect(res.status).toBe(401);
    expect(d.code(res.body)).toBe(d.unauthorized);
  });

  // Sinqro's paths name no restaurant (its credential picks it): there the certificate does.
  const another =
    d.forbidden === null
      ? "lets the certificate pick the restaurant: another location's reads that location"
      : "refuses another location's certificate with 403";
  it(another, async () => {
    const res = await get(url(1), certs["loc-0002"]);
    if (d.forbidden === null) {
      expect(res.status).toBe(200);
      expect(JSON.stringify(res.body)).toContain('"loc-0002"');
      expect(JSON.stringify(res.body)).not.toContain('"loc-0001"');
      return;
    }
    expect(res.status).toBe(403);
    expect(d.code(res.body)).toBe(d.forbidden);
    expect((await get(url(2), certs["loc-0002"])).status).toBe(200);
  });

  it("refuses a request that did not come over TLS", async () => {
    const res = (await mock.dialects[d.name]?.app.request(d.path(1))) as Response;
    expect(res.status).toBe(401);
    expect(d.code(await res.json())).toBe(d.unauthorized);
  });
});
