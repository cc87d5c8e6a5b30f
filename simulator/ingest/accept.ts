import {
  checkCatalog,
  checkSales,
  formatProblem,
  type PushProblem,
  sortProblems,
} from "../../contracts/push/rules.ts";
import { PosError } from "../domain/errors.ts";
import { defaultVenue, forbidden, type IngestCredential, mayUse } from "./auth.ts";
import type { IngestStore, UpsertCounts } from "./store.ts";

export interface Accepted extends UpsertCounts {
  received: number;
}

const record = (v: unknown): Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/**
 * Routes, checks and stores a sales batch, all or nothing: a venue the credential may not
 * send to is 403, any other problem 400 naming every one, and then nothing is stored.
 */
export function acceptSales(
  store: IngestStore,
  credential: IngestCredential,
  raw: unknown,
  batch: string,
  at: string,
): Accepted {
  const fallback = defaultVenue(credential);
  const orders = record(raw).orders;
  const refused: { name: string; venueID: string }[] = [];
  const unrouted: PushProblem[] = [];
  (Array.isArray(orders) ? orders : []).forEach((order, i) => {
    const venueID = record(order).venueID;
    if (typeof venueID === "string") {
      if (!mayUse(credential, venueID)) refused.push({ name: `orders[${i}].venueID`, venueID });
    } else if (fallback === undefined) unrouted.push(missingVenue(`orders[${i}].venueID`, credential));
  });
  if (refused.length > 0) throw forbidden(credential, refused);
  const checked = checkSales(raw, fallback);
  if (!checked.ok || unrouted.length > 0) throw invalid([...checked.problems, ...unrouted]);
  const routed = checked.body.orders.map((order) => ({ venueID: order.venueID ?? fallback ?? "", order }));
  return { received: routed.length, ...store.upsertOrders(routed, batch, at) };
}

/** Routes, checks and stores a catalog batch, all or nothing, like a sales batch. */
export function acceptCatalog(store: IngestStore, credential: IngestCredential, raw: unknown): Accepted {
  const named = record(raw).venueID;
  const venueID = typeof named === "string" ? named : defaultVenue(credential);
  if (typeof named === "string" && !mayUse(credential, named))
    throw forbidden(credential, [{ name: "venueID", venueID: named }]);
  const known =
    venueID === undefined
      ? { categories: new Set<string>(), modifierGroups: new Set<string>() }
      : store.known(venueID);
  const checked = checkCatalog(raw, known);
  const problems = venueID === undefined ? [missingVenue("venueID", credential)] : [];
  if (!checked.ok || venueID === undefined) throw invalid([...checked.problems, ...problems]);
  const { categories = [], items = [], menus = [], modifierGroups = [] } = checked.body;
  const received = categories.length + items.length + menus.length + modifierGroups.length;
  return { received, ...store.upsertCatalog(venueID, checked.body) };
}

function missingVenue(name: string, credential: IngestCredential): PushProblem {
  const scope = credential.venues ? `venues ${credential.venues.join(", ")}` : "any venue";
  return { name, reason: `required: credential '${credential.username}' routes to ${scope}` };
}

/** A VALIDATION error naming every problem; its detail shows the first few. */
export function invalid(problems: PushProblem[], consequence = "nothing was stored"): PosError {
  const sorted = sortProblems(problems);
  const shown = sorted.slice(0, 5).map(formatProblem).join("; ");
  const more = sorted.length > 5 ? `; … ${sorted.length - 5} more in invalidParams` : "";
  return new PosError("VALIDATION", `${sorted.length} problem(s), ${consequence}: ${shown}${more}`, {
    invalidParams: sorted,
  });
}
