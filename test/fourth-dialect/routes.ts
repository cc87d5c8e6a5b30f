// Tally's routes over the simulator: tag the operation and location, faults, then the token.
import { OpenAPIHono, type RouteConfig } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { PosError } from "../../simulator/domain/errors.ts";
import { credentialLocation } from "../../simulator/http/auth.ts";
import type { AppEnv } from "../../simulator/http/env.ts";
import { applyFaults } from "../../simulator/http/faults.ts";
import { validationHook } from "../../simulator/http/validation.ts";
import type { Simulator } from "../../simulator/state.ts";
import { tallyMenu, tallyStatus } from "./contract.ts";

/** Where Tally carries the location's API key. */
export const TOKEN_HEADER = "x-tally-token";

export function tallyRoutes(sim: Simulator): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  const faults = applyFaults(() => sim.faults);
  const auth: MiddlewareHandler<AppEnv> = async (c, next) => {
    const location = credentialLocation(sim.chain, c.req.header(TOKEN_HEADER), undefined);
    if (!location) throw new PosError("UNAUTHORIZED", `send the location's ${TOKEN_HEADER}`);
    if (location.id !== c.req.param("locationId"))
      throw new PosError("FORBIDDEN_LOCATION", `this token is ${location.id}'s`);
    c.set("location", location);
    await next();
  };
  const guarded = <R extends RouteConfig>(route: R): R => {
    const tag: MiddlewareHandler<AppEnv> = async (c, next) => {
      c.set("operation", route["x-mockpos-operation"] as string);
      c.set("locationId", c.req.param("locationId") ?? "");
      await next();
    };
    return { ...route, middleware: [tag, faults, auth] };
  };

  app.openapi(guarded(tallyStatus), (c) => {
    const l = c.var.location;
    return c.json({ open: l.online, businessDate: l.shifts.at(-1)?.businessDate ?? "" }, 200);
  });
  app.openapi(guarded(tallyMenu), (c) => {
    const items = c.var.location.menu.products.map((p) => ({ sku: p.id, label: p.name, price: p.price }));
    return c.json({ items }, 200);
  });
  return app;
}
