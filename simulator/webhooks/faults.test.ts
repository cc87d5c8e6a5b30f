import { describe, expect, it } from "vitest";
import { START } from "../../test/support/pos.ts";
import { PosError } from "../domain/errors.ts";
import { setSoldOut } from "../domain/staff.ts";
import type { FaultRuleInput } from "../faults/schema.ts";
import { verifyWebhook } from "./index.ts";
import { bodies, hooks, SECRET } from "./test-support.ts";

function withFault(rule: Omit<FaultRuleInput & { kind: "webhook" }, "kind">, setup = {}) {
  const h = hooks(setup);
  h.sim.faults.use({ kind: "webhook", ...rule } as FaultRuleInput);
  const hits = () => h.sim.faults.rules.find((r) => r.rule.id === rule.id)?.hits;
  return { ...h, hits };
}

const ids = (h: ReturnType<typeof hooks>) => h.receiver.received.map((r) => r.headers["x-sinqro-event-id"]);

describe("webhook faults", () => {
  it("duplicate: the listener sees the id twice, and its dedupe processes it once", async () => {
    const h = withFault({ id: "dup", mode: "duplicate", times: 1 });
    h.newOrder();
    await h.sender.idle();
    const [first, copy] = h.receiver.received;
    expect(h.receiver.received).toHaveLength(2);
    expect(copy?.rawBody).toBe(first?.rawBody);
    expect(copy?.headers["x-sinqro-signature"]).toBe(first?.headers["x-sinqro-signature"]);
    expect(copy?.headers["x-mockpos-fault"]).toBe("dup");
    expect(copy?.duplicate).toBe(true);
    expect(h.receiver.count(first?.headers["x-sinqro-event-id"] ?? "")).toBe(2);
    expect(h.receiver.events).toHaveLength(1);
    expect(h.sender.deliveries.map((d) => [d.outcome, d.duplicate])).toEqual([
      ["delivered", false],
      ["delivered", true],
    ]);
    expect(h.hits()).toBe(1);
  });

  it("drop: the attempt is lost and the event comes again on the schedule, as attempt 2", async () => {
    const h = withFault({ id: "lossy", mode: "drop", times: 1 });
    h.newOrder();
    await h.sender.idle();
    expect(h.receiver.received).toHaveLength(0);
    expect(h.sender.deliveries[0]).toMatchObject({ outcome: "dropped", fault: "lossy" });
    await h.advance(10_000);
    expect(h.receiver.received.map((r) => [r.at, r.attempt])).toEqual([[START + 10_000, 2]]);
  });

  it("drop, permanent: the event is lost for good (the listener must reconcile by polling)", async () => {
    const h = withFault({ id: "gone-for-good", mode: "drop", permanent: true, times: 1 });
    h.newOrder();
    h.newOrder();
    await h.advance(24 * 3_600_000);
    expect(h.receiver.received).toHaveLength(1);
    expect(h.sender.deliveries[0]).toMatchObject({ outcome: "lost", retryAt: null });
    expect(h.sender.stats()).toMatchObject({ events: 2, delivered: 1, gaveUp: 1 });
  });

  it("delay: the attempt goes out late, signed when it goes", async () => {
    const h = withFault({ id: "slow", mode: "delay", distribution: { type: "fixed", ms: "45s" } });
    h.newOrder();
    await h.advance(44_999);
    expect(h.receiver.received).toHaveLength(0);
    await h.advance(1);
    const [r] = h.receiver.received;
    expect(r?.at).toBe(START + 45_000);
    expect(r?.headers["x-sinqro-timestamp"]).toBe(String((START + 45_000) / 1000));
    expect(JSON.parse(r?.rawBody ?? "{}").createdAt).toBe(new Date(START).toISOString());
    expect(r?.verified).toBe(true);
  });

  it("reorder: an event is overtaken by the restaurant's next one", async () => {
    const h = withFault({ id: "swap", mode: "reorder", times: 1 });
    const product = h.loc.menu.products[0]?.id ?? "";
    setSoldOut(h.loc, product, true, h.clock.now());
    await h.sender.idle();
    expect(h.receiver.received).toHaveLength(0);
    h.newOrder();
    await h.sender.idle();
    expect(bodies(h.receiver.received).map((b) => b.type)).toEqual([
      "order.status_changed",
      "availability.changed",
    ]);
    const [later, earlier] = bodies(h.receiver.received);
    expect((earlier?.id ?? "") < (later?.id ?? "")).toBe(true);
  });

  it("reorder: with no later event, the held one goes after `hold`", async () => {
    const h = withFault({ id: "swap", mode: "reorder", hold: "20s" });
    h.newOrder();
    await h.advance(19_999);
    expect(h.receiver.received).toHaveLength(0);
    await h.advance(1);
    expect(h.receiver.received).toHaveLength(1);
  });

  it("bad_signature: verifyWebhook refuses it, the listener answers 401, the retry is signed right", async () => {
    const h = withFault({ id: "bad-sig", mode: "bad_signature", times: 1 });
    h.newOrder();
    await h.sender.idle();
    const [bad] = h.receiver.received;
    if (!bad) throw new Error("nothing received");
    expect(bad).toMatchObject({ status: 401, verified: false, reason: "bad_signature" });
    expect(
      verifyWebhook({ secret: SECRET, headers: bad.headers, rawBody: bad.rawBody, now: h.clock.now() }),
    ).toEqual({
      ok: false,
      reason: "bad_signature",
    });
    expect(bad.headers["x-sinqro-signature"]).toMatch(/^v1=[0-9a-f]{64}$/);
    await h.advance(10_000);
    expect(h.receiver.received[1]).toMatchObject({ status: 200, verified: true, attempt: 2 });
    expect(h.receiver.events).toHaveLength(1);
  });

  it("follows scope: locations and webhook operations", async () => {
    const h = withFault({
      id: "one-place",
      mode: "drop",
      permanent: true,
      scope: { locations: ["loc-0002"] },
    });
    h.sim.faults.use({
      id: "catalog-only",
      kind: "webhook",
      mode: "drop",
      permanent: true,
      scope: { operations: ["webhook.catalog"] },
    });
    h.newOrder();
    await h.sender.idle();
    expect(h.receiver.received).toHaveLength(1);
    expect(h.hits()).toBe(0);
  });

  it("draws its probability from its own seeded generator: same seed, same casualties", async () => {
    const run = async () => {
      const h = withFault({ id: "coin", mode: "drop", permanent: true, when: { probability: 0.5 } });
      for (let i = 0; i < 20; i++) h.newOrder();
      await h.sender.idle();
      return ids(h);
    };
    const a = await run();
    expect(a.length).toBeGreaterThan(2);
    expect(a.length).toBeLessThan(18);
    expect(await run()).toEqual(a);
  });

  it("keeps webhook rules and request rules apart: neither draws on the other's traffic", async () => {
    const h = withFault({ id: "lossy", mode: "drop", permanent: true });
    h.sim.faults.use({ id: "broken", kind: "error" });
    expect(
      h.sim.faults
        .applicable({ operation: "menu.get", locationId: h.loc.id, orderId: null, write: false })
        .map((r) => r.rule.id),
    ).toEqual(["broken"]);
    expect(
      h.sim.faults
        .applicable({ operation: "webhook.catalog", locationId: h.loc.id, orderId: null, write: false })
        .map((r) => r.rule.id),
    ).toEqual(["lossy"]);
    const res = await h.app.request(`/v1/locations/${h.loc.id}/menu`, {
      headers: { "x-api-key": h.loc.credentials.apiKey },
    });
    expect(res.status).toBe(500);
    expect(h.hits()).toBe(0);
  });

  it("refuses a rule with an unknown mode, naming the field", () => {
    const h = hooks();
    expect(() => h.sim.faults.use({ id: "x", kind: "webhook", mode: "explode" } as never)).toThrow(PosError);
    expect(() => h.sim.faults.use({ id: "x", kind: "webhook", mode: "explode" } as never)).toThrow(/mode/);
  });
});
