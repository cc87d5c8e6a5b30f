import { describe, expect, it } from "vitest";
import { freeTable, simpleProduct } from "../../test/support/menu.ts";
import { START, testPos } from "../../test/support/pos.ts";
import type { FaultRuleInput } from "./schema.ts";

function setup(...faults: FaultRuleInput[]) {
  const pos = testPos();
  const loc = pos.location(0);
  if (faults.length > 0) pos.sim.faults.use(...faults);
  const url = (p = "") => `/v1/locations/${loc.id}${p}`;
  const item = () => ({ productId: simpleProduct(loc).id, quantity: 1 });
  const create = (headers?: Record<string, string>) =>
    pos.request("POST", url("/orders"), {
      body: { type: "dine_in", tableId: freeTable(loc).id, items: [item()] },
      headers,
    });
  const lastEntry = () => [...pos.sim.journal.entries()].at(-1);
  return { ...pos, loc, url, item, create, lastEntry };
}

describe("fault: terminal lock", () => {
  it("locks the order at a staff terminal for the rule's duration, then lets the write through", async () => {
    const pos = setup({
      id: "busy-waiter",
      kind: "lock",
      duration: "45s",
      scope: { operations: ["order.append"] },
      times: 1,
    });
    const order = (await pos.create()).body;
    const append = () =>
      pos.request("POST", pos.url(`/orders/${order.id}/rounds`), { body: { items: [pos.item()] } });
    const locked = await append();
    expect(locked.status).toBe(423);
    expect(locked.body).toMatchObject({ code: "LOCKED", retryable: true });
    expect(locked.headers.get("retry-after")).toBe("45");
    expect(pos.lastEntry()).toMatchObject({
      operation: "order.append",
      outcome: "LOCKED",
      fault: "busy-waiter",
    });
    const status = await pos.request("GET", pos.url(`/orders/${order.id}/status`));
    expect(status.body.lockedBy).toMatch(/^term-\d+$/);
    await pos.clock.advance(45_000);
    expect((await append()).status).toBe(200);
    expect(pos.sim.faults.rules[0]?.hits).toBe(1);
  });

  it("names the rule in X-Mockpos-Fault on every refusal its lock causes, and not on a waiter's own lock", async () => {
    const pos = setup({ id: "busy-waiter", kind: "lock", duration: "45s", times: 1 });
    const order = (await pos.create()).body;
    const append = (id: string) =>
      pos.request("POST", pos.url(`/orders/${id}/rounds`), { body: { items: [pos.item()] } });
    const first = await append(order.id);
    const again = await append(order.id);
    expect([first.status, again.status]).toEqual([423, 423]);
    expect(first.headers.get("x-mockpos-fault")).toBe("busy-waiter");
    expect(again.headers.get("x-mockpos-fault")).toBe("busy-waiter");
    expect(pos.sim.faults.rules[0]?.hits).toBe(1);

    const other = (await pos.create()).body;
    const terminal = pos.loc.terminals.find((t) => t.kind !== "integration")?.id;
    const lock = await pos.app.request(`/__admin/locations/${pos.loc.id}/orders/${other.id}/lock`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ terminalId: terminal }),
    });
    expect(lock.status).toBe(200);
    const staffLocked = await append(other.id);
    expect(staffLocked.status).toBe(423);
    expect(staffLocked.headers.get("x-mockpos-fault")).toBeNull();
    expect((await pos.request("GET", pos.url())).headers.get("x-mockpos-fault")).toBeNull();
  });

  it("aims at the orders of given tables only", async () => {
    const pos = setup();
    const a = (await pos.create()).body;
    const b = (await pos.create()).body;
    pos.sim.faults.use({ id: "table-lock", kind: "lock", scope: { tables: [a.tableId] } });
    const pay = (id: string) =>
      pos.request("POST", pos.url(`/orders/${id}/payments`), { body: { method: "card" } });
    expect((await pay(b.id)).status).toBe(200);
    expect((await pay(a.id)).status).toBe(423);
  });

  it("with a probability, locks about that share of writes, the same ones for the same seed", async () => {
    const run = async () => {
      const pos = setup({
        id: "p-lock",
        kind: "lock",
        duration: "1s",
        when: { probability: 0.3 },
        scope: { operations: ["order.pay"] },
      });
      const outcomes: number[] = [];
      for (let i = 0; i < 40; i++) {
        const order = (
          await pos.request("POST", pos.url("/orders"), { body: { type: "take_away", items: [pos.item()] } })
        ).body;
        outcomes.push(
          (await pos.request("POST", pos.url(`/orders/${order.id}/payments`), { body: { method: "cash" } }))
            .status,
        );
      }
      return outcomes;
    };
    const first = await run();
    expect(await run()).toEqual(first);
    const locked = first.filter((s) => s === 423).length;
    expect(locked).toBeGreaterThan(4);
    expect(locked).toBeLessThan(22);
  });
});

describe("fault: flapping link", () => {
  it("goes down on a fixed pattern and answers as a gateway would", async () => {
    const pos = setup({
      id: "flap",
      kind: "unreachable",
      mode: "503",
      pattern: { type: "fixed", up: "60s", down: "30s" },
    });
    const status = () => pos.request("GET", pos.url("/status"));
    expect((await status()).status).toBe(200);
    await pos.clock.advance(70_000);
    const down = await status();
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({ code: "UNREACHABLE", retryable: true });
    await pos.clock.advance(25_000);
    expect((await status()).status).toBe(200);
    const other = await pos.request("GET", `/v1/locations/${pos.location(1).id}/status`);
    expect(other.status).toBe(200);
  });

  it("scoped to one location, with 502 and 504 modes", async () => {
    const pos = setup();
    pos.sim.faults.use({
      id: "bad-gw",
      kind: "unreachable",
      mode: "502",
      scope: { locations: [pos.loc.id] },
    });
    expect((await pos.request("GET", pos.url("/menu"))).status).toBe(502);
    pos.sim.faults.remove("bad-gw");
    pos.sim.faults.use({ id: "slow-gw", kind: "unreachable", mode: "504" });
    const timeout = await pos.request("GET", pos.url("/menu"));
    expect(timeout.status).toBe(504);
    expect(timeout.body.code).toBe("TIMEOUT");
  });

  it("a random pattern draws outages from its seed: the same timeline every run, down about mttr/(mtbf+mttr)", async () => {
    const timeline = async () => {
      const pos = setup({
        id: "rnd",
        kind: "unreachable",
        mode: "503",
        pattern: { type: "random", mtbf: "20m", mttr: "5m" },
      });
      const states: boolean[] = [];
      for (let minute = 0; minute < 600; minute++) {
        states.push((await pos.request("GET", pos.url("/status"))).status === 503);
        await pos.clock.advance(60_000);
      }
      return states;
    };
    const a = await timeline();
    expect(await timeline()).toEqual(a);
    const share = a.filter(Boolean).length / a.length;
    expect(share).toBeGreaterThan(0.08);
    expect(share).toBeLessThan(0.35);
  });

  it("reset mode gives no HTTP answer in-process: the call rejects, and the journal says so", async () => {
    const pos = setup({ id: "cut", kind: "unreachable", mode: "reset" });
    await expect(
      pos.app.request(pos.url("/status"), { headers: { "x-api-key": pos.loc.credentials.apiKey } }),
    ).rejects.toThrow(/connection reset/);
    expect(pos.lastEntry()).toMatchObject({
      status: 0,
      outcome: "UNREACHABLE",
      fault: "cut",
      operation: "location.status",
    });
  });

  it("a black hole holds the request until `hold` passes, then drops it", async () => {
    const pos = setup({ id: "hole", kind: "unreachable", mode: "blackhole", hold: "30s" });
    let settled = false;
    const pending = Promise.resolve(
      pos.app.request(pos.url("/status"), { headers: { "x-api-key": pos.loc.credentials.apiKey } }),
    ).finally(() => {
      settled = true;
    });
    const outcome = expect(pending).rejects.toThrow(/dropped/);
    await pos.clock.advance(29_000);
    expect(settled).toBe(false);
    await pos.clock.advance(1_000);
    await outcome;
    expect(pos.lastEntry()).toMatchObject({ status: 0, outcome: "TIMEOUT", latencyMs: 30_000 });
  });
});

describe("fault: slow writes and lost commits", () => {
  it("delays the chosen operations by the distribution, in clock time", async () => {
    const pos = setup({
      id: "slow",
      kind: "latency",
      distribution: { type: "fixed", ms: "1500ms" },
      scope: { operations: ["order.create"] },
    });
    let done = false;
    const pending = pos.create().then((r) => {
      done = true;
      return r;
    });
    await pos.clock.advance(1_499);
    expect(done).toBe(false);
    await pos.clock.advance(1);
    expect((await pending).status).toBe(201);
    expect(pos.lastEntry()).toMatchObject({ latencyMs: 1_500, fault: "slow" });
    expect((await pos.request("GET", pos.url("/status"))).status).toBe(200);
    expect(pos.lastEntry()?.latencyMs).toBe(0);
  });

  it("commit then drop: the order exists although the client got no answer; the retry with its key replays it", async () => {
    const pos = setup({
      id: "lost",
      kind: "commit_then_timeout",
      mode: "drop",
      scope: { operations: ["order.create"] },
      times: 1,
    });
    const before = pos.loc.orders.size;
    const body = JSON.stringify({ type: "take_away", items: [pos.item()] });
    const headers = {
      "x-api-key": pos.loc.credentials.apiKey,
      "content-type": "application/json",
      "idempotency-key": "guest-7",
    };
    await expect(pos.app.request(pos.url("/orders"), { method: "POST", body, headers })).rejects.toThrow(
      /dropped/,
    );
    expect(pos.loc.orders.size).toBe(before + 1);
    expect(pos.lastEntry()).toMatchObject({
      status: 0,
      outcome: "TIMEOUT",
      fault: "lost",
      idempotencyKey: "guest-7",
    });
    const retry = await pos.request("POST", pos.url("/orders"), { raw: body, headers });
    expect(retry.status).toBe(201);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(pos.loc.orders.size).toBe(before + 1);
  });

  it("commit then hold: the answer comes only after the hold", async () => {
    const pos = setup({ id: "held", kind: "commit_then_timeout", mode: "hold", hold: "40s" });
    let done = false;
    const pending = pos.create().then((r) => {
      done = true;
      return r;
    });
    await pos.clock.advance(39_000);
    expect(done).toBe(false);
    expect([...pos.loc.orders.values()].some((o) => o.openedAt === START)).toBe(true);
    await pos.clock.advance(1_000);
    expect((await pending).status).toBe(201);
  });
});

describe("fault: errors", () => {
  it("fails 3 times, then succeeds", async () => {
    const pos = setup({ id: "flaky", kind: "error", code: "SERVER_ERROR", times: 3 });
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await pos.request("GET", pos.url("/menu"))).status);
    expect(statuses).toEqual([500, 500, 500, 200, 200]);
    expect(pos.sim.faults.rules[0]).toMatchObject({ hits: 3 });
  });

  it("rate limits per credential with a token bucket and Retry-After", async () => {
    const pos = setup({ id: "limit", kind: "rate_limit", rate: 1, burst: 2 });
    const get = () => pos.request("GET", pos.url("/status"));
    expect([(await get()).status, (await get()).status]).toEqual([200, 200]);
    const limited = await get();
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe("RATE_LIMITED");
    expect(limited.headers.get("retry-after")).toBe("1");
    expect((await pos.request("GET", `/v1/locations/${pos.location(1).id}/status`)).status).toBe(200);
    await pos.clock.advance(1_000);
    expect((await get()).status).toBe(200);
  });

  it("rotates credentials at an instant: the old key gets 401, the new one (from /__admin) works", async () => {
    const pos = setup({
      id: "rotate",
      kind: "rotate_credentials",
      at: "+10m",
      scope: { locations: ["loc-0001"] },
    });
    const oldKey = pos.loc.credentials.apiKey;
    const get = (key: string) =>
      pos.request("GET", pos.url("/menu"), { as: false, headers: { "x-api-key": key } });
    expect((await get(oldKey)).status).toBe(200);
    await pos.clock.advance(10 * 60_000);
    expect((await get(oldKey)).status).toBe(401);
    expect(pos.lastEntry()).toMatchObject({ outcome: "UNAUTHORIZED", fault: "rotate" });
    const chain = await pos.request("GET", "/__admin/chain");
    const fresh = chain.body.locations[0].credentials.apiKey;
    expect(fresh).not.toBe(oldKey);
    expect((await get(fresh)).status).toBe(200);
    expect((await pos.request("GET", `/v1/locations/${pos.location(1).id}/status`)).status).toBe(200);
  });
});

describe("fault: malformed responses", () => {
  const raw = async (pos: ReturnType<typeof setup>) => {
    const res = await pos.app.request(pos.url("/status"), {
      headers: { "x-api-key": pos.loc.credentials.apiKey },
    });
    return { status: res.status, type: res.headers.get("content-type"), text: await res.text() };
  };

  it("truncates the body", async () => {
    const res = await raw(setup({ id: "cut-body", kind: "malformed", mode: "truncate" }));
    expect(res.status).toBe(200);
    expect(() => JSON.parse(res.text)).toThrow();
  });

  it("sends the wrong content type", async () => {
    const res = await raw(setup({ id: "html", kind: "malformed", mode: "content_type" }));
    expect(res.type).toMatch(/text\/html/);
    expect(JSON.parse(res.text).locationId).toBe("loc-0001");
  });

  it("drifts the schema: a field missing, or one more", async () => {
    const dropped = JSON.parse(
      (await raw(setup({ id: "drop", kind: "malformed", mode: "drop_field", field: "online" }))).text,
    );
    expect(dropped).not.toHaveProperty("online");
    expect(dropped).toHaveProperty("locationId");
    const extra = JSON.parse(
      (await raw(setup({ id: "more", kind: "malformed", mode: "extra_field", field: "v2" }))).text,
    );
    expect(extra.v2).toBe("schema drift");
  });
});

describe("fault rules at runtime", () => {
  it("are added, listed with hit counts, removed, and reset to the baseline through the admin API", async () => {
    const pos = setup();
    pos.sim.faults.setBaseline([
      { id: "base-slow", kind: "latency", distribution: { type: "fixed", ms: 0 } },
    ]);
    const added = await pos.request("POST", "/__admin/faults", {
      body: [
        { id: "e1", kind: "error", times: 1 },
        { id: "l1", kind: "lock", when: { probability: 0.5 } },
      ],
    });
    expect(added.status).toBe(201);
    expect(added.body.faults.map((f: { id: string }) => f.id)).toEqual(["e1", "l1"]);
    await pos.request("GET", pos.url("/status"));
    const list = await pos.request("GET", "/__admin/faults");
    expect(
      list.body.faults.map((f: { id: string; hits: number; remaining: number | null }) => [
        f.id,
        f.hits,
        f.remaining,
      ]),
    ).toEqual([
      ["e1", 1, 0],
      ["l1", 0, null],
      // The error fired first and ended the request, so the latency rule never saw it.
      ["base-slow", 0, null],
    ]);
    expect((await pos.request("DELETE", "/__admin/faults/l1")).status).toBe(200);
    expect((await pos.request("DELETE", "/__admin/faults/l1")).status).toBe(404);
    const reset = await pos.request("POST", "/__admin/faults/reset");
    expect(reset.body.faults).toEqual([expect.objectContaining({ id: "base-slow", hits: 0 })]);
  });

  it("refuses a duplicate id and a bad rule, naming the field", async () => {
    const pos = setup({ id: "dup", kind: "error" });
    const dup = await pos.request("POST", "/__admin/faults", { body: { id: "dup", kind: "error" } });
    expect(dup.status).toBe(400);
    expect(dup.body.invalidParams[0]).toMatchObject({ name: "id" });
    const bad = await pos.request("POST", "/__admin/faults", {
      body: { id: "x", kind: "latency", distribution: { type: "fixed", ms: "soon" } },
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.invalidParams)).toContain("duration");
  });

  it("steps a virtual clock from the admin API", async () => {
    const pos = setup();
    const res = await pos.request("POST", "/__admin/clock/advance", { body: { by: "90m" } });
    expect(res.body.now).toBe(new Date(START + 90 * 60_000).toISOString());
    const to = new Date(START + 2 * 3_600_000).toISOString();
    expect((await pos.request("POST", "/__admin/clock/advance", { body: { to } })).body.now).toBe(to);
    expect(
      (await pos.request("POST", "/__admin/clock/advance", { body: { to: new Date(START).toISOString() } }))
        .status,
    ).toBe(400);
    expect((await pos.request("POST", "/__admin/clock/advance", { body: {} })).status).toBe(400);
  });
});

describe("fault: shift boundary", () => {
  // START is 12:30 in Madrid; the shift closes at 13:00 local with a 5-minute closing window.
  const rule: FaultRuleInput = { id: "midday-close", kind: "shift_close", at: ["13:00"], window: "5m" };

  it("refuses writes with SHIFT_CLOSING during the window, then opens the next shift", async () => {
    const pos = setup(rule);
    await pos.clock.advance(31 * 60_000);
    const refused = await pos.create();
    expect(refused.status).toBe(503);
    expect(refused.body).toMatchObject({ code: "SHIFT_CLOSING", retryable: true });
    expect(refused.headers.get("retry-after")).toBe("240");
    expect(pos.lastEntry()).toMatchObject({ outcome: "SHIFT_CLOSING", fault: "midday-close" });
    expect((await pos.request("GET", pos.url("/menu"))).status).toBe(200);
    await pos.clock.advance(4 * 60_000);
    const shifts = (await pos.request("GET", pos.url("/shifts"))).body.shifts;
    expect(shifts.map((s: { status: string }) => s.status)).toEqual(["closed", "open"]);
    expect(shifts[0].closedAt).toBe(new Date(START + 35 * 60_000).toISOString());
    expect((await pos.create()).status).toBe(201);
  });

  it("attributes sales by payment time: the connector's per-shift view differs, two consecutive shifts reconcile", async () => {
    const pos = setup(rule);
    const early = (await pos.create()).body;
    await pos.clock.advance(20 * 60_000);
    const late = (await pos.create()).body;
    await pos.request("POST", pos.url(`/orders/${early.id}/payments`), { body: { method: "cash" } });
    await pos.clock.advance(20 * 60_000);
    const paidLate = (
      await pos.request("POST", pos.url(`/orders/${late.id}/payments`), {
        body: { method: "card", tip: 100 },
      })
    ).body;
    const [first, second] = (await pos.request("GET", pos.url("/shifts"))).body.shifts;
    // The connector's view: what it read from the orders, grouped by the shift each was opened in.
    const orders = (await pos.request("GET", pos.url("/orders?view=changed&limit=500"))).body.orders;
    const connector = (shiftId: string) =>
      orders
        .filter((o: { shiftId: string }) => o.shiftId === shiftId)
        .reduce((s: number, o: { totals: { paid: number } }) => s + o.totals.paid, 0);
    expect(late.shiftId).toBe(first.id);
    expect(second.totals.gross).toBe(paidLate.totals.paid);
    expect(connector(first.id)).not.toBe(first.totals.gross);
    expect(connector(first.id) + connector(second.id)).toBe(first.totals.gross + second.totals.gross);
  });

  it("closes again every day at the same local time", async () => {
    const pos = setup(rule);
    await pos.clock.advance(2 * 24 * 3_600_000);
    const shifts = (await pos.request("GET", pos.url("/shifts"))).body.shifts;
    expect(shifts).toHaveLength(3);
    expect(pos.sim.faults.rules[0]?.hits).toBe(2 * pos.sim.chain.locations.length);
  });
});

describe("reads and writes: the route's method decides, never the operation's name", () => {
  // `loyalty.apply` names two routes: the card look-up (GET, a read) and applying a card to an order (POST, a write).
  async function loyal(...faults: FaultRuleInput[]) {
    const pos = testPos({ seed: "loyal" });
    const loc = pos.location(0);
    const card = pos.sim.chain.loyalty?.cards[0];
    if (!card) throw new Error("seed 'loyal' must run a loyalty programme");
    const url = (p: string) => `/v1/locations/${loc.id}${p}`;
    const order = (
      await pos.request("POST", url("/orders"), {
        body: { type: "take_away", items: [{ productId: simpleProduct(loc).id, quantity: 1 }] },
      })
    ).body;
    if (faults.length > 0) pos.sim.faults.use(...faults);
    const lookUp = () => pos.request("GET", url(`/loyalty/cards/${card.number}`));
    const headers = {
      "x-api-key": loc.credentials.apiKey,
      "content-type": "application/json",
      "idempotency-key": "apply-1",
    };
    const apply = () =>
      pos.app.request(url(`/orders/${order.id}/loyalty`), {
        method: "POST",
        headers,
        body: JSON.stringify({ cardNumber: card.number }),
      });
    return { ...pos, lookUp, apply };
  }

  it("a shift close answers the loyalty-card GET and refuses the loyalty POST", async () => {
    const pos = await loyal({ id: "midday-close", kind: "shift_close", at: ["13:00"], window: "5m" });
    await pos.clock.advance(31 * 60_000);
    const card = await pos.lookUp();
    expect(card.status).toBe(200);
    expect(card.headers.get("x-mockpos-fault")).toBeNull();
    const applied = await pos.apply();
    expect(applied.status).toBe(503);
    expect(await applied.json()).toMatchObject({ code: "SHIFT_CLOSING" });
  });

  it("commit-then-timeout leaves the loyalty-card GET answered and drops the loyalty POST", async () => {
    const pos = await loyal({
      id: "lost",
      kind: "commit_then_timeout",
      mode: "drop",
      scope: { operations: ["loyalty.apply"] },
    });
    expect((await pos.lookUp()).status).toBe(200);
    const loc = pos.location(0);
    const head = await pos.app.request(`/v1/locations/${loc.id}/status`, {
      method: "HEAD",
      headers: { "x-api-key": loc.credentials.apiKey },
    });
    expect(head.status).toBe(200);
    expect(pos.sim.faults.rules[0]?.hits).toBe(0);
    await expect(pos.apply()).rejects.toThrow(/dropped/);
    expect(pos.sim.faults.rules[0]?.hits).toBe(1);
  });
});
