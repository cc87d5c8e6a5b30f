// Which steps of the envelope a run sends: the daily refresh, the polls and a guest's order,
// as far as the run's dialect has them.
import type { LoadOperation } from "./cadence.ts";
import type { LoadConfig, LoadDialect } from "./config.ts";
import { hasStep, operationsOf } from "./dialects/index.ts";
import type { Step } from "./dialects/types.ts";

/** The steps of the daily refresh before service, of the polls, and of a guest order. */
export const PRE_SERVICE_STEPS: readonly Step[] = ["menu.get", "modifiers.get"];
export const POLL_STEPS: readonly Step[] = [
  "location.status",
  "orders.new",
  "orders.in_progress",
  "availability.get",
];
export const GUEST_STEPS: readonly Step[] = ["order.create", "order.append", "order.pay"];

/** Requests one guest iteration sends in a dialect: create, append a round, pay — those it has. */
export function guestRequests(dialect: LoadDialect): number {
  return GUEST_STEPS.filter((s) => hasStep(dialect, s)).length;
}

/** The operations a run sends, by kind: what its dialect has of the envelope (writes only with guests). */
export function runOperations(config: Pick<LoadConfig, "dialect" | "ordersPerHour">): {
  preService: LoadOperation[];
  read: LoadOperation[];
  write: LoadOperation[];
} {
  const guests = config.ordersPerHour > 0 && hasStep(config.dialect, "order.create");
  return {
    preService: operationsOf(config.dialect, PRE_SERVICE_STEPS),
    read: operationsOf(config.dialect, POLL_STEPS),
    write: guests ? operationsOf(config.dialect, GUEST_STEPS) : [],
  };
}
