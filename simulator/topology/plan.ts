import { OPERATIONS } from "../../contracts/operations.ts";
import { type Shard, type ShardRange, shardRange } from "./shard.ts";

/**
 * A dialect's name (its descriptor's `name`). Plain text here: topology sits below the HTTP
 * layer (the fault middleware enforces a listener's scope), so it takes nothing from the dialects.
 */
export type DialectName = string;

/** How the chain's POS is deployed (Ordering Stack's three variants). */
export const TOPOLOGIES = ["central", "per-location", "hybrid"] as const;
export type Topology = (typeof TOPOLOGIES)[number];

/** What one listener answers for; null means everything. */
export interface Scope {
  locations: readonly string[] | null;
  operations: readonly string[] | null;
  /** When the locations are a shard's range of a larger chain: which shard, of how many locations. */
  shard?: { shard: Shard; range: ShardRange; chainSize: number };
}

/** One port of a deployment: a dialect's app, limited to a scope. */
export interface ListenerPlan {
  /** e.g. `elyx`, `generic@loc-0002`, `sinqro (menus)`. */
  name: string;
  dialect: DialectName;
  port: number;
  scope: Scope;
  /** The listener that also serves the admin API, docs of the main contract and the journal. */
  main: boolean;
}

export interface TopologyOptions {
  topology: Topology;
  /** Dialects to serve, in the order their per-location port ranges are handed out. */
  dialects: readonly DialectName[];
  /** Central port of each dialect; the main one's is also the admin port. */
  ports: Record<DialectName, number>;
  /** The dialect whose app carries the admin API (it listens even when not asked for). */
  main: DialectName;
  /** Per-location ports: dialect k, location i (0-based) listens on base + 1000·k + i; 0 lets the system pick each. */
  locationPortBase: number;
  /** Location ids, in chain order. */
  locations: readonly string[];
  /** This process's part of a sharded chain: only its range is served (see shard.ts). */
  shard?: Shard;
}

export { describeShard, parseShard, shardRange } from "./shard.ts";

/** The operations a hybrid deployment answers centrally: the menu is defined once for the chain. */
export const CENTRAL_OPERATIONS: readonly string[] = ["menu.get", "modifiers.get", "availability.get"];
const LOCAL_OPERATIONS = OPERATIONS.filter((op) => !CENTRAL_OPERATIONS.includes(op));
const PORTS_PER_DIALECT = 1000;

/**
 * The listeners of a deployment. Central: one port per dialect for every location. Per-location:
 * each location has its own server (its own port per dialect), like on-premise POS servers; the
 * main port keeps only the admin API. Hybrid: menus centrally, orders and everything else per
 * location. Throws a RangeError naming the setting when ports would collide or overflow.
 */
export function planTopology(options: TopologyOptions): ListenerPlan[] {
  const { topology, dialects, ports, locationPortBase, shard, main } = options;
  if (dialects.length === 0) throw new RangeError("topology: serve at least one dialect");
  // A shard serves its own range, in every listener; the admin API stays whole.
  const range = shard ? shardRange(shard, options.locations.length) : undefined;
  const locations = range ? options.locations.slice(range.from - 1, range.to) : options.locations;
  const owned = (operations: readonly string[] | null): Scope =>
    shard ? shardScope(shard, options.locations, operations) : { locations: null, operations };
  const all: Scope = owned(null);
  const central = (scope: Scope, suffix = "") =>
    dialects.map((dialect) => ({
      name: `${dialect}${suffix}`,
      dialect,
      port: portOf(ports, dialect),
      scope,
      main: dialect === main,
    }));
  const local = (operations: readonly string[] | null) => {
    if (locations.length > PORTS_PER_DIALECT)
      throw new RangeError(
        `topology: ${topology} gives each location its own port, at most ${PORTS_PER_DIALECT} locations (got ${locations.length})`,
      );
    return dialects.flatMap((dialect, k) =>
      locations.map((id, i) => ({
        name: `${dialect}@${id}`,
        dialect,
        port: locationPortBase === 0 ? 0 : locationPortBase + PORTS_PER_DIALECT * k + i,
        scope: { locations: [id], operations },
        main: false,
      })),
    );
  };
  let plan: ListenerPlan[];
  if (topology === "central") plan = central(all);
  else if (topology === "hybrid")
    plan = [...central(owned(CENTRAL_OPERATIONS), " (menus)"), ...local(LOCAL_OPERATIONS)];
  else
    plan = [
      ...central({ locations: null, operations: [] }, " (admin)").filter((l) => l.main),
      ...local(null),
    ];
  // The admin API lives on the main dialect's app: serve it even when that dialect is not asked for.
  if (!plan.some((l) => l.main))
    plan.unshift({
      name: "admin",
      dialect: main,
      port: portOf(ports, main),
      scope: { locations: null, operations: [] },
      main: true,
    });
  checkPorts(plan);
  return plan;
}

/** What a shard's listeners answer for: its range of the chain's `ids`, and `operations` (null: all). */
export function shardScope(
  shard: Shard,
  ids: readonly string[],
  operations: readonly string[] | null = null,
): Scope {
  const range = shardRange(shard, ids.length);
  return {
    locations: ids.slice(range.from - 1, range.to),
    operations,
    shard: { shard, range, chainSize: ids.length },
  };
}

function portOf(ports: Record<DialectName, number>, dialect: DialectName): number {
  const port = ports[dialect];
  if (port === undefined) throw new RangeError(`topology: no port for the ${dialect} dialect`);
  return port;
}

function checkPorts(plan: ListenerPlan[]): void {
  const taken = new Map<number, string>();
  for (const l of plan) {
    if (l.port < 0 || l.port > 65_535)
      throw new RangeError(`topology: ${l.name} would listen on port ${l.port}`);
    // Port 0 asks the system for a free one: never a clash.
    const other = l.port === 0 ? undefined : taken.get(l.port);
    if (other) throw new RangeError(`topology: ${l.name} and ${other} would both listen on port ${l.port}`);
    taken.set(l.port, l.name);
  }
}
