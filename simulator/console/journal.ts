import { OPERATIONS } from "../../contracts/operations.ts";
import { findLocation } from "../domain/chain.ts";
import type { JournalEntry } from "../journal/index.ts";
import { listenersOf } from "../topology/listeners.ts";
import { type ConsoleContext, homeZone } from "./context.ts";
import { cls, h, localClock } from "./html.ts";
import { BASE, page } from "./layout.ts";

/** The journal's filters: by location, operation, status, fault rule and client credential. */
export interface JournalFilter {
  locationId: string;
  operation: string;
  /** `423`, `4xx`, `5xx`, `0` (cut off), `failed` (any failure), or an outcome code (`LOCKED`). */
  status: string;
  /** A rule id, `any` (shaped by some rule) or `none`. */
  fault: string;
  /** `apiKey:loc-0001`, `unknown`, `none` (no credential), or part of one. */
  credential: string;
}

const KEYS = ["locationId", "operation", "status", "fault", "credential"] as const;

export function journalFilter(params: URLSearchParams): JournalFilter {
  const get = (k: string) => (params.get(k) ?? "").trim().slice(0, 200);
  return {
    locationId: get("locationId"),
    operation: get("operation"),
    status: get("status"),
    fault: get("fault"),
    credential: get("credential"),
  };
}

export function filterQuery(f: JournalFilter): string {
  const params = new URLSearchParams();
  for (const k of KEYS) if (f[k]) params.set(k, f[k]);
  return params.toString();
}

export function matchesEntry(f: JournalFilter, e: JournalEntry): boolean {
  if (f.locationId && e.locationId !== f.locationId) return false;
  if (f.operation && e.operation !== f.operation) return false;
  if (f.status) {
    const s = f.status;
    if (/^[1-5]xx$/i.test(s)) {
      if (Math.floor(e.status / 100) !== Number(s[0])) return false;
    } else if (/^\d+$/.test(s)) {
      if (e.status !== Number(s)) return false;
    } else if (s.toLowerCase() === "failed") {
      if (e.outcome === "OK") return false;
    } else if (e.outcome.toLowerCase() !== s.toLowerCase()) return false;
  }
  if (f.fault) {
    if (f.fault === "any") {
      if (!e.fault) return false;
    } else if (f.fault === "none") {
      if (e.fault) return false;
    } else if (!e.fault?.split(",").includes(f.fault)) return false;
  }
  if (f.credential) {
    if (f.credential === "none") {
      if (e.credential !== null) return false;
    } else if (!e.credential?.includes(f.credential)) return false;
  }
  return true;
}

/** The newest entries that match, newest first. */
export function latestEntries(ctx: ConsoleContext, f: JournalFilter, limit: number): JournalEntry[] {
  const journal = ctx.sim.journal;
  const out: JournalEntry[] = [];
  for (let seq = journal.total; seq > journal.total - journal.size && out.length < limit; seq--) {
    const e = journal.get(seq);
    if (e && matchesEntry(f, e)) out.push(e);
  }
  return out;
}

function request(e: JournalEntry): string {
  const q = e.query ? `?${e.query.length > 60 ? `${e.query.slice(0, 60)}…` : e.query}` : "";
  return `${e.method} ${e.path}${q}`;
}

/** One entry as a table row (the live stream sends these too). */
export function journalRow(e: JournalEntry, zone: string) {
  const failed = e.outcome !== "OK";
  return h(
    "tr",
    { "data-seq": String(e.seq), class: cls(failed && "fail", e.fault && "faulted") || undefined },
    h("td", { class: "nowrap" }, h("a", { href: `${BASE}/journal/${e.seq}`, "data-entry": "" }, `#${e.seq}`)),
    h("td", { class: "mono nowrap" }, localClock(Date.parse(e.time), zone)),
    h("td", { class: "nowrap" }, e.locationId ?? "—"),
    h("td", null, e.operation ?? "—", h("div", { class: "small" }, e.dialect)),
    h("td", { class: "mono wide req" }, request(e)),
    h("td", { class: "wide" }, e.credential ?? "none"),
    h(
      "td",
      { class: "status" },
      h("strong", null, String(e.status)),
      " ",
      e.outcome,
      e.replayed ? h("div", { class: "small" }, "replayed") : null,
    ),
    h("td", { class: "num wide nowrap" }, `${Math.round(e.latencyMs)} ms`),
    h("td", { class: "fault" }, e.fault ?? ""),
  );
}

export function journalRows(entries: JournalEntry[], zone: string): string {
  return entries.map((e) => String(journalRow(e, zone))).join("");
}

function select(name: string, value: string, label: string, options: readonly string[], any = "any") {
  return h(
    "label",
    null,
    label,
    h(
      "select",
      { name },
      h("option", { value: "" }, any),
      options.map((o) => h("option", { value: o, selected: o === value }, o)),
    ),
  );
}

/** The live journal: newest first, filtered, a click opens an entry. */
export function journalPage(ctx: ConsoleContext, params: URLSearchParams) {
  const f = journalFilter(params);
  const zone = homeZone(ctx.sim);
  const entries = latestEntries(ctx, f, 200);
  const q = filterQuery(f);
  const journal = ctx.sim.journal;
  return page(
    ctx,
    { title: "Journal", nav: "journal", stream: `${BASE}/events?journal=1${q ? `&${q}` : ""}` },
    h("h1", null, "Journal"),
    h(
      "p",
      { class: "lead" },
      `Every request to a dialect, as it arrives. ${journal.total} since start, the newest ${journal.size} kept (ring of ${journal.capacity}). Times in ${zone}.`,
    ),
    h(
      "form",
      { class: "filters", method: "get", action: `${BASE}/journal`, id: "journal-filters" },
      h(
        "label",
        null,
        "Location",
        h("input", {
          name: "locationId",
          value: f.locationId,
          list: "location-ids",
          size: 10,
          placeholder: "loc-0001",
        }),
      ),
      h(
        "datalist",
        { id: "location-ids" },
        ctx.sim.chain.locations.slice(0, 2000).map((l) => h("option", { value: l.id }, l.name)),
      ),
      select("operation", f.operation, "Operation", [...OPERATIONS]),
      h(
        "label",
        null,
        "Status or outcome",
        h("input", { name: "status", value: f.status, size: 9, placeholder: "423, 5xx, failed" }),
      ),
      h(
        "label",
        null,
        "Fault rule",
        h("input", { name: "fault", value: f.fault, size: 10, placeholder: "any, none, id" }),
      ),
      h(
        "label",
        null,
        "Credential",
        h("input", { name: "credential", value: f.credential, size: 14, placeholder: "apiKey:loc-0001" }),
      ),
      h("button", { type: "submit" }, "Filter"),
      h("a", { href: `${BASE}/journal` }, "clear"),
      h(
        "a",
        {
          href: `/__admin/journal/export${f.locationId || f.operation ? `?${new URLSearchParams({ ...(f.locationId ? { locationId: f.locationId } : {}), ...(f.operation ? { operation: f.operation } : {}) })}` : ""}`,
        },
        "NDJSON",
      ),
    ),
    h(
      "p",
      { class: "small" },
      h("button", { type: "button", id: "journal-pause", "aria-pressed": "false" }, "Pause live"),
      " showing ",
      h("span", { id: "journal-count" }, String(entries.length)),
      " row(s), newest first; new ones appear at the top.",
    ),
    h(
      "div",
      { class: "journal-layout" },
      h(
        "div",
        { class: "scroll" },
        h(
          "table",
          { class: "journal" },
          h("caption", { class: "sr" }, "Journal entries, newest first"),
          h(
            "thead",
            null,
            h(
              "tr",
              null,
              h("th", { scope: "col" }, "#"),
              h("th", { scope: "col" }, "Time"),
              h("th", { scope: "col" }, "Location"),
              h("th", { scope: "col" }, "Operation"),
              h("th", { scope: "col", class: "wide" }, "Request"),
              h("th", { scope: "col", class: "wide" }, "Credential"),
              h("th", { scope: "col" }, "Status"),
              h("th", { scope: "col", class: "num wide" }, "Latency"),
              h("th", { scope: "col" }, "Fault"),
            ),
          ),
          h(
            "tbody",
            { id: "journal-rows" },
            entries.map((e) => journalRow(e, zone)),
          ),
        ),
        entries.length === 0 ? h("p", { id: "journal-empty", class: "small" }, "Nothing yet matches.") : null,
      ),
      h("aside", {
        id: "entry-detail",
        tabindex: "-1",
        "aria-live": "polite",
        "aria-label": "Journal entry",
      }),
    ),
  );
}

/** Everything the journal has of one request. */
export function entryDetail(ctx: ConsoleContext, e: JournalEntry, origin = "") {
  const zone = homeZone(ctx.sim);
  const location = e.locationId ? findLocation(ctx.sim.chain, e.locationId) : undefined;
  const rows: [string, string | null][] = [
    ["seq", String(e.seq)],
    ["time", `${e.time} (${localClock(Date.parse(e.time), zone)} ${zone})`],
    ["location", e.locationId],
    ["operation", e.operation],
    ["dialect", e.dialect],
    ["method", e.method],
    ["path", e.path],
    ["query", e.query],
    ["credential", e.credential],
    ["status", String(e.status)],
    ["outcome", e.outcome],
    ["latency", `${e.latencyMs} ms (clock time)`],
    ["idempotency key", e.idempotencyKey],
    ["replayed", e.replayed ? "yes" : "no"],
    ["fault", e.fault],
  ];
  // Where that dialect answers for that location (per-location deployments have a port each).
  const listener = listenersOf(ctx.sim).find(
    (l) =>
      l.dialect === e.dialect &&
      (l.scope.locations === null || (e.locationId !== null && l.scope.locations.includes(e.locationId))) &&
      (l.scope.operations === null || (e.operation !== null && l.scope.operations.includes(e.operation))),
  );
  const curl =
    location && e.dialect === "generic" && e.method === "GET"
      ? `curl -H 'X-Api-Key: ${location.credentials.apiKey}' '${listener?.url ?? origin}${e.path}${e.query ? `?${e.query}` : ""}'`
      : null;
  return h(
    "section",
    { "data-entry-seq": String(e.seq) },
    h("h2", null, `Request #${e.seq}`),
    h(
      "dl",
      { class: "kv" },
      rows.map(([k, v]) => [h("dt", null, k), h("dd", { class: "mono" }, v ?? "—")]),
    ),
    h(
      "p",
      { class: "small" },
      "The journal keeps what a request was and how it ended, not its headers or bodies.",
    ),
    curl ? h("p", null, "Again (current key): ", h("code", null, curl)) : null,
    h(
      "p",
      null,
      e.locationId
        ? [
            h("a", { href: `${BASE}/locations/${e.locationId}` }, "the location"),
            " · ",
            h("a", { href: `${BASE}/timeline?locationId=${e.locationId}` }, "its timeline"),
            " · ",
            h("a", { href: `${BASE}/journal?locationId=${e.locationId}` }, "its journal"),
          ]
        : null,
      e.fault ? [" · ", h("a", { href: `${BASE}/faults` }, `rule ${e.fault}`)] : null,
    ),
  );
}

export function entryPage(ctx: ConsoleContext, e: JournalEntry, origin = "") {
  return page(
    ctx,
    { title: `Request #${e.seq}`, nav: "journal" },
    h("p", { class: "small" }, h("a", { href: `${BASE}/journal` }, "← the journal")),
    entryDetail(ctx, e, origin),
  );
}
