import type { Simulator } from "../state.ts";
import type { DialectName, Scope } from "./plan.ts";

/** A listener as it runs: where to reach it and what it answers. */
export interface Listener {
  name: string;
  dialect: DialectName;
  url: string;
  scope: Scope;
  main: boolean;
}

// Kept here, not beside the code that starts the listeners, so the admin API and the console
// can read them without depending on the composition root that builds them.
const deployments = new WeakMap<Simulator, Listener[]>();

/** Where the simulator answers, for `GET /__admin/topology`; empty when it is not served on sockets. */
export function listenersOf(sim: Simulator): Listener[] {
  return deployments.get(sim) ?? [];
}

/** Records where `sim` answers now; `null` when its listeners have stopped. */
export function setListeners(sim: Simulator, listeners: Listener[] | null): void {
  if (listeners === null) deployments.delete(sim);
  else deployments.set(sim, listeners);
}
