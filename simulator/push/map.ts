import type { CatalogPushWire } from "../../contracts/push/catalog.ts";
import type { SalesItemWire, SalesOrderWire, SalesPaymentWire } from "../../contracts/push/sales.ts";
import { lineTotals, orderTotals } from "../domain/money.ts";
import type { Chain, Location, Order, OrderLine, PaymentMethod } from "../domain/types.ts";
import { wordsFor } from "../generate/words.ts";

/** The sales item a tip is pushed as, so that payments (which include the tip) equal the items. */
export const TIP_ITEM_ID = "tip";

/** A location's whole catalog as one `POST /catalog/` body; variants ride on their product. */
export function catalogWire(location: Location, venueID?: string): CatalogPushWire {
  const { categories, products, modifierGroups } = location.menu;
  return {
    venueID,
    categories: categories.map((c) => ({ externalID: c.id, name: c.name, position: c.position })),
    items: products.map((p) => ({
      externalID: p.id,
      name: p.name,
      categoryID: p.categoryId,
      price: p.price,
      taxRate: p.taxRate,
      variants:
        p.variants.length > 0
          ? p.variants.map((v) => ({ externalID: v.id, name: v.name, price: v.price }))
          : undefined,
      modifierGroupIDs: p.modifierGroupIds,
    })),
    menus: [{ externalID: "main", name: location.name, categoryIDs: categories.map((c) => c.id) }],
    modifierGroups: modifierGroups.map((g) => ({
      externalID: g.id,
      name: g.name,
      min: g.min,
      max: g.max,
      options: g.options.map((o) => ({ externalID: o.id, name: o.name, price: o.price })),
    })),
  };
}

// epayment is a card taken online; a voucher is none of cash, card or transfer.
const METHODS: Record<PaymentMethod, SalesPaymentWire["method"]> = {
  cash: "cash",
  card: "card",
  epayment: "card",
  voucher: "any",
};

/**
 * A closed order as a sales record: the computed totals of its live lines (voided lines left
 * out, the tip as an item of its own), and its payments with the order's tax shared among
 * them. A voided order is sent with no items and no payments: the ticket exists, it sold nothing.
 */
export function salesOrderWire(
  chain: Chain,
  location: Location,
  order: Order,
  venueID?: string,
): SalesOrderWire {
  const sold = order.status === "voided" ? [] : order.lines.filter((l) => !l.voided);
  const totals = orderTotals(order);
  let taxLeft = order.status === "voided" ? 0 : totals.tax;
  let paidLeft = totals.paid;
  const payments = order.status === "voided" ? [] : order.payments;
  return {
    externalID: order.id,
    venueID,
    date: isoWithOffset(order.closedAt ?? order.updatedAt, location.timezone),
    seats: order.guests ?? undefined,
    channel: channelOf(chain, location, order),
    payments: payments.map((p) => {
      // The last payment takes what rounding left, so the shares add up to the order's tax.
      const tax = paidLeft === p.amount ? taxLeft : Math.round((taxLeft * p.amount) / paidLeft);
      taxLeft -= tax;
      paidLeft -= p.amount;
      return { method: METHODS[p.method], base: p.amount - tax, tax, total: p.amount };
    }),
    items: sold.map(itemWire),
  };
}

function itemWire(line: OrderLine): SalesItemWire {
  const { total } = lineTotals(line);
  const extras = [...line.modifiers.map((m) => m.name), ...line.comboSelections.map((s) => s.name)];
  return {
    externalID: line.kind === "tip" ? TIP_ITEM_ID : (line.variantId ?? line.productId ?? line.id),
    name: extras.length > 0 ? `${line.name} (${extras.join(", ")})` : line.name,
    quantity: line.quantity,
    // Modifiers and combo upcharges are per unit, so the unit price is exact.
    pricePerUnit: total / line.quantity,
    total,
  };
}

function channelOf(chain: Chain, location: Location, order: Order): SalesOrderWire["channel"] {
  if (order.type === "delivery") return "delivery";
  if (order.type === "take_away") return "any";
  const areas = wordsFor(chain.locale).areas;
  const area = location.areas.find((a) => a.tables.some((t) => t.id === order.tableId));
  if (area?.name === areas.outdoor) return "terrace";
  const terminal = location.terminals.find((t) => t.id === order.terminalId);
  if (area?.name === areas.bar || (!area && terminal?.kind === "bar")) return "bar";
  return "dining-room";
}

const offsetFormats = new Map<string, Intl.DateTimeFormat>();

/** `2026-03-13T12:30:00+01:00`: the instant as the location's wall clock, with its UTC offset. */
export function isoWithOffset(epochMs: number, timezone: string): string {
  let format = offsetFormats.get(timezone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", { timeZone: timezone, timeZoneName: "longOffset" });
    offsetFormats.set(timezone, format);
  }
  const name = format.formatToParts(epochMs).find((p) => p.type === "timeZoneName")?.value ?? "GMT";
  const [, sign = "+", hh = "00", mm = "00"] = name.match(/GMT([+-])(\d{2}):(\d{2})/) ?? [];
  const offset = (sign === "-" ? -1 : 1) * (Number(hh) * 60 + Number(mm)) * 60_000;
  const seconds = Math.floor(epochMs / 1000) * 1000;
  return `${new Date(seconds + offset).toISOString().slice(0, 19)}${sign}${hh}:${mm}`;
}
