import { request as httpRequest } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { createMockPos, type MockPos } from "../app.ts";
import { ScaledClock, VirtualClock } from "../clock/index.ts";
import { PosError } from "../domain/errors.ts";
import { changePrices } from "../domain/menu.ts";
import type { Location } from "../domain/types.ts";
import { defineFaultKind, ruleSchema } from "../faults/kind.ts";
import type { JournalEntry } from "../journal/index.ts";
import { listen, type RunningServer } from "../server.ts";
import type { Lane } from "./index.ts";

// The lane answers the generic dialect's polls from node's request. Every test here asks the same
// thing twice — through a listener with the lane and through one without (the app alone) — and
// counts what the lane answered, so a lane that answered nothing, or answered what it should
// have left to the app, fails.

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

interface Served {
  mock: MockPos;
  /** With the lane ahead of the app, as `mockpos serve` listens. */
  lane: RunningServer;
  /** The app alone. */
  app: RunningServer;
  /** Requests the lane answered itself. */
  answered(): number;
}

const running: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

async function serve(options: Parameters<typeof createMockPos>[0] = {}): Promise<Served> {
  const mock = createMockPos({ seed: "hot-reads", locations: 3, clock: new VirtualClock(), ...options });
  const inner = mock.dialects.generic.lane as Lane;
  let answered = 0;
  const counting: Lane = (req, res) => {
    const took = inner(req, res);
    if (took) answered++;
    return took;
  };
  const lane = await listen(mock.app, { port: 0, dialect: true, lane: counting });
  const app = await listen(mock.app, { port: 0, dialect: true });
  running.push(lane, app);
  return { mock, lane, app, answered: () => answered };
}

/** A raw HTTP/1.1 request, so duplicate headers and odd targets go out exactly as written. */
function get(
  server: RunningServer,
  path: string,
  headers: [string, string][] = [],
  method = "GET",
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    // A flat list of names and values: node sends each as given, repeats included (and no Host of its own).
    const own = headers.some(([name]) => name.toLowerCase() === "host");
    const raw = [...(own ? [] : ["Host", `127.0.0.1:${server.port}`]), ...headers.flat()];
    const req = httpRequest({ host: "127.0.0.1", port: server.port, path, method, headers: raw }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString(),
        }),
      );
    });
    req.on("error", reject);
    req.end();
  });
}

const key = (l: Location): [string, string][] => [["X-Api-Key", l.credentials.apiKey]];

/** What a client can tell of an answer (the headers node adds itself — date, connection — aside). */
function seen(a: Answer) {
  return {
    status: a.status,
    contentType: a.headers["content-type"],
    contentLength: a.headers["content-length"],
    clock: a.headers["x-mockpos-clock"],
    fault: a.headers["x-mockpos-fault"],
    body: a.body,
  };
}

/** The journal's last entry, without what differs between two requests made one after the other. */
function lastEntry(mock: MockPos): Omit<JournalEntry, "seq"> {
  const entry = mock.sim.journal.query({}).at(-1);
  if (!entry) throw new Error("nothing journaled");
  const { seq: _, ...rest } = entry;
  return rest;
}

/** The same request through both listeners: what each answered and journaled. */
async function both(s: Served, path: string, headers: [string, string][] = [], method = "GET") {
  const viaLane = await get(s.lane, path, headers, method);
  const laneEntry = lastEntry(s.mock);
  const viaApp = await get(s.app, path, headers, method);
  const appEntry = lastEntry(s.mock);
  return { viaLane, viaApp, laneEntry, appEntry };
}

const READS = ["status", "menu", "modifiers", "availability"] as const;

describe("the hot-read lane", () => {
  it("answers each generic poll with the app's very bytes, headers and journal entry", async () => {
    const s = await serve();
    const l = s.mock.sim.chain.locations[1] as Location;
    for (const tail of READS) {
      const path = `/v1/locations/${l.id}/${tail}`;
      const { viaLane, viaApp, laneEntry, appEntry } = await both(s, path, [
        ...key(l),
        ["Idempotency-Key", "poll-1"],
      ]);
      expect(viaLane.status, tail).toBe(200);
      expect(seen(viaLane), tail).toEqual(seen(viaApp));
      expect(laneEntry, tail).toEqual(appEntry);
      expect(laneEntry).toMatchObject({
        locationId: l.id,
        credential: `apiKey:${l.id}`,
        idempotencyKey: "poll-1",
      });
    }
    expect(s.answered()).toBe(READS.length);
  });

  it("reads the headers the app reads as the app reads them: repeated, empty, padded, in any case", async () => {
    const s = await serve();
    const l = s.mock.sim.chain.locations[0] as Location;
    const cases: [string, string][][] = [
      [...key(l), ["Idempotency-Key", "b"], ["Idempotency-Key", ""]],
      [...key(l), ["idempotency-key", " a "], ["IDEMPOTENCY-KEY", "\tb"]],
      [["x-api-key", ` ${l.credentials.apiKey}\t`]],
      [["Host", `LOCALHOST:${s.lane.port}`], ...key(l)],
    ];
    for (const headers of cases) {
      const { viaLane, viaApp, laneEntry, appEntry } = await both(s, `/v1/locations/${l.id}/status`, headers);
      expect(viaLane.status).toBe(200);
      expect(seen(viaLane)).toEqual(seen(viaApp));
      expect(laneEntry).toEqual(appEntry);
    }
    expect(s.answered()).toBe(cases.length);
  });

  it("answers HTTP Basic, and sends the scaled clock's header as the app does", async () => {
    const s = await serve({ clock: new VirtualClock() });
    const l = s.mock.sim.chain.locations[0] as Location;
    const basic = `Basic ${Buffer.from(`${l.credentials.username}:${l.credentials.password}`).toString("base64")}`;
    const { viaLane, viaApp, laneEntry, appEntry } = await both(s, `/v1/locations/${l.id}/menu`, [
      ["Authorization", basic],
    ]);
    expect(seen(viaLane)).toEqual(seen(viaApp));
    expect(laneEntry).toEqual(appEntry);
    expect(laneEntry.credential).toBe(`basic:${l.id}`);
    expect(s.answered()).toBe(1);

    const scaled = await serve({ clock: new ScaledClock({ factor: 60 }) });
    const m = scaled.mock.sim.chain.locations[0] as Location;
    const menu = await both(scaled, `/v1/locations/${m.id}/menu`, key(m));
    // The scaled clock runs on between the two requests: its header's instant is all that may differ.
    const instantless = (a: Answer) => ({
      ...seen(a),
      clock: String(a.headers["x-mockpos-clock"]).replace(/now=\S+$/, "now=…"),
    });
    expect(menu.viaLane.headers["x-mockpos-clock"]).toMatch(/^scaled; factor=60; now=\S+Z$/);
    expect(instantless(menu.viaLane)).toEqual(instantless(menu.viaApp));
    expect(scaled.answered()).toBe(1);
  });

  it("shows every change on the very next read: sold out, price, shift, clock", async () => {
    const s = await serve();
    const l = s.mock.sim.chain.locations[2] as Location;
    const product = l.menu.products.find((p) => !l.soldOut.has(p.id)) as Location["menu"]["products"][number];
    const read = async (tail: string) =>
      JSON.parse((await get(s.lane, `/v1/locations/${l.id}/${tail}`, key(l))).body);
    const item = (body: { products: { id: string; price: number; soldOut: boolean }[] }) =>
      body.products.find((p) => p.id === product.id);

    expect(item(await read("menu"))?.soldOut).toBe(false);
    const out = await s.mock.app.request(`/__admin/locations/${l.id}/availability/${product.id}`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ soldOut: true }),
    });
    expect(out.status).toBe(200);
    expect(item(await read("menu"))?.soldOut).toBe(true);
    const availability = await read("availability");
    expect(availability.items.find((i: { productId: string }) => i.productId === product.id).soldOut).toBe(
      true,
    );

    const before = item(await read("menu"))?.price as number;
    changePrices(l, [{ productId: product.id, price: before + 125 }], s.mock.sim.clock.now());
    expect(item(await read("menu"))?.price).toBe(before + 125);

    const status = await read("status");
    const closed = await s.mock.app.request(`/__admin/locations/${l.id}/shifts/close`, { method: "POST" });
    expect(closed.status).toBeLessThan(300);
    const after = await read("status");
    expect(after.shiftId).not.toBe(status.shiftId);
    await (s.mock.sim.clock as VirtualClock).advance(61_000);
    expect(Date.parse((await read("status")).time) - Date.parse(after.time)).toBe(61_000);
    expect(s.answered()).toBe(8);
  });

  it("leaves to the app every request it would answer otherwise, and the app answers as before", async () => {
    const s = await serve();
    const [l, other] = s.mock.sim.chain.locations as Location[];
    const status = `/v1/locations/${l?.id}/status`;
    const cases: [string, string, [string, string][], string?][] = [
      ["no credential", status, []],
      ["a wrong key", status, [["X-Api-Key", "nope"]]],
      ["another location's key", status, key(other as Location)],
      ["the key twice", status, [...key(l as Location), ...key(l as Location)]],
      ["a query", `${status}?verbose=1`, key(l as Location)],
      ["an escaped path", `/v1/locations/${l?.id.replace("-", "%2D")}/status`, key(l as Location)],
      ["a trailing slash", `${status}/`, key(l as Location)],
      ["an unknown location", "/v1/locations/loc-9999/status", key(l as Location)],
      ["HEAD", status, key(l as Location), "HEAD"],
      // The node adapter builds the app's URL from Host, and refuses these (a bare 500).
      ["a Host with a space", status, [["Host", "a b"], ...key(l as Location)]],
      ["a Host with userinfo", status, [["Host", "foo@bar"], ...key(l as Location)]],
      ["a Host with a path", status, [["Host", "x/y"], ...key(l as Location)]],
    ];
    for (const [why, path, headers, method] of cases) {
      const { viaLane, viaApp, laneEntry, appEntry } = await both(s, path, headers, method);
      expect(seen(viaLane), why).toEqual(seen(viaApp));
      expect(laneEntry, why).toEqual(appEntry);
    }
    expect(s.answered()).toBe(0);
    expect((await get(s.lane, status, [["X-Api-Key", "nope"]])).status).toBe(401);
  });

  it("steps aside while a fault rule is in force or a vendor quirk is on, and takes over after", async () => {
    const s = await serve();
    const l = s.mock.sim.chain.locations[0] as Location;
    const status = `/v1/locations/${l.id}/status`;
    const admin = (path: string, method: string, body: unknown) =>
      s.mock.app.request(path, {
        method,
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });

    // A rule for another location only: the lane cannot tell what a rule does, so it asks none.
    const other = s.mock.sim.chain.locations[1] as Location;
    const rule = await admin("/__admin/faults", "POST", {
      id: "slow",
      kind: "latency",
      distribution: { type: "fixed", ms: 0 },
      scope: { locations: [other.id] },
    });
    expect(rule.status).toBeLessThan(300);
    const faulted = await both(s, status, key(l));
    expect(seen(faulted.viaLane)).toEqual(seen(faulted.viaApp));
    expect(s.answered()).toBe(0);
    expect((await s.mock.app.request("/__admin/faults/slow", { method: "DELETE" })).status).toBeLessThan(300);

    expect((await admin("/__admin/quirks", "PUT", { quirks: "renamed-field" })).status).toBe(200);
    const quirked = await both(s, status, key(l));
    expect(JSON.parse(quirked.viaLane.body)).toHaveProperty("localTime");
    expect(seen(quirked.viaLane)).toEqual(seen(quirked.viaApp));
    expect(s.answered()).toBe(0);
    expect((await admin("/__admin/quirks", "PUT", { quirks: "" })).status).toBe(200);

    await get(s.lane, status, key(l));
    expect(s.answered()).toBe(1);
  });

  it("steps aside while a fault kind's standing state could touch a read, even with no rule in force", async () => {
    // A kind of the test's own whose standing state (a set of locations cut off) outlives any rule,
    // and which does not say whether that spares reads: its mere presence keeps reads on the app.
    const cutOff = new Set<string>();
    const cut = defineFaultKind({
      kind: "cut_off",
      schema: ruleSchema("cut_off", {}),
      summary: "the locations the test names answer nobody",
      form: [],
      describe: () => "cut off",
      standing(request) {
        if (request.locationId !== null && cutOff.has(request.locationId))
          throw new PosError("UNREACHABLE", "this location is cut off");
      },
    });
    const s = await serve({ faultKinds: [cut] });
    const l = s.mock.sim.chain.locations[0] as Location;
    cutOff.add(l.id);
    const { viaLane, viaApp } = await both(s, `/v1/locations/${l.id}/status`, key(l));
    expect(viaLane.status).toBeGreaterThanOrEqual(500);
    expect(seen(viaLane)).toEqual(seen(viaApp));
    expect(s.answered()).toBe(0);

    // A built-in kind says when its standing state spares reads: retired keys do not, until a reset.
    const t = await serve();
    const [a, b] = t.mock.sim.chain.locations as Location[];
    const rule = await t.mock.app.request("/__admin/faults", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        id: "rotate",
        kind: "rotate_credentials",
        at: "+1s",
        scope: { locations: [b?.id] },
      }),
    });
    expect(rule.status).toBeLessThan(300);
    await (t.mock.sim.clock as VirtualClock).advance(1000);
    expect((await t.mock.app.request("/__admin/faults/rotate", { method: "DELETE" })).status).toBeLessThan(
      300,
    );
    const statusA = `/v1/locations/${a?.id}/status`;
    const afterRotation = await both(t, statusA, key(a as Location));
    expect(afterRotation.viaLane.status).toBe(200);
    expect(seen(afterRotation.viaLane)).toEqual(seen(afterRotation.viaApp));
    expect(t.answered()).toBe(0);
    expect((await t.mock.app.request("/__admin/reset", { method: "POST" })).status).toBeLessThan(300);
    const fresh = t.mock.sim.chain.locations[0] as Location;
    expect((await get(t.lane, `/v1/locations/${fresh.id}/status`, key(fresh))).status).toBe(200);
    expect(t.answered()).toBe(1);
  });

  it("steps aside under OAuth, where a key is no credential", async () => {
    const s = await serve({ auth: "oauth" });
    const l = s.mock.sim.chain.locations[0] as Location;
    const { viaLane, viaApp } = await both(s, `/v1/locations/${l.id}/status`, key(l));
    expect(viaLane.status).toBe(401);
    expect(seen(viaLane)).toEqual(seen(viaApp));
    expect(s.answered()).toBe(0);
  });
});
