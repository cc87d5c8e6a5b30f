import type { Report, ReportResult } from "./json.ts";

/** Whether XML 1.0 can carry a code point (no control characters, lone surrogates, U+FFFE/U+FFFF). */
function allowed(c: number): boolean {
  return (
    c === 0x9 ||
    c === 0xa ||
    c === 0xd ||
    (c >= 0x20 && c <= 0xd7ff) ||
    (c >= 0xe000 && c <= 0xfffd) ||
    (c >= 0x10000 && c <= 0x10ffff)
  );
}

function xmlSafe(text: string): string {
  let out = "";
  // By code point: a lone surrogate comes on its own, and is replaced.
  for (const ch of text) out += allowed(ch.codePointAt(0) ?? 0) ? ch : "\uFFFD";
  return out;
}

/** Text content, escaped; characters XML cannot carry become U+FFFD. */
export function xmlText(text: string): string {
  return xmlSafe(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** An attribute value, escaped, its line breaks and tabs kept as character references. */
export function xmlAttr(text: string): string {
  return xmlText(text)
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;")
    .replace(/\n/g, "&#10;")
    .replace(/\r/g, "&#13;")
    .replace(/\t/g, "&#9;");
}

const seconds = (ms: number) => (Math.max(0, ms) / 1000).toFixed(3);

/** What a failure or a pass says beyond its summary: the rule, then the evidence, one line each. */
function details(r: ReportResult): string {
  const lines = r.evidence.map((e) => `${e.offset ?? e.at}  ${e.text}`);
  return [r.summary, "", `rule: ${r.rule}`, ...(lines.length ? ["", "evidence:", ...lines] : [])].join("\n");
}

function testcase(r: ReportResult): string {
  const open = `    <testcase name="${xmlAttr(r.check)}" classname="${xmlAttr(`mockpos.conformance.${r.dialect}`)}" time="${seconds(r.timings.tookMs)}">`;
  switch (r.status) {
    case "fail":
      return `${open}\n      <failure message="${xmlAttr(r.summary)}" type="${xmlAttr(r.check)}">${xmlText(details(r))}</failure>\n    </testcase>`;
    case "not_applicable":
      return `${open}\n      <skipped message="${xmlAttr(r.summary)}"/>\n    </testcase>`;
    default:
      return `${open}\n      <system-out>${xmlText(details(r))}</system-out>\n    </testcase>`;
  }
}

/**
 * The results as JUnit XML (the shape CI servers read): one testsuite per dialect, one
 * testcase per check; a failure carries the summary as its message and the rule and evidence
 * as its text; a check that does not apply is skipped with the reason.
 */
export function junitXml(report: Report): string {
  const dialects = [...new Set([...report.dialects, ...report.results.map((r) => r.dialect)])];
  const suites = dialects.map((dialect) => {
    const mine = report.results.filter((r) => r.dialect === dialect);
    const failures = mine.filter((r) => r.status === "fail").length;
    const skipped = mine.filter((r) => r.status === "not_applicable").length;
    const took = mine.reduce((sum, r) => sum + r.timings.tookMs, 0);
    const name = report.mode === "observe" ? `${dialect} (observe)` : dialect;
    return [
      `  <testsuite name="${xmlAttr(name)}" tests="${mine.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${seconds(took)}" timestamp="${xmlAttr(report.generatedAt)}">`,
      "    <properties>",
      `      <property name="mode" value="${xmlAttr(report.mode)}"/>`,
      `      <property name="target" value="${xmlAttr(report.target)}"/>`,
      ...(report.seed === null ? [] : [`      <property name="seed" value="${xmlAttr(report.seed)}"/>`]),
      ...(report.timeScale === null
        ? []
        : [`      <property name="timeScale" value="${report.timeScale}"/>`]),
      "    </properties>",
      ...mine.map(testcase),
      "  </testsuite>",
    ].join("\n");
  });
  const c = report.counts;
  const took = report.results.reduce((sum, r) => sum + r.timings.tookMs, 0);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="mockpos conformance" tests="${c.total}" failures="${c.failed}" errors="0" skipped="${c.notApplicable}" time="${seconds(took)}">`,
    ...suites,
    "</testsuites>",
    "",
  ].join("\n");
}
