import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import * as routes from "../../../contracts/elyx/routes.ts";
import { invalid, PosError } from "../../domain/errors.ts";
import type { Location, Order, Shift } from "../../domain/types.ts";
import type { AppEnv } from "../../http/env.ts";
import { menuJson } from "../../http/menu-cache.ts";
import type { Simulator } from "../../state.ts";
import { selectLocations, visibleLocation } from "./access.ts";
import { findShift, findTicket, parseRef } from "./ids.ts";
import type { Guard } from "./index.ts";
import { accountingShift, presentArticles, presentShift, presentStatus, presentTicket } from "./present.ts";
import { decodeCursor, encodeCursor, salesPage, scopeOf, startAt } from "./sales.ts";

type Ctx = Context<AppEnv>;

// The contract has checked the shape already; this only guards the parse.
function resolveRef(
  sim: Simulator,
  c: Ctx,
  ref: string,
  field: string,
): { location: Location; number: number } {
  const parsed = parseRef(ref);
  if (!parsed) throw invalid(field, `'${ref}' is not a reference like 7-42`);
  const location = visibleLocation(sim.chain, c, parsed.location);
  c.set("location", location);
  return { location, number: parsed.number };
}

export function resolveTicket(sim: Simulator, c: Ctx, ref: string): { location: Location; order: Order } {
  const { location, number } = resolveRef(sim, c, ref, "path.ticketId");
  const order = findTicket(location, number);
  if (!order) throw new PosError("NOT_FOUND", `ticket ${ref} does not exist`);
  return { location, order };
}

function resolveShift(
  sim: Simulator,
  c: Ctx,
  ref: string,
  field = "path.shiftId",
): { location: Location; shift: Shift } {
  const { location, number } = resolveRef(sim, c, ref, field);
  const shift = findShift(location, number);
  if (!shift) throw new PosError("NOT_FOUND", `shift ${ref} does not exist`);
  return { location, shift };
}

/** The location of a numeric path id, if the key sees it. */
export function pathLocation(sim: Simulator, c: Ctx, id: string): Location {
  const location = visibleLocation(sim.chain, c, Number(id));
  c.set("location", location);
  return location;
}

// A request about exactly one location is journaled under it.
function selected(sim: Simulator, c: Ctx, filter: string | undefined): Location[] {
  const locations = selectLocations(sim.chain, c, filter);
  if (locations.length === 1 && locations[0]) c.set("location", locations[0]);
  return locations;
}

/** The Elyx read routes: locations, articles, tickets, the sales feed and shift reports. */
export function mountReads(app: OpenAPIHono<AppEnv>, sim: Simulator, guard: Guard): void {
  const now = () => sim.clock.now();

  app.openapi(guard(routes.elyxLocations), (c) => {
    const locations = selected(sim, c, c.req.valid("query").locations);
    return c.json(
      { serverTime: new Date(now()).toISOString(), locations: locations.map((l) => presentStatus(l, now())) },
      200,
    );
  });

  app.openapi(guard(routes.elyxLocation), (c) =>
    c.json(presentStatus(pathLocation(sim, c, c.req.valid("param").locationId), now()), 200),
  );

  app.openapi(guard(routes.elyxArticles), (c) => {
    const location = pathLocation(sim, c, c.req.valid("param").locationId);
    return menuJson(c, location, "elyx.articles", () => presentArticles(location));
  });

  app.openapi(guard(routes.elyxTickets), (c) => {
    const q = c.req.valid("query");
    const locations = selected(sim, c, q.locations);
    const inShift = q.shift === undefined ? undefined : resolveShift(sim, c, q.shift, "query.shift");
    const from = q.from === undefined ? Number.NEGATIVE_INFINITY : Date.parse(q.from);
    const to = q.to === undefined ? Number.POSITIVE_INFINITY : Date.parse(q.to);
    if (from >= to) throw invalid("query.to", "must be later than `from`");
    const matching: { location: Location; order: Order }[] = [];
    for (const location of locations) {
      if (inShift && inShift.location !== location) continue;
      for (const order of location.orders.values()) {
        if (q.status !== undefined && order.status !== q.status) continue;
        const shift = accountingShift(location, order);
        if (inShift && shift !== inShift.shift) continue;
        if (q.businessDate !== undefined && (shift?.businessDate ?? order.businessDate) !== q.businessDate)
          continue;
        const at = order.closedAt ?? order.openedAt;
        if (at < from || at >= to) continue;
        matching.push({ location, order });
      }
    }
    const offset = q.offset;
    const page = matching.slice(offset, offset + q.limit);
    return c.json(
      {
        tickets: page.map(({ location, order }) => presentTicket(location, order, now())),
        total: matching.length,
        offset,
        limit: q.limit,
      },
      200,
    );
  });

  app.openapi(guard(routes.elyxTicket), (c) => {
    const { location, order } = resolveTicket(sim, c, c.req.valid("param").ticketId);
    return c.json(presentTicket(location, order, now()), 200);
  });

  app.openapi(guard(routes.elyxSales), (c) => {
    const q = c.req.valid("query");
    const locations = selected(sim, c, q.locations);
    const scope = scopeOf(locations);
    const t = now();
    if (q.cursor !== undefined && q.from !== undefined)
      throw invalid("query.from", "give either `cursor` or `from`, not both");
    const position = q.cursor === undefined ? startAt(q.from, t) : decodeCursor(q.cursor, scope, t);
    const page = salesPage(locations, position, t, q.limit);
    return c.json(
      {
        tickets: page.changes.map(({ location, order }) => presentTicket(location, order, t)),
        cursor: encodeCursor(page.next, scope),
        hasMore: page.hasMore,
        serverTime: new Date(t).toISOString(),
      },
      200,
    );
  });

  app.openapi(guard(routes.elyxShifts), (c) => {
    const q = c.req.valid("query");
    const shifts = selected(sim, c, q.locations).flatMap((location) =>
      location.shifts
        .filter((s) => q.businessDate === undefined || s.businessDate === q.businessDate)
        .filter((s) => q.status === undefined || (s.closedAt === null) === (q.status === "open"))
        .map((s) => presentShift(location, s)),
    );
    return c.json({ shifts }, 200);
  });

  app.openapi(guard(routes.elyxShift), (c) => {
    const { location, shift } = resolveShift(sim, c, c.req.valid("param").shiftId);
    return c.json(presentShift(location, shift), 200);
  });
}
