import { X509Certificate } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { HttpDriver } from "../connector/driver/client.ts";
import { type ChainLike, engineConfigFor } from "../connector/mock/config.ts";
import { trustingFetch } from "../connector/trust.ts";
import { ScaledClock } from "../simulator/clock/index.ts";
import { CertificateAuthority } from "../simulator/tls/index.ts";
import { waitUntil } from "./support/journey.ts";
import { mockpos, stopAll } from "./support/processes.ts";

afterEach(stopAll);

function get(url: string, ca: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca, headers, agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", reject);
    req.end();
  });
}

describe("mockpos serve --tls", { timeout: 60_000 }, () => {
  it("self-signed: prints the CA file and fingerprints; every dialect answers HTTPS to a client with that file", async () => {
    const sim = mockpos(
      "serve",
      "--tls",
      "self-signed",
      "--port",
      "0",
      "--elyx-port",
      "0",
      "--sinqro-port",
      "0",
    );
    await sim.printed(/^ {2}try /m);
    const out = sim.stdout();
    const [, caFile, caPrint] = out.match(/^ {2}ca file +(\S+) +\(SHA-256 ([0-9A-F:]{95})\)$/m) ?? [];
    const [, leafPrint] = out.match(/^ {2}certificate SHA-256 ([0-9A-F:]{95}),/m) ?? [];
    const ca = readFileSync(caFile ?? "", "utf8");
    expect(new X509Certificate(ca).fingerprint256).toBe(caPrint);
    const urls = Object.fromEntries(
      [...out.matchAll(/^ {2}(generic|elyx|sinqro) +(https:\/\/127\.0\.0\.1:\d+)$/gm)].map((m) => [
        m[1],
        m[2],
      ]),
    );
    expect(Object.keys(urls).sort()).toEqual(["elyx", "generic", "sinqro"]);
    for (const url of Object.values(urls)) expect(await get(`${url}/openapi.json`, ca)).toBe(200);
    // The served certificate is the one the banner names, signed by that CA.
    const served = await new Promise<X509Certificate>((resolve, reject) => {
      const req = request(`${urls.generic}/__admin/health`, { ca, agent: false }, (res) => {
        const cert = (res.socket as import("node:tls").TLSSocket).getPeerX509Certificate();
        res.resume();
        if (cert) resolve(cert);
        else reject(new Error("no peer certificate"));
      });
      req.on("error", reject);
      req.end();
    });
    expect(served.fingerprint256).toBe(leafPrint);
    expect(served.checkIssued(new X509Certificate(ca))).toBe(true);
    // Loopback and no --admin-token: the admin API stays open, as before.
    expect(await get(`${urls.generic}/__admin/health`, ca)).toBe(200);
    expect(out).not.toMatch(/admin token/);
  });

  it("--tls-cert/--tls-key serve the user's certificate; a key of another certificate stops it with exit code 2", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mockpos-tls-cli-"));
    const authority = CertificateAuthority.create({ name: "test CA" });
    const pair = authority.issueServer(["localhost", "127.0.0.1"]);
    writeFileSync(join(dir, "cert.pem"), pair.cert);
    writeFileSync(join(dir, "key.pem"), pair.key);
    writeFileSync(join(dir, "other.pem"), CertificateAuthority.create().issueServer(["localhost"]).key);
    const files = ["--tls-cert", join(dir, "cert.pem"), "--port", "0", "--dialects", "generic"];
    const ok = mockpos("serve", ...files, "--tls-key", join(dir, "key.pem"));
    const [, url] = await ok.printed(/listening on (https:\/\/\S+)/);
    expect(await get(`${url}/openapi.json`, authority.cert)).toBe(200);
    expect(ok.stdout()).toContain(`with --tls-cert: CN=localhost, O=mockpos`);
    const bad = mockpos("serve", ...files, "--tls-key", join(dir, "other.pem"));
    expect(await bad.exited).toBe(2);
    expect(bad.stderr()).toContain("--tls-key: not the key of --tls-cert's certificate");
  });

  it("beyond loopback, prints a generated admin token once and locks the admin API with it", async () => {
    const sim = mockpos(
      "serve",
      "--tls",
      "self-signed",
      "--host",
      "0.0.0.0",
      "--port",
      "0",
      "--dialects",
      "generic",
    );
    await sim.printed(/^ {2}try /m);
    const out = sim.stdout();
    const [, token] = out.match(/^ {2}admin token (\S+) /m) ?? [];
    const [, caFile] = out.match(/^ {2}ca file +(\S+)/m) ?? [];
    const [, port] = out.match(/listening on https:\/\/0\.0\.0\.0:(\d+)/) ?? [];
    const ca = readFileSync(caFile ?? "", "utf8");
    const health = `https://127.0.0.1:${port}/__admin/health`;
    expect(await get(health, ca)).toBe(401);
    expect(await get(health, ca, { authorization: `Bearer ${token}` })).toBe(200);
    expect(out.match(new RegExp(`admin token ${token}`, "g"))?.length).toBe(1);
    // The curl line names an address the certificate carries, not the wildcard bound.
    const [, key, tryUrl] =
      out.match(/^ {2}try +curl --cacert \S+ -H 'X-Api-Key: ([^']+)' (https:\/\/127\.0\.0\.1:\d+\/\S+)$/m) ??
      [];
    expect(await get(tryUrl ?? "", ca, { "x-api-key": key ?? "" })).toBe(200);
  });

  it("a bad secret setting is refused without repeating it", async () => {
    const token = mockpos("serve", "--admin-token", "tooshort", "--port", "0");
    expect(await token.exited).toBe(2);
    expect(token.stderr()).toContain("--admin-token: 16 to 200 printable characters");
    expect(token.stderr()).not.toContain("tooshort");
    const secret = mockpos("serve", "--webhook-url", "http://127.0.0.1:9/hook", "--webhook-secret", "short");
    expect(await secret.exited).toBe(2);
    expect(secret.stderr()).toContain("--webhook-secret");
    expect(secret.stderr()).not.toContain('"short"');
  });
});

describe("mockpos connector with caFile", { timeout: 60_000 }, () => {
  it("reaches a mockpos serve --tls self-signed: every location online", async () => {
    const sim = mockpos(
      ...["serve", "--tls", "self-signed", "--clock", "scaled", "--clock-factor", "60"],
      ...["--port", "0", "--dialects", "generic", "--locations", "2"],
    );
    await sim.printed(/^ {2}try /m);
    const [, caFile] = sim.stdout().match(/^ {2}ca file +(\S+)/m) ?? [];
    const [, url] = sim.stdout().match(/listening on (https:\/\/\S+)/) ?? [];
    const trusted = trustingFetch(caFile ?? "");
    const chain = (await (await trusted(`${url}/__admin/chain`, {})).json()) as ChainLike;
    const { now } = (await (await trusted(`${url}/__admin/clock`, {})).json()) as { now: string };
    const dir = mkdtempSync(join(tmpdir(), "mockpos-tls-connector-"));
    const file = join(dir, "engine.json");
    writeFileSync(file, JSON.stringify({ ...engineConfigFor(chain, "generic", url ?? ""), caFile }));
    const engine = mockpos(
      "connector",
      "--port",
      "0",
      "--config",
      file,
      "--clock-factor",
      "60",
      "--clock-origin",
      now,
    );
    const [, driverUrl] = await engine.printed(/driver protocol on (http:\/\/\S+)\/driver\/v1$/m);
    const driver = new HttpDriver({ baseUrl: driverUrl ?? "" });
    const time = new ScaledClock({ factor: 60 });
    await waitUntil({ advance: (ms) => time.sleep(ms) }, "every location online over HTTPS", async () => {
      const locations = await driver.locations();
      return locations.every((l) => l.mode === "online") || JSON.stringify(locations.map((l) => l.lastError));
    });
  });
});
