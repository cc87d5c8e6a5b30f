import * as routes from "../../../contracts/generic/routes.ts";
import { isoTime } from "../../clock/index.ts";
import type { Location } from "../../domain/types.ts";
import type { HotReads } from "../../hot-reads/index.ts";
import { presentedCredential } from "../../http/auth.ts";
import { menuBytes } from "../../http/menu-cache.ts";
import { presentMenu } from "../../present/index.ts";
import type { Simulator } from "../../state.ts";
import { credentialName } from "./access.ts";

/** location.status: the answer at clock time `now`. */
export function locationStatus(l: Location, now: number) {
  const shift = l.shifts.at(-1);
  return {
    locationId: l.id,
    name: l.name,
    online: l.online,
    time: isoTime(now),
    timezone: l.timezone,
    currency: l.currency,
    businessDate: shift?.businessDate ?? "",
    shiftId: shift?.id ?? "",
  };
}

/**
 * menu.get, modifiers.get and availability.get: each a render of the catalogue alone, encoded
 * once per catalogue change under its key (http/menu-cache.ts), by the route and the lane alike.
 */
export const catalogReads = {
  menu: { key: "generic.menu", render: (l: Location) => presentMenu(l) },
  modifiers: {
    key: "generic.modifiers",
    render: (l: Location) => ({ locationId: l.id, modifierGroups: l.menu.modifierGroups }),
  },
  availability: {
    key: "generic.availability",
    render: (l: Location) => ({
      locationId: l.id,
      items: l.menu.products.map((p) => {
        const out = l.soldOut.get(p.id);
        return {
          productId: p.id,
          soldOut: out !== undefined,
          since: out ? new Date(out.since).toISOString() : null,
        };
      }),
    }),
  },
} as const;

function encoded(read: { key: string; render: (l: Location) => unknown }) {
  return (l: Location) => menuBytes(l, read.key, () => read.render(l));
}

/** The generic dialect's polls, answered on the hot-read lane (simulator/hot-reads). */
export function genericHotReads(sim: Simulator): HotReads {
  return {
    credentialHeaders: ["x-api-key", "authorization"],
    authenticate(headers) {
      const presented = presentedCredential(sim.chain, headers["x-api-key"], headers.authorization);
      const location = presented?.location;
      return location ? { location, credential: credentialName(presented.via, location) } : null;
    },
    reads: [
      { route: routes.locationStatus, body: (l) => JSON.stringify(locationStatus(l, sim.clock.now())) },
      { route: routes.menuGet, body: encoded(catalogReads.menu) },
      { route: routes.modifiersGet, body: encoded(catalogReads.modifiers) },
      { route: routes.availabilityGet, body: encoded(catalogReads.availability) },
    ],
  };
}
