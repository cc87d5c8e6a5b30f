import type { Credentials, Location } from "./types.ts";

/**
 * Where a chain's locations come from when they are derived one at a time: each from the chain's
 * seed and its own number alone, so deriving location 70,000 needs none of the others.
 */
export interface LocationSource {
  /** How many locations the chain has. */
  readonly count: number;
  /** Location `number` (1-based) as generated. */
  derive(number: number): Location;
  /** The credentials location `number` was issued, without deriving the rest of it. */
  credentials(number: number): Credentials;
  /** The number of the location that was issued this API key, if any. */
  numberOfKey(apiKey: string): number | undefined;
}

/** Called once for each location as it comes into being, before anyone else sees it. */
export type MaterialiseHook = (location: Location) => void;

interface LazyState {
  readonly source: LocationSource;
  readonly slots: (Location | undefined)[];
  readonly hooks: MaterialiseHook[];
  touched: number;
}

const states = new WeakMap<object, LazyState>();

// Array indices as property keys: "0", "17"; not "01", "-1" or "length".
function indexOf(key: string | symbol, count: number): number {
  if (typeof key !== "string" || key.length === 0 || key.length > 10) return -1;
  const first = key.charCodeAt(0);
  if (first < 48 || first > 57 || (first === 48 && key.length > 1)) return -1;
  const n = Number(key);
  return Number.isInteger(n) && n < count ? n : -1;
}

function materialise(state: LazyState, index: number): Location {
  const present = state.slots[index];
  if (present) return present;
  const location = state.source.derive(index + 1);
  // Stored before the hooks run, so a hook reading the chain finds this location, not a second copy.
  state.slots[index] = location;
  state.touched++;
  for (const hook of state.hooks) hook(location);
  return location;
}

/**
 * The locations of a chain as an array whose entries come into being when first read (by index,
 * iteration, `find`, `slice`…): an idle location costs a slot, not a restaurant. Reading every
 * entry derives every location, so code that serves one location reads only that one, and code
 * that sweeps the chain sweeps {@link touchedLocations}. The array is read-only.
 */
export function lazyLocations(source: LocationSource): Location[] {
  const state: LazyState = { source, slots: new Array(source.count), hooks: [], touched: 0 };
  const refuse = () => false;
  const proxy = new Proxy(state.slots, {
    get(target, key, receiver) {
      const i = indexOf(key, source.count);
      return i < 0 ? Reflect.get(target, key, receiver) : materialise(state, i);
    },
    has(target, key) {
      return indexOf(key, source.count) >= 0 || Reflect.has(target, key);
    },
    ownKeys(target) {
      for (let i = 0; i < source.count; i++) materialise(state, i);
      return Reflect.ownKeys(target);
    },
    getOwnPropertyDescriptor(target, key) {
      const i = indexOf(key, source.count);
      if (i >= 0) materialise(state, i);
      return Reflect.getOwnPropertyDescriptor(target, key);
    },
    set: refuse,
    defineProperty: refuse,
    deleteProperty: refuse,
  });
  states.set(proxy, state);
  return proxy as Location[];
}

function stateOf(locations: readonly Location[]): LazyState | undefined {
  return states.get(locations);
}

/**
 * Location `number` (1-based), or undefined past the end: for a lazy chain straight from its slots,
 * not through the array's proxy (a hot read looks its location up more than once).
 */
export function locationAt(locations: readonly Location[], number: number): Location | undefined {
  const state = stateOf(locations);
  if (!state) return locations[number - 1];
  return Number.isInteger(number) && number >= 1 && number <= state.source.count
    ? materialise(state, number - 1)
    : undefined;
}

/** Whether these locations are derived on first use (a generated chain's are). */
export function isLazy(locations: readonly Location[]): boolean {
  return states.has(locations);
}

/** Runs `hook` on every location from now on as it comes into being (and on those already here). */
export function onMaterialise(locations: readonly Location[], hook: MaterialiseHook): void {
  const state = stateOf(locations);
  if (!state) {
    for (const location of locations) hook(location);
    return;
  }
  state.hooks.push(hook);
  for (const location of state.slots) if (location) hook(location);
}

/**
 * The locations that exist so far, in number order: every one of a plain array, the touched ones
 * of a lazy chain — the others are still exactly as generated, so a sweep that looks for orders,
 * history or changes has nothing to find in them.
 */
export function touchedLocations(locations: readonly Location[]): Location[] {
  const state = stateOf(locations);
  if (!state) return locations as Location[];
  const out: Location[] = [];
  if (state.touched === 0) return out;
  for (const location of state.slots) if (location) out.push(location);
  return out;
}

/** How many locations of a lazy chain have come into being (all of a plain array). */
export function touchedCount(locations: readonly Location[]): number {
  return stateOf(locations)?.touched ?? locations.length;
}

/** Location `number` (1-based) if it has come into being, without bringing it. */
export function peekLocation(locations: readonly Location[], number: number): Location | undefined {
  const state = stateOf(locations);
  return state ? state.slots[number - 1] : locations[number - 1];
}

/** The credentials location `number` has now: as issued, or as rotated since it came into being. */
export function credentialsAt(locations: readonly Location[], number: number): Credentials | undefined {
  const state = stateOf(locations);
  if (!state) return locations[number - 1]?.credentials;
  if (number < 1 || number > state.source.count) return undefined;
  return state.slots[number - 1]?.credentials ?? state.source.credentials(number);
}

/** The number of the location issued this API key (it may have been rotated away since); lazy chains only. */
export function issuedKeyOwner(locations: readonly Location[], apiKey: string): number | undefined {
  return stateOf(locations)?.source.numberOfKey(apiKey);
}

/**
 * A deep copy of a chain as plain data, every location in it (so every one brought into being):
 * what `structuredClone` would give if it could copy the lazy array. For tests and small chains.
 */
export function chainSnapshot<T extends { locations: readonly Location[] }>(chain: T): T {
  return structuredClone({ ...chain, locations: [...chain.locations] });
}
