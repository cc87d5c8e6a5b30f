import { existsSync, mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Served, serveConfigOf, startSimulator } from "../../bin/serve.ts";
import { Engine } from "../../connector/engine/index.ts";
import { engineConfigFor } from "../../connector/mock/config.ts";
import { inProcessBaseUrl, inProcessFetch } from "../../connector/mock/in-process.ts";
import { freeTable, simpleProduct } from "../../test/support/menu.ts";
import type { Location } from "../domain/types.ts";

/** Debian's Chromium (`apt-get install chromium`), or the one MOCKPOS_CHROMIUM names. */
const CHROMIUM = process.env.MOCKPOS_CHROMIUM || "/usr/bin/chromium";
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const ROOT = resolve(import.meta.dirname, "..", "..");
/**
 * Where the pictures go: docs/console-*.png (the README's) when MOCKPOS_SCREENSHOT=docs, out/
 * otherwise, so that running the tests leaves the work tree as it was.
 */
const SHOTS = process.env.MOCKPOS_SCREENSHOT === "docs" ? join(ROOT, "docs") : join(ROOT, "out");
const FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
];
/** Every wait on the page is bounded (Playwright's own waits; no fixed sleeps). */
const WAIT = { timeout: 15_000 };
const START = Date.UTC(2026, 2, 13, 12, 0); // a Friday, noon in London

// A missing browser is a broken machine, not a reason to skip: .ci/run installs Debian's chromium.
describe("the console in a browser", { timeout: 120_000 }, () => {
  it("has a browser to open it in", () => {
    expect(
      HAVE_CHROMIUM,
      `no Chromium at ${CHROMIUM}: apt-get install chromium (or set MOCKPOS_CHROMIUM)`,
    ).toBe(true);
  });

  let served: Served;
  let engine: Engine;
  let browser: Browser;
  let url: string;
  const loc = (i: number) => served.mock.sim.chain.locations[i] as Location;
  /** A connector's request to the generic API over the socket, with the location's own key. */
  const api = async (method: string, l: Location, path: string, body?: unknown) => {
    const res = await fetch(`${url}/v1/locations/${l.id}${path}`, {
      method,
      headers: { "x-api-key": l.credentials.apiKey, ...(body ? { "content-type": "application/json" } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  const admin = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${url}/__admin${path}`, {
      method,
      headers: body ? { "content-type": "application/json" } : {},
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return (await res.json()) as any;
  };
  const open = async (path: string, viewport = { width: 1280, height: 800 }): Promise<Page> => {
    const page = await browser.newPage({ viewport });
    page.on("dialog", (d) => void d.accept());
    await page.goto(`${url}${path}`);
    await page.locator('#live[data-on="1"]').waitFor(WAIT);
    return page;
  };
  const shot = async (page: Page, name: string) => {
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: join(SHOTS, `console-${name}.png`), fullPage: false });
  };
  const noSideways = (page: Page) =>
    page.evaluate<number>("document.documentElement.scrollWidth - window.innerWidth");

  beforeAll(async () => {
    const started = await startSimulator(
      serveConfigOf({
        port: "0",
        dialects: "generic",
        clock: "virtual",
        start: new Date(START).toISOString(),
        locations: "12",
        seed: "console",
        locale: "en",
      }),
    );
    if (!started) throw new Error("mockpos did not start");
    served = started;
    url = served.url;
    // The reference engine polls every location in process, on the simulator's clock: stepping
    // the clock from the console is what makes it poll.
    engine = new Engine({ clock: served.clock, fetch: inProcessFetch(served.mock) });
    await engine.configure({
      config: {
        seed: "console",
        ...engineConfigFor(served.mock.sim.chain, "generic", inProcessBaseUrl("generic")),
      },
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
  });

  afterAll(async () => {
    await browser?.close();
    await engine?.stop();
    await served?.close();
  });

  it("locks an order from the console; the connector's next write to it is 423 in the live journal", async () => {
    const l = loc(0);
    const page = await open(`/__console/locations/${l.id}`);
    const form = page.locator("#open-order");
    await form.locator('[name="terminalId"]').selectOption("term-1");
    await form.locator('[name="tableId"]').selectOption(freeTable(l).id);
    await form.locator('[name="productId"]').selectOption(simpleProduct(l).id);
    await form.locator('[name="minutes"]').fill("5");
    await form.getByRole("button", { name: "Open order" }).click();
    const flash = page.locator("#flash .flash.ok");
    await flash.waitFor(WAIT);
    const message = (await flash.textContent()) ?? "";
    expect(message).toMatch(/opened at term-1 and held there for 5 min/);
    const orderId = /\((loc-[^)]+)\)/.exec(message)?.[1] as string;
    // The panel follows live: the order shows as held at its terminal.
    await page.locator(`#order-${orderId} summary`, { hasText: "held at term-1 until 12:05" }).waitFor(WAIT);

    const journal = await open(`/__console/journal?locationId=${l.id}&operation=order.append`);
    const write = await api("POST", l, `/orders/${orderId}/rounds`, {
      items: [{ productId: simpleProduct(l, 1).id, quantity: 1 }],
    });
    expect(write.status).toBe(423);
    const row = journal.locator("#journal-rows tr", { hasText: "LOCKED" });
    await row.waitFor(WAIT);
    expect(await row.textContent()).toContain("423");
    // A click opens the whole entry beside the list.
    await row.click();
    const detail = journal.locator("#entry-detail");
    await detail.getByText("apiKey:loc-0001").waitFor(WAIT);
    expect(await detail.textContent()).toContain(`/v1/locations/${l.id}/orders/${orderId}/rounds`);
    await journal.close();
    await page.close();
  });

  it("sells an item out: availability.get says so", async () => {
    const l = loc(0);
    const product = simpleProduct(l, 2);
    const page = await open(`/__console/locations/${l.id}`);
    const form = page.locator("#sell-out");
    await form.locator('[name="productId"]').selectOption(product.id);
    await form.getByRole("button", { name: "Sell out" }).click();
    await page.locator("#flash .flash.ok", { hasText: `${product.id} sold out` }).waitFor(WAIT);
    const availability = await api("GET", l, "/availability");
    expect(
      availability.body.items.find((i: { productId: string }) => i.productId === product.id),
    ).toMatchObject({
      soldOut: true,
    });
    await page.getByRole("button", { name: `Back in stock: ${product.name}` }).waitFor(WAIT);
    await page.close();
  });

  it("adds a fault from the form and its hit count rises; a bad value shows the schema's message and changes nothing", async () => {
    const page = await open("/__console/faults");
    const form = page.locator("#fault-form");
    await form.getByLabel("Id").fill("status-500");
    await form.getByLabel("Kind").selectOption("error");
    await form.getByLabel("Locations").fill(loc(1).id);
    await form.getByLabel("Operations").selectOption("location.status");
    await form.locator('[name="k.error.code"]').selectOption("SERVER_ERROR");
    await form.getByRole("button", { name: "Put in force" }).click();
    await page.locator("#flash .flash.ok", { hasText: "rule status-500 in force" }).waitFor(WAIT);
    const hits = page.locator("#fault-status-500 td.hits");
    await hits.filter({ hasText: /^0$/ }).waitFor(WAIT);
    for (let i = 0; i < 3; i++) expect((await api("GET", loc(1), "/status")).status).toBe(500);
    await hits.filter({ hasText: /^3$/ }).waitFor(WAIT);

    const before = await admin("GET", "/faults");
    await form.getByLabel("Id").fill("Bad Id!");
    await form.getByLabel("Kind").selectOption("latency");
    await form.locator('[name="k.latency.distribution.type"]').selectOption("lognormal");
    await form.locator('[name="k.latency.distribution.p50"]').fill("fast");
    await form.locator('[name="k.latency.distribution.p99"]').fill("8s");
    await form.getByRole("button", { name: "Put in force" }).click();
    await page.locator("#flash .flash.error", { hasText: "VALIDATION: body.id:" }).waitFor(WAIT);
    await form
      .locator(".field-error", { hasText: "lower-case letters, digits, . _ - (up to 64)" })
      .waitFor(WAIT);
    await form
      .locator(".field-error", {
        hasText: "a duration like 250ms, 30s, 5m or 2h, or a number of milliseconds",
      })
      .waitFor(WAIT);
    expect(await form.getByLabel("Id").getAttribute("aria-invalid")).toBe("true");
    expect(await admin("GET", "/faults")).toEqual(before);
    await page.close();
  });

  it("steps the clock from the console while the engine polls; the timeline and the floor show it", async () => {
    const [pub, venue, closed] = [loc(0), loc(2), loc(3)];
    await admin("POST", "/faults", {
      id: "pub-outage",
      kind: "unreachable",
      mode: "503",
      scope: { locations: [pub.id] },
      when: {
        from: new Date(START + 44 * 60_000).toISOString(),
        to: new Date(START + 55 * 60_000).toISOString(),
      },
    });
    const clock = await open("/__console/clock");
    await clock.getByRole("button", { name: "+1 hour" }).click();
    await clock.locator("#flash .flash.ok", { hasText: "clock stepped 1h" }).waitFor(WAIT);
    expect(served.clock.now()).toBe(START + 3_600_000);
    await clock.close();

    const timeline = await open(`/__console/timeline?locationId=${pub.id}&window=1h`);
    const svg = timeline.locator(`svg.timeline[data-location="${pub.id}"]`);
    await svg.waitFor(WAIT);
    expect(await svg.locator('g.lane[data-lane="status"] line').count()).toBeGreaterThan(40);
    expect(await svg.locator("path.failed").count()).toBeGreaterThan(0);
    expect(await svg.locator("g.fault-band").first().textContent()).toContain("pub-outage");
    await shot(timeline, "timeline");
    await timeline.close();

    // The pub's journal: its requests during the outage were shaped by the rule; one opens beside the list.
    const journal = await open(`/__console/journal?locationId=${pub.id}&operation=location.status`);
    await journal.locator("#journal-rows tr.faulted").first().click();
    await journal.locator("#entry-detail", { hasText: "pub-outage" }).waitFor(WAIT);
    await journal.evaluate("window.scrollTo(0, 0)");
    await shot(journal, "journal");
    await journal.close();

    // The floor, busy: a link down, a shift closing, a location closed online, an order held at a terminal.
    const [held, closing] = [loc(4), loc(5)];
    await admin("POST", "/faults", {
      id: "venue-link",
      kind: "unreachable",
      mode: "reset",
      scope: { locations: [venue.id] },
    });
    await admin("POST", "/faults", {
      id: "close-1302",
      kind: "shift_close",
      at: ["13:02"],
      window: "10m",
      scope: { locations: [closing.id] },
    });
    await admin("PUT", `/locations/${closed.id}/closure`, { reason: "kitchen fire" });
    const order = [...held.orders.values()].find((o) => o.status === "open");
    if (!order) throw new Error(`${held.id} has no open order`);
    await admin("PUT", `/locations/${held.id}/orders/${order.id}/lock`, { terminalId: "term-2" });
    await admin("POST", "/clock/advance", { by: "5m" });
    const floor = await open("/__console");
    await floor.locator(`#row-${venue.id} .badge.unreachable`).waitFor(WAIT);
    await floor.locator(`#row-${closed.id} .badge.closed`).waitFor(WAIT);
    await floor.locator(`#row-${closing.id} .badge.read-only`).waitFor(WAIT);
    await floor
      .locator(`#row-${held.id} .badge.lock`, { hasText: `#${order.number} at term-2` })
      .waitFor(WAIT);
    await shot(floor, "floor");
    // Keyboard: the first Tab lands on the skip link, and a location is reachable by keyboard.
    await floor.keyboard.press("Tab");
    expect(await floor.evaluate<string>("document.activeElement.textContent")).toBe("Skip to content");
    await floor.locator(`#row-${venue.id} a`).first().focus();
    await floor.keyboard.press("Enter");
    await floor.waitForURL(`**/__console/locations/${venue.id}`, WAIT);
    // A phone: nothing overflows sideways.
    await floor.setViewportSize({ width: 390, height: 844 });
    await floor.goto(`${url}/__console`);
    expect(await noSideways(floor)).toBeLessThanOrEqual(0);
    await floor.goto(`${url}/__console/journal`);
    expect(await noSideways(floor)).toBeLessThanOrEqual(0);
    await floor.close();
  });
});
