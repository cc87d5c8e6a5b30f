import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { Hono } from "hono";
import type { MockPos } from "../app.ts";
import { findLocation } from "../domain/chain.ts";
import { ACTIONS } from "./actions.ts";
import { CSS, SCRIPT } from "./assets.ts";
import { clockPage } from "./clock.ts";
import { ClockRunner } from "./clock-runner.ts";
import type { ConsoleContext, ConsoleOptions } from "./context.ts";
import { clockLine } from "./context.ts";
import { events, Hub } from "./events.ts";
import type { FormValues } from "./fault-form.ts";
import { faultList, faultsPage } from "./faults.ts";
import { floorPage, floorPartial } from "./floor.ts";
import { type Child, h, render } from "./html.ts";
import { entryDetail, entryPage, journalPage } from "./journal.ts";
import { BASE, page } from "./layout.ts";
import { locationPage, locationPanel } from "./location.ts";
import { reportFile, reportsPage } from "./reports.ts";
import { timelinePage, timelinePartial } from "./timeline.ts";

export type { ConsoleOptions } from "./context.ts";
export { BASE as CONSOLE_PATH } from "./layout.ts";

type Fetch = (req: Request, env?: unknown) => Response | Promise<Response>;

export interface Console {
  /** The console's own app: every route under `/__console`. */
  app: Hono;
  context: ConsoleContext;
  /** Ends the live streams and stops the clock runner, so a server can close. */
  close(): void;
}

const DEFAULT_SCENARIOS = resolve(import.meta.dirname, "..", "..", "scenarios");

/**
 * The console: web pages to be the restaurant's staff and to watch what a connector does. It
 * reads the simulator directly and acts only through the admin API's routes, in process.
 */
export function createConsole(mock: MockPos, options: ConsoleOptions = {}): Console {
  const hub = new Hub();
  const ctx: ConsoleContext = {
    mock,
    sim: mock.sim,
    reports: options.reports ?? "out",
    scenarios: options.scenarios ?? DEFAULT_SCENARIOS,
    runner: new ClockRunner(mock.sim.clock, () => hub.changed()),
    changed: () => hub.changed(),
  };
  const app = new Hono().basePath(BASE);
  const html = (node: Child, status = 200) =>
    new Response(`<!doctype html>\n${render(node)}`, {
      status,
      headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" },
    });
  const partial = (node: Child) =>
    new Response(render(node), {
      headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" },
    });
  const notFound = (what: string) =>
    html(
      page(ctx, { title: "Not found", nav: "floor" }, h("h1", null, "Not found"), h("p", null, what)),
      404,
    );
  const params = (url: string) => new URL(url).searchParams;

  // A served console is behind the listener's access rules (simulator/admin/access.ts: Host,
  // token, cross-site); this check holds for the console app used on its own too: a form posted
  // from another site is refused, since a form post needs no preflight.
  app.use("*", async (c, next) => {
    if (c.req.method === "POST") {
      const site = c.req.header("sec-fetch-site");
      const origin = c.req.header("origin");
      const host = c.req.header("host");
      const originHost = () => {
        try {
          return new URL(origin ?? "").host;
        } catch {
          return null;
        }
      };
      const foreign =
        (site !== undefined && site !== "same-origin" && site !== "none") ||
        (origin !== undefined && host !== undefined && originHost() !== host);
      if (foreign) return c.text("the console takes actions from its own pages only", 403);
    }
    await next();
  });

  app.get(
    "/assets/console.css",
    () =>
      new Response(CSS, {
        headers: { "content-type": "text/css; charset=utf-8", "cache-control": "no-cache" },
      }),
  );
  app.get(
    "/assets/console.js",
    () =>
      new Response(SCRIPT, {
        headers: { "content-type": "text/javascript; charset=utf-8", "cache-control": "no-cache" },
      }),
  );

  app.get("/", (c) => html(floorPage(ctx, params(c.req.url))));
  app.get("/partials/floor", (c) => partial(floorPartial(ctx, params(c.req.url))));
  app.get("/locations/:locationId", (c) => {
    const node = locationPage(ctx, c.req.param("locationId"), params(c.req.url));
    return node ? html(node) : notFound(`No location '${c.req.param("locationId")}'.`);
  });
  app.get("/partials/location/:locationId", (c) => {
    const location = findLocation(ctx.sim.chain, c.req.param("locationId"));
    return location ? partial(locationPanel(ctx, location)) : partial(h("p", null, "No such location."));
  });
  app.get("/journal", (c) => html(journalPage(ctx, params(c.req.url))));
  app.get("/journal/:seq", (c) => {
    const entry = ctx.sim.journal.get(Number(c.req.param("seq")));
    if (!entry) return notFound(`Request #${c.req.param("seq")} is not in the journal (any more).`);
    // The generic API answers where the console does when served centrally (the curl line uses it).
    const origin = new URL(c.req.url).origin;
    return params(c.req.url).get("partial")
      ? partial(entryDetail(ctx, entry, origin))
      : html(entryPage(ctx, entry, origin));
  });
  app.get("/timeline", (c) => html(timelinePage(ctx, params(c.req.url))));
  app.get("/partials/timeline", (c) => partial(timelinePartial(ctx, params(c.req.url))));
  app.get("/faults", (c) => html(faultsPage(ctx, params(c.req.url))));
  app.get("/partials/faults", () => partial(faultList(ctx)));
  app.get("/clock", (c) => html(clockPage(ctx, params(c.req.url))));
  app.get("/reports", () => html(reportsPage(ctx)));
  app.get("/reports/file/*", (c) => {
    const path = decodeURIComponent(c.req.path.slice(`${BASE}/reports/file/`.length));
    const file = reportFile(ctx.reports, path);
    if (!file) return notFound(`No report '${path}'.`);
    const type = file.endsWith(".html")
      ? "text/html; charset=utf-8"
      : file.endsWith(".json")
        ? "application/json"
        : "application/xml";
    return new Response(readFileSync(file), {
      headers: { "content-type": type, "cache-control": "no-store" },
    });
  });
  app.get("/events", (c) => events(ctx, hub, c));

  app.post("/act/:action", async (c) => {
    const name = c.req.param("action");
    const action = Object.hasOwn(ACTIONS, name) ? ACTIONS[name] : undefined;
    if (!action) return c.json({ ok: false, message: `NOT_FOUND: no console action '${name}'` }, 404);
    const form = (await c.req.parseBody({ all: true })) as FormValues;
    let outcome: Awaited<ReturnType<typeof action>>;
    try {
      outcome = await action(ctx, form);
    } catch (err) {
      outcome = { ok: false, message: `SERVER_ERROR: ${(err as Error).message}` };
    }
    if (outcome.ok) hub.changed();
    if ((c.req.header("accept") ?? "").includes("application/json"))
      return c.json({ ...outcome, clock: outcome.clock ?? clockLine(ctx) }, outcome.ok ? 200 : 400);
    // Without the script: back to the page the form was on, the outcome in the query string.
    const backTo = typeof form.back === "string" && form.back.startsWith(BASE) ? form.back : BASE;
    const url = new URL(backTo, "http://console.invalid");
    url.searchParams.set("flash", outcome.message);
    url.searchParams.set("ok", outcome.ok ? "1" : "0");
    return c.redirect(`${url.pathname}${url.search}`, 303);
  });

  app.notFound((c) => notFound(`Nothing at ${c.req.path}.`));

  return {
    app,
    context: ctx,
    close() {
      ctx.runner.pause();
      hub.close();
    },
  };
}

/** Whether a path is the console's. */
export function isConsolePath(path: string): boolean {
  return path === BASE || path.startsWith(`${BASE}/`);
}

/**
 * A listener's app with the console beside it: `/__console…` goes to the console, everything
 * else to `base` (the main listener: admin API and, served centrally, the generic dialect). The
 * console is outside the dialect, so its own requests are never journaled nor meet a fault.
 */
export function withConsole(
  base: { fetch: Fetch },
  mock: MockPos,
  options: ConsoleOptions = {},
): { fetch: Fetch; console: Console; close(): void } {
  const console = createConsole(mock, options);
  return {
    console,
    fetch(req, env) {
      const path = new URL(req.url).pathname;
      return isConsolePath(path) ? console.app.fetch(req, env) : base.fetch(req, env);
    },
    close: () => console.close(),
  };
}
