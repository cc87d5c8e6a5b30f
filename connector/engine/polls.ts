import type { Clock } from "../../simulator/clock/index.ts";
import { PosFailure } from "../failure.ts";
import type { PosOrder } from "../model.ts";
import type { LocationRuntime, Mode, PollKind } from "./location.ts";

/** At most this many pages per poll: a POS that always says "more" cannot hold a poll forever. */
const MAX_PAGES = 20;

export interface PollHooks {
  clock: Clock;
  /** A location changed mode (the engine logs it and drains held writes when it is back online). */
  onMode(location: LocationRuntime, mode: Mode): void;
  /** An order the POS reported (new, changed, closed). */
  onOrder(location: LocationRuntime, order: PosOrder): void;
}

/**
 * Runs one poll of the envelope for one location. Never throws: what went wrong is the
 * location's `lastError`, and for the status check, its mode.
 */
export async function runPoll(location: LocationRuntime, kind: PollKind, hooks: PollHooks): Promise<void> {
  const { adapter, ctx } = location;
  // Only the status check runs while the POS is down or refuses us: it is what finds it back.
  if (kind !== "status" && (location.mode === "read_only" || location.mode === "auth_failed")) return;
  if (location.polling.has(kind)) {
    // The previous one has not come back: skip this slot rather than pile requests onto a slow POS.
    location.counters.pollsSkipped++;
    return;
  }
  location.polling.add(kind);
  try {
    switch (kind) {
      case "status": {
        const status = await adapter.status(ctx);
        location.timezone ??= status.timezone;
        hooks.onMode(location, status.online ? "online" : "read_only");
        break;
      }
      case "menu":
        location.menu = { ...(await adapter.menu(ctx)), fetchedAt: hooks.clock.now() };
        break;
      case "availability": {
        const soldOut = await adapter.availability(ctx);
        const menu = location.menu;
        if (menu) {
          location.menu = {
            ...menu,
            items: menu.items.map((i) =>
              soldOut.has(i.id) ? { ...i, soldOut: soldOut.get(i.id) === true } : i,
            ),
          };
        }
        break;
      }
      case "new":
      case "in_progress": {
        if (!adapter.listOrders) return;
        for (let page = 0; page < MAX_PAGES; page++) {
          const result = await adapter.listOrders(ctx, kind, location.cursors[kind]);
          for (const order of result.orders) hooks.onOrder(location, order);
          if (result.cursor !== null) location.cursors[kind] = result.cursor;
          if (!result.hasMore) break;
        }
        break;
      }
    }
  } catch (err) {
    const failure =
      err instanceof PosFailure
        ? err
        : new PosFailure(
            "SERVER_ERROR",
            `${kind} poll: ${err instanceof Error ? err.message : String(err)}`,
            {
              status: 0,
            },
          );
    location.lastError = {
      code: failure.code,
      message: failure.message,
      at: hooks.clock.now(),
      answerLost: failure.answerLost,
    };
    if (failure.code === "UNAUTHORIZED" || failure.code === "FORBIDDEN_LOCATION")
      hooks.onMode(location, "auth_failed");
    // Unreachable (no answer, or a gateway saying so) means the POS is down; a 500 or a rate limit
    // is an answer from a POS that is up.
    else if (kind === "status" && (failure.code === "UNREACHABLE" || failure.code === "TIMEOUT"))
      hooks.onMode(location, "read_only");
  } finally {
    location.polling.delete(kind);
  }
}
