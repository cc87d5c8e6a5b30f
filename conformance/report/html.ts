import type { CheckResult } from "../run.ts";
import type { Report, ReportResult } from "./json.ts";
import { xmlAttr as attr, xmlText as text } from "./junit.ts";
import { glyph, MARK_STYLE, MARKS, timelineSvg } from "./timeline.ts";

const STATUS: Record<ReportResult["status"], { mark: string; word: string }> = {
  pass: { mark: "✓", word: "PASS" },
  fail: { mark: "✗", word: "FAIL" },
  not_applicable: { mark: "–", word: "N/A" },
};

const CSS = `
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#0f172a;background:#fff}
main{max-width:1200px;margin:0 auto;padding:16px}
h1{font-size:1.5rem;margin:.2rem 0 .4rem}
h2{font-size:1.15rem;margin:1.6rem 0 .5rem}
h3{font-size:1rem;margin:.8rem 0 .3rem}
code{font:13px/1.3 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.meta{color:#475569;margin:.2rem 0}
.totals{display:flex;flex-wrap:wrap;gap:8px;margin:.6rem 0}
.badge{display:inline-block;padding:1px 8px;border-radius:4px;font-weight:700;font-size:13px;border:1px solid;white-space:nowrap}
.pass{background:#dcfce7;color:#14532d;border-color:#15803d}
.fail{background:#fee2e2;color:#7f1d1d;border-color:#b91c1c}
.not_applicable{background:#f1f5f9;color:#334155;border-color:#64748b}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch}
table{border-collapse:collapse;width:100%;min-width:520px}
th,td{text-align:left;vertical-align:top;padding:6px 8px;border-bottom:1px solid #e2e8f0}
th{background:#f8fafc;font-size:13px;color:#334155}
td.num{text-align:right;white-space:nowrap;color:#475569}
.warn{background:#fffbeb;border:1px solid #d97706;border-radius:6px;padding:8px 12px}
.legend{display:flex;flex-wrap:wrap;gap:6px 18px;padding:0;margin:.4rem 0;list-style:none;font-size:13px}
.legend li{display:flex;align-items:center;gap:6px}
.legend svg{width:26px;height:26px;flex:none}
article{border-top:2px solid #e2e8f0;padding-top:.4rem;margin-top:1.4rem}
article h2{display:flex;flex-wrap:wrap;align-items:center;gap:8px;margin-top:.6rem}
.rule{color:#334155;margin:.2rem 0}
.summary{font-weight:600;margin:.3rem 0}
figure{margin:.6rem 0}
.timeline{overflow-x:auto;-webkit-overflow-scrolling:touch;border:1px solid #e2e8f0;border-radius:6px}
svg.tl{display:block;width:100%;min-width:760px;height:auto}
figcaption{font-size:13px;color:#475569;margin-top:4px}
ol.evidence{padding-left:1.8rem;margin:.3rem 0}
ol.evidence li{margin:.15rem 0;overflow-wrap:anywhere}
ol.evidence time{font:12px ui-monospace,Menlo,Consolas,monospace;color:#475569;margin-right:6px}
@media (max-width:640px){body{font-size:14px}main{padding:10px}td,th{padding:5px}}
@media print{.timeline{overflow:visible}svg.tl{min-width:0}}
`;

function badge(status: ReportResult["status"]): string {
  const s = STATUS[status];
  return `<span class="badge ${status}">${s.mark} ${s.word}</span>`;
}

function anchor(r: { check: string; dialect: string }): string {
  return `${r.check}--${r.dialect}`.replace(/[^A-Za-z0-9_-]/g, "-");
}

function legend(): string {
  const items = MARKS.map((m) => {
    return `<li><svg viewBox="0 0 26 36" aria-hidden="true"><path d="${glyph(m.kind, 13, 18)}" ${MARK_STYLE[m.kind]}/></svg>${text(m.label)}</li>`;
  });
  items.push(
    '<li><svg viewBox="0 0 26 26" aria-hidden="true"><rect x="2" y="4" width="22" height="18" fill="#fde68a" stroke="#d97706" stroke-dasharray="4 2"/></svg>fault or outage window (hatched, labelled)</li>',
    '<li><svg viewBox="0 0 26 26" aria-hidden="true"><circle cx="13" cy="13" r="9" fill="#0f172a"/><text x="13" y="17" text-anchor="middle" fill="#fff" font-size="11" font-weight="700">1</text></svg>evidence that decided the verdict (numbered as the list)</li>',
  );
  return `<ul class="legend">${items.join("")}</ul>`;
}

function section(r: ReportResult, result: CheckResult | undefined, index: number): string {
  const id = anchor(r);
  const run = result?.run;
  const figure = run
    ? `<figure><div class="timeline">${timelineSvg(run, result.verdict.evidence, `tl${index}`)}</div><figcaption>Simulated time ${text(r.timings.start ?? "")} to ${text(r.timings.end ?? "")}; ${r.requests ?? 0} request(s) judged; ${text(r.mode)} mode.</figcaption></figure>`
    : `<p class="meta">No timeline: the check did not run (${text(r.summary)}).</p>`;
  const shown = r.evidence.slice(0, 50);
  const evidence = r.evidence.length
    ? `<h3>Evidence</h3><ol class="evidence">${shown
        .map((e) => `<li><time datetime="${attr(e.at)}">${text(e.offset ?? e.at)}</time>${text(e.text)}</li>`)
        .join(
          "",
        )}</ol>${r.evidence.length > shown.length ? `<p class="meta">… ${r.evidence.length - shown.length} more in report.json</p>` : ""}`
    : "";
  return [
    `<article id="${attr(id)}">`,
    `<h2>${badge(r.status)} <code>${text(r.check)}</code> <span class="meta">${text(r.dialect)}</span></h2>`,
    `<p>${text(r.title)}</p>`,
    `<p class="rule"><strong>Rule:</strong> ${text(r.rule)}</p>`,
    `<p class="summary">${text(r.summary)}</p>`,
    figure,
    evidence,
    "</article>",
  ].join("\n");
}

/**
 * The report as one self-contained page: inline CSS, inline SVG, no scripts. A summary table,
 * then per check its verdict, rule, timeline picture and evidence. Status is said in words and
 * symbols as well as colour; the timelines scroll sideways on a phone rather than shrink.
 */
export function htmlReport(report: Report, results: readonly CheckResult[]): string {
  const c = report.counts;
  const headline = `${c.passed} passed, ${c.failed} failed, ${c.notApplicable} not applicable`;
  const rows = report.results
    .map(
      (r) =>
        `<tr><td>${badge(r.status)}</td><td><a href="#${attr(anchor(r))}"><code>${text(r.check)}</code></a></td><td>${text(r.dialect)}</td><td>${text(r.summary)}</td><td class="num">${(r.timings.tookMs / 1000).toFixed(1)} s</td></tr>`,
    )
    .join("\n");
  const warnings = report.warnings.length
    ? `<div class="warn" role="note"><strong>Note</strong><ul>${report.warnings.map((w) => `<li>${text(w)}</li>`).join("")}</ul></div>`
    : "";
  const meta = [
    `${report.mode} mode`,
    report.target,
    report.seed === null ? "" : `seed ${report.seed}`,
    report.timeScale === null ? "" : `${report.timeScale}× time`,
    `generated ${report.generatedAt}`,
  ].filter((s) => s !== "");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>mockpos conformance: ${text(headline)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
<h1>mockpos conformance report</h1>
<p class="meta">${meta.map(text).join(" · ")}</p>
<p class="totals"><span class="badge pass">✓ ${c.passed} passed</span><span class="badge fail">✗ ${c.failed} failed</span><span class="badge not_applicable">– ${c.notApplicable} not applicable</span></p>
${warnings}
<h2>Summary</h2>
<div class="scroll"><table>
<thead><tr><th scope="col">Status</th><th scope="col">Check</th><th scope="col">Dialect</th><th scope="col">Why</th><th scope="col">Took</th></tr></thead>
<tbody>
${rows}
</tbody>
</table></div>
<h2>Reading the timelines</h2>
<p class="meta">One lane per location; time runs left to right from the start of the check, on the simulator's clock.</p>
${legend()}
${report.results.map((r, i) => section(r, results[i], i)).join("\n")}
</main>
</body>
</html>
`;
}
