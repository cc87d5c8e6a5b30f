import type { CatalogPushWire } from "../../contracts/push/catalog.ts";
import type {
  BatchReportBody,
  StoredCatalogBody,
  StoredOrderBody,
  VenueCountsBody,
} from "../../contracts/push/results.ts";
import type { KnownCatalog } from "../../contracts/push/rules.ts";
import type { SalesOrderWire } from "../../contracts/push/sales.ts";

type CatalogKind = "categories" | "items" | "menus" | "modifierGroups";
const CATALOG_KINDS: readonly CatalogKind[] = ["categories", "items", "menus", "modifierGroups"];
type Entry = { externalID: string };
type VenueCatalog = Record<CatalogKind, Map<string, Entry>>;

export interface UpsertCounts {
  created: number;
  updated: number;
  venues: VenueCountsBody[];
}

/**
 * What the ingest receiver holds: orders and catalog entries keyed by (venue, externalID), so
 * a resend replaces and never duplicates, and a bounded list of batch reports.
 */
export class IngestStore {
  readonly #orders = new Map<string, Map<string, StoredOrderBody>>();
  readonly #catalogs = new Map<string, VenueCatalog>();
  readonly #reports: BatchReportBody[] = [];
  readonly #maxReports: number;
  #batches = 0;

  constructor(maxReports = 1_000) {
    this.#maxReports = maxReports;
  }

  nextBatchId(): string {
    return `b-${String(++this.#batches).padStart(6, "0")}`;
  }

  /** Stores orders already checked; each replaces the venue's order with the same externalID. */
  upsertOrders(orders: readonly { venueID: string; order: SalesOrderWire }[], batch: string, at: string) {
    const counts = new Counter();
    for (const { venueID, order } of orders) {
      const venue = this.#orders.get(venueID) ?? new Map<string, StoredOrderBody>();
      this.#orders.set(venueID, venue);
      const { venueID: _routed, ...stored } = order;
      const before = venue.get(order.externalID);
      venue.set(order.externalID, {
        revision: (before?.revision ?? 0) + 1,
        createdAt: before?.createdAt ?? at,
        updatedAt: at,
        batch,
        order: stored,
      });
      counts.add(venueID, before !== undefined);
    }
    return counts.result();
  }

  /** Stores a checked catalog batch, entry by entry. */
  upsertCatalog(venueID: string, body: CatalogPushWire): UpsertCounts {
    const counts = new Counter();
    const catalog = this.#catalog(venueID);
    for (const kind of CATALOG_KINDS) {
      for (const entry of body[kind] ?? []) {
        counts.add(venueID, catalog[kind].has(entry.externalID));
        catalog[kind].set(entry.externalID, entry);
      }
    }
    return counts.result();
  }

  known(venueID: string): KnownCatalog {
    const catalog = this.#catalogs.get(venueID);
    return {
      categories: new Set(catalog?.categories.keys()),
      modifierGroups: new Set(catalog?.modifierGroups.keys()),
    };
  }

  /** A venue's stored orders, by externalID. */
  orders(venueID: string): StoredOrderBody[] {
    return sortedValues(this.#orders.get(venueID));
  }

  catalog(venueID: string): StoredCatalogBody {
    const c = this.#catalogs.get(venueID);
    return {
      venueID,
      categories: sortedValues(c?.categories) as StoredCatalogBody["categories"],
      items: sortedValues(c?.items) as StoredCatalogBody["items"],
      menus: sortedValues(c?.menus) as StoredCatalogBody["menus"],
      modifierGroups: sortedValues(c?.modifierGroups) as StoredCatalogBody["modifierGroups"],
    };
  }

  /** Venues anything was stored for. */
  venues(): string[] {
    return [...new Set([...this.#orders.keys(), ...this.#catalogs.keys()])].sort();
  }

  report(report: BatchReportBody): void {
    this.#reports.push(report);
    if (this.#reports.length > this.#maxReports) this.#reports.shift();
  }

  /** Batch reports, oldest first; only one credential's when given. */
  reports(credential?: string): BatchReportBody[] {
    return this.#reports.filter((r) => credential === undefined || r.credential === credential);
  }

  #catalog(venueID: string): VenueCatalog {
    let catalog = this.#catalogs.get(venueID);
    if (!catalog) {
      catalog = { categories: new Map(), items: new Map(), menus: new Map(), modifierGroups: new Map() };
      this.#catalogs.set(venueID, catalog);
    }
    return catalog;
  }
}

class Counter {
  readonly #venues = new Map<string, VenueCountsBody>();

  add(venueID: string, existed: boolean): void {
    const v = this.#venues.get(venueID) ?? { venueID, created: 0, updated: 0 };
    this.#venues.set(venueID, v);
    if (existed) v.updated++;
    else v.created++;
  }

  result(): UpsertCounts {
    const venues = [...this.#venues.values()].sort((a, b) => a.venueID.localeCompare(b.venueID));
    const sum = (k: "created" | "updated") => venues.reduce((n, v) => n + v[k], 0);
    return { created: sum("created"), updated: sum("updated"), venues };
  }
}

function sortedValues<T>(map: Map<string, T> | undefined): T[] {
  return [...(map?.entries() ?? [])].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
}
