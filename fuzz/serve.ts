import { createMockPos } from "../simulator/app.ts";
import { VirtualClock } from "../simulator/clock/index.ts";
import { DIALECTS, type BuiltinDialect as DialectName } from "../simulator/dialects/registry.ts";
import { listen, type RunningServer } from "../simulator/server.ts";

/** Where the fuzzer's simulators start: a Friday, 12:30 in Madrid. Their clocks stand still. */
export const FUZZ_START = Date.UTC(2026, 2, 13, 11, 30);

export interface FuzzTarget {
  dialect: DialectName;
  url: string;
  /** The admin API of this dialect's simulator (`/__admin/chain` gives the credentials). */
  admin: string;
}

/**
 * The simulators the fuzzer runs against: one per dialect (so fuzzing one dialect cannot change
 * what another answers, and concurrent runs stay deterministic), each the same seeded chain on
 * a virtual clock that stands still, each dialect on a free port of 127.0.0.1.
 */
export async function serveForFuzzing(): Promise<{ targets: FuzzTarget[]; close: () => Promise<void> }> {
  const servers: RunningServer[] = [];
  const targets: FuzzTarget[] = [];
  for (const dialect of DIALECTS) {
    const mock = createMockPos({
      seed: "fuzz",
      locations: 2,
      locale: "es",
      clock: new VirtualClock(FUZZ_START),
    });
    const { app, lane } = mock.dialects[dialect];
    const server = await listen(app, { port: 0, host: "127.0.0.1", dialect: true, lane });
    servers.push(server);
    const admin = dialect === "generic" ? server : await listen(mock.app, { port: 0, host: "127.0.0.1" });
    if (admin !== server) servers.push(admin);
    targets.push({ dialect, url: server.url, admin: admin.url });
  }
  return { targets, close: async () => void (await Promise.all(servers.map((s) => s.close()))) };
}
