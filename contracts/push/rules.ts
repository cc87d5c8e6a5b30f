import type { z } from "@hono/zod-openapi";
import { CatalogPush, type CatalogPushWire } from "./catalog.ts";
import { SalesOrder, type SalesOrderWire, SalesPush, type SalesPushWire } from "./sales.ts";

/**
 * The push contract's cross-field rules, beside its schemas: a receiver reports every one of
 * them, and a sender can run the same checks before it sends.
 */
export interface PushProblem {
  /** Where, relative to the body: `orders[3].payments[0].total`; `body` for the body itself. */
  name: string;
  reason: string;
}

export type Checked<T> = { ok: true; body: T; problems: [] } | { ok: false; problems: PushProblem[] };

/** `path: reason`, the one-line form of a problem used in reports. */
export function formatProblem(p: PushProblem): string {
  return `${p.name}: ${p.reason}`;
}

const FIELDS = [
  "externalID",
  "venueID",
  "date",
  "seats",
  "channel",
  "payments",
  "items",
  "method",
  "base",
  "tax",
  "total",
  "name",
  "quantity",
  "pricePerUnit",
  "orders",
  "categories",
  "menus",
  "modifierGroups",
  "categoryID",
  "price",
  "taxRate",
  "variants",
  "modifierGroupIDs",
  "categoryIDs",
  "position",
  "min",
  "max",
  "options",
];

function pathName(path: readonly PropertyKey[]): string {
  const name = path.map((p, i) => (typeof p === "number" ? `[${p}]` : `${i ? "." : ""}${String(p)}`));
  return name.join("") || "body";
}

/** Zod's issues in the contract's words; an unknown key is named, with the spelling it probably meant. */
export function zodProblems(error: z.ZodError, prefix: readonly PropertyKey[] = []): PushProblem[] {
  return error.issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path];
    if (issue.code !== "unrecognized_keys") return [{ name: pathName(path), reason: issue.message }];
    return issue.keys.map((key) => {
      const meant = FIELDS.find((f) => f !== key && f.toLowerCase() === key.toLowerCase());
      return {
        name: pathName([...path, key]),
        reason: meant ? `unknown field: did you mean '${meant}'?` : "unknown field",
      };
    });
  });
}

/** Rules one well-formed order must keep: amounts add up, item by item, payment by payment, and in sum. */
export function orderProblems(order: SalesOrderWire, at: string): PushProblem[] {
  const problems: PushProblem[] = [];
  order.payments.forEach((p, i) => {
    if (p.base + p.tax !== p.total)
      problems.push({
        name: `${at}.payments[${i}].total`,
        reason: `base ${p.base} + tax ${p.tax} != total ${p.total}`,
      });
  });
  order.items.forEach((item, i) => {
    if (item.quantity * item.pricePerUnit !== item.total)
      problems.push({
        name: `${at}.items[${i}].total`,
        reason: `quantity ${item.quantity} × pricePerUnit ${item.pricePerUnit} = ${item.quantity * item.pricePerUnit} != total ${item.total}`,
      });
  });
  const paid = order.payments.reduce((sum, p) => sum + p.total, 0);
  const sold = order.items.reduce((sum, i) => sum + i.total, 0);
  if (paid !== sold)
    problems.push({ name: `${at}.payments`, reason: `payments total ${paid} != items total ${sold}` });
  return problems;
}

const record = (v: unknown): Record<string, unknown> | null =>
  typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;

/** Problems entry by entry (`orders[2]` before `orders[10]`), each entry's in the order found. */
export function sortProblems(problems: PushProblem[]): PushProblem[] {
  const key = (p: PushProblem) => {
    const [, list = p.name, index = "-1"] = p.name.match(/^(\w+)\[(\d+)\]/) ?? [];
    return { list, index: Number(index) };
  };
  return problems.sort((a, b) => {
    const x = key(a);
    const y = key(b);
    return x.list === y.list ? x.index - y.index : x.list < y.list ? -1 : 1;
  });
}

/**
 * Checks a `POST /orders/` body: the schema, then the rules of every order that is itself
 * well-formed, then that no (venue, externalID) comes twice; `venue` is the venue of an order
 * that names none.
 */
export function checkSales(raw: unknown, venue = ""): Checked<SalesPushWire> {
  const parsed = SalesPush.safeParse(raw);
  const problems = parsed.success ? [] : zodProblems(parsed.error);
  const orders = record(raw)?.orders;
  const seen = new Map<string, number>();
  if (Array.isArray(orders)) {
    orders.forEach((raw, i) => {
      const one = SalesOrder.safeParse(raw);
      if (one.success) problems.push(...orderProblems(one.data, `orders[${i}]`));
      const o = record(raw);
      if (typeof o?.externalID !== "string") return;
      const key = `${typeof o.venueID === "string" ? o.venueID : venue}\u0000${o.externalID}`;
      const first = seen.get(key);
      if (first === undefined) seen.set(key, i);
      else
        problems.push({
          name: `orders[${i}].externalID`,
          reason: `'${o.externalID}' is already orders[${first}] of this batch`,
        });
    });
  }
  if (parsed.success && problems.length === 0) return { ok: true, body: parsed.data, problems: [] };
  return { ok: false, problems: sortProblems(problems) };
}

/** What a venue's stored catalog already holds, so a batch may refer to it. */
export interface KnownCatalog {
  categories: ReadonlySet<string>;
  modifierGroups: ReadonlySet<string>;
}

function duplicates(list: readonly { externalID: string }[], at: string, problems: PushProblem[]): void {
  const seen = new Map<string, number>();
  list.forEach((entry, i) => {
    const first = seen.get(entry.externalID);
    if (first === undefined) seen.set(entry.externalID, i);
    else
      problems.push({
        name: `${at}[${i}].externalID`,
        reason: `'${entry.externalID}' is already ${at}[${first}]`,
      });
  });
}

/** Checks a `POST /catalog/` body: the schema, duplicates, min ≤ max, and that every reference resolves. */
export function checkCatalog(raw: unknown, known: KnownCatalog): Checked<CatalogPushWire> {
  const parsed = CatalogPush.safeParse(raw);
  if (!parsed.success) return { ok: false, problems: sortProblems(zodProblems(parsed.error)) };
  const body = parsed.data;
  const { categories = [], items = [], menus = [], modifierGroups = [] } = body;
  const problems: PushProblem[] = [];
  if (categories.length + items.length + menus.length + modifierGroups.length === 0)
    problems.push({ name: "body", reason: "a catalog batch needs at least one entry" });
  duplicates(categories, "categories", problems);
  duplicates(items, "items", problems);
  duplicates(menus, "menus", problems);
  duplicates(modifierGroups, "modifierGroups", problems);
  const cats = new Set([...known.categories, ...categories.map((c) => c.externalID)]);
  const groups = new Set([...known.modifierGroups, ...modifierGroups.map((g) => g.externalID)]);
  modifierGroups.forEach((g, i) => {
    if (g.min > g.max)
      problems.push({ name: `modifierGroups[${i}].min`, reason: `min ${g.min} > max ${g.max}` });
    duplicates(g.options, `modifierGroups[${i}].options`, problems);
  });
  items.forEach((item, i) => {
    if (!cats.has(item.categoryID))
      problems.push({ name: `items[${i}].categoryID`, reason: `no category '${item.categoryID}'` });
    (item.modifierGroupIDs ?? []).forEach((id, j) => {
      if (!groups.has(id))
        problems.push({ name: `items[${i}].modifierGroupIDs[${j}]`, reason: `no modifier group '${id}'` });
    });
    duplicates(item.variants ?? [], `items[${i}].variants`, problems);
  });
  menus.forEach((menu, i) => {
    menu.categoryIDs.forEach((id, j) => {
      if (!cats.has(id))
        problems.push({ name: `menus[${i}].categoryIDs[${j}]`, reason: `no category '${id}'` });
    });
  });
  if (problems.length === 0) return { ok: true, body, problems: [] };
  return { ok: false, problems: sortProblems(problems) };
}
