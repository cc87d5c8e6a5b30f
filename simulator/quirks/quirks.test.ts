import { describe, expect, it } from "vitest";
import { inProcessHost } from "../../pact/provider/serve.ts";
import { lock, open, openOrder } from "../admin/provider-states/arrange.ts";
import { createMockPos, type MockPos } from "../app.ts";
import { VirtualClock } from "../clock/index.ts";
import { parseQuirks, QuirkError, quirksOf, setQuirks } from "./index.ts";

const START = Date.UTC(2026, 2, 13, 12, 30);

async function mock(quirks: string, clock = new VirtualClock(START)) {
  const mockpos = createMockPos({ seed: "pact", locations: 2, clock });
  setQuirks(mockpos.sim, parseQuirks(quirks), clock);
  const host = inProcessHost(mockpos);
  const base = await open(host, "loc-0001");
  return { mockpos, host, base, clock };
}

const json = async (res: Response) => ({
  status: res.status,
  body: (await res.json()) as Record<string, unknown>,
});

function createGeneric(
  m: MockPos,
  base: { locationId: string; apiKey: string; productId: string },
  key: string,
) {
  return m.app.request(`/v1/locations/${base.locationId}/orders`, {
    method: "POST",
    headers: { "x-api-key": base.apiKey, "idempotency-key": key, "content-type": "application/json" },
    body: JSON.stringify({
      externalId: "ext-1",
      type: "take_away",
      paymentMode: "prepaid",
      items: [{ productId: base.productId, quantity: 1 }],
    }),
  });
}

describe("quirk switches", () => {
  it("read a list, with settings where a quirk takes one, and refuse anything else by name", () => {
    expect([...parseQuirks("lock-as-500, slow-writes=1500")]).toEqual([
      ["lock-as-500", undefined],
      ["slow-writes", 1500],
    ]);
    expect(parseQuirks("slow-writes").get("slow-writes")).toBe(2500);
    expect(parseQuirks("").size).toBe(0);
    expect(() => parseQuirks("lock-as-404")).toThrow(QuirkError);
    expect(() => parseQuirks("lock-as-404")).toThrow(
      /unknown quirk 'lock-as-404'; known: no-idempotency-replay/,
    );
    expect(() => parseQuirks("lock-as-500=3")).toThrow(/takes no setting/);
    expect(() => parseQuirks("slow-writes=0")).toThrow(/ms from 1 to 60000/);
  });

  it("are set over the admin API, survive a reset of the chain, and refuse an unknown name", async () => {
    const { mockpos } = await mock("");
    const put = (quirks: unknown) =>
      mockpos.app.request("/__admin/quirks", {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ quirks }),
      });
    expect(await json(await put(["renamed-field", "slow-writes=10"]))).toMatchObject({
      status: 200,
      body: { active: "renamed-field,slow-writes=10" },
    });
    await mockpos.app.request("/__admin/reset", { method: "POST" });
    expect((await json(await mockpos.app.request("/__admin/quirks"))).body.active).toBe(
      "renamed-field,slow-writes=10",
    );
    expect(await json(await put("nope"))).toMatchObject({ status: 400, body: { code: "VALIDATION" } });
    expect(await json(await put(""))).toMatchObject({ status: 200, body: { active: "" } });
    expect(quirksOf(mockpos.sim).size).toBe(0);
  });
});

describe("each quirk makes the POS weaker, in every dialect it names", () => {
  it("no-idempotency-replay: the same key creates a second order, and the external id is not kept", async () => {
    const plain = await mock("");
    const first = await json(await createGeneric(plain.mockpos, plain.base, "k-1"));
    const again = await createGeneric(plain.mockpos, plain.base, "k-1");
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect((await json(again)).body.id).toBe(first.body.id);

    const { mockpos, base } = await mock("no-idempotency-replay");
    const one = await json(await createGeneric(mockpos, base, "k-1"));
    const two = await json(await createGeneric(mockpos, base, "k-1"));
    expect([one.status, two.status]).toEqual([201, 201]);
    expect(two.body.id).not.toBe(one.body.id);
    expect(one.body.externalId).toBeNull();
    const sinqro = mockpos.dialects.sinqro.app;
    const inject = () =>
      sinqro.request("/sinqro/v1/orders", {
        method: "POST",
        headers: {
          "x-api-user-access-token": base.apiKey,
          "x-api-server-access-token": base.serverToken,
          "x-idempotency-key": "s-1",
          "content-type": "application/json",
        },
        body: JSON.stringify({
          externalReference: "ref-1",
          type: "TAKE_AWAY",
          payment: { method: "EPAYMENT" },
          items: [{ productId: base.productId, quantity: 1 }],
        }),
      });
    const a = await json(await inject());
    const b = await json(await inject());
    expect((a.body.data as { id: string }).id).not.toBe((b.body.data as { id: string }).id);
  });

  it("lock-as-500: a write to an order a waiter holds is the dialect's 500, not its lock", async () => {
    for (const [quirks, status, code] of [
      ["", 423, 2001],
      ["lock-as-500", 500, 9001],
    ] as const) {
      const { mockpos, host, base } = await mock(quirks);
      const order = await openOrder(host, base);
      await lock(host, base, String(order.orderId), 90);
      const answer = await mockpos.dialects.elyx.app.request(`/api/v1/tickets/${order.ticketId}/lines`, {
        method: "POST",
        headers: { "x-api-key": base.apiKey, "content-type": "application/json" },
        body: JSON.stringify({ lines: [{ articleId: base.productId, quantity: 1 }] }),
      });
      // Nothing of the lock shows through the 500: no Retry-After.
      expect(answer.headers.get("retry-after") !== null).toBe(status === 423);
      const res = await json(answer);
      expect(res.status).toBe(status);
      expect((res.body.error as { code: number }).code).toBe(code);
    }
  });

  it("shared-credentials: one location's credential reads another in every dialect", async () => {
    const plain = await mock("");
    const { mockpos, host, base } = await mock("shared-credentials");
    const other = await open(host, "loc-0002");
    // open() resets the chain; an order of loc-0002 to read across.
    const order = await openOrder(host, other);
    const reads = (m: MockPos) => [
      m.app.request("/v1/locations/loc-0002/status", { headers: { "x-api-key": base.apiKey } }),
      m.dialects.elyx.app.request("/api/v1/locations/2", { headers: { "x-api-key": base.apiKey } }),
      m.dialects.sinqro.app.request(`/sinqro/v1/orders/${order.orderId}`, {
        headers: { "x-api-user-access-token": base.apiKey, "x-api-server-access-token": base.serverToken },
      }),
    ];
    expect((await Promise.all(reads(mockpos))).map((r) => r.status)).toEqual([200, 200, 200]);
    await openOrder(inProcessHost(plain.mockpos), await open(inProcessHost(plain.mockpos), "loc-0002"));
    expect((await Promise.all(reads(plain.mockpos))).map((r) => r.status)).toEqual([403, 403, 404]);
  });

  it("slow-writes: a write is answered only after its setting has passed, a read at once", async () => {
    const { mockpos, base, clock } = await mock("slow-writes=1500");
    let answered = false;
    const pending = Promise.resolve(createGeneric(mockpos, base, "slow")).then((r) => {
      answered = true;
      return r;
    });
    const read = await mockpos.app.request(`/v1/locations/${base.locationId}/status`, {
      headers: { "x-api-key": base.apiKey },
    });
    expect(read.status).toBe(200);
    await clock.advance(1499);
    expect(answered).toBe(false);
    await clock.advance(1);
    expect((await pending).status).toBe(201);
  });

  it("renamed-field: the location status says localTime, not time, in every dialect", async () => {
    const { mockpos, base } = await mock("renamed-field");
    const generic = await json(
      await mockpos.app.request("/v1/locations/loc-0001/status", { headers: { "x-api-key": base.apiKey } }),
    );
    const elyx = await json(
      await mockpos.dialects.elyx.app.request("/api/v1/locations/1", {
        headers: { "x-api-key": base.apiKey },
      }),
    );
    const sinqro = await json(
      await mockpos.dialects.sinqro.app.request("/sinqro/v1/restaurant", {
        headers: { "x-api-user-access-token": base.apiKey, "x-api-server-access-token": base.serverToken },
      }),
    );
    for (const body of [generic.body, elyx.body, sinqro.body.data as Record<string, unknown>]) {
      expect(body).toHaveProperty("localTime");
      expect(body).not.toHaveProperty("time");
    }
  });
});
