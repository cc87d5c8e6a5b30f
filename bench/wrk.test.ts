import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireWrk, startWrk, writeWrkScript } from "./wrk.ts";

// What the server saw: each path, with the key it came with.
const seen = new Map<string, Set<string>>();
let server: Server;
let url = "";
const dir = mkdtempSync(path.join(os.tmpdir(), "mockpos-wrk-"));

beforeAll(async () => {
  requireWrk();
  server = createServer((req, res) => {
    const keys = seen.get(req.url ?? "") ?? new Set<string>();
    keys.add(String(req.headers["x-api-key"]));
    seen.set(req.url ?? "", keys);
    res.writeHead(req.url === "/missing" ? 404 : 200, { "content-length": 2 }).end("ok");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

describe("wrk scripts (the benches' load generator)", () => {
  it("send every target with its own headers, in turn, and report what they got", async () => {
    const scriptFile = path.join(dir, "three.lua");
    writeWrkScript(scriptFile, [
      { path: "/v1/locations/loc-0001/status", headers: { "X-Api-Key": "key-1" } },
      { path: "/v1/locations/loc-0002/menu?lang=fr&x=a%20b", headers: { "X-Api-Key": "key-2" } },
      { path: "/missing", headers: { "X-Api-Key": "key-3" } },
    ]);
    const result = await startWrk({ url, scriptFile, connections: 1, durationS: 1 }).result;
    expect([...(seen.get("/v1/locations/loc-0001/status") ?? [])]).toEqual(["key-1"]);
    expect([...(seen.get("/v1/locations/loc-0002/menu?lang=fr&x=a%20b") ?? [])]).toEqual(["key-2"]);
    expect([...(seen.get("/missing") ?? [])]).toEqual(["key-3"]);
    expect(result.requests).toBeGreaterThanOrEqual(3);
    // One answer in three was a 404: counted as an error, not as served.
    expect(result.errors).toBeGreaterThanOrEqual(1);
    expect(result.errors).toBeLessThan(result.requests);
    expect(result.bytesPerAnswer).toBeGreaterThan(0);
  });

  it("take more targets than a Lua script holds constants (a 100,000-location chain)", async () => {
    seen.clear();
    const scriptFile = path.join(dir, "large.lua");
    const targets = Array.from({ length: 70_000 }, (_, i) => ({
      path: `/v1/locations/loc-${i + 1}/status`,
      headers: { "X-Api-Key": `key-${i + 1}` },
    }));
    writeWrkScript(scriptFile, targets);
    const result = await startWrk({ url, scriptFile, connections: 1, durationS: 1 }).result;
    expect(result.errors).toBe(0);
    // In turn, from the top (wrk asks the script for one request before the run, so the first
    // sent is the second): whatever the machine's speed, those went.
    expect([...(seen.get("/v1/locations/loc-2/status") ?? [])]).toEqual(["key-2"]);
    expect([...(seen.get("/v1/locations/loc-3/status") ?? [])]).toEqual(["key-3"]);
    for (const [target, keys] of seen) {
      const n = /loc-(\d+)\//.exec(target)?.[1];
      expect([...keys]).toEqual([`key-${n}`]);
    }
  });

  it("refuse a field that would break the targets file", () => {
    expect(() =>
      writeWrkScript(path.join(dir, "bad.lua"), [{ path: "/a", headers: { "X-Api-Key": "a\tb" } }]),
    ).toThrow(/tab or newline/);
  });
});
