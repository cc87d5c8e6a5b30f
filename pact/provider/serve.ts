import { MockPosAdmin } from "../../client/admin/index.ts";
import type { StateHost } from "../../simulator/admin/provider-states/states.ts";
import { createMockPos, type MockPos } from "../../simulator/app.ts";
import { VirtualClock } from "../../simulator/clock/index.ts";
import type { BuiltinDialect as DialectName } from "../../simulator/dialects/registry.ts";
import { listen, type RunningServer } from "../../simulator/server.ts";

/**
 * The chain the pacts are verified against: seed `pact` (it runs a loyalty programme), two
 * locations, on a virtual clock stopped at a Friday lunchtime, so every state gives the same ids,
 * amounts and Retry-After each time.
 */
export const PROVIDER_CHAIN = { seed: "pact", locations: 2, start: Date.UTC(2026, 2, 13, 12, 30) } as const;

export interface ServedMockPos {
  mockpos: MockPos;
  /** Base URL per dialect; `generic` is the main port, with the admin API. */
  urls: Record<DialectName, string>;
  close(): Promise<void>;
}

/** Serves every dialect of one simulator on 127.0.0.1, each on a port the system picks. */
export async function serveMockPos(): Promise<ServedMockPos> {
  const { seed, locations, start } = PROVIDER_CHAIN;
  const mockpos = createMockPos({ seed, locations, clock: new VirtualClock(start) });
  const servers: RunningServer[] = [];
  const urls = {} as Record<DialectName, string>;
  for (const dialect of ["generic", "elyx", "sinqro"] as const) {
    const server = await listen(mockpos.dialects[dialect].app, { port: 0 });
    servers.push(server);
    urls[dialect] = server.url;
  }
  return { mockpos, urls, close: async () => void (await Promise.all(servers.map((s) => s.close()))) };
}

/** States acting on a simulator in process (its apps' `request`), as the admin route does. */
export function inProcessHost(mockpos: MockPos): StateHost {
  const at = (app: { request: MockPos["app"]["request"] }) => async (path: string, init?: RequestInit) =>
    app.request(path, init);
  const { generic, elyx, sinqro } = mockpos.dialects;
  return {
    admin: MockPosAdmin.inProcess(mockpos.app),
    dialects: { generic: at(generic.app), elyx: at(elyx.app), sinqro: at(sinqro.app) },
  };
}

/** States acting on a served simulator over HTTP, as they would on one in another process. */
export function httpHost(urls: Record<DialectName, string>): StateHost {
  const at = (base: string) => (path: string, init?: RequestInit) => fetch(`${base}${path}`, init);
  return {
    admin: new MockPosAdmin({ baseUrl: urls.generic }),
    dialects: { generic: at(urls.generic), elyx: at(urls.elyx), sinqro: at(urls.sinqro) },
  };
}
