import type { Location, Menu } from "./types.ts";

/**
 * Menus that can be derived again at will, kept for the locations that used theirs last. A
 * location's menu is the biggest thing it holds (a copy of the chain's with its own prices), and
 * as long as nobody changed it, dropping it and deriving it again gives the same menu: so a large
 * chain holds the menus of its busiest locations, not of every location it ever served.
 */
export class MenuCache {
  readonly #capacity: number;
  // Insertion order is recency: the first entry is the least recently used.
  readonly #menus = new Map<Location, Menu>();

  constructor(options: { capacity: number }) {
    this.#capacity = options.capacity;
  }

  /** The location's menu, derived with `derive` when it is not held. */
  get(location: Location, derive: () => Menu): Menu {
    const menu = this.#menus.get(location);
    if (!menu) return this.put(location, derive());
    this.#menus.delete(location);
    this.#menus.set(location, menu);
    return menu;
  }

  /** Holds `menu` as the location's, the most recently used. */
  put(location: Location, menu: Menu): Menu {
    this.#menus.delete(location);
    if (this.#menus.size >= this.#capacity) {
      const oldest = this.#menus.keys().next();
      if (!oldest.done) this.#menus.delete(oldest.value);
    }
    this.#menus.set(location, menu);
    return menu;
  }

  /** Lets go of a location's menu: it is the location's own from now on. */
  release(location: Location): void {
    this.#menus.delete(location);
  }

  get size(): number {
    return this.#menus.size;
  }
}

const caches = new WeakMap<Location, MenuCache>();

/**
 * Makes `location.menu` derived on demand through `cache` until something changes the menu (see
 * {@link keepMenu}), starting with `menu`, derived already. Reading it is the same as reading a
 * stored menu.
 */
export function deriveMenuOnDemand(
  location: Location,
  cache: MenuCache,
  menu: Menu,
  derive: () => Menu,
): void {
  caches.set(location, cache);
  cache.put(location, menu);
  Object.defineProperty(location, "menu", {
    enumerable: true,
    configurable: true,
    get: () => cache.get(location, derive),
    set: (menu: Menu) => store(location, menu, cache),
  });
}

function store(location: Location, menu: Menu, cache: MenuCache | undefined): void {
  cache?.release(location);
  Object.defineProperty(location, "menu", {
    value: menu,
    writable: true,
    enumerable: true,
    configurable: true,
  });
}

/**
 * Makes the location's current menu its own for good, before it is changed: a changed menu can no
 * longer be derived again. Every change to a menu (prices, catalog) calls it first.
 */
export function keepMenu(location: Location): Menu {
  const descriptor = Object.getOwnPropertyDescriptor(location, "menu");
  if (!descriptor?.get) return location.menu;
  const menu = location.menu;
  store(location, menu, caches.get(location));
  return menu;
}
