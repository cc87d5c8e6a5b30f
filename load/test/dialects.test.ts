import { describe, expect, it } from "vitest";
import { createMockPos } from "../../simulator/app.ts";
import { VirtualClock } from "../../simulator/clock/index.ts";
import { START } from "../../test/support/pos.ts";
import { dialectCredentials } from "../dialect-credentials.ts";
import { LOAD_DIALECTS, type LoadDialect } from "../k6/config.ts";
import type { LocationCredentials } from "../k6/credentials.ts";
import { DIALECTS, lackedSteps } from "../k6/dialects/index.ts";
import {
  type DialectRequest,
  STEP_OPERATION,
  STEPS,
  type Step,
  type StepInput,
} from "../k6/dialects/types.ts";

const BASE = "http://pos.test";

// The simulator a load run starts, with that dialect's app; requests go through app.request.
function simulated(dialect: LoadDialect) {
  const clock = new VirtualClock(START);
  const pos = createMockPos({ seed: "load", locations: 3, clock });
  const app = pos.dialects[dialect].app;
  const descriptor = pos.registry.find((x) => x.name === dialect);
  if (!descriptor) throw new Error(`no ${dialect} dialect`);
  const credentials = dialectCredentials(pos.sim.chain, descriptor);
  const d = DIALECTS[dialect];

  function build(step: Step, loc: LocationCredentials, input: StepInput = {}): DialectRequest {
    const b = d.steps[step];
    if (b === undefined) throw new Error(`${dialect} has no ${step}`);
    const req = b(loc, BASE, input);
    expect(req.operation).toBe(STEP_OPERATION[step]);
    expect(req.url.startsWith(BASE)).toBe(true);
    expect(req.name).toMatch(/^(GET|POST) \//);
    return req;
  }

  async function send(req: DialectRequest) {
    const url = new URL(req.url);
    const res = await app.request(url.pathname + url.search, {
      method: req.method,
      headers: req.headers,
      body: req.body ?? undefined,
    });
    const text = await res.text();
    return { status: res.status, body: text === "" ? undefined : JSON.parse(text), headers: res.headers };
  }

  // Sends a step and insists on the status the dialect expects.
  async function ok(step: Step, loc: LocationCredentials, input: StepInput = {}): Promise<unknown> {
    const req = build(step, loc, input);
    const res = await send(req);
    expect(res.status, `${dialect} ${step}: ${JSON.stringify(res.body)}`).toBe(req.expected);
    return res.body;
  }

  return { pos, clock, d, credentials, build, send, ok };
}

const loc = (list: LocationCredentials[], i = 0) => list[i] as LocationCredentials;

describe.each(LOAD_DIALECTS)("the %s dialect's requests", (dialect) => {
  it("are accepted by the simulator's app, and each answer gives the next step what it needs", async () => {
    const s = simulated(dialect);
    const l = loc(s.credentials, 1);
    const has = (step: Step) => s.d.steps[step] !== undefined;
    const menu = await s.ok("menu.get", l);
    const modifiers = has("modifiers.get") ? await s.ok("modifiers.get", l) : undefined;
    const picks = s.d.orderable(menu, modifiers);
    expect(picks.length).toBeGreaterThan(1);
    for (const step of ["location.status", "availability.get"] as const) if (has(step)) await s.ok(step, l);

    const created = await s.ok("order.create", l, { key: `t-${dialect}`, products: picks });
    const orderId = s.d.orderId(created);
    expect(orderId).toEqual(expect.any(String));
    for (const step of ["order.append", "order.pay"] as const) {
      if (has(step)) await s.ok(step, l, { key: `t-${dialect}`, products: picks, orderId });
    }
    await s.clock.advance(1000);
    for (const step of ["orders.new", "orders.in_progress"] as const) {
      if (!has(step)) continue;
      let input: StepInput = {};
      for (let pages = 0; pages < 50; pages++) {
        const page = s.d.page(step, await s.ok(step, l, input));
        if (step === "orders.new") expect(page.resume).toEqual(expect.any(String));
        if (page.next === undefined) break;
        input = { cursor: page.next };
      }
    }
  });

  it("reads the dialect's error body as the canonical failure, and a fault rule names itself", async () => {
    const s = simulated(dialect);
    const stranger = { ...loc(s.credentials), apiKey: "not-a-key" };
    const refused = await s.send(s.build("location.status", stranger));
    expect(refused.status).toBe(401);
    expect(s.d.failure(refused.body)).toBe("UNAUTHORIZED");
    s.pos.sim.faults.use({ id: "boom", kind: "error", scope: { operations: ["location.status"] } });
    const failed = await s.send(s.build("location.status", loc(s.credentials)));
    expect(failed.status).toBe(500);
    expect(failed.headers.get("X-Mockpos-Fault")).toBe("boom");
    expect(s.d.failure(failed.body)).toBe("SERVER_ERROR");
  });
});

describe("what each dialect models", () => {
  it("has every step but those it says it lacks, and says why", () => {
    for (const dialect of LOAD_DIALECTS) {
      const d = DIALECTS[dialect];
      const lacked = lackedSteps(dialect).map((l) => l.step);
      expect(STEPS.filter((s) => d.steps[s] === undefined)).toEqual(lacked);
      for (const { why } of lackedSteps(dialect)) expect(why).toMatch(/^none: /);
    }
    expect(lackedSteps("generic")).toEqual([]);
    expect(lackedSteps("elyx").map((l) => l.step)).toEqual(["modifiers.get"]);
    expect(lackedSteps("sinqro").map((l) => l.step)).toEqual([
      "orders.new",
      "orders.in_progress",
      "order.append",
      "order.pay",
    ]);
  });

  it("speaks Elyx with the server's group key as well: every request names its location", async () => {
    const s = simulated("elyx");
    const l = { ...loc(s.credentials, 2), apiKey: s.pos.sim.chain.credentials.groupKey };
    const picks = s.d.orderable(await s.ok("menu.get", l), undefined);
    for (const step of ["location.status", "availability.get", "orders.new", "orders.in_progress"] as const)
      await s.ok(step, l);
    const orderId = s.d.orderId(await s.ok("order.create", l, { key: "group", products: picks }));
    expect(orderId).toMatch(/^3-\d+$/);
    await s.ok("order.pay", l, { key: "group", products: picks, orderId });
  });

  it("pages Elyx's open tickets by offset, afresh each poll", () => {
    const elyx = DIALECTS.elyx;
    const tickets = (n: number) => Array.from({ length: n }, () => ({}));
    expect(elyx.page("orders.in_progress", { tickets: tickets(100), total: 150, offset: 0 })).toEqual({
      resume: undefined,
      next: "100",
    });
    expect(elyx.page("orders.in_progress", { tickets: tickets(50), total: 150, offset: 100 }).next).toBe(
      undefined,
    );
    const req = elyx.steps["orders.in_progress"]?.({ locationId: "7", apiKey: "k", number: 7 }, BASE, {
      cursor: "100",
    });
    expect(req?.url).toBe(`${BASE}/api/v1/tickets?locations=7&status=open&limit=100&offset=100`);
    expect(req?.name).toBe("GET /api/v1/tickets?status=open");
  });

  it("follows the Elyx sales feed: a change comes once, and the cursor carries to the next poll", async () => {
    const s = simulated("elyx");
    const l = loc(s.credentials);
    let resume: string | undefined;
    for (let pages = 0; pages < 50; pages++) {
      const page = s.d.page("orders.new", await s.ok("orders.new", l, { cursor: resume }));
      resume = page.resume;
      if (page.next === undefined) break;
    }
    const picks = s.d.orderable(await s.ok("menu.get", l), undefined);
    await s.ok("order.create", l, { key: "feed", products: picks });
    await s.clock.advance(1000);
    const fresh = (await s.ok("orders.new", l, { cursor: resume })) as { tickets: { externalId: string }[] };
    expect(fresh.tickets.map((t) => t.externalId)).toContain("feed");
    const page = s.d.page("orders.new", fresh);
    const again = (await s.ok("orders.new", l, { cursor: page.resume })) as { tickets: unknown[] };
    expect(again.tickets.map((t) => (t as { externalId: string }).externalId)).not.toContain("feed");
  });
});
