import { currentShift } from "../domain/chain.ts";
import { PosError } from "../domain/errors.ts";
import { createOrder, payOrder } from "../domain/orders.ts";
import type { Chain, Location } from "../domain/types.ts";
import { Random } from "../random/index.ts";
import { orderable, sampleItem } from "./sample.ts";

/**
 * The state a connector finds when it first connects: a few tables already eating, a few
 * tickets already paid this shift. Seeded, so the same seed opens the same day.
 */
export function openService(chain: Chain, now: number): void {
  for (const location of chain.locations) openLocation(chain, location, now);
}

/** {@link openService} for one location, from the seed and its id alone. */
export function openLocation(chain: Chain, location: Location, now: number): void {
  const rng = new Random(`${chain.seed}:opening:${location.id}`);
  const terminals = location.terminals.filter((t) => t.kind !== "integration");
  const tables = location.areas.flatMap((a) => a.tables);
  const count = rng.int(2, 6);
  // Nothing on the menu can be had: the staff open no tickets.
  const menu = location.menu.products.filter((p) => orderable(location, p));
  if (menu.length === 0) return;
  for (let i = 0; i < count && i < tables.length; i++) {
    const table = tables[(i * 3) % tables.length];
    const terminal = rng.pick(terminals);
    if (!table || !terminal) continue;
    const at = Math.max(currentShift(location).openedAt, now - rng.int(5, 90) * 60_000);
    // Only what can be had: a dish sold out (or a combo with every choice of a part sold out) is not keyed.
    const items = Array.from({ length: rng.int(1, 4) }, () =>
      sampleItem(location, rng, rng.pick(menu)),
    ).filter((item) => item !== null);
    const actor = { source: "terminal", terminalId: terminal.id } as const;
    try {
      const order = createOrder(
        chain,
        location,
        { type: "dine_in", tableId: table.id, guests: rng.int(1, table.seats), items },
        actor,
        at,
      );
      if (rng.chance(0.4))
        payOrder(
          location,
          order,
          {
            method: rng.pick(["cash", "card", "card"] as const),
            tip: rng.chance(0.5) ? rng.int(1, 20) * 50 : 0,
          },
          actor,
          Math.min(now, at + rng.int(2, 30) * 60_000),
        );
    } catch (error) {
      // The terminal refused (the menu moved under the waiter): that table starts the day empty.
      // Anything else is a bug, and startup says so.
      if (!(error instanceof PosError)) throw error;
    }
  }
}
