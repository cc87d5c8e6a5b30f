import { xmlAttr as attr, xmlText as text } from "../../conformance/report/junit.ts";
import type { Exchange } from "../wire.ts";
import type { PointResult, Verdict, VerifyReport } from "./model.ts";

const VERDICT: Record<Verdict, { mark: string; word: string }> = {
  pass: { mark: "✓", word: "PASS" },
  fail: { mark: "✗", word: "FAIL" },
  not_verified: { mark: "?", word: "NOT VERIFIED" },
  question: { mark: "☞", word: "ASK A PERSON" },
};

const CSS = `
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#0f172a;background:#fff}
main{max-width:1200px;margin:0 auto;padding:16px}
h1{font-size:1.5rem;margin:.2rem 0 .4rem}
h2{font-size:1.15rem;margin:1.6rem 0 .5rem}
h3{font-size:1rem;margin:.8rem 0 .3rem}
code,pre{font:13px/1.35 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
pre{background:#f8fafc;border:1px solid #e2e8f0;border-radius:6px;padding:8px;overflow-x:auto;white-space:pre-wrap;overflow-wrap:anywhere;max-height:24rem}
.meta{color:#475569;margin:.2rem 0}
.totals{display:flex;flex-wrap:wrap;gap:8px;margin:.6rem 0}
.badge{display:inline-block;padding:1px 8px;border-radius:4px;font-weight:700;font-size:13px;border:1px solid;white-space:nowrap}
.pass{background:#dcfce7;color:#14532d;border-color:#15803d}
.fail{background:#fee2e2;color:#7f1d1d;border-color:#b91c1c}
.not_verified{background:#fef3c7;color:#78350f;border-color:#d97706}
.question{background:#e0e7ff;color:#1e1b4b;border-color:#4338ca}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;min-width:520px}
th,td{text-align:left;vertical-align:top;padding:6px 8px;border-bottom:1px solid #e2e8f0}
th{background:#f8fafc;font-size:13px;color:#334155}
td.num{text-align:right;white-space:nowrap;color:#475569}
article{border-top:2px solid #e2e8f0;padding-top:.4rem;margin-top:1.4rem}
article h2{display:flex;flex-wrap:wrap;align-items:center;gap:8px;margin-top:.6rem}
.question-text{font-style:italic;color:#334155}
.summary{font-weight:600;margin:.3rem 0}
ul.evidence{padding-left:1.4rem;margin:.3rem 0}
ul.evidence li{margin:.15rem 0;overflow-wrap:anywhere}
details{margin:.4rem 0}
summary{cursor:pointer}
.warn{background:#fffbeb;border:1px solid #d97706;border-radius:6px;padding:8px 12px}
@media (max-width:640px){body{font-size:14px}main{padding:10px}}
`;

const SHOWN = 4000;
const cut = (s: string) =>
  s.length > SHOWN ? `${s.slice(0, SHOWN)}\n… (${s.length - SHOWN} more characters in report.json)` : s;

function pretty(body: string | null): string {
  if (body === null || body === "") return "";
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

function badge(v: Verdict): string {
  return `<span class="badge ${v}">${VERDICT[v].mark} ${VERDICT[v].word}</span>`;
}

function exchangeHtml(x: Exchange): string {
  const head = (h: Record<string, string>) =>
    Object.entries(h)
      .map(([k, v]) => `${k}: ${v}`)
      .join("\n");
  const request = `${x.method} ${x.path}\n${head(x.request.headers)}${x.request.body ? `\n\n${pretty(x.request.body)}` : ""}`;
  const answer = x.refused
    ? `not sent: ${x.refused}`
    : x.response
      ? `HTTP ${x.status} (${x.ms} ms)\n${head(x.response.headers)}${x.response.body ? `\n\n${pretty(x.response.body)}` : ""}`
      : `no answer: ${x.error ?? "?"}`;
  const problems = x.violations.length
    ? `<ul class="evidence">${x.violations.map((v) => `<li>${text(v)}</li>`).join("")}</ul>`
    : "";
  return `<details open><summary>#${x.seq} ${text(x.method)} <code>${text(x.path.split("?")[0] ?? "")}</code> → ${x.refused ? "not sent" : x.status} <span class="meta">(${text(x.stage)}${x.operation ? `, ${text(x.operation)}` : ""})</span></summary><h3>Request</h3><pre>${text(cut(request))}</pre><h3>Answer</h3><pre>${text(cut(answer))}</pre>${problems}</details>`;
}

function section(p: PointResult, exchanges: Map<number, Exchange>): string {
  const decisive = p.decisive.slice(0, 10).flatMap((seq) => {
    const x = exchanges.get(seq);
    return x ? [exchangeHtml(x)] : [];
  });
  return [
    `<article id="point-${attr(p.id)}">`,
    `<h2>${badge(p.verdict)} <span>${text(p.id === "pacts" || p.id === "schema" ? "" : `${p.id}. `)}${text(p.title)}</span></h2>`,
    p.question ? `<p class="question-text">“${text(p.question)}”</p>` : "",
    `<p class="summary">${text(p.summary)}</p>`,
    `<p class="meta"><strong>How:</strong> ${text(p.how)}</p>`,
    p.evidence.length
      ? `<h3>Evidence</h3><ul class="evidence">${p.evidence
          .slice(0, 200)
          .map((e) => `<li>${text(e)}</li>`)
          .join(
            "",
          )}</ul>${p.evidence.length > 200 ? `<p class="meta">… ${p.evidence.length - 200} more in report.json</p>` : ""}`
      : "",
    decisive.length ? `<h3>What decided it</h3>${decisive.join("\n")}` : "",
    "</article>",
  ].join("\n");
}

/** The report as one self-contained page: inline CSS, no scripts, no outside resource. */
export function htmlReport(report: VerifyReport): string {
  const c = report.counts;
  const headline = `${c.passed} passed, ${c.failed} failed, ${c.notVerified} not verified, ${c.questions} for a person`;
  const exchanges = new Map(report.exchanges.map((x) => [x.seq, x]));
  const rows = report.points
    .map(
      (p) =>
        `<tr><td>${badge(p.verdict)}</td><td><a href="#point-${attr(p.id)}">${text(p.id)}</a></td><td>${text(p.title)}</td><td>${text(p.summary)}</td><td class="num">${(p.tookMs / 1000).toFixed(1)} s</td></tr>`,
    )
    .join("\n");
  const interactions = report.interactions.length
    ? `<h2>Pact interactions</h2><div class="scroll"><table><thead><tr><th scope="col">Outcome</th><th scope="col">Interaction</th><th scope="col">Provider state</th><th scope="col">Why</th></tr></thead><tbody>${report.interactions
        .map((i) => {
          const v: Verdict =
            i.outcome === "verified" ? "pass" : i.outcome === "failed" ? "fail" : "not_verified";
          return `<tr><td>${badge(v)}</td><td>${text(i.description)}</td><td>${text(i.states.join(", "))}</td><td>${text(i.why)}</td></tr>`;
        })
        .join("")}</tbody></table></div>`
    : "";
  const load = report.load
    ? `<h2>Load (k6)</h2><p class="meta">${report.load.locations} location(s), ${report.load.compress}× compressed, ${report.load.durationS} s, ${report.load.requests} requests; guest orders at ${report.load.writable} testing location(s).</p><div class="scroll"><table><thead><tr><th scope="col">Operation</th><th scope="col">Requests</th><th scope="col">p50</th><th scope="col">p99</th><th scope="col">Errors</th></tr></thead><tbody>${report.load.operations
        .map(
          (o) =>
            `<tr><td><code>${text(o.operation)}</code></td><td class="num">${o.requests}</td><td class="num">${o.p50Ms === null ? "–" : `${Math.round(o.p50Ms)} ms`}</td><td class="num">${o.p99Ms === null ? "–" : `${Math.round(o.p99Ms)} ms`}</td><td class="num">${o.errorRate === null ? "–" : `${(o.errorRate * 100).toFixed(1)} %`}</td></tr>`,
        )
        .join("")}</tbody></table></div>`
    : "";
  const warnings = report.warnings.length
    ? `<div class="warn" role="note"><strong>Note</strong><ul>${report.warnings.map((w) => `<li>${text(w)}</li>`).join("")}</ul></div>`
    : "";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>mockpos verify (${text(report.dialect)}): ${text(headline)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
<h1>mockpos verify: ${text(report.target)}</h1>
<p class="meta">${text(report.dialect)} dialect · contract ${text(report.contract)} · pacts ${text(report.pacts)} · ${text(report.states)} · ${report.credentials.locations} location(s), writes only at ${text(report.credentials.testing.join(", ") || "none")} · ${report.requests.sent} request(s) sent (at most ${report.requests.budget.rate}/s, ${report.requests.budget.max} in all), ${report.requests.refused} refused by verify · generated ${text(report.generatedAt)}</p>
<p class="totals"><span class="badge pass">✓ ${c.passed} passed</span><span class="badge fail">✗ ${c.failed} failed</span><span class="badge not_verified">? ${c.notVerified} not verified</span><span class="badge question">☞ ${c.questions} for a person</span></p>
${warnings}
<h2>Summary</h2>
<div class="scroll"><table>
<thead><tr><th scope="col">Verdict</th><th scope="col">Point</th><th scope="col">What</th><th scope="col">Why</th><th scope="col">Took</th></tr></thead>
<tbody>
${rows}
</tbody>
</table></div>
${report.points.map((p) => section(p, exchanges)).join("\n")}
${interactions}
${load}
</main>
</body>
</html>
`;
}
