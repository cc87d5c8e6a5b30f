import type { RouteConfig, z } from "@hono/zod-openapi";
import { describe, expect, it } from "vitest";
import { type AdminFaultRule, MockPosAdmin } from "./index.ts";
import { ADMIN_ROUTES } from "./routes.ts";

// Every route of the admin contract is reachable through the client: each client method is called
// (with the arguments below) against a fetch that knows only the contract's route table, which
// finds the route each request is for and checks its path parameters, query and body with that
// route's own schemas. A route no method reaches fails, and so does a method with no sample call
// below, a request matching no route, or one its route's schemas refuse.

const ORDER = ["loc-0001", "loc-0001-ord-00001"] as const;
const LOCK: AdminFaultRule = { id: "l", kind: "lock", duration: "40s", scope: { locations: ["loc-0001"] } };

/** One call per client method, by `group.method` (or the method's name for the top-level ones). */
const SAMPLES: Record<string, (a: MockPosAdmin) => Promise<unknown>> = {
  health: (a) => a.health(),
  topology: (a) => a.topology(),
  reset: (a) => a.reset(),
  "faults.list": (a) => a.faults.list(),
  "faults.add": (a) => a.faults.add([LOCK, { ...LOCK, id: "m" }]),
  "faults.remove": (a) => a.faults.remove("l"),
  "faults.clear": (a) => a.faults.clear(),
  "scenario.load": (a) =>
    a.scenario.load({ name: "lunch", clock: { start: "2026-03-13T12:00:00Z" }, duration: "1h" }),
  "scenario.get": (a) => a.scenario.get(),
  "scenario.stop": (a) => a.scenario.stop(),
  "clock.get": (a) => a.clock.get(),
  "clock.advance": (a) => a.clock.advance("5m"),
  "clock.set": (a) => a.clock.set(new Date(Date.UTC(2026, 2, 13, 13))),
  "journal.list": (a) => a.journal.list({ locationId: "loc-0001", limit: 10, after: 3 }),
  "journal.export": (a) => a.journal.export({ operation: "menu.get" }),
  "chain.get": (a) => a.chain.get({ offset: 1, limit: 2 }),
  "chain.location": (a) => a.chain.location("loc-0001"),
  "chain.order": (a) => a.chain.order(...ORDER),
  "staff.openOrder": (a) =>
    a.staff.openOrder("loc-0001", { terminalId: "term-1", items: [{ productId: "p-1", quantity: 2 }] }),
  "staff.addItems": (a) =>
    a.staff.addItems(...ORDER, { terminalId: "term-1", items: [{ productId: "p-1", quantity: 1 }] }),
  "staff.voidLine": (a) => a.staff.voidLine(...ORDER, "line-1", { terminalId: "term-1" }),
  "staff.voidOrder": (a) => a.staff.voidOrder(...ORDER, { terminalId: "term-1" }),
  "staff.pay": (a) => a.staff.pay(...ORDER, { terminalId: "term-1", amount: 1250, method: "card" }),
  "staff.lock": (a) => a.staff.lock(...ORDER, { terminalId: "term-1", durationSeconds: 60 }),
  "staff.unlock": (a) => a.staff.unlock(...ORDER),
  "staff.setSoldOut": (a) => a.staff.setSoldOut("loc-0001", "p-1", true),
  "staff.closeShift": (a) => a.staff.closeShift("loc-0001"),
  "staff.closeOnline": (a) => a.staff.closeOnline("loc-0001", { reason: "private event" }),
  "staff.reopenOnline": (a) => a.staff.reopenOnline("loc-0001"),
  "staff.setSchedule": (a) =>
    a.staff.setSchedule("loc-0001", {
      monday: [{ opens: "12:00", closes: "16:00" }],
      tuesday: [],
      wednesday: [],
      thursday: [],
      friday: [],
      saturday: [],
      sunday: [],
    }),
  "staff.reservations": (a) => a.staff.reservations("loc-0001"),
  "staff.setReservationStatus": (a) =>
    a.staff.setReservationStatus("loc-0001", "res-1", { status: "seated", tableId: "t-1" }),
  "webhooks.get": (a) => a.webhooks.get({ limit: 5 }),
  "webhooks.configure": (a) =>
    a.webhooks.configure({ url: "http://127.0.0.1:9999/hooks", secret: "s", timeout: "2s" }),
  "webhooks.stop": (a) => a.webhooks.stop(),
  "pact.states": (a) => a.pact.states(),
  "pact.setup": (a) => a.pact.setup({ state: "the location is open", params: { seconds: 30 } }),
  "pact.teardown": (a) => a.pact.teardown({ state: "the location is open" }),
  "quirks.get": (a) => a.quirks.get(),
  "quirks.set": (a) => a.quirks.set(["lock-as-500", "slow-writes=1500"]),
};

/** Every method of the client: the top-level ones and each group's, by `group.method`. */
function methodsOf(admin: MockPosAdmin): string[] {
  const top = Object.getOwnPropertyNames(MockPosAdmin.prototype).filter((n) => n !== "constructor");
  const grouped = Object.entries(admin).flatMap(([group, methods]) =>
    Object.keys(methods as object).map((m) => `${group}.${m}`),
  );
  return [...top, ...grouped];
}

const pattern = (route: RouteConfig) =>
  new RegExp(`^${route.path.replace(/\{\w+\}/g, "(?<$&>[^/]+)").replace(/[{}]/g, "")}$`);

interface Sent {
  route: RouteConfig;
  problems: string[];
}

/** The routes a request could be for; the most literal one wins, as in the server's router. */
function routeOf(
  method: string,
  path: string,
): { route: RouteConfig; params: Record<string, string> } | null {
  const matches = ADMIN_ROUTES.flatMap((route) => {
    const m = route.method.toUpperCase() === method ? pattern(route).exec(path) : null;
    return m ? [{ route: route as RouteConfig, params: { ...m.groups } }] : [];
  });
  matches.sort((a, b) => Object.keys(a.params).length - Object.keys(b.params).length);
  return matches[0] ?? null;
}

function check(schema: z.ZodType | undefined, value: unknown, where: string): string[] {
  if (!schema) return value === undefined ? [] : [`${where} sent to a route that takes none`];
  const parsed = schema.safeParse(value);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${where}.${i.path.join(".")}: ${i.message}`);
}

/** A fetch that answers as the contract's route table says, recording which route each call was for. */
function contractFetch(sent: Sent[]) {
  return async (url: string, init: RequestInit): Promise<Response> => {
    const target = new URL(url);
    const method = init.method ?? "GET";
    const found = routeOf(method, target.pathname);
    if (!found) throw new Error(`${method} ${target.pathname} is no route of the admin contract`);
    const { route, params } = found;
    const request = route.request ?? {};
    const body = init.body === undefined ? undefined : JSON.parse(String(init.body));
    const json = request.body?.content?.["application/json"] as { schema?: z.ZodType } | undefined;
    const decoded = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, decodeURIComponent(v)]));
    const query = Object.fromEntries(target.searchParams);
    sent.push({
      route,
      problems: [
        ...check(
          request.params as z.ZodType | undefined,
          Object.keys(decoded).length ? decoded : undefined,
          "path",
        ),
        ...check(request.query as z.ZodType | undefined, request.query ? query : undefined, "query"),
        ...(request.query || target.search === "" ? [] : ["query sent to a route that takes none"]),
        ...check(json?.schema, body, "body"),
      ],
    });
    const ok = route.responses[200] as { content?: Record<string, unknown> } | undefined;
    return ok?.content?.["application/x-ndjson"]
      ? new Response("", { headers: { "content-type": "application/x-ndjson" } })
      : Response.json({});
  };
}

describe("MockPosAdmin covers the admin contract", () => {
  it("reaches every admin route, each request valid for its route", async () => {
    const sent: Sent[] = [];
    const admin = new MockPosAdmin({ baseUrl: "http://127.0.0.1:8080", fetch: contractFetch(sent) });
    const methods = methodsOf(admin);
    expect(
      methods.filter((m) => !(m in SAMPLES)),
      "client methods with no sample call",
    ).toEqual([]);
    expect(
      Object.keys(SAMPLES).filter((m) => !methods.includes(m)),
      "samples of no method",
    ).toEqual([]);
    for (const m of methods) {
      const before = sent.length;
      await SAMPLES[m]?.(admin);
      expect(sent.length - before, `${m} sends one request`).toBe(1);
    }
    expect(sent.flatMap((s) => s.problems.map((p) => `${s.route.operationId}: ${p}`))).toEqual([]);
    const reached = new Set(sent.map((s) => s.route));
    const missing = ADMIN_ROUTES.filter((r) => !reached.has(r)).map(
      (r) => `${r.method.toUpperCase()} ${r.path} (${r.operationId})`,
    );
    expect(missing, "admin routes no client method reaches").toEqual([]);
  });

  it("the contract fetch refuses a request that is for no admin route", async () => {
    const admin = new MockPosAdmin({ baseUrl: "http://127.0.0.1:8080", fetch: contractFetch([]) });
    const off = new MockPosAdmin({
      baseUrl: "http://127.0.0.1:8080/elsewhere",
      fetch: async (url, init) => contractFetch([])(url, init),
    });
    await expect(admin.health()).resolves.toEqual({});
    await expect(off.health()).rejects.toThrow("is no route of the admin contract");
  });
});

// Never called: `tsc --noEmit` (npm test's first gate) checks that the contract's schemas type each
// call. Each line below must be refused; an `@ts-expect-error` with nothing to refuse fails it.
async function refusedByTheTypes(admin: MockPosAdmin): Promise<void> {
  // @ts-expect-error a staff write names the terminal the waiter acts at
  await admin.staff.lock("loc-0001", "o", { durationSeconds: 60 });
  // @ts-expect-error a fault rule of a kind the contract does not know
  await admin.faults.add({ id: "x", kind: "meteor" });
  // @ts-expect-error the journal's `limit` is a number
  await admin.journal.list({ limit: "10" });
  // @ts-expect-error a booking cannot go back to `requested`
  await admin.staff.setReservationStatus("loc-0001", "r", { status: "requested" });
  // @ts-expect-error the chain's location count is a number, not text
  const count: string = (await admin.chain.get()).locationCount;
  // @ts-expect-error an order's totals are minor units, numbers
  const due: string = (await admin.chain.order("loc-0001", "o")).order.totals.due;
  void [count, due];
}
void refusedByTheTypes;
