/**
 * The console's stylesheet and its one small script, served as they are (no build step). The
 * pages work without the script (forms post and come back, links navigate); the script adds live
 * updates over server-sent events, in-place answers to the forms, and the journal's detail panel.
 */

export const CSS = `
:root { --ink: #1b1f24; --muted: #57606a; --line: #d0d7de; --bg: #fff; --panel: #f6f8fa;
  --ok: #1a7f37; --bad: #b3261e; --warn: #8a5a00; --accent: #0b57d0; --fault: #f4d8d6; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
html { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg); }
body { margin: 0; }
a { color: var(--accent); }
:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
.skip { position: absolute; left: -9999px; }
.skip:focus { left: 8px; top: 8px; background: #fff; padding: 4px 8px; z-index: 10; }
header.top { display: flex; flex-wrap: wrap; gap: 6px 18px; align-items: center; padding: 8px 16px;
  border-bottom: 1px solid var(--line); background: var(--panel); }
header.top .brand { font-weight: 700; text-decoration: none; color: var(--ink); }
nav.main ul { display: flex; flex-wrap: wrap; gap: 4px; list-style: none; margin: 0; padding: 0; }
nav.main a { display: inline-block; padding: 4px 10px; border-radius: 6px; text-decoration: none; }
nav.main a[aria-current="page"] { background: var(--ink); color: #fff; }
.clockbar { margin-left: auto; font-variant-numeric: tabular-nums; display: flex; gap: 10px; flex-wrap: wrap; align-items: center; }
#live { font-size: 13px; color: var(--muted); }
#live[data-on="1"]::before { content: "● "; color: var(--ok); }
#live[data-on="0"]::before { content: "○ "; }
main { padding: 12px 16px 40px; max-width: 1400px; }
h1 { font-size: 22px; margin: 6px 0 10px; }
h2 { font-size: 18px; margin: 22px 0 8px; }
h3 { font-size: 16px; margin: 14px 0 6px; }
p.lead { color: var(--muted); margin-top: 0; }
.scroll { overflow-x: auto; max-width: 100%; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-size: 13px; color: var(--muted); font-weight: 600; white-space: nowrap; }
td.num, th.num { text-align: right; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 13px; font-weight: 600;
  border: 1px solid currentColor; white-space: nowrap; }
.badge.online { color: var(--ok); }
.badge.online::before { content: "● "; }
.badge.unreachable { color: var(--bad); background: #fdecea; }
.badge.unreachable::before { content: "✕ "; }
.badge.read-only { color: var(--warn); background: #fff4d6; }
.badge.read-only::before { content: "‖ "; }
.badge.closed { color: var(--muted); }
.badge.closed::before { content: "⊘ "; }
.badge.lock { color: #6a2a9a; }
.badge.lock::before { content: "◆ "; }
.small { font-size: 13px; color: var(--muted); }
.filters { display: flex; flex-wrap: wrap; gap: 8px 12px; align-items: end; margin: 8px 0 12px; }
.filters label, form.stack label { display: flex; flex-direction: column; font-size: 13px; color: var(--muted); gap: 2px; }
input, select, button, textarea { font: inherit; }
input, select, textarea { padding: 4px 6px; border: 1px solid #8c959f; border-radius: 6px; background: #fff; color: var(--ink); max-width: 100%; }
input[aria-invalid="true"], select[aria-invalid="true"] { border: 2px solid var(--bad); }
.field-error { color: var(--bad); font-size: 13px; margin: 2px 0 0; }
.field-error::before { content: "⚠ "; }
button { padding: 4px 12px; border: 1px solid #6e7781; border-radius: 6px; background: #fff; cursor: pointer; color: var(--ink); }
button:hover { background: var(--panel); }
button.primary { background: var(--ink); color: #fff; border-color: var(--ink); }
button.danger { color: var(--bad); border-color: var(--bad); }
button[disabled] { opacity: .6; cursor: wait; }
form.inline { display: inline-flex; flex-wrap: wrap; gap: 4px; align-items: center; margin: 2px 0; }
form.stack { display: flex; flex-wrap: wrap; gap: 8px 12px; align-items: end; }
fieldset { border: 1px solid var(--line); border-radius: 8px; margin: 8px 0; padding: 6px 10px 10px; display: flex; flex-wrap: wrap; gap: 8px 12px; align-items: end; }
legend { font-weight: 600; font-size: 14px; }
.pager { display: flex; gap: 8px; align-items: center; margin: 8px 0; flex-wrap: wrap; }
.counts { display: flex; flex-wrap: wrap; gap: 6px; margin: 6px 0; padding: 0; list-style: none; }
.counts a { display: inline-block; padding: 2px 10px; border: 1px solid var(--line); border-radius: 12px; text-decoration: none; color: var(--ink); font-size: 13px; }
.counts a[aria-current="true"] { background: var(--ink); color: #fff; border-color: var(--ink); }
#flash:empty { display: none; }
#flash .flash { margin: 0 0 10px; padding: 8px 12px; border-radius: 8px; border: 1px solid; }
#flash .flash.ok { color: var(--ok); background: #e9f6ec; }
#flash .flash.ok::before { content: "✓ "; }
#flash .flash.error { color: var(--bad); background: #fdecea; }
#flash .flash.error::before { content: "⚠ "; }
ul.tables { display: flex; flex-wrap: wrap; gap: 6px; list-style: none; padding: 0; margin: 4px 0 10px; }
ul.tables li { border: 1px solid var(--line); border-radius: 6px; padding: 1px 8px; font-size: 13px; }
ul.tables li.busy { border-color: var(--ink); font-weight: 600; }
ul.tables li.busy::before { content: "● "; }
ul.tables li.free { color: var(--muted); }
ul.tables li.free::before { content: "○ "; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 8px 10px; margin: 8px 0; }
form.inline label { display: inline-flex; flex-direction: row; align-items: center; gap: 4px; font-size: 13px; color: var(--muted); }
details.order form.inline { margin-right: 14px; }
.card h3 { margin: 0 0 4px; font-size: 15px; }
details > summary { cursor: pointer; }
details.order { border-top: 1px dashed var(--line); padding: 4px 0; }
details.order ul { margin: 4px 0; padding-left: 18px; }
.meta { color: var(--muted); font-size: 13px; }
tr.fail td { background: #fdecea; }
tr.fail td.status::before { content: "✕ "; }
tr.faulted td.fault::before { content: "⚡ "; }
tr[data-seq] { cursor: pointer; }
tr[data-seq]:hover td { background: var(--panel); }
tr[data-seq][aria-current="true"] td { background: #dbe8fb; }
tr[data-seq][aria-current="true"] td:first-child { box-shadow: inset 4px 0 0 var(--accent); }
#entry-detail code { overflow-wrap: anywhere; }
.journal-layout { display: grid; grid-template-columns: minmax(0, 1fr) auto; gap: 12px; align-items: start; }
#entry-detail { width: 320px; border: 1px solid var(--line); border-radius: 8px; padding: 8px 12px; position: sticky; top: 8px; }
#entry-detail h2 { margin-top: 4px; }
table.journal { font-size: 14px; }
table.journal td { padding: 4px 6px; }
table.journal td.nowrap, table.journal td.status { white-space: nowrap; }
table.journal td.req { overflow-wrap: anywhere; min-width: 14em; }
#entry-detail:empty { display: none; }
dl.kv { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 2px 10px; margin: 0; }
dl.kv dt { color: var(--muted); font-size: 13px; }
dl.kv dd { margin: 0; overflow-wrap: anywhere; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; }
figure.tl { margin: 0 0 16px; }
svg.timeline { display: block; min-width: 760px; width: 100%; height: auto; background: #fff; }
.tl-wrap { overflow-x: auto; border: 1px solid var(--line); border-radius: 8px; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
@media (max-width: 760px) {
  header.top { padding: 6px 10px; }
  .clockbar { margin-left: 0; }
  main { padding: 8px 10px 30px; }
  .journal-layout { grid-template-columns: minmax(0, 1fr); }
  #entry-detail { width: auto; }
  table.floor th.wide, table.floor td.wide { display: none; }
  table.journal th.wide, table.journal td.wide { display: none; }
}
`;

export const SCRIPT = `
(() => {
  "use strict";
  const $ = (s, root = document) => root.querySelector(s);
  const flash = $("#flash");
  function say(text, ok) {
    if (!flash) return;
    flash.textContent = "";
    const p = document.createElement("p");
    p.className = "flash " + (ok ? "ok" : "error");
    p.textContent = text;
    flash.append(p);
  }

  // Live partials: every [data-src] element is refetched when the simulator changes, unless the
  // user is typing in it (then once they leave it).
  let busy = false;
  let again = false;
  async function refresh() {
    if (busy) { again = true; return; }
    busy = true;
    try {
      for (const el of document.querySelectorAll("[data-src]")) {
        const a = document.activeElement;
        if (a && el.contains(a) && a.matches("input, select, textarea")) { el.dataset.stale = "1"; continue; }
        const res = await fetch(el.dataset.src, { headers: { accept: "text/html" } });
        if (!res.ok) continue;
        const html = await res.text();
        const open = [...el.querySelectorAll("details[open][id]")].map((d) => d.id);
        el.innerHTML = html;
        for (const id of open) { const d = document.getElementById(id); if (d) d.open = true; }
        delete el.dataset.stale;
      }
    } catch (err) {
      // The next change will try again.
    } finally {
      busy = false;
      if (again) { again = false; refresh(); }
    }
  }
  document.addEventListener("focusout", (e) => {
    const el = e.target.closest && e.target.closest("[data-src][data-stale]");
    if (el) queueMicrotask(() => { if (!el.contains(document.activeElement)) refresh(); });
  });

  // Conditional fields: [data-if="name=value"] shows only while the form's field has that value.
  function sync(form) {
    if (!form) return;
    for (const el of form.querySelectorAll("[data-if]")) {
      const [name, value] = el.dataset.if.split("=");
      const field = form.elements.namedItem(name);
      const on = field && field.value === value;
      el.hidden = !on;
      if (el.matches("fieldset")) el.disabled = !on;
    }
  }
  for (const form of document.querySelectorAll("form")) sync(form);
  document.addEventListener("change", (e) => { if (e.target.form) sync(e.target.form); });

  // Forms that act: answered in place, with the admin API's message, the bad fields marked.
  document.addEventListener("submit", async (e) => {
    const form = e.target;
    if (!(form instanceof HTMLFormElement) || form.method !== "post") return;
    e.preventDefault();
    if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) return;
    for (const el of form.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
    for (const el of form.querySelectorAll(".field-error")) el.remove();
    const body = new URLSearchParams(new FormData(form, e.submitter));
    const buttons = [...form.querySelectorAll("button")];
    for (const b of buttons) b.disabled = true;
    try {
      const res = await fetch(form.action, { method: "POST", body, headers: { accept: "application/json" } });
      const out = await res.json();
      say(out.message, out.ok);
      let n = 0;
      for (const [name, reason] of Object.entries(out.fields || {})) {
        const field = form.elements.namedItem(name);
        if (!field || !field.setAttribute) continue;
        const p = document.createElement("p");
        p.className = "field-error";
        p.id = (form.id || "f") + "-err-" + n++;
        p.textContent = reason;
        field.setAttribute("aria-invalid", "true");
        field.setAttribute("aria-describedby", p.id);
        (field.closest("label") || field).insertAdjacentElement("afterend", p);
        if (n === 1) field.focus();
      }
      if (out.ok) {
        if (form.hasAttribute("data-reset")) { form.reset(); sync(form); }
        if (out.clock) setClock(out.clock);
        refresh();
      }
    } catch (err) {
      say("the console could not reach mockpos: " + err, false);
    } finally {
      for (const b of buttons) b.disabled = false;
    }
  });

  // The journal: rows arrive live; a row (or its link) opens the whole entry beside the list.
  const rows = $("#journal-rows");
  const pause = $("#journal-pause");
  let paused = false;
  if (pause) pause.addEventListener("click", () => {
    paused = !paused;
    pause.setAttribute("aria-pressed", String(paused));
    pause.textContent = paused ? "Resume live" : "Pause live";
  });
  async function openEntry(href, row) {
    const panel = $("#entry-detail");
    if (!panel) { location.href = href; return; }
    for (const r of document.querySelectorAll("tr[data-seq][aria-current]")) r.removeAttribute("aria-current");
    if (row) row.setAttribute("aria-current", "true");
    const res = await fetch(href + (href.includes("?") ? "&" : "?") + "partial=1");
    panel.innerHTML = await res.text();
    panel.focus();
  }
  document.addEventListener("click", (e) => {
    const link = e.target.closest && e.target.closest("a[data-entry]");
    const row = e.target.closest && e.target.closest("tr[data-seq]");
    if (!link && !row) return;
    if (!link && e.target.closest("a, button, input, select")) return;
    e.preventDefault();
    openEntry(link ? link.getAttribute("href") : "/__console/journal/" + row.dataset.seq, row);
  });

  function setClock(text) { const el = $("#clock-now"); if (el) el.textContent = text; }
  const live = $("#live");
  const stream = document.body.dataset.stream;
  if (window.EventSource && stream) {
    const es = new EventSource(stream);
    es.addEventListener("open", () => { if (live) { live.dataset.on = "1"; live.textContent = "live"; } });
    es.addEventListener("error", () => { if (live) { live.dataset.on = "0"; live.textContent = "reconnecting"; } });
    es.addEventListener("change", () => refresh());
    es.addEventListener("clock", (e) => setClock(e.data));
    es.addEventListener("journal", (e) => {
      if (!rows || paused) return;
      rows.insertAdjacentHTML("afterbegin", e.data);
      const empty = $("#journal-empty");
      if (empty) empty.remove();
      while (rows.rows.length > 500) rows.deleteRow(-1);
      const count = $("#journal-count");
      if (count) count.textContent = String(rows.rows.length);
    });
  }
})();
`;
