import type { Context } from "hono";
import { catalogRevision } from "../domain/events.ts";
import type { Location, Menu } from "../domain/types.ts";

interface Entry {
  location: Location;
  revision: number;
  version: number;
  soldOut: Location["soldOut"];
  bytes: Uint8Array<ArrayBuffer>;
}

// Keyed on the menu object, weakly: the encodings live exactly as long as the menu they were made
// from. A large chain derives menus on demand and lets the coldest go (domain/menu-cache.ts); its
// encodings go with it, so this cache never holds more than the menus held, and a menu derived
// again is a new object, encoded afresh. A replaced chain (a reset, a scenario's) takes them too.
const entries = new WeakMap<Menu, Map<string, Entry>>();

const JSON_HEADERS = { "content-type": "application/json" };

/**
 * The encoded JSON of a read derived from the location's menu and sold-out flags alone (no clock,
 * no orders), computed once per change: `render` runs again only after a price, product or
 * sold-out change (`catalogRevision`), a new `menu.version`, or a replaced (or derived again) menu.
 * `key` names the read (one dialect's menu, one list of Sinqro's catalog).
 */
export function menuBytes(location: Location, key: string, render: () => unknown): Uint8Array<ArrayBuffer> {
  const { menu, soldOut } = location;
  let byKey = entries.get(menu);
  if (byKey === undefined) {
    byKey = new Map();
    entries.set(menu, byKey);
  }
  const revision = catalogRevision(location);
  const hit = byKey.get(key);
  if (
    hit !== undefined &&
    hit.location === location &&
    hit.revision === revision &&
    hit.version === menu.version &&
    hit.soldOut === soldOut
  ) {
    return hit.bytes;
  }
  const bytes = new Uint8Array(Buffer.from(JSON.stringify(render())));
  byKey.set(key, { location, revision, version: menu.version, soldOut, bytes });
  return bytes;
}

/**
 * Answers 200 with {@link menuBytes}: the same status, content type and body as `c.json(render())`,
 * typed as the route's JSON answer.
 */
export function menuJson<T>(c: Context, location: Location, key: string, render: () => T) {
  const bytes = menuBytes(location, key, render);
  // A fresh Response around the shared bytes: middleware after the route may still rewrite it.
  return c.body(bytes, 200, JSON_HEADERS) as unknown as ReturnType<typeof c.json<T, 200>>;
}
