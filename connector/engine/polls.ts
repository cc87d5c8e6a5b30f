import type { Clock } from "../../simulator/clock/index.ts";
import { PosFailure } from "../failure.ts";
import type { PosOrder } from "../model.ts";
import type { Broken } from "./broken.ts";
import type { LocationRuntime, Mode, PollKind } from "./location.ts";

/** At most this many pages per poll: a POS that always says "more" cannot hold a poll forever. */
const MAX_PAGES = 20;

export interface PollHooks {
  clock: Clock;
  broken: Broken;
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
  const halted =
    location.mode === "read_only" || (location.mode === "auth_failed" && !hooks.broken("hammer-on-401"));
  // A menu whose slot comes while the POS is down is wanted all the same: the next availability
  // poll after it is back loads it.
  if (kind === "menu") location.menuWanted = true;
  if (kind !== "status" && halted) return;
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
        location.statusFailures = 0;
        location.timezone ??= status.timezone;
        hooks.onMode(location, status.online ? "online" : "read_only");
        break;
      }
      case "menu":
        await loadMenu(location, hooks.clock);
        if (hooks.broken("writes-master-data")) await writeMasterData(location);
        break;
      case "availability": {
        // The menu did not load at start (the POS was down, or slow): load it now rather than
        // leave guests without one until tomorrow's refresh.
        if (location.menu === null && location.menuWanted && !location.polling.has("menu")) {
          await loadMenu(location, hooks.clock);
          break;
        }
        if (hooks.broken("menu-every-poll")) await loadMenu(location, hooks.clock);
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
          const cursor = hooks.broken("no-cursor") ? null : location.cursors[kind];
          const result = await adapter.listOrders(ctx, kind, cursor);
          for (const order of result.orders) hooks.onOrder(location, order);
          // A null cursor means "start from the top next time" (a dialect without one).
          location.cursors[kind] = result.cursor;
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
    // Any request that found the POS unreachable holds the writes until a status check says it
    // is back: a write must not be the next thing to find out.
    if (failure.code === "UNREACHABLE" || failure.code === "TIMEOUT") location.linkSuspect = true;
    if (failure.code === "UNAUTHORIZED" || failure.code === "FORBIDDEN_LOCATION") {
      if (!hooks.broken("hammer-on-401")) hooks.onMode(location, "auth_failed");
    }
    // Unreachable (no answer, or a gateway saying so) means the POS is down; a 500 or a rate limit
    // is an answer from a POS that is up.
    else if (kind === "status" && (failure.code === "UNREACHABLE" || failure.code === "TIMEOUT")) {
      location.statusFailures++;
      if (location.statusFailures >= (hooks.broken("late-read-only") ? 5 : 1))
        hooks.onMode(location, "read_only");
    }
  } finally {
    location.polling.delete(kind);
  }
}

/** Where each dialect keeps its catalogue: the broken "writes-master-data" engine writes there. */
const CATALOG_PATHS: Record<string, (posLocationId: string) => string> = {
  generic: (id) => `/v1/locations/${id}/availability`,
  elyx: (id) => `/api/v1/locations/${id}/articles`,
  sinqro: () => "/sinqro/v1/products",
};

/** The defect the master-data check exists to catch: writing the POS's catalogue back. */
async function writeMasterData(location: LocationRuntime): Promise<void> {
  const path = CATALOG_PATHS[location.adapter.dialect]?.(location.ctx.location.posLocationId);
  if (!path) return;
  const items = (location.menu?.items ?? [])
    .slice(0, 1)
    .map((i) => ({ productId: i.id, soldOut: i.soldOut }));
  await location.ctx.http
    .send({ operation: "availability.set", method: "PUT", path, body: { items } })
    .catch(() => undefined);
}

/** The full menu, fetched and kept with the time it was fetched. */
async function loadMenu(location: LocationRuntime, clock: Clock): Promise<void> {
  location.menu = { ...(await location.adapter.menu(location.ctx)), fetchedAt: clock.now() };
}
