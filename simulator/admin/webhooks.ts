import type { OpenAPIHono, RouteConfig } from "@hono/zod-openapi";
import * as routes from "../../contracts/admin/webhooks.ts";
import { invalid } from "../domain/errors.ts";
import type { AppEnv } from "../http/env.ts";
import type { Simulator } from "../state.ts";

/** Admin routes to point the simulator's webhooks at a listener, inspect them, and stop them. */
export function mountWebhooks(
  app: OpenAPIHono<AppEnv>,
  sim: Simulator,
  r: <R extends RouteConfig>(route: R) => R,
): void {
  const status = (limit: number) => {
    const sender = sim.webhooks;
    if (!sender)
      return {
        configured: false,
        state: "off" as const,
        disabledReason: null,
        config: null,
        stats: null,
        deliveries: [],
      };
    const deliveries = limit === 0 ? [] : sender.deliveries.slice(-limit);
    return {
      configured: true,
      state: sender.state,
      disabledReason: sender.disabledReason,
      config: { ...sender.config },
      stats: sender.stats(),
      deliveries: deliveries.map((d) => ({ ...d })),
    };
  };

  app.openapi(r(routes.webhooksGet), (c) => c.json(status(c.req.valid("query").limit), 200));

  app.openapi(r(routes.webhooksPut), (c) => {
    const { url, secret, events, timeout, schedule, maxAttempts } = c.req.valid("json");
    try {
      sim.configureWebhooks({ url, secret, events, timeoutMs: timeout, schedule, maxAttempts });
    } catch (err) {
      // The body passed its schema; what the sender still refuses is a 400 too, never a 500.
      if (err instanceof RangeError) throw invalid("body", err.message);
      throw err;
    }
    return c.json(status(100), 200);
  });

  app.openapi(r(routes.webhooksDelete), (c) => {
    const stopped = sim.webhooks !== null;
    sim.configureWebhooks(null);
    return c.json({ stopped }, 200);
  });
}
