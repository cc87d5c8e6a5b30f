import { OpenAPIHono, type RouteConfig, type z } from "@hono/zod-openapi";
import type { Context, MiddlewareHandler } from "hono";
import { withAccessFailures } from "../../contracts/admin/common.ts";
import * as routes from "../../contracts/admin/routes.ts";
import { ADMIN_OPERATION } from "../../contracts/operations.ts";
import { locationAuthOf } from "../auth/listing.ts";
import { getLocation, getOrder } from "../domain/chain.ts";
import { appendRound, createOrder, payOrder, voidLine, voidOrder } from "../domain/orders.ts";
import { closeShift } from "../domain/shifts.ts";
import { lockOrder, setSoldOut, unlockOrder } from "../domain/staff.ts";
import type { Location } from "../domain/types.ts";
import type { AppEnv } from "../http/env.ts";
import { validationHook } from "../http/validation.ts";
import { presentOrder, presentShift } from "../present/index.ts";
import type { ScenarioController } from "../scenario/runtime.ts";
import type { Simulator } from "../state.ts";
import { listenersOf } from "../topology/listeners.ts";
import { mountFaultsAndClock } from "./faults.ts";
import { mountPactStates } from "./pact.ts";
import type { StateHost } from "./provider-states/states.ts";
import { mountScenario } from "./scenario.ts";
import { mountSinqroAdmin } from "./sinqro.ts";
import { mountWebhooks } from "./webhooks.ts";

/**
 * The admin API: inspect the simulator and act as the restaurant's staff. With `pact`, where the
 * admin API and every dialect are reached in process, it also serves Pact provider states.
 */
export function adminApi(
  sim: Simulator,
  scenarios: ScenarioController,
  pact?: StateHost,
): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  const now = () => sim.clock.now();
  const tag: MiddlewareHandler<AppEnv> = async (c, next) => {
    c.set("operation", ADMIN_OPERATION);
    const locationId = c.req.param("locationId");
    if (locationId) c.set("locationId", locationId);
    await next();
  };
  // Every route documents what the listener's access rules may answer before it runs.
  const r = <R extends RouteConfig>(route: R): R => ({ ...withAccessFailures(route), middleware: [tag] });
  const loc = (id: string) => getLocation(sim.chain, id);
  const terminal = (terminalId: string) => ({ source: "terminal", terminalId }) as const;
  const summary = (l: Location) => {
    let open = 0;
    for (const o of l.orders.values()) if (o.status === "open") open++;
    const { id, name, timezone, currency, online, credentials } = l;
    return {
      id,
      name,
      timezone,
      currency,
      online,
      credentials: { ...credentials },
      ...locationAuthOf(sim, l),
      orders: l.orders.size,
      openOrders: open,
    };
  };

  app.openapi(r(routes.health), (c) =>
    c.json(
      {
        status: "ok" as const,
        time: new Date(now()).toISOString(),
        clock: sim.clock.kind,
        seed: sim.options.seed,
        locations: sim.chain.locations.length,
        journal: { size: sim.journal.size, capacity: sim.journal.capacity, total: sim.journal.total },
      },
      200,
    ),
  );

  app.openapi(r(routes.reset), (c) => {
    sim.reset();
    return c.json(
      { status: "reset" as const, seed: sim.options.seed, locations: sim.chain.locations.length },
      200,
    );
  });

  app.openapi(r(routes.topology), (c) =>
    c.json(
      {
        listeners: listenersOf(sim).map(({ name, dialect, url, main, scope }) => ({
          name,
          dialect,
          url,
          main,
          locations: scope.locations === null ? null : [...scope.locations],
          operations: scope.operations === null ? null : [...scope.operations],
        })),
      },
      200,
    ),
  );

  app.openapi(r(routes.chainSummary), (c) => {
    const { offset, limit } = c.req.valid("query");
    const chain = sim.chain;
    return c.json(
      {
        seed: chain.seed,
        locale: chain.locale,
        name: chain.name,
        loyaltyProgramme: chain.loyalty?.name ?? null,
        credentials: { ...chain.credentials },
        locationCount: chain.locations.length,
        locations: chain.locations.slice(offset, offset + limit).map(summary),
      },
      200,
    );
  });

  app.openapi(r(routes.locationInspect), (c) => {
    const l = loc(c.req.valid("param").locationId);
    return c.json(
      {
        ...summary(l),
        closeoutHour: l.closeoutHour,
        address: { ...l.address },
        terminals: l.terminals.map((t) => ({ ...t })),
        staff: l.staff.map((s) => ({ ...s })),
        areas: l.areas.map((a) => ({ id: a.id, name: a.name, tables: a.tables.map((t) => ({ ...t })) })),
        soldOut: [...l.soldOut.keys()],
        shifts: l.shifts.map((s) => presentShift(l, s)),
        loyaltyCards: (sim.chain.loyalty?.cards ?? [])
          .slice(0, 20)
          .map(({ number, holder, tier, active }) => ({ number, holder, tier, active })),
      },
      200,
    );
  });

  app.openapi(r(routes.orderInspect), (c) => {
    const { locationId, orderId } = c.req.valid("param");
    const l = loc(locationId);
    const o = getOrder(l, orderId);
    const rounds = o.rounds.map((x) => ({
      number: x.number,
      at: new Date(x.at).toISOString(),
      source: x.source,
    }));
    return c.json({ order: presentOrder(l, o, now()), rounds }, 200);
  });

  app.openapi(r(routes.openAtTerminal), (c) => {
    const l = loc(c.req.valid("param").locationId);
    const { terminalId, ...input } = c.req.valid("json");
    return c.json(presentOrder(l, createOrder(sim.chain, l, input, terminal(terminalId), now()), now()), 201);
  });

  app.openapi(r(routes.addItems), (c) => {
    const { locationId, orderId } = c.req.valid("param");
    const l = loc(locationId);
    const { terminalId, items } = c.req.valid("json");
    return c.json(
      presentOrder(l, appendRound(l, getOrder(l, orderId), { items }, terminal(terminalId), now()), now()),
      200,
    );
  });

  app.openapi(r(routes.voidLine), (c) => {
    const { locationId, orderId, lineId } = c.req.valid("param");
    const l = loc(locationId);
    const o = voidLine(l, getOrder(l, orderId), lineId, terminal(c.req.valid("json").terminalId), now());
    return c.json(presentOrder(l, o, now()), 200);
  });

  app.openapi(r(routes.voidOrder), (c) => {
    const { locationId, orderId } = c.req.valid("param");
    const l = loc(locationId);
    return c.json(
      presentOrder(
        l,
        voidOrder(l, getOrder(l, orderId), terminal(c.req.valid("json").terminalId), now()),
        now(),
      ),
      200,
    );
  });

  app.openapi(r(routes.payAtTerminal), (c) => {
    const { locationId, orderId } = c.req.valid("param");
    const l = loc(locationId);
    const { terminalId, ...pay } = c.req.valid("json");
    return c.json(
      presentOrder(l, payOrder(l, getOrder(l, orderId), pay, terminal(terminalId), now()), now()),
      200,
    );
  });

  app.openapi(r(routes.lock), (c) => {
    const { locationId, orderId } = c.req.valid("param");
    const l = loc(locationId);
    const { terminalId, durationSeconds } = c.req.valid("json");
    const o = lockOrder(
      l,
      getOrder(l, orderId),
      terminalId,
      now(),
      durationSeconds === undefined ? null : durationSeconds * 1000,
    );
    return c.json(presentOrder(l, o, now()), 200);
  });

  app.openapi(r(routes.unlock), (c) => {
    const { locationId, orderId } = c.req.valid("param");
    const l = loc(locationId);
    return c.json(presentOrder(l, unlockOrder(l, getOrder(l, orderId), now()), now()), 200);
  });

  app.openapi(r(routes.availability), (c) => {
    const { locationId, productId } = c.req.valid("param");
    const { soldOut } = c.req.valid("json");
    setSoldOut(loc(locationId), productId, soldOut, now());
    return c.json({ productId, soldOut }, 200);
  });

  app.openapi(r(routes.closeShift), (c) => {
    const l = loc(c.req.valid("param").locationId);
    const { closed, opened } = closeShift(l, now());
    return c.json({ closed: presentShift(l, closed), opened: presentShift(l, opened) }, 200);
  });

  const queryJournal = (q: z.infer<typeof routes.JournalQuery>) =>
    sim.journal.query({
      locationId: q.locationId,
      operation: q.operation,
      outcome: q.outcome,
      from: q.from === undefined ? undefined : Date.parse(q.from),
      to: q.to === undefined ? undefined : Date.parse(q.to),
      after: q.after,
      limit: q.limit,
    });

  app.openapi(r(routes.journal), (c) => {
    const entries = queryJournal(c.req.valid("query"));
    return c.json({ entries, total: sim.journal.total, capacity: sim.journal.capacity }, 200);
  });

  // The typed-response helpers only know JSON, so NDJSON goes out as a plain Response.
  app.openapi(r(routes.journalExport), (async (c: Context<AppEnv>) => {
    const q = c.req.valid("query" as never) as z.infer<typeof routes.JournalQuery>;
    const text = queryJournal(q)
      .map((e) => `${JSON.stringify(e)}\n`)
      .join("");
    return new Response(text, { status: 200, headers: { "content-type": "application/x-ndjson" } });
  }) as never);

  mountFaultsAndClock(app, sim, r);
  mountScenario(app, sim, scenarios, r);
  mountSinqroAdmin(app, sim, r);
  mountWebhooks(app, sim, r);
  if (pact) mountPactStates(app, pact, r);

  return app;
}
