import type { MenuView } from "../../contracts/driver/schemas.ts";
import { at, cite, offset, requests } from "../judge/journal.ts";
import { type Check, type Evidence, fail, pass } from "../types.ts";
import { linkDown, orderable, untilMode } from "./guests.ts";

const MINUTE = 60_000;
const DOWN = 3 * MINUTE;
const UP = 14 * MINUTE;
/** Bounded wait for the flip (a late flip is read-only.flip's business, not this check's). */
const FLIP_WITHIN = 8 * MINUTE;

interface MenuNote {
  at: number;
  items: number | null;
  version: string | null;
}

const note = (now: number, menu: MenuView | null): MenuNote => ({
  at: now,
  items: menu ? menu.items.length : null,
  version: menu?.version ?? null,
});

/**
 * While a location is read-only its guests still see the menu (seed 003: "the cached menu still
 * loads for guests"): the connector keeps the menu it had, not an empty one, while the POS is
 * unreachable.
 */
export const readOnlyCachedMenu: Check = {
  id: "read-only.cached-menu",
  title: "The cached menu still shows while read-only",
  rule: "An unreachable POS flips the location to read-only; the cached menu still loads for guests.",
  needsGuests: true,
  catches: "forget-menu-offline",
  async play(stage) {
    const driver = stage.driver;
    const location = stage.locations[1] ?? stage.locations[0];
    if (!driver || !location) throw new Error("drive mode only");
    await orderable(stage, location.id);
    const before = note(stage.now(), await driver.menu(location.id));
    await linkDown(stage, location.id, DOWN, UP);
    await stage.wait(DOWN - (stage.now() - stage.start));
    const readOnlyAt = await untilMode(stage, location.id, "read_only", FLIP_WITHIN);
    const during: MenuNote[] = [];
    if (readOnlyAt !== null) {
      during.push(note(stage.now(), await driver.menu(location.id)));
      await stage.wait(MINUTE);
      during.push(note(stage.now(), await driver.menu(location.id)));
    }
    return {
      locationId: location.id,
      before,
      readOnlyAt,
      during,
      windows: [
        { from: stage.start + DOWN, to: stage.start + UP, label: "link down", locationId: location.id },
      ],
    };
  },
  judge(run) {
    const locationId = String(run.notes.locationId);
    const before = run.notes.before as MenuNote;
    const readOnlyAt = run.notes.readOnlyAt as number | null;
    const during = (run.notes.during ?? []) as MenuNote[];
    const down = run.start + DOWN;
    const outage = requests(run, locationId).find((e) => at(e) >= down && e.status === 0);
    const context: Evidence[] = [
      {
        at: before.at,
        text: `before the outage: ${before.items ?? "no"} items (version ${before.version ?? "none"})`,
      },
      ...(outage ? [cite(outage, "POS unreachable")] : []),
    ];
    if (readOnlyAt === null)
      return fail(
        `${locationId} never went read-only within ${FLIP_WITHIN / MINUTE} minutes of the outage: nothing to judge`,
        context,
      );
    const shown = during.map<Evidence>((m) => ({
      at: m.at,
      text:
        m.items === null
          ? `read-only at ${offset(run, m.at)}: the connector has no menu for ${locationId}`
          : `read-only at ${offset(run, m.at)}: ${m.items} items (version ${m.version ?? "none"})`,
    }));
    const missing = during.filter((m) => m.items === null || m.items === 0);
    return missing.length === 0 && during.length > 0
      ? pass(
          `while ${locationId} was read-only its cached menu still showed (${during.map((m) => m.items).join(", ")} items; ${before.items} before)`,
          [...shown, ...context],
        )
      : fail(
          `while ${locationId} was read-only guests had no menu (${before.items ?? "no"} items before the outage)`,
          [...shown, ...context],
        );
  },
};
