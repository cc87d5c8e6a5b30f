import type { Context } from "hono";
import { streamSSE } from "hono/streaming";
import type { JournalEntry } from "../journal/index.ts";
import { type ConsoleContext, clockLine, homeZone } from "./context.ts";
import { journalFilter, journalRows, matchesEntry } from "./journal.ts";

/** Wall-clock pacing of the stream (transport, not simulated time). */
const JOURNAL_BATCH_MS = 150;
const CHANGE_EVERY_MS = 500;
const CLOCK_EVERY_MS = 1000;
const MAX_PENDING = 200;

/** Open streams, so a console that closes (the server stopping) ends them and nothing hangs. */
export class Hub {
  readonly #changes = new Set<() => void>();
  readonly #closers = new Set<() => void>();
  #closed = false;

  changed(): void {
    for (const fn of this.#changes) fn();
  }

  onChange(fn: () => void): () => void {
    this.#changes.add(fn);
    return () => this.#changes.delete(fn);
  }

  onClose(fn: () => void): () => void {
    if (this.#closed) fn();
    this.#closers.add(fn);
    return () => this.#closers.delete(fn);
  }

  get streams(): number {
    return this.#closers.size;
  }

  close(): void {
    this.#closed = true;
    for (const fn of [...this.#closers]) fn();
    this.#closers.clear();
  }
}

/**
 * `GET /__console/events`: server-sent events for one page. `change` (at most twice a second)
 * when the simulator changed (a request was journaled, a domain event, a console action) — the
 * page refetches its live parts; `clock` when the clock line changed; with `journal=1` and the
 * journal's filters, `journal` with the new matching rows, newest first, batched.
 */
export function events(ctx: ConsoleContext, hub: Hub, c: Context) {
  const params = new URL(c.req.url).searchParams;
  const wantJournal = params.get("journal") === "1";
  const filter = journalFilter(params);
  const zone = homeZone(ctx.sim);
  const response = streamSSE(c, async (stream) => {
    let pending: JournalEntry[] = [];
    let journalTimer: NodeJS.Timeout | null = null;
    let changeTimer: NodeJS.Timeout | null = null;
    let lastChange = 0;
    let lastClock = clockLine(ctx);
    let open = true;
    const send = (event: string, data: string) => {
      if (!open) return;
      stream.writeSSE({ event, data }).catch(() => {
        open = false;
      });
    };
    const flushJournal = () => {
      journalTimer = null;
      if (pending.length === 0) return;
      const batch = pending.reverse();
      pending = [];
      send("journal", journalRows(batch, zone));
    };
    const change = () => {
      if (changeTimer) return;
      const wait = Math.max(0, lastChange + CHANGE_EVERY_MS - Date.now());
      changeTimer = setTimeout(() => {
        changeTimer = null;
        lastChange = Date.now();
        send("change", String(ctx.sim.journal.total));
      }, wait);
    };
    const offJournal = ctx.sim.journal.subscribe((e) => {
      if (wantJournal && matchesEntry(filter, e)) {
        pending.push(e);
        if (pending.length > MAX_PENDING) pending.splice(0, pending.length - MAX_PENDING);
        journalTimer ??= setTimeout(flushJournal, JOURNAL_BATCH_MS);
      }
      change();
    });
    const offEvents = ctx.sim.events.subscribe(change);
    const offHub = hub.onChange(change);
    const clock = setInterval(() => {
      const line = clockLine(ctx);
      if (line === lastClock) return;
      lastClock = line;
      send("clock", line);
    }, CLOCK_EVERY_MS);
    await stream.writeSSE({ event: "clock", data: lastClock, retry: 2000 });
    await new Promise<void>((resolve) => {
      const offClose = hub.onClose(() => resolve());
      stream.onAbort(() => {
        offClose();
        resolve();
      });
    });
    open = false;
    offJournal();
    offEvents();
    offHub();
    clearInterval(clock);
    if (journalTimer) clearTimeout(journalTimer);
    if (changeTimer) clearTimeout(changeTimer);
  });
  // The socket goes with the stream, so a server closing (which ends the streams) is not held open by it.
  response.headers.set("connection", "close");
  return response;
}
