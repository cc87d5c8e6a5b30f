import { describe, expect, it } from "vitest";
import { readConfig } from "../k6/config.ts";
import { buildReport, type K6Summary } from "../k6/report.ts";
import { renderText } from "../k6/report-text.ts";
import { thresholds } from "../k6/thresholds.ts";

const config = readConfig({ LOAD_CREDENTIALS: "c.json", LOAD_COMPRESS: "20", LOAD_DURATION: "30s" });

// A summary as k6 hands it to handleSummary(), trimmed to what the report reads.
function summary(p99: number, dropped: number): K6Summary {
  const trend = (count: number, value: number) => ({
    type: "trend" as const,
    values: { count, med: value / 4, "p(95)": value / 2, "p(99)": value, max: value * 2 },
  });
  return {
    state: { testRunDurationMs: 31_000 },
    metrics: {
      http_reqs: { type: "counter", values: { count: 3100 } },
      http_req_failed: { type: "rate", values: { rate: 0 }, thresholds: { "rate<=0": { ok: true } } },
      dropped_iterations: {
        type: "counter",
        values: { count: dropped },
        thresholds: { "count==0": { ok: dropped === 0 } },
      },
      "http_req_duration{operation:location.status,phase:service}": {
        ...trend(3000, p99),
        thresholds: { "p(95)<25": { ok: p99 / 2 < 25 }, "p(99)<50": { ok: p99 < 50 } },
      },
      "http_req_duration{operation:menu.get}": trend(100, 8),
      "http_req_failed{operation:location.status}": { type: "rate", values: { rate: 0 } },
      "http_req_duration{phase:service}": trend(3000, p99),
      "http_req_duration{phase:warm-up}": { ...trend(150, 120), thresholds: { "max>=0": { ok: true } } },
      "iterations{scenario:online_check}": {
        type: "counter",
        values: { count: 3000 - dropped },
        thresholds: { "count>=0": { ok: true } },
      },
      "dropped_iterations{scenario:online_check}": { type: "counter", values: { count: dropped } },
      "pos_errors{code:LOCKED}": {
        type: "counter",
        values: { count: 2 },
        thresholds: { "count>=0": { ok: true } },
      },
    },
  };
}

describe("the load report", () => {
  it("passes when every gate held, with per-operation and per-cadence figures", () => {
    const report = buildReport(summary(12, 0), config, 100);
    expect(report.verdict).toBe("pass");
    expect(report.gates.map((g) => `${g.metric} ${g.expression}`)).toEqual([
      "dropped_iterations count==0",
      "http_req_duration{operation:location.status,phase:service} p(95)<25",
      "http_req_duration{operation:location.status,phase:service} p(99)<50",
      "http_req_failed rate<=0",
    ]);
    expect(report.operations.map((o) => o.operation)).toEqual(["menu.get", "location.status"]);
    expect(report.operations[1]).toMatchObject({ requests: 3000, p99Ms: 12, errorRate: 0 });
    expect(report.cadences[0]).toMatchObject({ scenario: "online_check", expected: 1000, started: 3000 });
    expect(report.errorsByCode).toEqual({ LOCKED: 2 });
    expect(report.warmup).toEqual({ seconds: 5, requests: 150, p99Ms: 120, maxMs: 240 });
    const text = renderText(report);
    expect(text).toContain("verdict: PASS — all 4 gates held");
    expect(text).toMatch(/location\.status\s+3000\s+100\.0\s+3\.00\s+6\.00\s+12\.00\s+24\.00\s+0\.00%/);
  });

  it("fails, naming the gates, when the p99 budget or the schedule was missed", () => {
    const report = buildReport(summary(80, 5), config, 100);
    expect(report.verdict).toBe("fail");
    const text = renderText(report);
    expect(text).toContain("FAIL dropped_iterations: count==0 (got 5)");
    expect(text).toContain(
      "FAIL http_req_duration{operation:location.status,phase:service}: p(99)<50 (got 80.00)",
    );
    expect(text).toContain("verdict: FAIL — 3 of 4 gates failed");
  });
});

describe("a dialect that lacks part of the envelope", () => {
  it("says which steps it does not send, and where the others go", () => {
    const sinqro = readConfig({ LOAD_CREDENTIALS: "c", LOAD_DIALECT: "sinqro", LOAD_DURATION: "30s" });
    const report = buildReport(summary(12, 0), sinqro, 100);
    expect(report.dialect).toBe("sinqro");
    expect(report.lacks.map((l) => l.step)).toEqual([
      "orders.new",
      "orders.in_progress",
      "order.append",
      "order.pay",
    ]);
    expect(report.routes["availability.get"]).toBe("GET /sinqro/v1/temporary-closing");
    expect(report.cadences.map((c) => c.scenario)).toEqual(["online_check", "availability", "guest_orders"]);
    const text = renderText(report);
    expect(text).toContain("dialect sinqro:");
    expect(text).toMatch(/order\.pay\s+not sent — none: paid online/);
    expect(buildReport(summary(12, 0), config, 100).lacks).toEqual([]);
    expect(renderText(buildReport(summary(12, 0), config, 100))).not.toContain("not sent");
  });
});

describe("the gates", () => {
  it("hold the envelope per operation, with no dropped polls and no errors", () => {
    const t = thresholds(config);
    expect(t.dropped_iterations).toEqual(["count==0"]);
    expect(t.http_req_failed).toEqual(["rate<=0"]);
    expect(t["http_req_duration{operation:orders.list,phase:service}"]).toEqual(["p(95)<25", "p(99)<50"]);
    expect(t["http_req_duration{operation:order.pay,phase:service}"]).toEqual(["p(95)<25", "p(99)<50"]);
    expect(t["http_req_duration{operation:menu.get}"]).toEqual(["p(99)<1000"]);
    const readsOnly = thresholds(readConfig({ LOAD_CREDENTIALS: "c", LOAD_ORDERS_PER_HOUR: "0" }));
    expect(readsOnly["http_req_duration{operation:order.pay,phase:service}"]).toBeUndefined();
  });

  it("for a shared machine: a median budget, and a share of the polls due that may be dropped", () => {
    const shared = readConfig({
      LOAD_CREDENTIALS: "c.json",
      LOAD_COMPRESS: "20",
      LOAD_DURATION: "30s",
      LOAD_P50_MS: "25",
      LOAD_READ_P99_MS: "1000",
      LOAD_MAX_DROPPED: "0.05",
    });
    // 300 locations, 30 s at 20×: 10 simulated minutes, so 3,000 + 1,500 + 750 + 600 polls and
    // 200 guest orders due; 5% of 6,050 is 302.
    const t = thresholds(shared, 300);
    expect(t.dropped_iterations).toEqual(["count<=302"]);
    expect(t["http_req_duration{operation:orders.list,phase:service}"]).toEqual([
      "med<25",
      "p(95)<500",
      "p(99)<1000",
    ]);
    expect(t["http_req_duration{operation:order.pay,phase:service}"]).toEqual([
      "med<25",
      "p(95)<25",
      "p(99)<50",
    ]);
    expect(t["http_req_duration{operation:menu.get}"]).toEqual(["p(99)<1000"]);
    // Without the share, or without the locations to count polls from, none may be dropped.
    expect(thresholds({ ...shared, maxDroppedShare: 0 }, 300).dropped_iterations).toEqual(["count==0"]);
    expect(thresholds(shared).dropped_iterations).toEqual(["count==0"]);
  });

  it("report a median gate with its figure", () => {
    const data = summary(12, 0);
    const list = data.metrics["http_req_duration{operation:location.status,phase:service}"];
    if (!list) throw new Error("no location.status series in the sample summary");
    list.values.med = 3;
    list.thresholds = { "med<25": { ok: true } };
    const gate = buildReport(data, config, 100).gates.find((g) => g.expression === "med<25");
    expect(gate).toMatchObject({ ok: true, value: 3 });
  });
});

describe("a run with injected faults", () => {
  const faulty = readConfig({ LOAD_CREDENTIALS: "c.json", LOAD_DURATION: "30s", LOAD_FAULTS: "1" });

  it("gates on the failures no fault rule accounts for, and keeps the rules' own outcomes apart", () => {
    const t = thresholds(faulty);
    expect(t.pos_unexpected).toEqual(["rate<=0"]);
    expect(t["pos_unexpected{operation:order.pay}"]).toEqual(["rate<=0"]);
    expect(t.http_req_failed).toBeUndefined();
    expect(t["pos_injected{code:LOCKED}"]).toEqual(["count>=0"]);
    expect(thresholds(config)["pos_injected{code:LOCKED}"]).toBeUndefined();
  });

  it("reports the unexpected rate as the failed rate and lists the injected outcomes", () => {
    const data = summary(12, 0);
    data.metrics.http_req_failed = { type: "rate", values: { rate: 0.05 } };
    data.metrics.pos_unexpected = {
      type: "rate",
      values: { rate: 0 },
      thresholds: { "rate<=0": { ok: true } },
    };
    data.metrics["pos_unexpected{operation:location.status}"] = { type: "rate", values: { rate: 0 } };
    data.metrics["pos_injected{code:UNREACHABLE}"] = { type: "counter", values: { count: 140 } };
    const report = buildReport(data, faulty, 100);
    expect(report).toMatchObject({ verdict: "pass", failedRate: 0, injectedFaults: true });
    expect(report.injectedByCode).toEqual({ UNREACHABLE: 140 });
    const text = renderText(report);
    expect(text).toContain("0.00% failed unexpectedly");
    expect(text).toContain("injected by fault rules (not gated): UNREACHABLE 140");
  });

  it("must be switched on with 1 or 0", () => {
    expect(() => readConfig({ LOAD_CREDENTIALS: "c", LOAD_FAULTS: "yes" })).toThrow(
      "LOAD_FAULTS must be 1 or 0",
    );
  });
});
