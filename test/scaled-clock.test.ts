import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { MockPosAdmin } from "../client/admin/index.ts";
import { createMockPos } from "../simulator/app.ts";
import { ScaledClock } from "../simulator/clock/index.ts";
import { locationNumber, ticketRef } from "../simulator/dialects/elyx/ids.ts";
import { closingWindows } from "../simulator/faults/kinds/shift-close.ts";
import { simpleProduct } from "./support/menu.ts";
import { testPos } from "./support/pos.ts";

/**
 * README "Time under a scaled clock": every duration mockpos tells a client is in simulated
 * time, and under a scaled clock every answer says how fast that runs and where it is now, so a
 * client running in real time can convert. The wall clock is frozen here (only `Date` is faked;
 * timers stay real), so simulated time stands still and every figure is exact.
 */

const ORIGIN = Date.UTC(2026, 2, 13, 11, 30); // 12:30 in Madrid
const WALL = Date.UTC(2026, 5, 1, 8, 0);
const FACTOR = 60;
const CLOCK = `scaled; factor=${FACTOR}; now=${new Date(ORIGIN).toISOString()}`;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"], now: WALL });
});
afterEach(() => {
  vi.useRealTimers();
});

function scaled() {
  const clock = new ScaledClock({ factor: FACTOR, origin: ORIGIN });
  const mock = createMockPos({ seed: "test", locations: 2, locale: "es", clock });
  const loc = mock.sim.chain.locations[0];
  if (!loc) throw new Error("no location");
  const generic = (method: string, path: string, body?: unknown) =>
    mock.app.request(path, {
      method,
      headers: { "x-api-key": loc.credentials.apiKey, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const elyx = (method: string, path: string, body?: unknown) =>
    mock.dialects.elyx.app.request(path, {
      method,
      headers: { "x-api-key": mock.sim.chain.credentials.groupKey, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const sinqro = (method: string, path: string, body?: unknown) =>
    mock.dialects.sinqro.app.request(path, {
      method,
      headers: {
        "x-api-server-access-token": mock.sim.chain.credentials.serverToken,
        "x-api-user-access-token": loc.credentials.apiKey,
        "content-type": "application/json",
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  return { ...mock, clock, loc, generic, elyx, sinqro, admin: MockPosAdmin.inProcess(mock.app) };
}

/** `now=` of an X-Mockpos-Clock header, epoch ms. */
function nowOf(res: Response): number {
  const now = /(?:^|; )now=([^;]+)/.exec(res.headers.get("x-mockpos-clock") ?? "")?.[1];
  if (!now) throw new Error(`no X-Mockpos-Clock on ${res.status}`);
  return Date.parse(now);
}

describe("time under a scaled clock", () => {
  it("every answer of every dialect, the admin API and the docs says how fast the clock runs and where it is", async () => {
    const pos = scaled();
    const answers = [
      await pos.generic("GET", `/v1/locations/${pos.loc.id}/status`),
      await pos.app.request(`/v1/locations/${pos.loc.id}/status`), // 401: no credentials
      await pos.app.request("/__admin/health"),
      await pos.app.request("/docs"),
      await pos.elyx("GET", "/api/v1/locations"),
      await pos.sinqro("GET", "/sinqro/v1/restaurant"),
      await pos.sinqro("GET", "/sinqro/v1/nowhere"), // 404
    ];
    expect(answers.map((r) => r.status)).toEqual([200, 401, 200, 200, 200, 200, 404]);
    for (const res of answers) expect(res.headers.get("x-mockpos-clock")).toBe(CLOCK);
  });

  it("is not said under a virtual clock, which moves only when told", async () => {
    const res = await testPos().app.request("/__admin/health");
    expect(res.headers.get("x-mockpos-clock")).toBeNull();
  });

  it("a lock's Retry-After is the body's retryAfter and the lock's remaining simulated time, in every dialect", async () => {
    const pos = scaled();
    const item = { productId: simpleProduct(pos.loc).id, quantity: 1 };
    const created = await pos.generic("POST", `/v1/locations/${pos.loc.id}/orders`, {
      type: "take_away",
      items: [item],
    });
    expect(created.status).toBe(201);
    const order = (await created.json()) as { id: string };
    const terminalId = pos.loc.terminals.find((t) => t.kind !== "integration")?.id;
    if (!terminalId) throw new Error("no staff terminal");
    const { lock } = await pos.admin.staff.lock(pos.loc.id, order.id, { terminalId, durationSeconds: 180 });
    if (!lock?.until) throw new Error("the lock has no end");
    const until = Date.parse(lock.until);
    const ref = ticketRef(pos.loc, pos.loc.orders.get(order.id) as never);

    const refusals: [string, Response, (body: any) => unknown][] = [
      [
        "generic",
        await pos.generic("POST", `/v1/locations/${pos.loc.id}/orders/${order.id}/rounds`, { items: [item] }),
        (b) => b.retryAfter,
      ],
      [
        "elyx",
        await pos.elyx("POST", `/api/v1/tickets/${ref}/lines`, {
          lines: [{ articleId: item.productId, quantity: 1 }],
        }),
        (b) => b.error.retryAfter,
      ],
      [
        "sinqro",
        await pos.sinqro("POST", `/sinqro/v1/orders/${order.id}/status`, { status: "ACCEPTED" }),
        (b) => b.error.retryAfter,
      ],
    ];
    for (const [dialect, res, retryAfterOf] of refusals) {
      expect(res.status, dialect).toBe(423);
      const header = res.headers.get("retry-after");
      expect(header, dialect).toBe("180");
      expect(retryAfterOf(await res.json()), dialect).toBe(Number(header));
      // What a client running in real time reads: the lock ends Retry-After simulated seconds from `now=`.
      expect((until - nowOf(res)) / 1000, dialect).toBe(Number(header));
      expect(res.headers.get("x-mockpos-clock"), dialect).toBe(CLOCK);
    }
  });

  it("a rate limit and a closing shift tell the same wait in the header and the body", async () => {
    const pos = scaled();
    pos.sim.faults.use({ id: "quota", kind: "rate_limit", rate: 0.01, burst: 1 });
    expect((await pos.sinqro("GET", "/sinqro/v1/restaurant")).status).toBe(200);
    const limited = await pos.sinqro("GET", "/sinqro/v1/restaurant");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("100");
    expect(((await limited.json()) as { error: { retryAfter: number } }).error.retryAfter).toBe(100);
    pos.sim.faults.reset();

    // A shift closing now, for 10 minutes: its window is on the simulated clock too.
    closingWindows(pos.sim.faults).set(pos.loc.id, { until: ORIGIN + 10 * 60_000, rule: "close" });
    const closing = await pos.elyx("POST", `/api/v1/locations/${locationNumber(pos.loc)}/tickets`, {
      type: "take_away",
      lines: [{ articleId: simpleProduct(pos.loc).id, quantity: 1 }],
    });
    expect(closing.status).toBe(503);
    expect(closing.headers.get("retry-after")).toBe("600");
    expect(((await closing.json()) as { error: { retryAfter: number } }).error.retryAfter).toBe(600);
  });

  it("webhook retries count on the simulated clock: a listener's Retry-After is waited in simulated seconds", async () => {
    const pos = scaled();
    const seen: Headers[] = [];
    pos.sim.configureWebhooks({
      url: "http://listener.test/hooks",
      secret: "whsec_scaled",
      fetch: async (_url, init) => {
        seen.push(new Headers(init.headers));
        return new Response("busy", { status: 429, headers: { "retry-after": "30" } });
      },
    });
    const created = await pos.sinqro("POST", "/sinqro/v1/orders", {
      type: "TAKE_AWAY",
      payment: { method: "CASH" },
      items: [{ productId: simpleProduct(pos.loc).id, quantity: 1 }],
    });
    expect(created.status).toBe(201);
    const deliveries = async () => (await pos.admin.webhooks.get()).deliveries;
    await vi.waitFor(async () => expect(await deliveries()).not.toEqual([]));
    expect(seen[0]?.get("x-mockpos-clock")).toBe(CLOCK);
    // The first retry is due 30 s of simulated time later: the listener's Retry-After, over the schedule's 10 s.
    expect((await deliveries())[0]?.retryAt).toBe(new Date(ORIGIN + 30_000).toISOString());
    pos.sim.configureWebhooks(null);
  });
});
