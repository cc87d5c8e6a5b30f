import type { Adapter, AdapterContext } from "../adapters/types.ts";
import type { LocationConfig } from "../config.ts";
import type { FailureCode } from "../failure.ts";
import type { Http } from "../http.ts";
import type { MenuSnapshot } from "../model.ts";
import type { StoredError } from "./outbox.ts";

export type Mode = "starting" | "online" | "read_only" | "auth_failed";
export type PollKind = "status" | "new" | "in_progress" | "availability" | "menu";

/** One location as the engine runs it: its line, what it knows, and how it is doing. */
export class LocationRuntime {
  readonly config: LocationConfig;
  readonly adapter: Adapter<unknown>;
  readonly ctx: AdapterContext<unknown>;
  /** Its place in the chain, which spreads its polls over each period. */
  readonly index: number;
  mode: Mode = "starting";
  modeSince: number | null = null;
  lastError: StoredError | null = null;
  cursors: { new: string | null; in_progress: string | null } = { new: null, in_progress: null };
  menu: (MenuSnapshot & { fetchedAt: number }) | null = null;
  timezone: string | null;
  /** A write met no answer: hold writes until a status check says the POS is back. */
  linkSuspect = false;
  /** The menu's slot has come (a load that failed, or was skipped while down, is retried at the next availability poll). */
  menuWanted = false;
  /** Status checks that got no answer in a row. */
  statusFailures = 0;
  /** A write is on its way (one at a time per location, so a drain keeps its order). */
  sending = false;
  readonly polling = new Set<PollKind>();
  readonly counters = {
    requests: {} as Record<string, number>,
    failures: {} as Record<string, number>,
    writesDone: 0,
    writesFailed: 0,
    ordersSeen: 0,
    pollsSkipped: 0,
  };

  constructor(config: LocationConfig, adapter: Adapter<unknown>, http: Http, index: number) {
    this.config = config;
    this.adapter = adapter;
    this.index = index;
    this.timezone = config.timezone ?? null;
    this.ctx = {
      location: {
        id: config.id,
        posLocationId: config.posLocationId ?? config.id,
        credentials: adapter.credentials.parse(config.credentials),
      },
      http,
    };
  }

  /** Whether writes may go out now. */
  get writable(): boolean {
    return this.mode === "online" && !this.linkSuspect;
  }

  countRequest(operation: string, status: number, failure?: FailureCode): void {
    this.counters.requests[operation] = (this.counters.requests[operation] ?? 0) + 1;
    if (failure) this.counters.failures[failure] = (this.counters.failures[failure] ?? 0) + 1;
    else if (status === 0) this.counters.failures.UNREACHABLE = (this.counters.failures.UNREACHABLE ?? 0) + 1;
  }
}
