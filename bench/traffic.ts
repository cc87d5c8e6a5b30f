// Connector traffic for bench:day --requests: every location polled at the envelope's cadence and
// sent an order now and then, through the generic dialect in process (app.request, no socket), so
// the journal and the Idempotency-Key store fill as they do under a real connector.
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Location } from "../simulator/domain/types.ts";
import type { AppEnv } from "../simulator/http/env.ts";
import type { Simulator } from "../simulator/state.ts";

const MINUTE = 60_000;
// The envelope (DESIGN "The performance envelope"): status every minute is the heaviest poll;
// changed orders every 2 minutes; a take-away order with its Idempotency-Key every 30 minutes, paid.
const STATUS_EVERY = 1;
const ORDERS_EVERY = 2;
const CREATE_EVERY = 30;

export interface TrafficCounts {
  requests: number;
  /** Answers other than 2xx (a closed kitchen, a sold-out dish): counted, not fatal. */
  refused: number;
  /** 5xx answers: a bug in the simulator. */
  serverErrors: number;
}

/** Sends each location's polls and orders due at virtual minute `minute`. */
export function connectorTraffic(app: OpenAPIHono<AppEnv>, sim: Simulator) {
  const counts: TrafficCounts = { requests: 0, refused: 0, serverErrors: 0 };
  const cursors = new Map<string, string>();
  let created = 0;

  async function send(location: Location, method: string, path: string, init: RequestInit = {}) {
    const headers = new Headers(init.headers);
    headers.set("x-api-key", location.credentials.apiKey);
    const res = await app.request(`/v1/locations/${location.id}${path}`, { ...init, method, headers });
    counts.requests++;
    if (res.status >= 500) counts.serverErrors++;
    else if (res.status >= 300) counts.refused++;
    return res;
  }

  async function poll(location: Location, minute: number): Promise<void> {
    if (minute % STATUS_EVERY === 0) await (await send(location, "GET", "/status")).arrayBuffer();
    if (minute % ORDERS_EVERY === 0) {
      const cursor = cursors.get(location.id);
      const query = cursor === undefined ? "" : `&cursor=${encodeURIComponent(cursor)}`;
      const res = await send(location, "GET", `/orders?view=changed${query}`);
      if (res.ok) cursors.set(location.id, ((await res.json()) as { cursor: string }).cursor);
    }
    if (minute % CREATE_EVERY === 0) {
      const product = location.menu.products.find(
        (p) => !p.combo && p.modifierGroupIds.length === 0 && !location.soldOut.has(p.id),
      );
      if (product === undefined) return;
      const body = JSON.stringify({ type: "take_away", items: [{ productId: product.id, quantity: 1 }] });
      const key = `bench-${++created}`;
      const res = await send(location, "POST", "/orders", {
        body,
        headers: { "content-type": "application/json", "idempotency-key": key },
      });
      if (!res.ok) return;
      // Paid at once, as a prepaid take-away: an order nobody closes is never forgotten.
      const { id } = (await res.json()) as { id: string };
      const paid = await send(location, "POST", `/orders/${id}/payments`, {
        body: JSON.stringify({ method: "card" }),
        headers: { "content-type": "application/json", "idempotency-key": `${key}-pay` },
      });
      await paid.arrayBuffer();
    }
  }

  return {
    counts,
    async tick(atMs: number): Promise<void> {
      const minute = Math.round(atMs / MINUTE);
      for (const location of sim.chain.locations) await poll(location, minute);
    },
  };
}
