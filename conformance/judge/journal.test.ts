import { describe, expect, it } from "vitest";
import type { JournalEntry } from "../../simulator/journal/index.ts";
import { orderRefresh } from "../checks/order-refresh.ts";
import type { Run } from "../types.ts";
import { outages, waitedOutside } from "./journal.ts";

const START = Date.UTC(2026, 2, 14, 12, 0);
const S = 1000;
let seq = 0;

function entry(atS: number, operation: string, status: number, query: string | null = null): JournalEntry {
  return {
    seq: ++seq,
    time: new Date(START + atS * S).toISOString(),
    locationId: "loc-0001",
    operation,
    dialect: "generic",
    method: "GET",
    path: operation === "location.status" ? "/v1/locations/loc-0001/status" : "/v1/locations/loc-0001/orders",
    query,
    credential: "apiKey:loc-0001",
    status,
    outcome: status === 200 ? "OK" : "UNREACHABLE",
    latencyMs: 1,
    idempotencyKey: null,
    replayed: false,
    fault: status === 200 ? null : "link-down",
  };
}

function run(journal: JournalEntry[], endS: number): Run {
  return {
    dialect: "generic",
    mode: "observe",
    start: START,
    end: START + endS * S,
    locations: [{ id: "loc-0001", apiKey: "k", tables: [], terminals: [] }],
    journal,
    samples: [],
    notes: {},
  };
}

const poll = (atS: number, view: "in_progress" | "new", status = 200) =>
  entry(atS, "orders.list", status, `view=${view}&cursor=c`);

describe("cadences across an outage", () => {
  // In-progress every 120 s, new every 240 s; at 250 s the POS stops answering, and the status
  // check at 420 s finds it back; the connector polls again at 430 s.
  const around = [
    poll(0, "in_progress"),
    poll(0, "new"),
    poll(120, "in_progress"),
    poll(240, "in_progress"),
    poll(240, "new"),
    entry(250, "location.status", 0),
    poll(360, "in_progress", 0),
    entry(420, "location.status", 200),
    poll(430, "in_progress"),
    poll(430, "new"),
    poll(550, "in_progress"),
  ];

  it("owes no poll while the location is known to be down, and one a period after it is back", () => {
    const r = run(around, 600);
    expect(outages(r, "loc-0001")).toEqual([{ from: START + 250 * S, to: START + 420 * S }]);
    expect(waitedOutside(START + 240 * S, START + 430 * S, outages(r, "loc-0001"))).toBe(10 * S);
    expect(orderRefresh.judge(r).status).toBe("pass");
  });

  it("still finds a poll missing when the POS was up all along", () => {
    const up = around.filter((e) => e.status === 200 && e.operation !== "location.status");
    expect(orderRefresh.judge(run(up, 600)).status).toBe("fail");
  });

  it("still finds a poll owed after the POS came back and late", () => {
    const late = around.map((e) => (Date.parse(e.time) - START === 430 * S ? poll(560, "in_progress") : e));
    expect(orderRefresh.judge(run(late, 600)).status).toBe("fail");
  });
});
