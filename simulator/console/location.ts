import { findLocation } from "../domain/chain.ts";
import { orderTotals } from "../domain/money.ts";
import type { Location, Order, Product } from "../domain/types.ts";
import type { ConsoleContext } from "./context.ts";
import { stateBadges } from "./floor.ts";
import { formatMoney, h, localClock, localHm } from "./html.ts";
import { BASE, back, badge, flashOf, page } from "./layout.ts";
import { heldLock, locationView } from "./model.ts";
import { timelineFigure } from "./timeline.ts";

const ACT = `${BASE}/act`;

/** Products staff can key with one click: no combo, no modifier group that needs a choice. */
export function quickProducts(location: Location): Product[] {
  return location.menu.products.filter(
    (p) =>
      !p.combo &&
      p.modifierGroupIds.every(
        (id) => (location.menu.modifierGroups.find((g) => g.id === id)?.min ?? 0) === 0,
      ),
  );
}

function staffTerminals(location: Location) {
  return location.terminals.filter((t) => t.kind !== "integration");
}

function terminalSelect(location: Location, label = "Terminal") {
  return h(
    "label",
    null,
    label,
    h(
      "select",
      { name: "terminalId" },
      staffTerminals(location).map((t) => h("option", { value: t.id }, `${t.id} · ${t.name}`)),
    ),
  );
}

function productSelect(location: Location, products: Product[], label = "Item") {
  return h(
    "label",
    null,
    label,
    h(
      "select",
      { name: "productId" },
      products.map((p) =>
        h(
          "option",
          { value: p.id },
          `${p.name} · ${formatMoney(p.price, location.currency)}${location.soldOut.has(p.id) ? " (sold out)" : ""}`,
        ),
      ),
    ),
  );
}

/** A form that posts one console action; `here` is where a script-less browser comes back to. */
function act(action: string, here: string, fields: Record<string, string>, ...children: unknown[]) {
  return h(
    "form",
    { method: "post", action: `${ACT}/${action}`, class: "inline" },
    back(here),
    Object.entries(fields).map(([name, value]) => h("input", { type: "hidden", name, value })),
    ...(children as never[]),
  );
}

function orderCard(ctx: ConsoleContext, location: Location, order: Order, here: string, products: Product[]) {
  const now = ctx.sim.clock.now();
  const totals = orderTotals(order);
  const lock = heldLock(order, now);
  const table = location.areas.flatMap((a) => a.tables).find((t) => t.id === order.tableId);
  const waiter = location.staff.find((s) => s.id === order.waiterId);
  const ids = { locationId: location.id, orderId: order.id };
  const lines = order.lines.filter((l) => l.kind === "item");
  return h(
    "details",
    { class: "order", id: `order-${order.id}` },
    h(
      "summary",
      null,
      h("strong", null, `#${order.number}`),
      ` ${order.id} · ${table ? table.name : order.type.replace("_", "-")} · ${lines.filter((l) => !l.voided).length} line(s) · ${formatMoney(totals.total, location.currency)}`,
      lock
        ? [
            " ",
            badge(
              "lock",
              `held at ${lock.terminalId}${lock.until === null ? "" : ` until ${localHm(lock.until, location.timezone)}`}`,
            ),
          ]
        : null,
    ),
    h(
      "p",
      { class: "meta" },
      `opened ${localHm(order.openedAt, location.timezone)} at ${order.terminalId}`,
      waiter ? ` · ${waiter.name}` : "",
      ` · ${order.shiftId} · version ${order.version}`,
      order.externalId ? ` · external ${order.externalId}` : "",
    ),
    h(
      "ul",
      null,
      lines.map((line) =>
        h(
          "li",
          null,
          line.voided ? h("s", null, `${line.quantity} × ${line.name}`) : `${line.quantity} × ${line.name}`,
          h("span", { class: "meta" }, ` round ${line.round}${line.voided ? " · voided" : ""}`),
          line.voided
            ? null
            : [
                " ",
                act(
                  "void-line",
                  here,
                  { ...ids, lineId: line.id, terminalId: staffTerminals(location)[0]?.id ?? "" },
                  h(
                    "button",
                    { type: "submit", class: "danger", "aria-label": `Void ${line.name} (${line.id})` },
                    "Void line",
                  ),
                ),
              ],
        ),
      ),
    ),
    lock
      ? act("unlock", here, ids, h("button", { type: "submit" }, `Let go (release from ${lock.terminalId})`))
      : act(
          "lock",
          here,
          ids,
          terminalSelect(location),
          h(
            "label",
            null,
            "Hold for (minutes, empty: until let go)",
            h("input", { name: "minutes", inputmode: "decimal", size: 4, value: "5" }),
          ),
          h("button", { type: "submit" }, "Hold (lock)"),
        ),
    act(
      "round",
      here,
      ids,
      productSelect(location, products),
      h("label", null, "Qty", h("input", { name: "quantity", inputmode: "numeric", size: 3, value: "1" })),
      terminalSelect(location),
      h("button", { type: "submit" }, "Add round"),
    ),
    act(
      "pay",
      here,
      ids,
      h(
        "label",
        null,
        "Method",
        h(
          "select",
          { name: "method" },
          ["card", "cash", "epayment", "voucher"].map((m) => h("option", { value: m }, m)),
        ),
      ),
      h("label", null, "Tip (minor units)", h("input", { name: "tip", inputmode: "numeric", size: 5 })),
      terminalSelect(location),
      h("button", { type: "submit" }, `Take payment (${formatMoney(totals.due, location.currency)})`),
    ),
    act(
      "void-order",
      here,
      { ...ids, terminalId: staffTerminals(location)[0]?.id ?? "" },
      h("button", { type: "submit", class: "danger" }, "Void the order"),
    ),
  );
}

/** The live part of a location: its state, tables with their open orders, sold-out items. */
export function locationPanel(ctx: ConsoleContext, location: Location) {
  const now = ctx.sim.clock.now();
  const view = locationView(ctx.sim, location, now);
  const here = `${BASE}/locations/${location.id}`;
  const products = quickProducts(location);
  const byTable = new Map<string | null, Order[]>();
  for (const order of view.open) {
    const list = byTable.get(order.tableId) ?? [];
    list.push(order);
    byTable.set(order.tableId, list);
  }
  const soldOut = [...location.soldOut].map(([id, s]) => ({
    id,
    since: s.since,
    name: location.menu.products.find((p) => p.id === id)?.name ?? id,
  }));
  return [
    h(
      "p",
      { id: "location-state" },
      stateBadges(view),
      " ",
      h(
        "span",
        null,
        `Local time ${localClock(now, location.timezone)} (${location.timezone}) · business date ${view.businessDate} · ${view.shift.id} open since ${localHm(view.shift.openedAt, location.timezone)}`,
      ),
      view.link.detail ? h("span", { class: "small" }, ` · ${view.link.detail}`) : null,
      view.link.closed
        ? h(
            "span",
            { class: "small" },
            ` · closed for online orders (${view.link.closed.reason})${view.link.closed.until === null ? " until reopened" : ` until ${localHm(view.link.closed.until, location.timezone)}`}`,
          )
        : null,
    ),
    h("h2", { id: "tables" }, `Tables and open orders (${view.open.length} open, ${view.locks.length} held)`),
    h(
      "ul",
      { class: "tables", "aria-label": "Tables" },
      location.areas.flatMap((area) =>
        area.tables.map((table) => {
          const n = byTable.get(table.id)?.length ?? 0;
          return h(
            "li",
            { class: n > 0 ? "busy" : "free", title: `${area.name} · ${table.seats} seats` },
            `${table.name}: ${n > 0 ? `${n} open` : "free"}`,
          );
        }),
      ),
    ),
    h(
      "div",
      { class: "orders" },
      [
        ...location.areas.flatMap((area) =>
          area.tables
            .filter((t) => byTable.has(t.id))
            .map((t) => ({ id: t.id, title: t.name, meta: `${area.name} · ${t.seats} seats` })),
        ),
        ...(byTable.has(null) ? [{ id: null, title: "Counter and delivery", meta: "no table" }] : []),
      ].map((group) =>
        h(
          "div",
          { class: "card", id: `table-${group.id ?? "none"}` },
          h("h3", null, `${group.title} `, h("span", { class: "meta" }, group.meta)),
          (byTable.get(group.id) ?? []).map((o) => orderCard(ctx, location, o, here, products)),
        ),
      ),
      view.open.length === 0 ? h("p", { class: "small" }, "No order is open.") : null,
    ),
    h("h2", { id: "sold-out" }, `Sold out (${soldOut.length})`),
    soldOut.length === 0
      ? h("p", { class: "small" }, "Everything on the menu is available.")
      : h(
          "ul",
          { id: "sold-out-list" },
          soldOut.map((s) =>
            h(
              "li",
              null,
              `${s.name} (${s.id}) since ${localHm(s.since, location.timezone)} `,
              act(
                "availability",
                here,
                { locationId: location.id, productId: s.id, soldOut: "false" },
                h("button", { type: "submit", "aria-label": `Back in stock: ${s.name}` }, "Back in stock"),
              ),
            ),
          ),
        ),
  ];
}

/** One location, as its staff see it, with a button for everything they do. */
export function locationPage(ctx: ConsoleContext, id: string, params: URLSearchParams) {
  const location = findLocation(ctx.sim.chain, id);
  if (!location) return null;
  const here = `${BASE}/locations/${location.id}`;
  const products = quickProducts(location);
  const tables = location.areas.flatMap((a) => a.tables.map((t) => ({ ...t, area: a.name })));
  const ids = { locationId: location.id };
  return page(
    ctx,
    { title: location.id, nav: "location", flash: flashOf(params) },
    h("p", { class: "small" }, h("a", { href: BASE }, "← the floor")),
    h("h1", null, `${location.id} · ${location.name}`),
    h(
      "p",
      { class: "lead" },
      `${location.address.street}, ${location.address.city} · ${location.currency} · closeout ${location.closeoutHour}:00 · `,
      h("a", { href: `${BASE}/journal?locationId=${location.id}` }, "its journal"),
      " · ",
      h("a", { href: `/__admin/locations/${location.id}` }, "admin JSON"),
    ),
    h(
      "section",
      { id: "location-panel", "data-src": `${BASE}/partials/location/${location.id}` },
      locationPanel(ctx, location),
    ),
    h("h2", { id: "act" }, "Act as staff"),
    h(
      "form",
      { method: "post", action: `${ACT}/open-order`, class: "stack", id: "open-order" },
      back(here),
      h("input", { type: "hidden", name: "locationId", value: location.id }),
      h(
        "fieldset",
        null,
        h("legend", null, "Open an order at a terminal (and hold it)"),
        terminalSelect(location),
        h(
          "label",
          null,
          "Table",
          h(
            "select",
            { name: "tableId" },
            h("option", { value: "" }, "take-away (no table)"),
            tables.map((t) => h("option", { value: t.id }, `${t.name} · ${t.area}`)),
          ),
        ),
        productSelect(location, products),
        h("label", null, "Qty", h("input", { name: "quantity", inputmode: "numeric", size: 3, value: "1" })),
        h(
          "label",
          null,
          "Hold at the terminal for (minutes; empty: not held)",
          h("input", { name: "minutes", inputmode: "decimal", size: 5 }),
        ),
        h("button", { type: "submit", class: "primary" }, "Open order"),
      ),
    ),
    h(
      "form",
      { method: "post", action: `${ACT}/availability`, class: "stack", id: "sell-out" },
      back(here),
      h("input", { type: "hidden", name: "locationId", value: location.id }),
      h("input", { type: "hidden", name: "soldOut", value: "true" }),
      h(
        "fieldset",
        null,
        h("legend", null, "Sell an item out"),
        productSelect(
          location,
          location.menu.products.filter((p) => !location.soldOut.has(p.id)),
        ),
        h("button", { type: "submit" }, "Sell out"),
      ),
    ),
    h(
      "form",
      { method: "post", action: `${ACT}/closure`, class: "stack", id: "closure" },
      back(here),
      h("input", { type: "hidden", name: "locationId", value: location.id }),
      h(
        "fieldset",
        null,
        h("legend", null, "Close for online orders"),
        h("label", null, "Reason", h("input", { name: "reason", value: "kitchen overloaded" })),
        h(
          "label",
          null,
          "For (minutes; empty: until reopened)",
          h("input", { name: "minutes", inputmode: "decimal", size: 5, value: "30" }),
        ),
        h("button", { type: "submit" }, "Close online"),
      ),
    ),
    h(
      "div",
      { class: "stack" },
      act("reopen", here, ids, h("button", { type: "submit" }, "Reopen for online orders")),
      " ",
      h(
        "form",
        {
          method: "post",
          action: `${ACT}/close-shift`,
          class: "inline",
          "data-confirm": `Close the running shift of ${location.id}? Open orders carry over.`,
        },
        back(here),
        h("input", { type: "hidden", name: "locationId", value: location.id }),
        h("button", { type: "submit", class: "danger" }, "Close the shift"),
      ),
    ),
    h("h2", { id: "timeline" }, "Timeline"),
    h(
      "div",
      { id: "location-timeline", "data-src": `${BASE}/partials/timeline?locationId=${location.id}` },
      timelineFigure(ctx, location, {}),
    ),
  );
}
