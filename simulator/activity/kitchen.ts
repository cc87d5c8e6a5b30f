import { changePrices, type PriceChange } from "../domain/menu.ts";
import { setSoldOut } from "../domain/staff.ts";
import type { Minor, Product } from "../domain/types.ts";
import { coursesOf } from "./courses.ts";
import { rateAt } from "./curve.ts";
import { DAY, MINUTE } from "./local-time.ts";
import type { LocationRun } from "./runner.ts";

// Prep does not start on the dot: one location's manager is early, another late.
const PREP_SPREAD_MS = 30 * MINUTE;
const BACK_CHANCE = 0.6;

/**
 * The kitchen's day at one location: each morning before service the stock it ran out of
 * comes back and a handful of prices change; during service a few dishes run out, some of
 * them coming back once more is prepared.
 */
export function startKitchen(run: LocationRun): void {
  const { prepMinute } = run.engine.settings;
  // Starting mid-day, this morning's prep is past: its prices stand, its sell-outs are still to come.
  planSellOuts(run, run.local.next(run.now() - DAY, prepMinute));
  schedulePrep(run);
}

function schedulePrep(run: LocationRun): void {
  const base = run.local.next(run.now(), run.engine.settings.prepMinute);
  run.at(base + Math.floor(run.kitchen.next() * PREP_SPREAD_MS), () => prep(run));
}

function prep(run: LocationRun): void {
  schedulePrep(run);
  const { location } = run;
  for (const id of run.soldByUs) comeBack(run, id);
  const [least, most] = run.engine.settings.priceChangesPerDay;
  const products = pickDistinct(run, location.menu.products, run.kitchen.int(least, most));
  if (products.length > 0) {
    const version = location.menu.version;
    changePrices(
      location,
      products.flatMap((p) => reprice(run, p)),
      run.now(),
    );
    run.count("pricesChanged", products.length);
    if (location.menu.version !== version) run.count("menuUpdates");
  }
  planSellOuts(run, run.now());
}

// Mostly up a few per cent, now and then down; every variant of a product moves alike.
function reprice(run: LocationRun, product: Product): PriceChange[] {
  const rng = run.kitchen;
  const factor = rng.chance(0.7) ? 1.03 + rng.next() * 0.07 : 0.92 + rng.next() * 0.05;
  const moved = (price: Minor) => {
    const next = Math.max(10, Math.round((price * factor) / 10) * 10);
    return next === price ? price + (factor > 1 ? 10 : -10) : next;
  };
  if (product.variants.length === 0) return [{ productId: product.id, price: moved(product.price) }];
  return product.variants.map((v) => ({ productId: product.id, variantId: v.id, price: moved(v.price) }));
}

function planSellOuts(run: LocationRun, from: number): void {
  const [least, most] = run.engine.settings.sellOutsPerDay;
  const count = run.kitchen.int(least, most);
  const now = run.now();
  for (let i = 0; i < count; i++) {
    const at = busyInstant(run, from);
    if (at !== null && at > now) run.at(at, () => sellOut(run));
  }
}

// Dishes run out when the floor is busy: an instant of the next day drawn in proportion to traffic.
function busyInstant(run: LocationRun, from: number): number | null {
  const { curve } = run.engine.settings;
  if (!(curve.peak > 0)) return null;
  const start = run.local.toWall(from);
  for (let attempt = 0; attempt < 1000; attempt++) {
    const wall = start + run.kitchen.next() * DAY;
    if (run.kitchen.next() * curve.peak < rateAt(curve, wall - Math.floor(wall / DAY) * DAY))
      return run.local.fromWall(wall);
  }
  return null;
}

function sellOut(run: LocationRun): void {
  const { location } = run;
  const courses = coursesOf(run.chain, location);
  const dishes = [...courses.mains, ...courses.starters, ...courses.desserts].filter(
    (p) => p.combo === null && !location.soldOut.has(p.id),
  );
  const [product] = pickDistinct(run, dishes, 1);
  if (!product) return;
  setSoldOut(location, product.id, true, run.now());
  run.soldByUs.add(product.id);
  run.count("soldOut");
  if (run.kitchen.chance(BACK_CHANCE))
    run.after((20 + run.kitchen.next() * 100) * MINUTE, () => comeBack(run, product.id));
}

function comeBack(run: LocationRun, productId: string): void {
  if (!run.soldByUs.delete(productId) || !run.location.soldOut.has(productId)) return;
  setSoldOut(run.location, productId, false, run.now());
  run.count("backInStock");
}

function pickDistinct(run: LocationRun, items: readonly Product[], count: number): Product[] {
  const pool = [...items];
  const picked: Product[] = [];
  while (picked.length < count && pool.length > 0) {
    const [item] = pool.splice(run.kitchen.int(0, pool.length - 1), 1);
    if (item) picked.push(item);
  }
  return picked;
}
