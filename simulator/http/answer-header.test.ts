import { request } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { createMockPos } from "../app.ts";
import { ScaledClock } from "../clock/index.ts";
import { listen, type RunningServer } from "../server.ts";

/** What a raw HTTP client reads: the status and every header line as sent, names lower-cased. */
function send(
  url: string,
  method: string,
  headers: Record<string, string>,
): Promise<{ status: number; lines: [string, string][] }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, agent: false }, (res) => {
      res.resume();
      res.on("end", () => {
        const lines: [string, string][] = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2)
          lines.push([(res.rawHeaders[i] as string).toLowerCase(), res.rawHeaders[i + 1] as string]);
        resolve({ status: res.statusCode ?? 0, lines });
      });
    });
    req.on("error", reject);
    req.end();
  });
}

const values = (lines: [string, string][], name: string) =>
  lines.filter(([n]) => n === name).map(([, v]) => v);

let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

// Served by node, the shell puts these headers on node's own response (answer-header.ts): what a
// client on the wire gets, whatever made the answer (the route, a fault, the error path, HEAD).
describe("the answer's own headers on the wire", () => {
  it("X-Mockpos-Clock once on every answer under a scaled clock, X-Mockpos-Fault on a faulted one", async () => {
    const pos = createMockPos({ seed: "wire", locations: 2, clock: new ScaledClock({ factor: 60 }) });
    server = await listen(pos.app, { port: 0, host: "127.0.0.1", dialect: true });
    const [a, b] = pos.sim.chain.locations;
    if (!a || !b) throw new Error("two locations expected");
    pos.sim.faults.use({ id: "hiccup", kind: "error", scope: { locations: [b.id] } });
    const key = (l: typeof a) => ({ "x-api-key": l.credentials.apiKey });

    const cases = [
      { what: "a read", method: "GET", path: `/v1/locations/${a.id}/status`, l: a, status: 200, fault: [] },
      { what: "HEAD", method: "HEAD", path: `/v1/locations/${a.id}/status`, l: a, status: 200, fault: [] },
      { what: "a 405", method: "DELETE", path: `/v1/locations/${a.id}/menu`, l: a, status: 405, fault: [] },
      {
        what: "a faulted read",
        method: "GET",
        path: `/v1/locations/${b.id}/status`,
        l: b,
        status: 500,
        fault: ["hiccup"],
      },
    ] as const;
    for (const c of cases) {
      const res = await send(`${server.url}${c.path}`, c.method, key(c.l));
      expect(res.status, c.what).toBe(c.status);
      const clock = values(res.lines, "x-mockpos-clock");
      expect(clock, c.what).toHaveLength(1);
      expect(clock[0], c.what).toMatch(/^scaled; factor=60; now=\d{4}-\d\d-\d\dT/);
      expect(values(res.lines, "x-mockpos-fault"), c.what).toEqual(c.fault);
    }
    // In process there is no node response: the same headers are on the Response itself.
    const inProcess = await pos.app.request(`/v1/locations/${b.id}/status`, { headers: key(b) });
    expect(inProcess.headers.get("x-mockpos-fault")).toBe("hiccup");
    expect(inProcess.headers.get("x-mockpos-clock")).toMatch(/^scaled; factor=60; /);
  });

  it("sends no clock header under a real clock, and no fault header when no rule shaped the answer", async () => {
    const pos = createMockPos({ seed: "wire", locations: 1 });
    server = await listen(pos.app, { port: 0, host: "127.0.0.1", dialect: true });
    const [a] = pos.sim.chain.locations;
    if (!a) throw new Error("a location expected");
    const res = await send(`${server.url}/v1/locations/${a.id}/status`, "GET", {
      "x-api-key": a.credentials.apiKey,
    });
    expect(res.status).toBe(200);
    expect(values(res.lines, "x-mockpos-clock")).toEqual([]);
    expect(values(res.lines, "x-mockpos-fault")).toEqual([]);
  });
});
