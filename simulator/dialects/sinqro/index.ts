import { fileURLToPath } from "node:url";
import { OpenAPIHono, type RouteConfig } from "@hono/zod-openapi";
import type { Context } from "hono";
import { IDEMPOTENCY_HEADER } from "../../../contracts/sinqro/common.ts";
import { SINQRO_DOCUMENT } from "../../../contracts/sinqro/document.ts";
import * as routes from "../../../contracts/sinqro/routes.ts";
import { SINQRO_WEBHOOKS } from "../../../contracts/sinqro/webhooks.ts";
import { locationAuth } from "../../auth/guard.ts";
import { getOrder } from "../../domain/chain.ts";
import { type Actor, createOrder, setFulfilment } from "../../domain/orders.ts";
import { createReservation, getReservation, setReservationStatus } from "../../domain/reservations.ts";
import { assertTakingOrders } from "../../domain/schedule.ts";
import type { Location } from "../../domain/types.ts";
import type { AppEnv } from "../../http/env.ts";
import { applyFaults } from "../../http/faults.ts";
import { idempotentWrite } from "../../http/idempotent.ts";
import { menuJson } from "../../http/menu-cache.ts";
import { guardedRoute, validationHook } from "../../http/validation.ts";
import type { Simulator } from "../../state.ts";
import type { DialectDescriptor } from "../descriptor.ts";
import {
  requireTokens,
  SERVER_TOKEN_HEADER,
  sinqroCredential,
  tagRequest,
  USER_TOKEN_HEADER,
} from "./auth.ts";
import * as catalog from "./catalog.ts";
import { fulfilmentOf, onlineOrder, orderInput, reservationInput, reservationStatusOf } from "./input.ts";
import {
  all,
  ok,
  presentOrder,
  presentOrderStatus,
  presentReservation,
  presentReservationStatus,
} from "./present.ts";
import { renderSinqro } from "./render.ts";
import { sinqroSharedCredential } from "./shared-credential.ts";

const API: Actor = { source: "api" };
type Ctx = Context<AppEnv>;

/**
 * The Sinqro-passive dialect: the POS API Sinqro consumes — orders and bookings in, their
 * status both ways, the online catalog, schedule and temporary closing out — over the same
 * chain as every other dialect, failing in Sinqro's own words.
 */
export const SINQRO = {
  name: "sinqro",
  title: "the Sinqro-style API",
  defaultPort: 8083,
  document: SINQRO_DOCUMENT,
  tokenPath: "/sinqro/v1/oauth/token",
  securitySchemes: {
    serverToken: {
      type: "apiKey",
      in: "header",
      name: SERVER_TOKEN_HEADER,
      description: "The integration's token, one for the chain (serverToken in /__admin/chain).",
    },
    userToken: {
      type: "apiKey",
      in: "header",
      name: USER_TOKEN_HEADER,
      description: "The restaurant's token (its apiKey in /__admin/chain); it picks the restaurant.",
    },
  },
  webhooks: SINQRO_WEBHOOKS,
  errorBody: { contentType: "application/json", schema: "SinqroError" },
  idempotencyHeader: IDEMPOTENCY_HEADER,
  credentialHeaders: [USER_TOKEN_HEADER, SERVER_TOKEN_HEADER],
  renderError: () => renderSinqro,
  journalCredential: (sim, c) => sinqroCredential(sim.chain, c),
  sharedCredential: sinqroSharedCredential,
  routes: sinqroRoutes,
  load: {
    module: fileURLToPath(new URL("../../../load/k6/dialects/sinqro.ts", import.meta.url)),
    credentials: (chain) => ({ serverToken: chain.credentials.serverToken }),
  },
} as const satisfies DialectDescriptor<"sinqro">;

function sinqroRoutes(sim: Simulator): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  const chain = () => sim.chain;
  const auth = locationAuth(sim, requireTokens(chain));
  const now = () => sim.clock.now();

  /** Tags the request (operation, restaurant, order), applies faults, then checks both tokens. */
  function guarded<R extends RouteConfig>(route: R): R {
    return guardedRoute(app, route, [
      applyFaults(() => sim.faults, tagRequest(route["x-mockpos-operation"] as string, chain)),
      auth,
    ]);
  }

  const write = <T extends object>(c: Ctx, request: unknown, run: (l: Location) => T) =>
    idempotentWrite(sim, c, request, run, { header: IDEMPOTENCY_HEADER });
  const order = (c: Ctx) => getOrder(c.get("location"), c.req.param("orderId") ?? "");
  const reservation = (c: Ctx) => getReservation(c.get("location"), c.req.param("reservationId") ?? "");

  app.openapi(guarded(routes.orderCreate), async (c) => {
    const body = c.req.valid("json");
    const created = await write(c, body, (l) => {
      assertTakingOrders(l, now());
      const o = createOrder(sim.chain, l, orderInput(body), API, now());
      o.online = onlineOrder(body);
      return ok(presentOrder(l, o, now()));
    });
    return c.json(created, 201);
  });

  app.openapi(guarded(routes.orderGet), (c) =>
    c.json(ok(presentOrder(c.get("location"), order(c), now())), 200),
  );

  app.openapi(guarded(routes.orderStatusGet), (c) => c.json(ok(presentOrderStatus(order(c), now())), 200));

  for (const route of [routes.orderStatusPost, routes.orderStatusPatch]) {
    app.openapi(guarded(route), async (c) => {
      const body = c.req.valid("json");
      const next = fulfilmentOf(body);
      const set = await write(c, body, (l) =>
        ok(presentOrderStatus(setFulfilment(l, order(c), next, API, now()), now())),
      );
      return c.json(set, 200);
    });
  }

  app.openapi(guarded(routes.reservationCreate), async (c) => {
    const body = c.req.valid("json");
    const created = await write(c, body, (l) =>
      ok(presentReservation(createReservation(l, reservationInput(body), now()))),
    );
    return c.json(created, 201);
  });

  app.openapi(guarded(routes.reservationGet), (c) => c.json(ok(presentReservation(reservation(c))), 200));

  app.openapi(guarded(routes.reservationStatusGet), (c) =>
    c.json(ok(presentReservationStatus(reservation(c))), 200),
  );

  for (const route of [routes.reservationStatusPost, routes.reservationStatusPatch]) {
    app.openapi(guarded(route), async (c) => {
      const body = c.req.valid("json");
      const set = await write(c, body, (l) => {
        const r = setReservationStatus(l, reservation(c), reservationStatusOf(body.status), now(), {
          tableId: body.tableId,
        });
        return ok(presentReservationStatus(r));
      });
      return c.json(set, 200);
    });
  }

  mountCatalog(app, guarded, now);
  return app;
}

type Item = { id: string } & Record<string, unknown>;

interface Entity {
  list: RouteConfig;
  single: RouteConfig;
  items: (l: Location) => Item[];
  what: string;
  /** The list's query filter and whether an item passes it. */
  filter?: [query: string, matches: (item: Item, value: string) => boolean];
}

const field =
  (name: string) =>
  (item: Item, value: string): boolean =>
    item[name] === value;

const ENTITIES: Entity[] = [
  { list: routes.menusList, single: routes.menuGet, items: catalog.menus, what: "menu" },
  {
    list: routes.sectionsList,
    single: routes.sectionGet,
    items: catalog.sections,
    what: "menu section",
    filter: ["menuId", field("menuId")],
  },
  {
    list: routes.productsList,
    single: routes.productGet,
    items: catalog.products,
    what: "product",
    filter: ["sectionId", field("sectionId")],
  },
  {
    list: routes.variantsList,
    single: routes.variantGet,
    items: catalog.variants,
    what: "product variant",
    filter: ["productId", field("productId")],
  },
  {
    list: routes.optionCategoriesList,
    single: routes.optionCategoryGet,
    items: catalog.optionCategories,
    what: "product option category",
    filter: ["productId", (item, value) => (item.productIds as string[]).includes(value)],
  },
  {
    list: routes.optionsList,
    single: routes.optionGet,
    items: catalog.options,
    what: "product option",
    filter: ["optionCategoryId", field("optionCategoryId")],
  },
];

function mountCatalog(
  app: OpenAPIHono<AppEnv>,
  guarded: <R extends RouteConfig>(route: R) => R,
  now: () => number,
): void {
  for (const { list, single, items, what, filter } of ENTITIES) {
    app.openapi(guarded(list), (c: Ctx) => {
      const location = c.get("location");
      const value = filter ? c.req.query(filter[0]) : undefined;
      // The whole list is what a catalog refresh reads: encoded once per catalog change.
      if (value === undefined) return menuJson(c, location, `sinqro.${what}`, () => all(items(location)));
      const found = items(location).filter((item) => filter?.[1](item, value));
      return c.json(all(found), 200);
    });
    const param = /\{(\w+)\}$/.exec(single.path)?.[1] ?? "";
    app.openapi(guarded(single), (c: Ctx) =>
      c.json(ok(catalog.one(items(c.get("location")), what, c.req.param(param) ?? "")), 200),
    );
  }
  app.openapi(guarded(routes.restaurantGet), (c: Ctx) =>
    c.json(ok(catalog.restaurant(c.get("location"), now())), 200),
  );
  app.openapi(guarded(routes.scheduleGet), (c: Ctx) =>
    c.json(ok(catalog.schedule(c.get("location"), now())), 200),
  );
  app.openapi(guarded(routes.temporaryClosingGet), (c: Ctx) =>
    c.json(ok(catalog.temporaryClosing(c.get("location"), now())), 200),
  );
}
