import { type AdminAccess, guardAdmin } from "./admin/access.ts";
import type { MockPos } from "./app.ts";
import { listen, type RunningServer } from "./server.ts";
import { type Listener, setListeners } from "./topology/listeners.ts";
import type { ListenerPlan } from "./topology/plan.ts";
import { scoped } from "./topology/scope.ts";

export interface Deployment {
  listeners: Listener[];
  /** Stops every listener (in-flight requests finish first). */
  close(): Promise<void>;
}

type Fetchable = { fetch: (req: Request, env?: unknown) => Response | Promise<Response> };

export interface ServeOptions {
  /**
   * Wraps the main listener's app (the console rides there, beside the admin API); its `close`
   * runs before the listeners stop, so long-lived responses (the console's live streams) end first.
   */
  main?: (app: Fetchable) => Fetchable & { close?(): void };
  /** Serve every listener over HTTPS (HTTP/2 and HTTP/1.1) with this certificate and key. */
  tls?: { cert: string; key: string; clientCa?: string };
  /**
   * The admin API's and console's access rules, on every listener: the admin routes ride on the
   * generic app, which per-location listeners serve too.
   */
  access?: AdminAccess;
}

/** Starts every listener of `plan` on `host`; if one cannot listen, the others are closed again. */
export async function serveTopology(
  mock: MockPos,
  plan: ListenerPlan[],
  host: string,
  options: ServeOptions = {},
): Promise<Deployment> {
  const servers: RunningServer[] = [];
  const listeners: Listener[] = [];
  const wrapped: (Fetchable & { close?(): void })[] = [];
  const close = async () => {
    setListeners(mock.sim, null);
    for (const w of wrapped) w.close?.();
    await Promise.all(servers.map((s) => s.close()));
  };
  try {
    for (const l of plan) {
      const app = mock.dialects[l.dialect].app;
      const whole = l.scope.locations === null && l.scope.operations === null;
      let served: Fetchable = whole ? app : scoped(app, l.scope);
      if (l.main && options.main) {
        const main = options.main(served);
        wrapped.push(main);
        served = main;
      }
      if (options.access) served = guardAdmin(served, options.access);
      const server = await listen(served, {
        port: l.port,
        host,
        dialect: true,
        tls: options.tls,
        // A scoped listener's scope lives in the app: only a whole one may answer ahead of it.
        lane: whole ? mock.dialects[l.dialect].lane : undefined,
      });
      servers.push(server);
      listeners.push({ name: l.name, dialect: l.dialect, url: server.url, scope: l.scope, main: l.main });
    }
  } catch (err) {
    await close();
    throw err;
  }
  setListeners(mock.sim, listeners);
  return { listeners, close };
}
