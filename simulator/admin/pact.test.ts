import { describe, expect, it } from "vitest";
import { testPos } from "../../test/support/pos.ts";

// The Pact provider states served over HTTP (simulator/admin/provider-states/states.ts behind
// POST /__admin/pact/provider-states), with every response checked against the admin contract.

const URL = "/__admin/pact/provider-states";

describe("admin: Pact provider states", () => {
  it("lists the states it can set up", async () => {
    const pos = testPos();
    const res = await pos.request("GET", URL);
    expect(res.status).toBe(200);
    expect(res.body.states).toContain("an order is open and locked at a terminal");
  });

  it("sets a state up as a verifier asks and answers the values to inject", async () => {
    const pos = testPos();
    const res = await pos.request("POST", URL, {
      body: {
        consumer: "mockpos-connector",
        state: "an order is open and locked at a terminal",
        params: { seconds: 30 },
      },
    });
    expect(res.status).toBe(200);
    const { locationId, orderId, apiKey } = res.body;
    expect(apiKey).toBe(pos.location(0).credentials.apiKey);
    const order = await pos.request("GET", `/__admin/locations/${locationId}/orders/${orderId}`);
    expect(order.body.order).toMatchObject({ status: "open", locked: true });
  });

  it("tears a state down, and a fault rule it put in force goes", async () => {
    const pos = testPos();
    await pos.request("POST", URL, { body: { state: "the location is unreachable", action: "setup" } });
    expect(pos.sim.faults.rules.map((r) => r.rule.id)).toEqual(["pact-unreachable"]);
    const res = await pos.request("POST", URL, {
      body: { state: "the location is unreachable", action: "teardown" },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({});
    expect(pos.sim.faults.rules).toEqual([]);
  });

  it("refuses a state it does not know, naming the ones it does", async () => {
    const pos = testPos();
    const res = await pos.request("POST", URL, { body: { state: "the moon is full" } });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe("VALIDATION");
    expect(res.body.detail).toContain("the location is open");
  });

  it("says why a state cannot be had on this chain", async () => {
    const pos = testPos({ seed: "mockpos", locale: "en" }); // a chain with no loyalty programme
    const res = await pos.request("POST", URL, {
      body: { state: "a loyalty card is active and an order is open" },
    });
    expect(res.status).toBe(400);
    expect(res.body.detail).toContain("no active loyalty card");
  });
});
