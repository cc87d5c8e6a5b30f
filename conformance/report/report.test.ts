import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { childrenNamed, parseXml, type XmlElement } from "../../test/support/xml.ts";
import { keyReusedOnRetry } from "../checks/key-reused-on-retry.ts";
import { statusCadence } from "../checks/status-cadence.ts";
import { brokenEngine, referenceEngine } from "../engines.ts";
import { type CheckResult, runCheck } from "../run.ts";
import { STAGE_START } from "../stage/common.ts";
import { writeReports } from "./index.ts";
import { Report } from "./json.ts";
import { junitXml } from "./junit.ts";

const GENERATED = Date.UTC(2026, 2, 14, 18, 0);

/** A result no engine would give: every character XML must escape, in every field a report writes. */
const NASTY: CheckResult = {
  check: "report.escaping",
  title: `Quotes "double" & 'single' <tags>`,
  rule: "a]]>b & c < d",
  dialect: "elyx",
  mode: "drive",
  verdict: {
    status: "fail",
    summary: `1 < 2 & "three" > 'four'\u0001 with a control character`,
    evidence: [{ at: STAGE_START + 61_000, text: "GET /v1/x?a=1&b=<2> → 500 SERVER_ERROR", seq: 2 }],
  },
  run: {
    dialect: "elyx",
    mode: "drive",
    start: STAGE_START,
    end: STAGE_START + 5 * 60_000,
    locations: [{ id: "loc-<1>", apiKey: "k", tables: [], terminals: [] }],
    journal: [
      {
        seq: 1,
        time: new Date(STAGE_START + 1_000).toISOString(),
        locationId: "loc-<1>",
        operation: "location.status",
        dialect: "elyx",
        method: "GET",
        path: "/status",
        query: null,
        credential: null,
        status: 200,
        outcome: "OK",
        latencyMs: 1,
        idempotencyKey: null,
        replayed: false,
        fault: null,
      },
      {
        seq: 2,
        time: new Date(STAGE_START + 61_000).toISOString(),
        locationId: "loc-<1>",
        operation: "order.create",
        dialect: "elyx",
        method: "POST",
        path: "/orders",
        query: "a=1&b=<2>",
        credential: null,
        status: 500,
        outcome: "SERVER_ERROR",
        latencyMs: 1,
        idempotencyKey: "k&1",
        replayed: false,
        fault: 'flaky&"down"',
      },
    ],
    samples: [],
    notes: {
      windows: [{ from: STAGE_START + 60_000, to: STAGE_START + 120_000, label: `"link" <down> & out` }],
    },
  },
  tookMs: 3,
};

describe("the reports of a run", () => {
  let results: CheckResult[];
  let dir: string;

  beforeAll(async () => {
    const drive = (engine: typeof referenceEngine) => ({
      dialects: ["generic" as const],
      mode: "drive" as const,
      target: { kind: "in-process" as const, engine },
    });
    results = [
      await runCheck(statusCadence, "generic", drive(referenceEngine)),
      await runCheck(statusCadence, "elyx", { ...drive(brokenEngine("slow-status")), dialects: ["elyx"] }),
      // A check that needs guests does not apply when the suite only watches.
      await runCheck(keyReusedOnRetry, "generic", { ...drive(referenceEngine), mode: "observe" }),
      NASTY,
    ];
    dir = mkdtempSync(join(tmpdir(), "mockpos-report-"));
    writeReports(dir, results, {
      generatedAt: GENERATED,
      mode: "drive",
      target: "in-process conformance/engines.ts",
      seed: "conformance",
      dialects: ["generic", "elyx"],
    });
  }, 60_000);

  it("ran what the report is about", () => {
    expect(results.map((r) => r.verdict.status)).toEqual(["pass", "fail", "not_applicable", "fail"]);
  });

  it("writes JUnit XML: one testsuite per dialect, one testcase per check, failures and skips", () => {
    const root = parseXml(readFileSync(join(dir, "junit.xml"), "utf8"));
    expect(root.name).toBe("testsuites");
    expect(root.attrs).toMatchObject({ tests: "4", failures: "2", skipped: "1", errors: "0" });
    const suites = childrenNamed(root, "testsuite");
    expect(suites.map((s) => s.attrs.name)).toEqual(["generic", "elyx"]);
    const [generic, elyx] = suites as [XmlElement, XmlElement];
    expect(generic.attrs).toMatchObject({ tests: "2", failures: "0", skipped: "1" });
    expect(elyx.attrs).toMatchObject({ tests: "2", failures: "2", skipped: "0" });
    for (const suite of suites) {
      const cases = childrenNamed(suite, "testcase");
      expect(cases).toHaveLength(Number(suite.attrs.tests));
      expect(cases.filter((c) => childrenNamed(c, "failure").length === 1)).toHaveLength(
        Number(suite.attrs.failures),
      );
      expect(cases.filter((c) => childrenNamed(c, "skipped").length === 1)).toHaveLength(
        Number(suite.attrs.skipped),
      );
      for (const c of cases) expect(Number(c.attrs.time)).toBeGreaterThanOrEqual(0);
    }
    const skipped = childrenNamed(childrenNamed(generic, "testcase")[1] as XmlElement, "skipped")[0];
    expect(skipped?.attrs.message).toMatch(/not applicable in observe mode/);
    const slow = childrenNamed(elyx, "testcase")[0] as XmlElement;
    expect(slow.attrs.name).toBe("envelope.status-cadence");
    const failure = childrenNamed(slow, "failure")[0] as XmlElement;
    expect(failure.attrs.message).toBe(results[1]?.verdict.summary);
    expect(failure.text).toContain("evidence:");
    expect(failure.text).toContain(results[1]?.verdict.evidence[0]?.text);
    // Everything that needed escaping reads back as it was written (the control character replaced).
    const nasty = childrenNamed(elyx, "testcase")[1] as XmlElement;
    const nastyFailure = childrenNamed(nasty, "failure")[0] as XmlElement;
    expect(nastyFailure.attrs.message).toBe(`1 < 2 & "three" > 'four'\uFFFD with a control character`);
    expect(nastyFailure.text).toContain("a]]>b & c < d");
    expect(nastyFailure.text).toContain("GET /v1/x?a=1&b=<2>");
  });

  it("writes report.json in its published shape, every result with its timings", () => {
    const report = Report.parse(JSON.parse(readFileSync(join(dir, "report.json"), "utf8")));
    expect(report.counts).toEqual({ passed: 1, failed: 2, notApplicable: 1, total: 4 });
    expect(report.results.map((r) => [r.check, r.dialect, r.mode, r.status])).toEqual([
      ["envelope.status-cadence", "generic", "drive", "pass"],
      ["envelope.status-cadence", "elyx", "drive", "fail"],
      ["writes.key-reused-on-retry", "generic", "observe", "not_applicable"],
      ["report.escaping", "elyx", "drive", "fail"],
    ]);
    const [pass, fail, na] = report.results;
    expect(pass?.timings.simulatedMs).toBe(15 * 60_000);
    expect(pass?.requests).toBeGreaterThan(0);
    expect(fail?.evidence.length).toBeGreaterThan(0);
    expect(fail?.evidence[0]?.offset).toMatch(/^\+\d+:\d\d$/);
    expect(na?.timings).toEqual({ tookMs: 0, start: null, end: null, simulatedMs: null });
    // Compact: the journal itself stays out of the JSON.
    expect(JSON.stringify(report)).not.toContain('"latencyMs"');
  });

  it("writes a self-contained HTML page with a well-formed SVG timeline for every check that ran", () => {
    const html = readFileSync(join(dir, "report.html"), "utf8");
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain("<title>mockpos conformance: 1 passed, 2 failed, 1 not applicable</title>");
    expect(html).not.toMatch(/<script|<link |src="http/);
    const svgs = html.match(/<svg class="tl"[\s\S]*?<\/svg>/g) ?? [];
    expect(svgs).toHaveLength(results.filter((r) => r.run).length);
    for (const svg of svgs) {
      const root = parseXml(svg);
      expect(root.name).toBe("svg");
      expect(childrenNamed(root, "title")).toHaveLength(1);
    }
    // The failing cadence's evidence is marked on its picture, numbered as its list.
    const failing = svgs[1] as string;
    expect(failing).toContain("evidence 1 at +");
    // The nasty one: its window and fault shaded, its text escaped.
    const nasty = svgs[2] as string;
    expect(nasty).toContain(`"link" &lt;down&gt; &amp; out`);
    expect(nasty).toContain("fault flaky&amp;");
    // Status is said in words, not colour alone.
    expect(html).toContain("✓ PASS");
    expect(html).toContain("✗ FAIL");
    expect(html).toContain("– N/A");
  });

  it("gives a report with no results a well-formed JUnit document", () => {
    const xml = junitXml({
      format: "mockpos-conformance-report",
      version: 1,
      generatedAt: new Date(GENERATED).toISOString(),
      mode: "observe",
      target: "journal none",
      seed: null,
      timeScale: null,
      dialects: [],
      counts: { passed: 0, failed: 0, notApplicable: 0, total: 0 },
      warnings: [],
      results: [],
    });
    expect(parseXml(xml).attrs.tests).toBe("0");
  });
});
