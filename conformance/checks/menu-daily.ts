import type { JournalEntry } from "../../simulator/journal/index.ts";
import { cite, offset } from "../judge/journal.ts";
import { type Check, type Evidence, fail, pass, type Run } from "../types.ts";

const MINUTE = 60_000;
const RUN = 30 * MINUTE;
/** The availability cadence (seed 003), less 10 %: the most often sold-out flags need reading. */
const AVAILABILITY_EVERY = 5 * MINUTE * 0.9;

/**
 * Routes only a full menu load needs, by dialect: what no availability refresh reads. The generic
 * API has `/menu` and `/modifiers` (sold-out flags have `/availability`); Sinqro's menus, sections,
 * variants and option categories (its availability is read from `/products`, journaled as menu.get
 * too, so `/products` tells nothing). Elyx has none: see `ELYX_CATALOGUE`.
 */
const MENU_ONLY: Record<string, RegExp> = {
  generic: /^\/v1\/locations\/[^/]+\/(menu|modifiers)$/,
  sinqro: /^\/sinqro\/v1\/(menus|menu-sections|product-variants|product-option-categories|product-options)$/,
};

/**
 * Elyx serves the whole catalogue (articles, modifier groups, sold-out flags) in one read, and
 * has no other route for sold-out flags: a menu load and an availability refresh are the same
 * request. There the articles may be read once per availability period (every 5 minutes, −10 %),
 * plus once for the menu load; each read beyond that is a menu refresh.
 */
const ELYX_CATALOGUE = /^\/api\/v1\/locations\/[^/]+\/articles$/;

function reads(run: Run, locationId: string, route: RegExp): JournalEntry[] {
  return run.journal.filter(
    (e) =>
      e.locationId === locationId &&
      e.method === "GET" &&
      e.status >= 200 &&
      e.status < 300 &&
      route.test(e.path),
  );
}

/**
 * The full menu is loaded before service and refreshed daily, not at every poll (seed 003, the
 * performance envelope: "full menu / category / price refresh: daily, pre-service"). Within a
 * half-hour of lunch service (no daily refresh time, no price change in it), each location's menu
 * is loaded at most once. A read the POS refused is not a load: a retry of it is fine.
 */
export const menuDaily: Check = {
  id: "envelope.menu-daily",
  title: "Full menu loaded once, refreshed daily",
  rule: "The full menu (products, categories, prices, modifiers) is fetched before service and refreshed daily, never at every poll.",
  needsGuests: false,
  catches: "menu-every-poll",
  async play(stage) {
    await stage.wait(RUN);
    return {};
  },
  judge(run) {
    const extra: Evidence[] = [];
    const counts: string[] = [];
    for (const { id } of run.locations) {
      if (run.dialect === "elyx") {
        const all = reads(run, id, ELYX_CATALOGUE);
        const allowed = Math.floor((run.end - run.start) / AVAILABILITY_EVERY) + 2;
        counts.push(`${id} articles ×${all.length} (at most ${allowed})`);
        if (all.length > allowed)
          extra.push(
            {
              at: run.end,
              text: `${id}: the articles read ${all.length} times in ${offset(run, run.end)}: at most ${allowed - 1} sold-out refreshes and one menu load`,
            },
            ...all.slice(0, 6).map((e) => cite(e, `${id} articles`)),
          );
        continue;
      }
      const route = MENU_ONLY[run.dialect];
      if (!route) throw new Error(`no menu route known for the ${run.dialect} dialect`);
      const loads = reads(run, id, route);
      const byPath = Map.groupBy(loads, (e) => e.path);
      const most = Math.max(0, ...[...byPath.values()].map((l) => l.length));
      counts.push(`${id} ×${most}`);
      for (const [path, same] of byPath)
        if (same.length > 1)
          extra.push(
            ...same
              .slice(1, 6)
              .map((e, i) => cite(e, `${id}: ${path} read again (${i + 2} of ${same.length})`)),
            ...(same[0] ? [cite(same[0], `${id}: first load`)] : []),
          );
    }
    return extra.length === 0
      ? pass(`each location's menu loaded at most once in ${offset(run, run.end)} (${counts.join(", ")})`)
      : fail(`the full menu was fetched again within ${offset(run, run.end)}: ${counts.join(", ")}`, extra);
  },
};
