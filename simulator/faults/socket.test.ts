import { request } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { testPos } from "../../test/support/pos.ts";
import { listen, type RunningServer } from "../server.ts";
import type { FaultRuleInput } from "./schema.ts";

/** What a raw HTTP client sees: a status, or the socket error it got instead. */
function get(url: string, apiKey: string): Promise<{ status?: number; error?: string }> {
  return new Promise((resolve) => {
    const req = request(url, { headers: { "x-api-key": apiKey }, agent: false }, (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode }));
    });
    req.on("error", (err: NodeJS.ErrnoException) => resolve({ error: err.code ?? err.message }));
    req.end();
  });
}

/**
 * Waits, a macrotask turn at a time, for `done()` to hold: bounded, so a request that never
 * arrives fails with what was awaited instead of spinning until the test's timeout. The bound
 * is real time because the wait is for a real socket; it is a hang detector, far above the few
 * milliseconds the loopback takes even on a loaded machine.
 */
async function until(done: () => boolean, what: string, limitMs = 10_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`gave up after ${limitMs / 1000} s waiting for ${what}`);
    await new Promise((r) => setImmediate(r));
  }
}

let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(fault: FaultRuleInput) {
  const pos = testPos();
  pos.sim.faults.use(fault);
  server = await listen(pos.app, { port: 0 });
  const loc = pos.location(0);
  return { pos, url: `${server.url}/v1/locations/${loc.id}/status`, key: loc.credentials.apiKey };
}

describe("faults on a real socket", () => {
  it("reset: the connection is reset, no HTTP answer", async () => {
    const { url, key, pos } = await serve({ id: "rst", kind: "unreachable", mode: "reset" });
    expect(await get(url, key)).toEqual({ error: "ECONNRESET" });
    expect([...pos.sim.journal.entries()].at(-1)).toMatchObject({
      status: 0,
      outcome: "UNREACHABLE",
      fault: "rst",
    });
  });

  it("refuse: the connection is refused with a reset as soon as it is read", async () => {
    const { url, key } = await serve({ id: "no", kind: "unreachable", mode: "refuse" });
    expect(await get(url, key)).toEqual({ error: "ECONNRESET" });
  });

  it("black hole: nothing comes back until the hold passes, then the socket closes without an answer", async () => {
    const { url, key, pos } = await serve({ id: "void", kind: "unreachable", mode: "blackhole", hold: "2m" });
    let result: { status?: number; error?: string } | undefined;
    const timers = pos.clock.pending;
    const pending = get(url, key).then((r) => {
      result = r;
    });
    // Let the request reach the server and sit in the hole (its hold is a timer on the clock).
    await until(() => pos.clock.pending !== timers, "the request to reach the black hole");
    await pos.clock.advance(119_000);
    expect(result).toBeUndefined();
    await pos.clock.advance(1_000);
    await pending;
    expect(result).toEqual({ error: "ECONNRESET" });
  });

  it("the server keeps serving other locations while one is down", async () => {
    const { pos } = await serve({
      id: "one",
      kind: "unreachable",
      mode: "reset",
      scope: { locations: ["loc-0001"] },
    });
    const other = pos.location(1);
    const res = await get(`${server?.url}/v1/locations/${other.id}/status`, other.credentials.apiKey);
    expect(res.status).toBe(200);
  });
});
