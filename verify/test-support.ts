// A served mockpos to verify in tests: every dialect on 127.0.0.1 (ports the system picks), seed
// `pact` (it has a loyalty programme, and loc-0001 sells prod-012 without a choice), a real clock
// (k6 measures real latency), quirks optional; and the credentials file verify reads for it.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { createMockPos, type MockPos } from "../simulator/app.ts";
import { RealClock } from "../simulator/clock/index.ts";
import type { BuiltinDialect as DialectName } from "../simulator/dialects/registry.ts";
import { parseQuirks, setQuirks } from "../simulator/quirks/index.ts";
import { listen, type RunningServer } from "../simulator/server.ts";

export interface ServedTarget {
  mockpos: MockPos;
  urls: Record<DialectName, string>;
  /** Writes the credentials file for `dialect` in `dir`: every location, loc-0001 set aside for testing. */
  credentials(dialect: DialectName, dir: string): string;
  close(): Promise<void>;
}

export async function serveTarget(
  options: { quirks?: string; locations?: number } = {},
): Promise<ServedTarget> {
  const mockpos = createMockPos({ seed: "pact", locations: options.locations ?? 3, clock: new RealClock() });
  if (options.quirks) setQuirks(mockpos.sim, parseQuirks(options.quirks));
  const servers: RunningServer[] = [];
  const urls = {} as Record<DialectName, string>;
  for (const dialect of ["generic", "elyx", "sinqro"] as const) {
    const server = await listen(mockpos.dialects[dialect].app, { port: 0 });
    servers.push(server);
    urls[dialect] = server.url;
  }
  return {
    mockpos,
    urls,
    credentials(dialect, dir) {
      const chain = mockpos.sim.chain;
      const entries = chain.locations.map((l, i) => ({
        locationId: l.id,
        apiKey: l.credentials.apiKey,
        ...(dialect === "elyx" ? { number: i + 1 } : {}),
        ...(dialect === "sinqro" ? { serverToken: chain.credentials.serverToken } : {}),
        ...(l.id === "loc-0001" ? { testing: true } : {}),
      }));
      const path = join(dir, `credentials-${dialect}.json`);
      writeFileSync(path, `${JSON.stringify(entries, null, 2)}\n`);
      return path;
    },
    close: async () => void (await Promise.all(servers.map((s) => s.close()))),
  };
}
