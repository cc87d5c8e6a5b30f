import type { OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import * as routes from "../../../contracts/elyx/routes.ts";
import type { LineRequest } from "../../../contracts/elyx/tickets.ts";
import type { ItemInput } from "../../domain/lines.ts";
import { type Actor, appendRound, createOrder, payOrder } from "../../domain/orders.ts";
import type { Location, Order } from "../../domain/types.ts";
import type { AppEnv } from "../../http/env.ts";
import { idempotentWrite } from "../../http/idempotent.ts";
import type { Simulator } from "../../state.ts";
import type { Guard } from "./index.ts";
import { presentTicket } from "./present.ts";
import { pathLocation, resolveTicket } from "./reads.ts";

const API: Actor = { source: "api" };
type Ctx = Context<AppEnv>;

// Elyx calls products articles.
function items(lines: z.infer<typeof LineRequest>[]): ItemInput[] {
  return lines.map((l) => ({
    productId: l.articleId,
    variantId: l.variantId,
    quantity: l.quantity,
    modifiers: l.modifiers,
    combo: l.combo?.map((s) => ({ componentId: s.componentId, productId: s.articleId })),
    note: l.note,
  }));
}

/** The Elyx write routes: open a ticket, add lines, settle it — each once per Idempotency-Key. */
export function mountWrites(app: OpenAPIHono<AppEnv>, sim: Simulator, guard: Guard): void {
  const now = () => sim.clock.now();

  // Resolved first to check access and set the location the Idempotency-Key is scoped to; again where the write runs.
  async function onTicket(c: Ctx, request: unknown, act: (location: Location, order: Order) => Order) {
    const ref = c.req.param("ticketId") ?? "";
    // `01-5` and `1-5` name one ticket: a retry spelling it either way replays the same write.
    const { order } = resolveTicket(sim, c, ref);
    const resource = c.req.path.replace(/\/tickets\/[^/]+/, `/tickets/${order.id}`);
    return idempotentWrite(
      sim,
      c,
      request,
      (location) => {
        const { order } = resolveTicket(sim, c, ref);
        return presentTicket(location, act(location, order), now());
      },
      { resource },
    );
  }

  app.openapi(guard(routes.elyxTicketCreate), async (c) => {
    const body = c.req.valid("json");
    pathLocation(sim, c, c.req.valid("param").locationId);
    const ticket = await idempotentWrite(sim, c, body, (location) => {
      const input = { ...body, items: items(body.lines) };
      return presentTicket(location, createOrder(sim.chain, location, input, API, now()), now());
    });
    return c.json(ticket, 201);
  });

  app.openapi(guard(routes.elyxTicketLines), async (c) => {
    const body = c.req.valid("json");
    const ticket = await onTicket(c, body, (location, order) =>
      appendRound(location, order, { items: items(body.lines), expectedVersion: body.version }, API, now()),
    );
    return c.json(ticket, 200);
  });

  app.openapi(guard(routes.elyxTicketPay), async (c) => {
    const body = c.req.valid("json");
    const ticket = await onTicket(c, body, (location, order) => payOrder(location, order, body, API, now()));
    return c.json(ticket, 200);
  });
}
