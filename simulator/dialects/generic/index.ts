import { fileURLToPath } from "node:url";
import { OpenAPIHono, type RouteConfig } from "@hono/zod-openapi";
import type { Context } from "hono";
import { GENERIC_DOCUMENT } from "../../../contracts/generic/document.ts";
import * as routes from "../../../contracts/generic/routes.ts";
import { locationAuth } from "../../auth/guard.ts";
import { getOrder } from "../../domain/chain.ts";
import { invalid } from "../../domain/errors.ts";
import { type ListPosition, listOrders } from "../../domain/listing.ts";
import {
  type Actor,
  appendRound,
  applyLoyalty,
  createOrder,
  findCard,
  payOrder,
  sendKitchenMessage,
  setFulfilment,
} from "../../domain/orders.ts";
import { getShift } from "../../domain/shifts.ts";
import type { Location, Order } from "../../domain/types.ts";
import type { AppEnv } from "../../http/env.ts";
import { applyFaults } from "../../http/faults.ts";
import { idempotentWrite } from "../../http/idempotent.ts";
import { menuJson } from "../../http/menu-cache.ts";
import { renderProblem } from "../../http/problem.ts";
import { guardedRoute, validationHook } from "../../http/validation.ts";
import { presentOrder, presentOrderStatus, presentShift, presentTables } from "../../present/index.ts";
import type { Simulator } from "../../state.ts";
import type { DialectDescriptor } from "../descriptor.ts";
import { genericCredential, requireLocation } from "./access.ts";
import { catalogReads, genericHotReads, locationStatus } from "./reads.ts";
import { genericSharedCredential } from "./shared-credential.ts";

const API: Actor = { source: "api" };
type Ctx = Context<AppEnv>;

/**
 * The generic POS API, mockpos's own: every route under /v1/locations/{locationId}, X-Api-Key or
 * HTTP Basic, RFC 9457 problem+json errors. Its app also serves the admin API and the console.
 */
export const GENERIC = {
  name: "generic",
  title: "the generic POS API, the admin API and the console",
  defaultPort: 8080,
  document: GENERIC_DOCUMENT,
  securitySchemes: {
    apiKey: { type: "apiKey", in: "header", name: "X-Api-Key" },
    basic: {
      type: "http",
      scheme: "basic",
      description: "User name and password of the location (see /__admin/chain).",
    },
  },
  errorBody: { contentType: "application/problem+json", schema: "Problem" },
  idempotencyHeader: routes.IDEMPOTENCY_HEADER,
  credentialHeaders: ["x-api-key", "authorization"],
  renderError: () => renderProblem,
  journalCredential: (sim, c) => genericCredential(sim.chain, c),
  sharedCredential: genericSharedCredential,
  routes: genericRoutes,
  hotReads: genericHotReads,
  load: { module: fileURLToPath(new URL("../../../load/k6/dialects/generic.ts", import.meta.url)) },
} as const satisfies DialectDescriptor<"generic">;

/** One route per canonical operation, validated by the contract's schemas. */
function genericRoutes(sim: Simulator): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  const auth = locationAuth(
    sim,
    requireLocation(() => sim.chain),
    {
      pathLocation: (c) => c.req.param("locationId"),
    },
  );
  const now = () => sim.clock.now();

  /** Tags the request with its operation before anything can fail, applies faults, then authenticates. */
  function guarded<R extends RouteConfig>(route: R): R {
    const operation = route["x-mockpos-operation"] as string;
    const faults = applyFaults(
      () => sim.faults,
      (c) => {
        c.set("operation", operation);
        // What the path names, before it is authorised: fault rules scoped to a location or order act on it.
        const locationId = c.req.param("locationId");
        const orderId = c.req.param("orderId");
        if (locationId) c.set("locationId", locationId);
        if (orderId) c.set("orderId", orderId);
      },
    );
    return guardedRoute(app, route, [faults, auth]);
  }

  /** A write answered with `status`, once per Idempotency-Key. */
  async function write<T extends object, S extends 200 | 201>(
    c: Ctx,
    request: unknown,
    status: S,
    run: (location: Location) => T,
  ) {
    return c.json(await idempotentWrite(sim, c, request, run), status);
  }

  const order = (c: Ctx): Order => getOrder(c.get("location"), c.req.param("orderId") ?? "");

  app.openapi(guarded(routes.locationStatus), (c) => c.json(locationStatus(c.get("location"), now()), 200));

  app.openapi(guarded(routes.menuGet), (c) => {
    const l = c.get("location");
    return menuJson(c, l, catalogReads.menu.key, () => catalogReads.menu.render(l));
  });

  app.openapi(guarded(routes.modifiersGet), (c) => {
    const l = c.get("location");
    return menuJson(c, l, catalogReads.modifiers.key, () => catalogReads.modifiers.render(l));
  });

  app.openapi(guarded(routes.availabilityGet), (c) => {
    const l = c.get("location");
    return menuJson(c, l, catalogReads.availability.key, () => catalogReads.availability.render(l));
  });

  app.openapi(guarded(routes.tablesGet), (c) => c.json(presentTables(c.get("location")), 200));

  app.openapi(guarded(routes.ordersList), (c) => {
    const l = c.get("location");
    const { cursor, ...q } = c.req.valid("query");
    const page = listOrders(l, { ...q, after: cursor === undefined ? undefined : decodeCursor(cursor) });
    return c.json(
      {
        orders: page.orders.map((o) => presentOrder(l, o, now())),
        cursor: encodeCursor(page.next),
        hasMore: page.hasMore,
      },
      200,
    );
  });

  app.openapi(guarded(routes.orderGet), (c) => c.json(presentOrder(c.get("location"), order(c), now()), 200));

  app.openapi(guarded(routes.orderCreate), async (c) => {
    const body = c.req.valid("json");
    return write(c, body, 201, (l) => presentOrder(l, createOrder(sim.chain, l, body, API, now()), now()));
  });

  app.openapi(guarded(routes.orderAppend), async (c) => {
    const body = c.req.valid("json");
    return write(c, body, 200, (l) => {
      const o = appendRound(l, order(c), { items: body.items, expectedVersion: body.version }, API, now());
      return presentOrder(l, o, now());
    });
  });

  app.openapi(guarded(routes.orderPay), async (c) => {
    const body = c.req.valid("json");
    return write(c, body, 200, (l) => presentOrder(l, payOrder(l, order(c), body, API, now()), now()));
  });

  app.openapi(guarded(routes.orderStatusGet), (c) => c.json(presentOrderStatus(order(c), now()), 200));

  app.openapi(guarded(routes.orderStatusSet), async (c) => {
    const body = c.req.valid("json");
    return write(c, body, 200, (l) =>
      presentOrderStatus(setFulfilment(l, order(c), body.status, API, now()), now()),
    );
  });

  app.openapi(guarded(routes.kitchenMessage), async (c) => {
    const body = c.req.valid("json");
    return write(c, body, 201, (l) => {
      const o = order(c);
      const m = sendKitchenMessage(l, o, body.text, API, now());
      return { id: m.id, orderId: o.id, text: m.text, at: new Date(m.at).toISOString() };
    });
  });

  app.openapi(guarded(routes.loyaltyCardGet), (c) => {
    const card = findCard(sim.chain, c.req.valid("param").cardNumber, "path.cardNumber");
    const { number, holder, tier, points } = card;
    return c.json({ number, holder, tier, points, programme: sim.chain.loyalty?.name ?? "" }, 200);
  });

  app.openapi(guarded(routes.loyaltyApply), async (c) => {
    const body = c.req.valid("json");
    return write(c, body, 200, (l) =>
      presentOrder(l, applyLoyalty(sim.chain, l, order(c), body.cardNumber, API, now()), now()),
    );
  });

  app.openapi(guarded(routes.shiftsList), (c) => {
    const l = c.get("location");
    const { businessDate } = c.req.valid("query");
    const shifts = l.shifts.filter((s) => businessDate === undefined || s.businessDate === businessDate);
    return c.json({ locationId: l.id, shifts: shifts.map((s) => presentShift(l, s)) }, 200);
  });

  app.openapi(guarded(routes.shiftGet), (c) => {
    const l = c.get("location");
    return c.json(presentShift(l, getShift(l, c.req.valid("param").shiftId)), 200);
  });

  return app;
}

// `seq:<n>`, and on a later page of a listing begun without a cursor `seq:<n>:<closings after>`.
function encodeCursor(at: ListPosition): string {
  const text = at.closedAfter === undefined ? `seq:${at.seq}` : `seq:${at.seq}:${at.closedAfter}`;
  return Buffer.from(text).toString("base64url");
}

function decodeCursor(cursor: string): ListPosition {
  const m = Buffer.from(cursor, "base64url")
    .toString("utf8")
    .match(/^seq:(\d{1,15})(?::(\d{1,15}))?$/);
  if (!m?.[1]) throw invalid("query.cursor", "not a cursor this API issued");
  return m[2] === undefined ? { seq: Number(m[1]) } : { seq: Number(m[1]), closedAfter: Number(m[2]) };
}
