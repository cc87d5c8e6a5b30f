import { createOrder } from "../domain/orders.ts";
import type { Order } from "../domain/types.ts";
import { weighted } from "../generate/util.ts";
import { type Course, pickItems } from "./courses.ts";
import { nextArrival } from "./curve.ts";
import type { LocationRun, Step } from "./runner.ts";
import { actor, between, join, minutes } from "./service.ts";

const SECOND = 1000;
const PARTY_SIZES = [
  [1, 12],
  [2, 40],
  [3, 14],
  [4, 22],
  [5, 6],
  [6, 6],
] as const;

/** Plans the location's next arrival; each one plans the one after it. */
export function scheduleArrival(run: LocationRun): void {
  const { curve } = run.engine.settings;
  const at = nextArrival(curve, run.intensity, run.now(), run.local, run.arrivals);
  if (at !== null) run.at(at, () => arrive(run));
}

function arrive(run: LocationRun): void {
  scheduleArrival(run);
  run.count("arrivals");
  const rng = run.arrivals;
  if (rng.chance(run.engine.settings.takeAwayShare)) takeAway(run);
  else seat(run, weighted(rng, PARTY_SIZES));
}

function seat(run: LocationRun, guests: number): void {
  const table = run.freeTable(guests);
  if (!table) {
    run.count("turnedAway");
    return;
  }
  const rng = run.service;
  const handhelds = run.tills.filter((t) => t.kind !== "counter");
  const terminal = rng.pick(handhelds.length > 0 ? handhelds : run.tills);
  const items = [
    ...pickItems(run.chain, run.location, "drinks", Math.max(1, countOf(run, guests, 0.85)), rng),
    ...(rng.chance(0.35) ? pickItems(run.chain, run.location, "starters", rng.int(1, 2), rng) : []),
  ];
  const order = open(run, { type: "dine_in", tableId: table.id, guests, items }, terminal.id);
  if (!order) return;
  join(run, order, table.id, terminal.id, meal(run, guests));
}

// Food after the drinks, maybe more drinks, desserts once the mains are eaten, then the bill.
// Lunch moves faster than dinner.
function meal(run: LocationRun, guests: number): Step[] {
  const rng = run.service;
  const pace = run.local.minuteOfDay(run.now()) < 17 * 60 ? 0.8 : 1;
  const wait = (least: number, most: number) => minutes(run, least, most) * pace;
  const steps: Step[] = [];
  if (rng.chance(run.engine.settings.voidProbability)) {
    steps.push({ kind: "void", after: wait(2, 10) });
  } else {
    steps.push({
      kind: "round",
      after: wait(5, 12),
      items: [["mains", Math.max(1, countOf(run, guests, 0.9))]],
    });
    const eating = wait(30, 45);
    let since = 0;
    if (rng.chance(0.35)) {
      since = wait(10, 25);
      steps.push({ kind: "round", after: since, items: [["drinks", rng.int(1, guests)]] });
    }
    if (rng.chance(0.5)) {
      const afters: [Course, number][] = [["desserts", rng.int(1, guests)]];
      if (rng.chance(0.6)) afters.push(["coffee", rng.int(1, guests)]);
      steps.push({ kind: "round", after: Math.max(wait(3, 8), eating - since), items: afters });
      steps.push({ kind: "pay", after: wait(12, 25) });
    } else {
      steps.push({ kind: "pay", after: Math.max(wait(5, 10), eating - since) + wait(3, 8) });
    }
  }
  if (rng.chance(run.engine.settings.editProbability))
    steps.unshift({ kind: "edit", after: minutes(run, 1, 4) });
  return steps;
}

function takeAway(run: LocationRun): void {
  const rng = run.service;
  const counters = run.tills.filter((t) => t.kind === "counter");
  const terminal = rng.pick(counters.length > 0 ? counters : run.tills);
  const cashiers = run.location.staff.filter((s) => s.role === "cashier");
  const items = pickItems(run.chain, run.location, "mains", rng.int(1, 3), rng);
  if (rng.chance(0.5))
    items.push(...pickItems(run.chain, run.location, rng.pick(["drinks", "coffee"]), 1, rng));
  const waiterId = cashiers.length > 0 ? rng.pick(cashiers).id : null;
  const order = open(run, { type: "take_away", items, waiterId }, terminal.id);
  if (order) join(run, order, null, terminal.id, [{ kind: "pay", after: between(run, [20, 120]) * SECOND }]);
}

function open(run: LocationRun, input: Parameters<typeof createOrder>[2], terminalId: string): Order | null {
  if (input.items.length === 0) return null;
  try {
    const order = createOrder(run.chain, run.location, input, actor(terminalId), run.now());
    run.opened();
    run.count("ordersOpened");
    if (input.type === "take_away") run.count("takeAways");
    return order;
  } catch (error) {
    run.refused(error);
    return null;
  }
}

/** Takes over an order the day started with: the table finishes its meal and pays. */
export function adopt(run: LocationRun, order: Order): void {
  const steps: Step[] = [];
  if (order.rounds.length === 1 && order.tableId !== null)
    steps.push({ kind: "round", after: minutes(run, 2, 15), items: [["mains", order.guests ?? 1]] });
  steps.push({ kind: "pay", after: minutes(run, 5, 40) });
  join(run, order, order.tableId, order.terminalId, steps);
}

function countOf(run: LocationRun, guests: number, each: number): number {
  let n = 0;
  for (let i = 0; i < guests; i++) if (run.service.chance(each)) n++;
  return n;
}
