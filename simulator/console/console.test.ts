import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { serveConfigOf, startSimulator } from "../../bin/serve.ts";
import { freeTable, simpleProduct } from "../../test/support/menu.ts";
import { createMockPos } from "../app.ts";
import { RealClock, VirtualClock } from "../clock/index.ts";
import type { Location } from "../domain/types.ts";
import { BUILT_IN_KINDS } from "../faults/registry.ts";
import { type FaultKindName, FaultRule } from "../faults/schema.ts";
import type { JournalEntry } from "../journal/index.ts";
import type { FormValues } from "./fault-form.ts";
import { fieldOf, library, ruleFromForm } from "./fault-form.ts";
import { withConsole } from "./index.ts";
import { matchesEntry } from "./journal.ts";
import { laneOf } from "./timeline.ts";

const START = Date.UTC(2026, 2, 13, 11, 30); // a Friday, 12:30 in Madrid

function rig(options: { locations?: number; clock?: VirtualClock | RealClock; reports?: string } = {}) {
  const clock = options.clock ?? new VirtualClock(START);
  const mock = createMockPos({ seed: "console", locations: options.locations ?? 3, locale: "es", clock });
  const served = withConsole(mock.app, mock, { reports: options.reports });
  const fetch = (path: string, init?: RequestInit) =>
    served.fetch(new Request(`http://127.0.0.1${path}`, init));
  const loc = (i = 0) => mock.sim.chain.locations[i] as Location;
  return {
    mock,
    /** The rig's clock: virtual unless a test asked otherwise. */
    clock: clock as VirtualClock,
    sim: mock.sim,
    loc,
    served,
    async page(path: string) {
      const res = await fetch(path);
      return { status: res.status, text: await res.text() };
    },
    /** Posts a console form as its script does; resolves with the JSON outcome. */
    async act(action: string, fields: Record<string, string> | [string, string][]) {
      const res = await fetch(`/__console/act/${action}`, {
        method: "POST",
        body: new URLSearchParams(fields),
        headers: { accept: "application/json" },
      });
      return {
        status: res.status,
        ...((await res.json()) as { ok: boolean; message: string; fields?: Record<string, string> }),
      };
    },
    /** A connector's request to the generic API with the location's key. */
    async api(method: string, path: string, l = loc(), body?: unknown) {
      const res = await served.fetch(
        new Request(`http://127.0.0.1/v1/locations/${l.id}${path}`, {
          method,
          headers: {
            "x-api-key": l.credentials.apiKey,
            ...(body ? { "content-type": "application/json" } : {}),
          },
          body: body === undefined ? undefined : JSON.stringify(body),
        }),
      );
      return { status: res.status, body: (await res.json()) as any };
    },
    fetch,
  };
}

/** Reads a server-sent event stream until `until` holds of what came, within `ms` of real time. */
async function readUntil(res: Response, until: (text: string) => boolean, ms = 10_000): Promise<string> {
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = "";
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`stream did not deliver in ${ms} ms:\n${text}`)), ms);
  });
  try {
    while (!until(text)) {
      const { value, done } = await Promise.race([reader.read(), deadline]);
      if (done) break;
      text += decoder.decode(value);
    }
  } finally {
    clearTimeout(timer);
    await reader.cancel();
  }
  return text;
}

describe("console: the floor", () => {
  it("lists every location with its state, shift, open orders, locks and sold-out items; pages and searches", async () => {
    const r = rig({ locations: 30 });
    const first = await r.page("/__console");
    expect(first.status).toBe(200);
    expect(first.text).toContain("Locations 1–30 of 30");
    expect(first.text).toContain('id="row-loc-0030"');
    const paged = await r.page("/__console?per=25&page=2");
    expect(paged.text).toContain("Locations 26–30 of 30");
    expect(paged.text).not.toContain('id="row-loc-0001"');
    const searched = await r.page("/__console/partials/floor?q=loc-0007");
    expect(searched.text).toContain('id="row-loc-0007"');
    expect(searched.text).toContain("Locations 1–1 of 1 (of 30 in the chain)");
    // Business date and the running shift of each location.
    expect(first.text).toContain("2026-03-13");
    expect(first.text).toContain("shift-1 since");
  });

  it("shows a location unreachable while a link rule has it down, read-only while its shift closes, closed online when staff say so", async () => {
    const r = rig();
    const [a, b, c] = [r.loc(0), r.loc(1), r.loc(2)];
    await r.act("fault-add", {
      id: "pub-link",
      kind: "unreachable",
      "scope.locations": a.id,
      "k.unreachable.mode": "503",
    });
    await r.act("fault-add", {
      id: "close-13",
      kind: "shift_close",
      "scope.locations": b.id,
      "k.shift_close.at": "13:00",
      "k.shift_close.window": "10m",
    });
    await r.act("closure", { locationId: c.id, reason: "kitchen fire", minutes: "45" });
    await r.clock.advance(31 * 60_000);
    const unreachable = await r.page("/__console/partials/floor?filter=unreachable");
    expect(unreachable.text).toContain(`id="row-${a.id}"`);
    expect(unreachable.text).toContain("link down (503): rule pub-link");
    const readOnly = await r.page("/__console/partials/floor?filter=read-only");
    expect(readOnly.text).toContain(`id="row-${b.id}"`);
    expect(readOnly.text).toContain("shift closing");
    const closed = await r.page("/__console/partials/floor?filter=closed");
    expect(closed.text).toContain(`id="row-${c.id}"`);
    expect(closed.text).toContain("kitchen fire");
    // Reading the floor changed nothing: the link rule has not fired (no request met it).
    expect(r.sim.faults.rules.find((x) => x.rule.id === "pub-link")?.hits).toBe(0);
  });
});

describe("console: acting as staff goes through the admin API", () => {
  it("opens an order held at a terminal; the connector's next write to it is 423", async () => {
    const r = rig();
    const l = r.loc();
    const product = simpleProduct(l);
    const opened = await r.act("open-order", {
      locationId: l.id,
      terminalId: "term-1",
      tableId: freeTable(l).id,
      productId: product.id,
      quantity: "2",
      minutes: "10",
    });
    expect(opened).toMatchObject({ ok: true });
    const orderId = /\((loc-[^)]+)\)/.exec(opened.message)?.[1] as string;
    expect(l.orders.get(orderId)?.lock).toMatchObject({ terminalId: "term-1", until: START + 600_000 });
    const round = await r.api("POST", `/orders/${orderId}/rounds`, l, {
      items: [{ productId: product.id, quantity: 1 }],
    });
    expect(round.status).toBe(423);
    expect(round.body).toMatchObject({ code: "LOCKED", terminalId: "term-1" });
    const panel = await r.page(`/__console/partials/location/${l.id}`);
    expect(panel.text).toContain("held at term-1 until 12:40");
    expect((await r.page("/__console")).text).toContain(`#${l.orders.get(orderId)?.number} at term-1`);

    // Let go, then the round goes in; void a line; pay.
    expect(await r.act("unlock", { locationId: l.id, orderId })).toMatchObject({ ok: true });
    expect(
      (
        await r.api("POST", `/orders/${orderId}/rounds`, l, {
          items: [{ productId: product.id, quantity: 1 }],
        })
      ).status,
    ).toBe(200);
    const line = l.orders.get(orderId)?.lines[0]?.id as string;
    expect(
      await r.act("void-line", { locationId: l.id, orderId, lineId: line, terminalId: "term-1" }),
    ).toMatchObject({ ok: true });
    expect(
      await r.act("pay", { locationId: l.id, orderId, method: "card", tip: "200", terminalId: "term-1" }),
    ).toMatchObject({ ok: true });
    expect(l.orders.get(orderId)?.status).toBe("paid");
    // A refusal is the admin API's, word for word.
    const again = await r.act("pay", { locationId: l.id, orderId, method: "card", terminalId: "term-1" });
    expect(again).toMatchObject({
      ok: false,
      status: 400,
      message: `ORDER_CLOSED: order ${orderId} is paid`,
    });
  });

  it("a bad hold opens nothing, and says why on the field", async () => {
    const r = rig();
    const l = r.loc();
    const before = l.orders.size;
    const out = await r.act("open-order", {
      locationId: l.id,
      terminalId: "term-1",
      productId: simpleProduct(l).id,
      minutes: "100000",
    });
    expect(out).toMatchObject({ ok: false, fields: { minutes: "Too big: expected number to be <=86400" } });
    expect(l.orders.size).toBe(before);
    const qty = await r.act("open-order", {
      locationId: l.id,
      terminalId: "term-1",
      productId: simpleProduct(l).id,
      quantity: "lots",
    });
    expect(qty).toMatchObject({
      ok: false,
      fields: { quantity: "Invalid input: expected number, received string" },
    });
  });

  it("sells an item out and back: availability.get says so", async () => {
    const r = rig();
    const l = r.loc();
    const product = simpleProduct(l, 3);
    expect(
      await r.act("availability", { locationId: l.id, productId: product.id, soldOut: "true" }),
    ).toMatchObject({ ok: true });
    const flag = async () =>
      ((await r.api("GET", "/availability")).body.items as { productId: string; soldOut: boolean }[]).find(
        (i) => i.productId === product.id,
      )?.soldOut;
    expect(await flag()).toBe(true);
    expect((await r.page(`/__console/partials/location/${l.id}`)).text).toContain(
      `Back in stock: ${product.name}`,
    );
    expect(
      await r.act("availability", { locationId: l.id, productId: product.id, soldOut: "false" }),
    ).toMatchObject({ ok: true });
    expect(await flag()).toBe(false);
  });

  it("closes the shift and the location for online orders, and reopens it", async () => {
    const r = rig();
    const l = r.loc();
    expect(await r.act("close-shift", { locationId: l.id })).toMatchObject({
      ok: true,
      message: `shift-1 closed, shift-2 open at ${l.id}`,
    });
    expect(await r.act("closure", { locationId: l.id, reason: "too busy", minutes: "20" })).toMatchObject({
      ok: true,
    });
    expect(l.closure).toMatchObject({ reason: "too busy", until: START + 20 * 60_000 });
    expect(await r.act("reopen", { locationId: l.id })).toMatchObject({ ok: true });
    expect(l.closure).toBeNull();
  });

  it("a form posted without the script comes back to its page with the outcome; one from another site is refused", async () => {
    const r = rig();
    const res = await r.fetch("/__console/act/clock-step", {
      method: "POST",
      body: new URLSearchParams({ by: "1m", back: "/__console/clock" }),
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/__console/clock?flash=clock+stepped+1m&ok=1");
    expect((await r.page("/__console/clock?flash=clock+stepped+1m&ok=1")).text).toContain("clock stepped 1m");
    const foreign = await r.fetch("/__console/act/clock-step", {
      method: "POST",
      body: new URLSearchParams({ by: "1h" }),
      headers: { origin: "http://evil.example", "sec-fetch-site": "cross-site" },
    });
    expect(foreign.status).toBe(403);
    expect(r.clock.now()).toBe(START + 60_000);
  });

  it("is not journaled: the console's own requests never reach a dialect", async () => {
    const r = rig();
    for (const path of [
      "/__console",
      "/__console/journal",
      "/__console/faults",
      `/__console/locations/${r.loc().id}`,
    ])
      expect((await r.page(path)).status).toBe(200);
    await r.act("clock-step", { by: "1m" });
    expect(r.sim.journal.total).toBe(0);
  });
});

describe("console: faults", () => {
  it("adds a rule from the form and its hit count rises with the requests it shapes", async () => {
    const r = rig();
    const l = r.loc();
    const out = await r.act("fault-add", [
      ["id", "status-500"],
      ["kind", "error"],
      ["scope.locations", l.id],
      ["scope.operations", "location.status"],
      ["k.error.code", "SERVER_ERROR"],
      ["times", "5"],
    ]);
    expect(out).toMatchObject({ ok: true, message: "rule status-500 in force" });
    for (let i = 0; i < 3; i++) expect((await r.api("GET", "/status")).status).toBe(500);
    const list = await r.page("/__console/partials/faults");
    expect(list.text).toMatch(
      /id="fault-status-500"[\s\S]*?<td class="num hits">3<\/td><td class="num">2<\/td>/,
    );
  });

  it("a bad value gets the schema's message on its field, and nothing changes", async () => {
    const r = rig();
    const before = JSON.stringify((await (await r.fetch("/__admin/faults")).json()) as unknown);
    const out = await r.act("fault-add", {
      id: "Bad Id",
      kind: "latency",
      "k.latency.distribution.type": "lognormal",
      "k.latency.distribution.p50": "fast",
      "k.latency.distribution.p99": "8s",
    });
    expect(out.ok).toBe(false);
    expect(out.fields).toEqual({
      id: "lower-case letters, digits, . _ - (up to 64)",
      "k.latency.distribution.p50": "a duration like 250ms, 30s, 5m or 2h, or a number of milliseconds",
    });
    // The same words as POST /__admin/faults with the same rule.
    const direct = await r.fetch("/__admin/faults", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        id: "Bad Id",
        kind: "latency",
        distribution: { type: "lognormal", p50: "fast", p99: "8s" },
      }),
    });
    expect(out.message).toBe(`VALIDATION: ${((await direct.json()) as { detail: string }).detail}`);
    expect(JSON.stringify((await (await r.fetch("/__admin/faults")).json()) as unknown)).toBe(before);
  });

  it("every kind's form makes a rule the schema takes", () => {
    const filled: Record<FaultKindName, FormValues> = {
      lock: { "k.lock.duration": "90s" },
      unreachable: {
        "k.unreachable.mode": "blackhole",
        "k.unreachable.pattern.type": "fixed",
        "k.unreachable.pattern.up": "25m",
        "k.unreachable.pattern.down": "5m",
        "k.unreachable.hold": "30s",
      },
      latency: {
        "k.latency.distribution.type": "uniform",
        "k.latency.distribution.min": "10",
        "k.latency.distribution.max": "2s",
      },
      commit_then_timeout: { "k.commit_then_timeout.mode": "hold", "k.commit_then_timeout.hold": "45s" },
      shift_close: { "k.shift_close.at": "00:00, 02:30", "k.shift_close.window": "10m" },
      error: { "k.error.code": "TIMEOUT" },
      rate_limit: { "k.rate_limit.rate": "0.5", "k.rate_limit.burst": "10" },
      rotate_credentials: { "k.rotate_credentials.at": "+10m" },
      malformed: { "k.malformed.mode": "drop_field", "k.malformed.field": "cursor" },
      webhook: { "k.webhook.mode": "drop", "k.webhook.permanent": "true" },
      token_endpoint_down: { "k.token_endpoint_down.mode": "503", "k.token_endpoint_down.retryAfter": "30" },
      token_early_expiry: { "k.token_early_expiry.ttl": "30s" },
    };
    for (const kind of BUILT_IN_KINDS.names as FaultKindName[]) {
      const rule = ruleFromForm(
        {
          id: `r-${kind}`,
          kind,
          "scope.locations": "loc-0001 loc-0002",
          "scope.operations": ["order.create", "order.pay"],
          "when.daily": "12:00-14:30, 20:00-22:30",
          "when.probability": "0.5",
          times: "3",
          ...filled[kind],
        },
        BUILT_IN_KINDS,
      );
      const parsed = FaultRule.safeParse(rule);
      expect(parsed.success, `${kind}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
    }
    expect(BUILT_IN_KINDS.get("unreachable")?.form.map((f) => f.name)).toContain("pattern.mtbf");
    expect(fieldOf("body.when.daily[1].to", "lock", BUILT_IN_KINDS)).toBe("when.daily");
    expect(fieldOf("body.pattern", "unreachable", BUILT_IN_KINDS)).toBe("k.unreachable.pattern.type");
  });

  it("puts a library scenario's rule in force as its file declares it, removes it, resets", async () => {
    const r = rig();
    const scenarios = library(r.served.console.context.scenarios);
    const rush = scenarios.find((s) => s.file === "friday-lunch-rush.yaml");
    const rule = rush?.rules[0];
    expect(rule).toBeDefined();
    const page = await r.page("/__console/faults");
    expect(page.text).toContain(`Put ${rule?.id} from friday-lunch-rush.yaml in force`);
    expect(
      await r.act("fault-library", { file: "friday-lunch-rush.yaml", ruleId: rule?.id ?? "" }),
    ).toMatchObject({ ok: true });
    expect(r.sim.faults.rules.map((x) => x.rule.id)).toEqual([rule?.id]);
    expect(await r.act("fault-remove", { faultId: rule?.id ?? "" })).toMatchObject({ ok: true });
    expect(r.sim.faults.rules).toHaveLength(0);
    expect(await r.act("fault-remove", { faultId: "nope" })).toMatchObject({
      ok: false,
      message: "NOT_FOUND: fault rule 'nope' does not exist",
    });
    expect(await r.act("fault-reset", {})).toMatchObject({ ok: true });
  });
});

describe("console: the clock", () => {
  it("steps a virtual clock and jumps to the next shift boundary", async () => {
    const r = rig();
    expect(await r.act("clock-step", { by: "1h" })).toMatchObject({ ok: true });
    expect(r.clock.now()).toBe(START + 3_600_000);
    await r.act("fault-add", {
      id: "close-15",
      kind: "shift_close",
      "k.shift_close.at": "15:00",
      "k.shift_close.window": "5m",
    });
    const page = await r.page("/__console/clock");
    expect(page.text).toContain("Next shift boundary: 2026-03-13 15:00:00");
    const jumped = await r.act("clock-boundary", {});
    expect(jumped.message).toContain("shift starts closing (rule close-15)");
    expect(r.clock.now()).toBe(Date.UTC(2026, 2, 13, 14, 0));
    // Inside the window the next boundary is the shift closing itself.
    expect((await r.act("clock-boundary", {})).message).toContain("shift closes (rule close-15)");
    expect(r.clock.now()).toBe(Date.UTC(2026, 2, 13, 14, 5));
    expect(r.loc().shifts.at(-1)?.id).toBe("shift-2");
  });

  it("runs and pauses a virtual clock; a real clock offers neither, and the admin API's refusal says why", async () => {
    const r = rig();
    expect(await r.act("clock-run", { speed: "60" })).toMatchObject({
      ok: true,
      message: "clock running at 60×",
    });
    expect(r.served.console.context.runner.speed).toBe(60);
    expect((await r.page("/__console/clock")).text).toContain("running 60× real time");
    expect(await r.act("clock-pause", {})).toMatchObject({ ok: true });
    expect(r.served.console.context.runner.speed).toBeNull();
    expect((await r.act("clock-run", { speed: "7" })).ok).toBe(false);

    const real = rig({ clock: new RealClock() });
    const page = await real.page("/__console/clock");
    expect(page.text).toContain("nothing here can pause or step it");
    expect(page.text).not.toContain("+1 hour");
    expect(await real.act("clock-step", { by: "1h" })).toMatchObject({
      ok: false,
      message: "VALIDATION: clock: only a virtual clock can be stepped; this one is real",
    });
    expect((await real.act("clock-run", { speed: "10" })).ok).toBe(false);
  });
});

describe("console: the live journal", () => {
  const entry = (e: Partial<JournalEntry>): JournalEntry => ({
    seq: 1,
    time: new Date(START).toISOString(),
    locationId: "loc-0001",
    operation: "order.append",
    dialect: "generic",
    method: "POST",
    path: "/v1/locations/loc-0001/orders/x/rounds",
    query: null,
    credential: "apiKey:loc-0001",
    status: 423,
    outcome: "LOCKED",
    latencyMs: 0,
    idempotencyKey: null,
    replayed: false,
    fault: null,
    ...e,
  });
  const f = { locationId: "", operation: "", status: "", fault: "", credential: "" };

  it("filters by location, operation, status, fault and credential", () => {
    expect(matchesEntry({ ...f, status: "4xx" }, entry({}))).toBe(true);
    expect(matchesEntry({ ...f, status: "423" }, entry({}))).toBe(true);
    expect(matchesEntry({ ...f, status: "LOCKED" }, entry({}))).toBe(true);
    expect(matchesEntry({ ...f, status: "failed" }, entry({ outcome: "OK", status: 200 }))).toBe(false);
    expect(matchesEntry({ ...f, status: "5xx" }, entry({}))).toBe(false);
    expect(matchesEntry({ ...f, fault: "any" }, entry({ fault: "a,b" }))).toBe(true);
    expect(matchesEntry({ ...f, fault: "b" }, entry({ fault: "a,b" }))).toBe(true);
    expect(matchesEntry({ ...f, fault: "none" }, entry({ fault: "a" }))).toBe(false);
    expect(matchesEntry({ ...f, credential: "none" }, entry({ credential: null }))).toBe(true);
    expect(matchesEntry({ ...f, credential: "loc-0002" }, entry({}))).toBe(false);
    expect(matchesEntry({ ...f, operation: "order.append", locationId: "loc-0001" }, entry({}))).toBe(true);
  });

  it("streams new matching requests as rows over server-sent events, and opens an entry", async () => {
    const r = rig();
    const l = r.loc();
    const res = await r.fetch(`/__console/events?journal=1&locationId=${l.id}&status=4xx`);
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    await r.api("GET", "/status"); // 200: not a match
    await r.api("GET", "/orders/nope"); // 404: a match
    const text = await readUntil(res, (t) => t.includes("event: journal"));
    expect(text).toContain("event: change");
    const rows = text.split("event: journal")[1] ?? "";
    expect(rows).toContain("<strong>404</strong> NOT_FOUND");
    expect(rows).not.toContain("<strong>200</strong>");
    const detail = await r.page("/__console/journal/2?partial=1");
    expect(detail.text).toContain("apiKey:loc-0001");
    expect(detail.text).toContain("/v1/locations/loc-0001/orders/nope");
    expect((await r.page("/__console/journal?status=4xx")).text).toContain('data-seq="2"');
    expect((await r.page("/__console/journal?status=4xx")).text).not.toContain('data-seq="1"');
  });
});

describe("console: the timeline", () => {
  it("draws each cadence's polls, the fault spells and the gaps", async () => {
    const r = rig();
    const l = r.loc();
    // An hour of status checks a minute apart, except a 5-minute hole; a 503 rule for ten minutes.
    await r.act("fault-add", {
      id: "outage",
      kind: "unreachable",
      "scope.locations": l.id,
      "k.unreachable.mode": "503",
      "when.from": new Date(START + 20 * 60_000).toISOString(),
      "when.to": new Date(START + 30 * 60_000).toISOString(),
    });
    for (let minute = 0; minute < 60; minute++) {
      if (minute < 40 || minute >= 45) await r.api("GET", "/status");
      if (minute % 2 === 0) await r.api("GET", "/orders?view=in_progress");
      await r.clock.advance(60_000);
    }
    expect(laneOf(r.sim.journal.get(2) as JournalEntry)).toBe("in_progress");
    const { text } = await r.page(`/__console/partials/timeline?locationId=${l.id}&window=1h`);
    const lane = (key: string) =>
      new RegExp(`<g class="lane" data-lane="${key}">([\\s\\S]*?)</g>(?=<g class="lane"|</svg>)`).exec(
        text,
      )?.[1] ?? "";
    const status = lane("status");
    expect(
      (status.match(/<line x1="[\d.]+" y1="\d+" x2="[\d.]+" y2="\d+" stroke="#1b1f24"/g) ?? []).length,
    ).toBe(45);
    expect((status.match(/class="failed"/g) ?? []).length).toBe(10);
    expect(status).toContain("gap 6m00s");
    expect(text).toContain("⚡ outage");
    expect(text).toMatch(
      /<tr data-lane="status"><th scope="row">status \(1 min\)<\/th><td>1m00s<\/td><td class="num">55<\/td><td class="num">60<\/td><td class="num">10<\/td><td class="num">6m00s<\/td>/,
    );
  });
});

describe("console: reports", () => {
  it("links the latest conformance and verify reports under --reports, and serves nothing else", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mockpos-console-reports-"));
    const write = (sub: string, title: string) => {
      mkdirSync(join(dir, sub), { recursive: true });
      writeFileSync(join(dir, sub, "report.html"), `<!doctype html><title>${title}</title><p>${sub}</p>`);
      writeFileSync(join(dir, sub, "report.json"), "{}");
    };
    write("conform", "mockpos conformance: 30 passed");
    write("verify/2026-03-13-generic", "mockpos verify (generic): all verified");
    const r = rig({ reports: dir });
    const { text } = await r.page("/__console/reports");
    expect(text).toContain(
      'href="/__console/reports/file/conform/report.html">mockpos conformance: 30 passed</a>',
    );
    expect(text).toContain("mockpos verify (generic): all verified");
    const file = await r.page("/__console/reports/file/verify/2026-03-13-generic/report.html");
    expect(file.status).toBe(200);
    expect(file.text).toContain("2026-03-13-generic");
    expect((await r.page("/__console/reports/file/conform/report.json")).status).toBe(200);
    expect((await r.page("/__console/reports/file/..%2F..%2Fetc%2Fpasswd")).status).toBe(404);
    expect((await r.page("/__console/reports/file/conform/other.txt")).status).toBe(404);
    expect((await rig({ reports: join(dir, "none") }).page("/__console/reports")).text).toContain(
      "No conformance report yet",
    );
  });
});

describe("console: served by mockpos serve", () => {
  it("answers on the main listener beside the admin API, and the server closes with a live stream open", async () => {
    const served = await startSimulator(
      serveConfigOf({
        port: "0",
        dialects: "generic",
        clock: "virtual",
        start: new Date(START).toISOString(),
      }),
    );
    if (!served) throw new Error("did not start");
    try {
      expect(served.banner("mockpos").join("\n")).toContain(`console     ${served.url}/__console`);
      const page = await fetch(`${served.url}/__console`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain("The floor");
      // One stream is left open while the server closes; another shows the stream works.
      const left = await fetch(`${served.url}/__console/events`);
      expect(left.status).toBe(200);
      const probe = await fetch(`${served.url}/__console/events`);
      expect(await readUntil(probe, (t) => t.includes("event: clock"))).toContain("virtual");
      expect(served.mock.sim.journal.total).toBe(0);
    } finally {
      await served.close();
    }
  });
});
