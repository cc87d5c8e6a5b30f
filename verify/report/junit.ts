import { xmlAttr, xmlText } from "../../conformance/report/junit.ts";
import type { PointResult, VerifyReport } from "./model.ts";

const seconds = (ms: number) => (Math.max(0, ms) / 1000).toFixed(3);

function details(p: PointResult): string {
  return [p.summary, "", p.question ? `question: ${p.question}` : "", `how: ${p.how}`, "", ...p.evidence]
    .filter((line, i, all) => line !== "" || all[i - 1] !== "")
    .join("\n");
}

function testcase(p: PointResult, dialect: string): string {
  const open = `    <testcase name="${xmlAttr(`${p.id}. ${p.title}`)}" classname="${xmlAttr(`mockpos.verify.${dialect}`)}" time="${seconds(p.tookMs)}">`;
  switch (p.verdict) {
    case "fail":
      return `${open}\n      <failure message="${xmlAttr(p.summary)}" type="fail">${xmlText(details(p))}</failure>\n    </testcase>`;
    case "not_verified":
      return `${open}\n      <error message="${xmlAttr(`not verified: ${p.summary}`)}" type="not_verified">${xmlText(details(p))}</error>\n    </testcase>`;
    case "question":
      return `${open}\n      <skipped message="${xmlAttr(`a question for a person: ${p.question ?? p.title}`)}"/>\n    </testcase>`;
    default:
      return `${open}\n      <system-out>${xmlText(details(p))}</system-out>\n    </testcase>`;
  }
}

/**
 * The verdicts as JUnit XML: one testcase per point. A failed point is a failure, a point that
 * could not be verified an error (it is not a pass either), a question for a person is skipped.
 */
export function junitXml(report: VerifyReport): string {
  const c = report.counts;
  const took = report.points.reduce((sum, p) => sum + p.tookMs, 0);
  const props: [string, string][] = [
    ["target", report.target],
    ["dialect", report.dialect],
    ["contract", report.contract],
    ["pacts", report.pacts],
    ["states", report.states],
  ];
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="mockpos verify" tests="${c.total}" failures="${c.failed}" errors="${c.notVerified}" skipped="${c.questions}" time="${seconds(took)}">`,
    `  <testsuite name="${xmlAttr(`mockpos verify ${report.dialect}`)}" tests="${c.total}" failures="${c.failed}" errors="${c.notVerified}" skipped="${c.questions}" time="${seconds(took)}" timestamp="${xmlAttr(report.generatedAt)}">`,
    "    <properties>",
    ...props.map(([name, value]) => `      <property name="${name}" value="${xmlAttr(value)}"/>`),
    "    </properties>",
    ...report.points.map((p) => testcase(p, report.dialect)),
    "  </testsuite>",
    "</testsuites>",
    "",
  ].join("\n");
}
