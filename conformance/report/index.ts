import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { CheckResult } from "../run.ts";
import { htmlReport } from "./html.ts";
import { buildReport, type Report, type ReportMeta } from "./json.ts";
import { junitXml } from "./junit.ts";

export { buildReport, counts, type Report, type ReportMeta } from "./json.ts";

/** The three reports of a run in `dir` (made when missing): junit.xml, report.json, report.html. */
export function writeReports(
  dir: string,
  results: readonly CheckResult[],
  meta: ReportMeta,
): { report: Report; files: { junit: string; json: string; html: string } } {
  mkdirSync(dir, { recursive: true });
  const report = buildReport(results, meta);
  const files = {
    junit: join(dir, "junit.xml"),
    json: join(dir, "report.json"),
    html: join(dir, "report.html"),
  };
  writeFileSync(files.junit, junitXml(report));
  writeFileSync(files.json, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(files.html, htmlReport(report, results));
  return { report, files };
}
