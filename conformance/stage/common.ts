import { MockPosAdmin } from "../../client/admin/index.ts";
import type { MockPos } from "../../simulator/app.ts";
import type { FaultRuleInput } from "../../simulator/faults/schema.ts";
import type { ChainLocation, PosOrderRecord, Stage } from "../types.ts";

/** Saturday 11:30 in London: lunch service, the chain open. */
export const STAGE_START = Date.UTC(2026, 2, 14, 11, 30);

/** The secret the simulator signs webhooks with, and the engine is configured to verify. */
export const WEBHOOK_SECRET = "conformance-webhook-secret";

interface WireOrder {
  id: string;
  externalId: string | null;
  status: "open" | "paid" | "voided";
  rounds: unknown[];
  payments: unknown[];
  lines: { kind: string; voided: boolean }[];
}

/** POS orders by external id, read through the generic API with the location's own key. */
export async function readPosOrders(
  request: (path: string, init: RequestInit) => Promise<Response>,
  locations: readonly ChainLocation[],
  locationId: string,
  externalId: string,
): Promise<PosOrderRecord[]> {
  const location = locations.find((l) => l.id === locationId);
  if (!location) throw new Error(`no location ${locationId}`);
  const q = new URLSearchParams({ view: "changed", externalId, limit: "100" });
  const res = await request(`/v1/locations/${locationId}/orders?${q}`, {
    headers: { "x-api-key": location.apiKey },
  });
  if (res.status !== 200) throw new Error(`reading ${locationId}'s orders: HTTP ${res.status}`);
  const body = (await res.json()) as { orders: WireOrder[] };
  return body.orders.map((o) => ({
    id: o.id,
    externalId: o.externalId,
    status: o.status,
    rounds: o.rounds.length,
    payments: o.payments.length,
    lines: o.lines.filter((l) => l.kind === "item" && !l.voided).length,
  }));
}

/** The chain as a check sees it: each location's id, key, tables and staff terminals. */
export function chainLocations(chain: {
  locations: readonly {
    id: string;
    credentials: { apiKey: string };
    areas: readonly { tables: readonly { id: string }[] }[];
    terminals: readonly { id: string; kind: string }[];
  }[];
}): ChainLocation[] {
  return chain.locations.map((l) => ({
    id: l.id,
    apiKey: l.credentials.apiKey,
    tables: l.areas.flatMap((a) => a.tables.map((t) => t.id)),
    terminals: l.terminals.filter((t) => t.kind !== "integration").map((t) => t.id),
  }));
}

/**
 * What every stage does the same way against its simulator: the admin API in process, fault
 * rules through it, POS orders read back, and a bounded wait on a predicate in simulated time.
 */
export function simulatorActions(
  mock: MockPos,
  locations: readonly ChainLocation[],
  time: { now(): number; wait(ms: number): Promise<void>; step: number },
): Pick<Stage, "admin" | "faults" | "posOrders" | "until"> {
  const admin = MockPosAdmin.inProcess(mock.app);
  return {
    admin,
    async faults(rules: FaultRuleInput[]) {
      // One at a time: each rule goes ahead of those in force, as a check lists them.
      for (const rule of rules) await admin.faults.add(rule);
    },
    posOrders: (locationId, externalId) =>
      readPosOrders(async (path, init) => mock.app.request(path, init), locations, locationId, externalId),
    async until(predicate, withinMs) {
      const deadline = time.now() + withinMs;
      for (;;) {
        if (await predicate()) return true;
        if (time.now() >= deadline) return false;
        await time.wait(Math.min(time.step, deadline - time.now()));
      }
    },
  };
}
