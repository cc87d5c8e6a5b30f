import type { Context, MiddlewareHandler } from "hono";
import { findLocation } from "../../domain/chain.ts";
import { PosError } from "../../domain/errors.ts";
import type { Chain, Location, Order } from "../../domain/types.ts";
import { credentialLocation, sameSecret, sentCredential, UNKNOWN_CREDENTIAL } from "../../http/auth.ts";
import type { AppEnv } from "../../http/env.ts";
import { servedLocations, servesLocation } from "../../topology/scope.ts";
import { findTicket, locationByNumber, locationNumber, parseRef } from "./ids.ts";

type Ctx = Context<AppEnv>;

/** Who a key speaks for: the server's group key sees every location, a location's key only its own. */
type Principal = { kind: "group" } | { kind: "location"; location: Location };

// Keyed by the request, so the key is looked up once (credential misses rebuild an index).
const principals = new WeakMap<Request, Principal | null>();

function identify(chain: Chain, c: Ctx): Principal | null {
  // Under --auth oauth / mtls the guard authenticated the location before the key was looked at.
  const authenticated = c.get("location");
  if (authenticated) return { kind: "location", location: authenticated };
  if (principals.has(c.req.raw)) return principals.get(c.req.raw) ?? null;
  const key = c.req.header("x-api-key") ?? "";
  let principal: Principal | null = null;
  if (key && sameSecret(key, chain.credentials.groupKey)) principal = { kind: "group" };
  else if (key) {
    const location = credentialLocation(chain, key, undefined);
    if (location) principal = { kind: "location", location };
  }
  principals.set(c.req.raw, principal);
  return principal;
}

// The one location (and ticket) a request is about, if any, so location- and ticket-scoped fault rules can act on it.
function target(chain: Chain, c: Ctx): { location?: Location; order?: Order } {
  const byText = (text: string | undefined) =>
    text && /^\d{1,6}$/.test(text) ? locationByNumber(chain, Number(text)) : undefined;
  const { locationId, ticketId, shiftId } = c.req.param() as Record<string, string | undefined>;
  if (locationId !== undefined) return { location: byText(locationId) };
  const ref = parseRef(ticketId ?? shiftId ?? "");
  if (ticketId !== undefined || shiftId !== undefined) {
    const location = ref ? locationByNumber(chain, ref.location) : undefined;
    const order = location && ref && ticketId !== undefined ? findTicket(location, ref.number) : undefined;
    return { location, order };
  }
  const ids = new Set((c.req.query("locations") ?? "").split(",").map((s) => s.trim()));
  ids.delete("");
  if (ids.size === 1) return { location: byText([...ids][0]) };
  if (ids.size > 1) return {};
  const principal = identify(chain, c);
  if (principal?.kind === "location") return { location: principal.location };
  // A location's own server (per-location topology) is about that location whatever the key.
  const served = servedLocations(c);
  if (served?.length === 1) return { location: findLocation(chain, served[0] ?? "") };
  return chain.locations.length === 1 ? { location: chain.locations[0] } : {};
}

/** Names the operation, and the location and ticket when the request resolves to one, before anything can fail. */
export function tagRequest(chain: () => Chain, operation: string): (c: Ctx) => void {
  return (c) => {
    c.set("operation", operation);
    const { location, order } = target(chain(), c);
    if (location) c.set("locationId", location.id);
    if (order) c.set("orderId", order.id);
  };
}

/**
 * Names the key a request carries, for the journal — never the key itself: `groupKey` (the
 * server's), `apiKey:<location>` (a location's), `unknown` for any other credential, null for none.
 */
export function elyxCredential(chain: Chain, c: Ctx): string | null {
  const principal = identify(chain, c);
  if (principal?.kind === "group") return "groupKey";
  if (principal?.kind === "location") return `apiKey:${principal.location.id}`;
  return sentCredential(c) ? UNKNOWN_CREDENTIAL : null;
}

/** Admits a request with the server's key or a location's (rotated keys included). */
export function requireKey(chain: () => Chain): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const principal = identify(chain(), c);
    if (!principal)
      throw new PosError("UNAUTHORIZED", "send the server's or a location's API key in the X-API-KEY header");
    if (principal.kind === "location") c.set("location", principal.location);
    await next();
  };
}

function principalOf(chain: Chain, c: Ctx): Principal {
  const principal = identify(chain, c);
  if (!principal) throw new PosError("UNAUTHORIZED", "no API key");
  return principal;
}

/** Location `n`, if this key may see it: another location's is forbidden (whether or not it exists, so ids don't leak). */
export function visibleLocation(chain: Chain, c: Ctx, n: number): Location {
  const principal = principalOf(chain, c);
  if (principal.kind === "location") {
    const own = locationNumber(principal.location);
    if (n !== own)
      throw new PosError("FORBIDDEN_LOCATION", `this API key is for location ${own} only, not ${n}`);
    return principal.location;
  }
  const location = locationByNumber(chain, n);
  const served = servedLocations(c);
  if (!location || (served && !servesLocation(c, location.id)))
    throw new PosError("NOT_FOUND", `no location ${n} on this server`);
  return location;
}

/** The locations of a `?locations=` filter (validated by the contract), in id order; empty means every one the key sees. */
export function selectLocations(chain: Chain, c: Ctx, filter: string | undefined): Location[] {
  const principal = principalOf(chain, c);
  const ids = [
    ...new Set(
      (filter ?? "")
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s !== "")
        .map(Number),
    ),
  ];
  const served = servedLocations(c);
  // Every location only when none is named: naming one brings no other into being.
  const all = () =>
    (principal.kind === "location" ? [principal.location] : chain.locations).filter(
      (l) => served === null || servesLocation(c, l.id),
    );
  const selected = ids.length === 0 ? all() : ids.map((n) => visibleLocation(chain, c, n));
  return [...selected].sort((a, b) => locationNumber(a) - locationNumber(b));
}
