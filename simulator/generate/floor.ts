import type { Faker } from "@faker-js/faker";
import type { Area, LocaleCode, Staff, Table, Terminal } from "../domain/types.ts";
import type { Random } from "../random/index.ts";
import { personName } from "./people.ts";
import { pad, shuffle, weighted } from "./util.ts";
import type { LocaleWords } from "./words.ts";

const SEATS: readonly (readonly [number, number])[] = [
  [2, 35],
  [4, 40],
  [6, 13],
  [8, 5],
  [3, 4],
  [5, 3],
];
type TillKind = Exclude<Terminal["kind"], "integration">;

const BAR_SEATS: readonly (readonly [number, number])[] = [
  [2, 70],
  [4, 30],
];

/** 2–5 terminals, the first a counter till, plus the terminal API orders land on. */
export function generateTerminals(rng: Random, words: LocaleWords): Terminal[] {
  const kinds: TillKind[] = ["counter"];
  const count = rng.int(2, 5);
  while (kinds.length < count) {
    kinds.push(
      weighted<TillKind>(rng, [
        ["handheld", 60],
        ["bar", 25],
        ["counter", 15],
      ]),
    );
  }
  const seen = new Map<string, number>();
  const terminals: Terminal[] = kinds.map((kind, i) => {
    const nth = (seen.get(kind) ?? 0) + 1;
    seen.set(kind, nth);
    const label = words.terminals[kind];
    // Only a second till of a kind needs a number to tell them apart.
    const name = kinds.filter((other) => other === kind).length > 1 ? `${label} ${nth}` : label;
    return { id: `term-${i + 1}`, name, kind };
  });
  terminals.push({ id: "term-api", name: "Online orders", kind: "integration" });
  return terminals;
}

/** 4–14 people: one manager, a few bartenders and cashiers, waiters for the rest. */
export function generateStaff(rng: Random, faker: Faker, locale: LocaleCode, hasBar: boolean): Staff[] {
  const count = rng.int(4, 14);
  // At least half of the floor staff wait tables.
  const others = Math.floor((count - 1) / 2);
  const bartenders = Math.min(others, hasBar ? rng.int(1, 2) : rng.int(0, 1));
  const cashiers = Math.min(others - bartenders, rng.int(0, 2));
  const roles: Staff["role"][] = ["manager"];
  for (let i = 0; i < bartenders; i++) roles.push("bartender");
  for (let i = 0; i < cashiers; i++) roles.push("cashier");
  while (roles.length < count) roles.push("waiter");
  const names = new Set<string>();
  return roles.map((role, i) => {
    let name = personName(faker, locale);
    while (names.has(name)) name = personName(faker, locale);
    names.add(name);
    return { id: `staff-${pad(i + 1, 2)}`, name, role };
  });
}

/** 1–3 areas holding 8–40 tables between them, numbered through the whole floor. */
export function generateAreas(rng: Random, words: LocaleWords): Area[] {
  const extra = shuffle(rng, ["outdoor", "bar", "upstairs"] as const).slice(0, rng.int(0, 2));
  const kinds = ["main" as const, ...extra];
  const total = rng.int(8, 40);
  // Each area gets two tables, then the dining room takes about half of the rest.
  const counts = kinds.map(() => 2);
  for (let placed = counts.length * 2; placed < total; placed++) {
    const at = rng.chance(0.5) ? 0 : rng.int(0, kinds.length - 1);
    counts[at] = (counts[at] ?? 0) + 1;
  }
  let number = 0;
  return kinds.map((kind, i) => {
    const tables: Table[] = [];
    for (let t = 0; t < (counts[i] ?? 0); t++) {
      number++;
      tables.push({
        id: `tbl-${pad(number, 2)}`,
        name: `${words.table} ${number}`,
        seats: weighted(rng, kind === "bar" ? BAR_SEATS : SEATS),
      });
    }
    return { id: `area-${i + 1}`, name: words.areas[kind], tables };
  });
}
