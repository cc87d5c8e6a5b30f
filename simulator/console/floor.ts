import type { ConsoleContext } from "./context.ts";
import { h, localHm } from "./html.ts";
import { BASE, badge, flashOf, page } from "./layout.ts";
import {
  FLOOR_FILTERS,
  type Floor,
  type FloorFilter,
  type FloorQuery,
  floor,
  floorQuery,
  type LocationView,
  PAGE_SIZES,
} from "./model.ts";

const FILTER_LABELS: Record<FloorFilter, string> = {
  all: "all",
  online: "online",
  unreachable: "unreachable",
  "read-only": "read-only",
  closed: "closed online",
  locked: "with locks",
  "sold-out": "with sold-out items",
  "open-orders": "with open orders",
};

function href(q: FloorQuery, change: Partial<FloorQuery> = {}, path = BASE): string {
  const next = { ...q, ...change };
  const params = new URLSearchParams();
  if (next.q) params.set("q", next.q);
  if (next.filter !== "all") params.set("filter", next.filter);
  if (next.per !== 50) params.set("per", String(next.per));
  if (next.page !== 1) params.set("page", String(next.page));
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

/** The link state of a location as a badge, with what makes it so. */
export function stateBadges(view: LocationView) {
  const { link } = view;
  return [
    badge(link.state, link.state, link.detail),
    link.closed
      ? [" ", badge("closed", "closed online", `closed for online orders: ${link.closed.reason}`)]
      : null,
  ];
}

function tablesCell(view: LocationView) {
  const { location, open } = view;
  if (open.length === 0) return h("span", { class: "small" }, "none");
  const names = new Map<string, string>();
  for (const area of location.areas) for (const t of area.tables) names.set(t.id, t.name);
  const byTable = new Map<string, number>();
  for (const o of open) {
    const key = o.tableId ? (names.get(o.tableId) ?? o.tableId) : o.type.replace("_", "-");
    byTable.set(key, (byTable.get(key) ?? 0) + 1);
  }
  const parts = [...byTable].map(([t, n]) => (n > 1 ? `${t} ×${n}` : t));
  const shown = parts.slice(0, 5).join(", ") + (parts.length > 5 ? ` +${parts.length - 5}` : "");
  return [h("strong", null, String(open.length)), " ", h("span", { class: "small" }, shown)];
}

function locksCell(view: LocationView, now: number) {
  if (view.locks.length === 0) return h("span", { class: "small" }, "—");
  const tz = view.location.timezone;
  return view.locks
    .slice(0, 3)
    .map(({ order, lock }) =>
      h(
        "div",
        null,
        badge("lock", `#${order.number} at ${lock.terminalId}`),
        " ",
        h(
          "span",
          { class: "small" },
          lock.until === null
            ? "until let go"
            : `until ${localHm(lock.until, tz)} (${Math.ceil((lock.until - now) / 60_000)} min)`,
        ),
      ),
    );
}

function soldOutCell(view: LocationView) {
  const { location } = view;
  if (location.soldOut.size === 0) return h("span", { class: "small" }, "—");
  const names = [...location.soldOut.keys()]
    .slice(0, 2)
    .map((id) => location.menu.products.find((p) => p.id === id)?.name ?? id);
  return [
    h("strong", null, String(location.soldOut.size)),
    " ",
    h("span", { class: "small" }, names.join(", ") + (location.soldOut.size > 2 ? " …" : "")),
  ];
}

function row(view: LocationView, now: number) {
  const { location, shift } = view;
  return h(
    "tr",
    { id: `row-${location.id}` },
    h(
      "td",
      null,
      h("a", { href: `${BASE}/locations/${location.id}` }, location.id),
      h("div", { class: "small" }, `${location.name} · ${location.address.city}`),
    ),
    h("td", null, stateBadges(view)),
    h(
      "td",
      { class: "wide" },
      view.businessDate,
      h("div", { class: "small" }, `${shift.id} since ${localHm(shift.openedAt, location.timezone)}`),
    ),
    h("td", null, tablesCell(view)),
    h("td", null, locksCell(view, now)),
    h("td", { class: "wide" }, soldOutCell(view)),
  );
}

/** The list part of the floor: counts, the table, the pager — refetched live. */
export function floorList(f: Floor, now: number) {
  const { query } = f;
  const first = f.matched === 0 ? 0 : (query.page - 1) * query.per + 1;
  const last = Math.min(f.matched, query.page * query.per);
  return [
    h(
      "ul",
      { class: "counts", "aria-label": "Filter by state" },
      FLOOR_FILTERS.map((key) =>
        h(
          "li",
          null,
          h(
            "a",
            {
              href: href(query, { filter: key, page: 1 }),
              "aria-current": key === query.filter ? "true" : undefined,
            },
            `${FILTER_LABELS[key]}: ${f.counts[key]}`,
          ),
        ),
      ),
    ),
    h(
      "p",
      { class: "small", id: "floor-summary" },
      f.matched === 0
        ? "No location matches."
        : `Locations ${first}–${last} of ${f.matched}${f.matched !== f.counts.all ? ` (of ${f.counts.all} in the chain)` : ""}`,
    ),
    h(
      "div",
      { class: "scroll" },
      h(
        "table",
        { class: "floor" },
        h(
          "caption",
          { class: "sr" },
          "Every location: link state, business date and shift, open orders by table, locks, sold-out items",
        ),
        h(
          "thead",
          null,
          h(
            "tr",
            null,
            h("th", { scope: "col" }, "Location"),
            h("th", { scope: "col" }, "State"),
            h("th", { scope: "col", class: "wide" }, "Business date · shift"),
            h("th", { scope: "col" }, "Open orders · tables"),
            h("th", { scope: "col" }, "Locks at terminals"),
            h("th", { scope: "col", class: "wide" }, "Sold out"),
          ),
        ),
        h(
          "tbody",
          null,
          f.rows.map((v) => row(v, now)),
        ),
      ),
    ),
    f.pages > 1
      ? h(
          "nav",
          { class: "pager", "aria-label": "Pages" },
          query.page > 1
            ? h("a", { href: href(query, { page: query.page - 1 }), rel: "prev" }, "← previous")
            : null,
          h("span", null, `page ${query.page} of ${f.pages}`),
          query.page < f.pages
            ? h("a", { href: href(query, { page: query.page + 1 }), rel: "next" }, "next →")
            : null,
        )
      : null,
  ];
}

export function floorPartial(ctx: ConsoleContext, params: URLSearchParams) {
  const now = ctx.sim.clock.now();
  return floorList(floor(ctx.sim, floorQuery(params), now), now);
}

/** The floor: every location, live, searchable, filterable, paged. */
export function floorPage(ctx: ConsoleContext, params: URLSearchParams) {
  const now = ctx.sim.clock.now();
  const f = floor(ctx.sim, floorQuery(params), now);
  const { query } = f;
  const chain = ctx.sim.chain;
  return page(
    ctx,
    { title: "Floor", nav: "floor", flash: flashOf(params) },
    h("h1", null, `The floor: ${chain.name}`),
    h(
      "p",
      { class: "lead" },
      `${chain.locations.length} location(s), seed "${chain.seed}", locale ${chain.locale}. Live: it follows the POS as staff, connectors and fault rules change it.`,
    ),
    h(
      "form",
      { class: "filters", method: "get", action: BASE, role: "search" },
      h(
        "label",
        null,
        "Search id, name or city",
        h("input", { type: "search", name: "q", value: query.q, placeholder: "loc-0042, Soho…" }),
      ),
      h(
        "label",
        null,
        "State",
        h(
          "select",
          { name: "filter" },
          FLOOR_FILTERS.map((key) =>
            h("option", { value: key, selected: key === query.filter }, FILTER_LABELS[key]),
          ),
        ),
      ),
      h(
        "label",
        null,
        "Per page",
        h(
          "select",
          { name: "per" },
          PAGE_SIZES.map((n) => h("option", { value: String(n), selected: n === query.per }, String(n))),
        ),
      ),
      h("button", { type: "submit" }, "Show"),
    ),
    h(
      "section",
      {
        id: "floor-list",
        "aria-live": "off",
        "data-src": href(query, {}, `${BASE}/partials/floor`),
      },
      floorList(f, now),
    ),
  );
}
