import {
  CatalogCategory,
  CatalogItem,
  CatalogMenu,
  CatalogModifierGroup,
  CatalogModifierOption,
  type CatalogPushWire,
  CatalogVariant,
} from "../../contracts/push/catalog.ts";
import {
  SalesItem,
  type SalesItemWire,
  SalesOrder,
  type SalesOrderWire,
  type SalesPaymentWire,
} from "../../contracts/push/sales.ts";
import { lineTotals, orderTotals } from "../domain/money.ts";
import type { Chain, Location, Order, OrderLine, PaymentMethod } from "../domain/types.ts";
import { wordsFor } from "../generate/words.ts";

/** The sales item a tip is pushed as, so that payments (which include the tip) equal the items. */
export const TIP_ITEM_ID = "tip";

// The contract's limits, read from its schemas so that a change there reaches the mapping.
const NAME = {
  category: CatalogCategory.shape.name.maxLength ?? Infinity,
  item: CatalogItem.shape.name.maxLength ?? Infinity,
  variant: CatalogVariant.shape.name.maxLength ?? Infinity,
  menu: CatalogMenu.shape.name.maxLength ?? Infinity,
  group: CatalogModifierGroup.shape.name.maxLength ?? Infinity,
  option: CatalogModifierOption.shape.name.maxLength ?? Infinity,
  sold: SalesItem.shape.name.maxLength ?? Infinity,
};
const SEATS = SalesOrder.shape.seats.unwrap().unwrap();
const QUANTITY = SalesItem.shape.quantity.maxValue ?? Infinity;

/**
 * A name the contract accepts: cut to `max` characters ending in "…" (never halving a
 * surrogate pair), and `fallback` (an id) for an empty one.
 */
export function fitName(name: string, max: number, fallback: string): string {
  const text = name.trim() === "" ? fallback : name;
  if (text.length <= max) return text;
  let cut = text.slice(0, Math.max(0, max - 1));
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/** A location's whole catalog as one `POST /catalog/` body; variants ride on their product. */
export function catalogWire(location: Location, venueID?: string): CatalogPushWire {
  const { categories, products, modifierGroups } = location.menu;
  return {
    venueID,
    categories: categories.map((c) => ({
      externalID: c.id,
      name: fitName(c.name, NAME.category, c.id),
      position: c.position,
    })),
    items: products.map((p) => ({
      externalID: p.id,
      name: fitName(p.name, NAME.item, p.id),
      categoryID: p.categoryId,
      price: p.price,
      taxRate: p.taxRate,
      variants:
        p.variants.length > 0
          ? p.variants.map((v) => ({
              externalID: v.id,
              name: fitName(v.name, NAME.variant, v.id),
              price: v.price,
            }))
          : undefined,
      modifierGroupIDs: p.modifierGroupIds,
    })),
    menus: [
      {
        externalID: "main",
        name: fitName(location.name, NAME.menu, location.id),
        categoryIDs: categories.map((c) => c.id),
      },
    ],
    modifierGroups: modifierGroups.map((g) => ({
      externalID: g.id,
      name: fitName(g.name, NAME.group, g.id),
      min: g.min,
      max: g.max,
      options: g.options.map((o) => ({
        externalID: o.id,
        name: fitName(o.name, NAME.option, o.id),
        price: o.price,
      })),
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
 * Kept within the contract where that stays faithful: long names are cut, a line of more units
 * than an item may carry goes as several items, seats out of range are left out. What cannot
 * be (more lines than an order may carry, say) goes as it is, for the receiver to refuse.
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
    seats: seatsOf(order.guests),
    channel: channelOf(chain, location, order),
    payments: payments.map((p) => {
      // The last payment takes what rounding left, so the shares add up to the order's tax.
      const tax = paidLeft === p.amount ? taxLeft : Math.round((taxLeft * p.amount) / paidLeft);
      taxLeft -= tax;
      paidLeft -= p.amount;
      return { method: METHODS[p.method], base: p.amount - tax, tax, total: p.amount };
    }),
    items: sold.flatMap(itemWires),
  };
}

function seatsOf(guests: number | null): number | undefined {
  if (guests === null) return undefined;
  const { minValue, maxValue } = SEATS;
  return guests >= (minValue ?? 1) && guests <= (maxValue ?? Infinity) ? guests : undefined;
}

function itemWires(line: OrderLine): SalesItemWire[] {
  const { total } = lineTotals(line);
  const extras = [...line.modifiers.map((m) => m.name), ...line.comboSelections.map((s) => s.name)];
  const externalID = line.kind === "tip" ? TIP_ITEM_ID : (line.variantId ?? line.productId ?? line.id);
  const name = fitName(
    extras.length > 0 ? `${line.name} (${extras.join(", ")})` : line.name,
    NAME.sold,
    externalID,
  );
  // Modifiers and combo upcharges are per unit, so the unit price is exact.
  const pricePerUnit = total / line.quantity;
  const items: SalesItemWire[] = [];
  for (let left = line.quantity; left > 0; left -= QUANTITY) {
    const quantity = Math.min(left, QUANTITY);
    items.push({ externalID, name, quantity, pricePerUnit, total: quantity * pricePerUnit });
  }
  return items;
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
