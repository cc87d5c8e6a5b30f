import { MockPosAdmin } from "../client/admin/index.ts";
import { ADAPTERS, type AdapterName } from "../connector/adapters/index.ts";
import { JournalEntry as JournalEntrySchema } from "../contracts/admin/routes.ts";
import { resolveInstant } from "../simulator/faults/engine.ts";
import type { JournalEntry } from "../simulator/journal/index.ts";
import type { Scenario } from "../simulator/scenario/schema.ts";
import { at, offset } from "./judge/journal.ts";
import { applicability, type CheckResult } from "./run.ts";
import type { ChainLocation, Check, Notes, Run, Stage, Verdict } from "./types.ts";

/**
 * Observe mode (issue 10 §3): the suite judges a connector it does not drive, from the journal
 * of a simulator that connector talked to. There is no scenario of the check's own here, so a
 * check is judged only when its judgement can come from that journal alone:
 *
 * - a check that needs guests is not applicable (the suite cannot act through the connector);
 * - its `play()` is dry-run on a stage that lets time pass and does nothing else: a check whose
 *   scenario injects faults, acts as staff or reads the POS as the suite is not applicable,
 *   naming what it needed;
 * - a judgement that reads what the connector reported of itself (driver samples) is not
 *   applicable: a connector that does not speak the driver protocol reports nothing;
 * - a journal shorter than the check's scenario is not applicable (too little to judge).
 *
 * What the judge reads is made from what the journal and the files beside it say: the run's
 * start and end are the journal's first and last request (or `from` / `to`), its locations
 * those of the chain (`GET /__admin/chain`) or, without it, those the journal names, its windows
 * those of the scenario's fault rules in force over a stated span (`when.from`/`to`, `at`), and
 * on the timeline, wherever the journal shows a fault rule shaping an answer.
 */
export interface ObserveInput {
  /** The journal export (NDJSON of `GET /__admin/journal/export`), parsed. */
  journal: JournalEntry[];
  /** Dialects to judge; by default every dialect the journal holds requests in. */
  dialects?: readonly AdapterName[];
  /** The chain (`GET /__admin/chain`): every location, also those the connector never reached. */
  chain?: ObservedChain;
  /** The scenario the simulator played: its fault rules shade the timeline. */
  scenario?: Scenario;
  /** Bounds of the run (epoch ms); the journal's first and last request by default. */
  from?: number;
  to?: number;
}

/** What observe mode needs of `GET /__admin/chain`. */
export interface ObservedChain {
  locations: { id: string; credentials?: { apiKey?: string } }[];
}

export interface ObserveOutcome {
  results: CheckResult[];
  /** What the reader should know about the journal (a truncated export, a filtered one). */
  warnings: string[];
}

/** The export's default page: an export of exactly this many entries was probably cut short. */
const EXPORT_DEFAULT_LIMIT = 1000;

/** A reason a check cannot be judged from a journal alone. */
class NeedsControl extends Error {}

/** Parses a journal export, one JSON entry a line; throws naming the first bad line. */
export function parseJournal(text: string, source = "journal"): JournalEntry[] {
  const entries: JournalEntry[] = [];
  text.split("\n").forEach((line, i) => {
    if (line.trim() === "") return;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch (err) {
      throw new Error(`${source}:${i + 1}: not JSON (${(err as Error).message})`);
    }
    const parsed = JournalEntrySchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(
        `${source}:${i + 1}: not a journal entry (${issue?.path.join(".") || "(entry)"}: ${issue?.message})`,
      );
    }
    entries.push(parsed.data as JournalEntry);
  });
  return entries;
}

/** Every check judged against the journal, for each dialect; never throws for a check. */
export async function observe(
  checks: readonly Check[],
  input: ObserveInput,
  onResult?: (result: CheckResult) => void,
): Promise<ObserveOutcome> {
  const traffic = input.journal.filter((e) => e.operation !== "admin");
  const warnings = journalWarnings(input.journal);
  const found = [...new Set(traffic.map((e) => e.dialect))].filter((d): d is AdapterName => d in ADAPTERS);
  const dialects = input.dialects ?? found;
  if (dialects.length === 0) warnings.push("the journal holds no request of a connector: nothing to judge");
  const times = traffic.map(at);
  const start = input.from ?? (times.length ? Math.min(...times) : 0);
  const end = input.to ?? (times.length ? Math.max(...times) : start);
  const results: CheckResult[] = [];
  for (const dialect of dialects) {
    const journal = traffic.filter((e) => e.dialect === dialect && at(e) >= start && at(e) <= end);
    const locations = observedLocations(input.chain, journal);
    if (!input.chain)
      warnings.push(
        `${dialect}: locations taken from the journal (${locations.length}); a location the connector never reached is missed without --chain`,
      );
    for (const check of checks) {
      const began = performance.now();
      const base = {
        check: check.id,
        title: check.title,
        rule: check.rule,
        dialect,
        mode: "observe" as const,
      };
      const context = { dialect, start, end, locations, journal, scenario: input.scenario };
      const { verdict, run } =
        journal.length === 0
          ? {
              verdict: notApplicable(`the journal holds no request in the ${dialect} dialect`),
              run: undefined,
            }
          : await judgeObserved(check, context);
      const result: CheckResult = {
        ...base,
        verdict,
        ...(run ? { run } : {}),
        tookMs: Math.round(performance.now() - began),
      };
      onResult?.(result);
      results.push(result);
    }
  }
  return { results, warnings };
}

interface ObservedContext {
  dialect: AdapterName;
  start: number;
  end: number;
  locations: ChainLocation[];
  journal: JournalEntry[];
  scenario: Scenario | undefined;
}

async function judgeObserved(check: Check, ctx: ObservedContext): Promise<{ verdict: Verdict; run?: Run }> {
  const na = applicability(check, ctx.dialect, "observe");
  if (na !== null) return { verdict: notApplicable(na) };
  const probe = probeStage(ctx);
  let notes: Notes;
  try {
    notes = await check.play(probe.stage);
  } catch (err) {
    const why = err instanceof NeedsControl ? err.message : `its scenario needs ${describe(err)}`;
    return { verdict: notApplicable(`not applicable in observe mode: ${why}`) };
  }
  const run: Run = {
    dialect: ctx.dialect,
    mode: "observe",
    start: ctx.start,
    end: ctx.end,
    locations: ctx.locations,
    journal: ctx.journal,
    samples: [],
    notes: { ...notes, windows: [...(notes.windows ?? []), ...scenarioWindows(ctx)] },
  };
  const played = probe.played();
  if (ctx.end - ctx.start < played) {
    const needed = offset({ ...run, start: 0 }, played);
    const covered = offset({ ...run, start: 0 }, ctx.end - ctx.start);
    return {
      verdict: notApplicable(
        `not applicable in observe mode: the journal covers ${covered} of the connector's traffic, the check judges ${needed}`,
      ),
      run,
    };
  }
  // The judge sees no samples: reading them means it needs the connector's own reports.
  const judged: Run = { ...run };
  Object.defineProperty(judged, "samples", {
    get() {
      throw new NeedsControl(
        "the check judges what the connector reports of itself (driver protocol samples), which a connector that is only observed does not give",
      );
    },
  });
  try {
    return { verdict: check.judge(judged), run };
  } catch (err) {
    if (err instanceof NeedsControl)
      return { verdict: notApplicable(`not applicable in observe mode: ${err.message}`), run };
    return {
      verdict: { status: "fail", summary: `the judgement failed: ${describe(err)}`, evidence: [] },
      run,
    };
  }
}

/**
 * A stage on which a check's `play()` is dry-run: time passes at once, and anything beyond
 * letting time pass (faults, staff actions, reading the POS, guests) stops it, saying what it needed.
 */
function probeStage(ctx: ObservedContext) {
  let now = ctx.start;
  const refuse = (what: string): never => {
    throw new NeedsControl(`its scenario ${what}, and the suite only watches here`);
  };
  const stage: Stage = {
    dialect: ctx.dialect,
    mode: "observe",
    start: ctx.start,
    locations: ctx.locations,
    driver: null,
    now: () => now,
    at: (ms) => new Date(ctx.start + ms).toISOString(),
    async wait(ms) {
      now += Math.max(0, ms);
    },
    async until(predicate, withinMs) {
      if (await predicate()) return true;
      now += Math.max(0, withinMs);
      return false;
    },
    admin: new MockPosAdmin({
      baseUrl: "http://observed.invalid",
      fetch: async (url, init) => refuse(`acts at the POS (${init.method} ${new URL(url).pathname})`),
    }),
    faults: async (rules) => refuse(`injects faults (${rules.map((r) => r.kind).join(", ")})`),
    posOrders: async () => refuse("reads the POS's orders as the suite"),
  };
  return {
    stage,
    /** How much time the check's scenario lets pass. */
    played: () => now - ctx.start,
  };
}

/** Locations from the chain file, or those the journal names (sorted). */
function observedLocations(chain: ObservedChain | undefined, journal: JournalEntry[]): ChainLocation[] {
  const ids = chain
    ? chain.locations.map((l) => ({ id: l.id, apiKey: l.credentials?.apiKey ?? "" }))
    : [...new Set(journal.map((e) => e.locationId).filter((id): id is string => id !== null))]
        .sort()
        .map((id) => ({ id, apiKey: "" }));
  return ids.map((l) => ({ ...l, tables: [], terminals: [] }));
}

/** The scenario's fault rules as timeline windows, one per location in scope (or chain-wide). */
function scenarioWindows(ctx: ObservedContext): NonNullable<Notes["windows"]> {
  const scenario = ctx.scenario;
  if (!scenario) return [];
  const origin = Date.parse(scenario.clock.start);
  const windows: NonNullable<Notes["windows"]> = [];
  for (const rule of scenario.faults) {
    const shaped = rule as {
      when?: { from?: string; to?: string; daily?: unknown; probability?: number };
      at?: string;
      pattern?: unknown;
    };
    const when = shaped.when ?? {};
    // Only a rule in force over a stated span is a window; one that fires by chance, on a pattern
    // or daily shows where it struck through the journal's `fault` entries instead.
    const bounded = shaped.at !== undefined || when.from !== undefined || when.to !== undefined;
    if (
      !bounded ||
      shaped.pattern !== undefined ||
      when.daily !== undefined ||
      when.probability !== undefined
    )
      continue;
    const from = shaped.at ?? when.from;
    const to = shaped.at ?? when.to;
    const window = {
      from: Math.max(ctx.start, from === undefined ? ctx.start : resolveInstant(from, origin)),
      to: Math.min(ctx.end, to === undefined ? ctx.end : resolveInstant(to, origin)),
      label: `${rule.id} (${rule.kind})`,
    };
    if (window.to < window.from) continue;
    const scoped = rule.scope?.locations;
    if (scoped) for (const locationId of scoped) windows.push({ ...window, locationId });
    else windows.push(window);
  }
  return windows;
}

function journalWarnings(journal: JournalEntry[]): string[] {
  const warnings: string[] = [];
  if (journal.length === EXPORT_DEFAULT_LIMIT)
    warnings.push(
      `the journal has exactly ${EXPORT_DEFAULT_LIMIT} entries, the export's default page: it was probably cut short (export with ?limit=100000)`,
    );
  const seqs = journal.map((e) => e.seq);
  const gaps = seqs.slice(1).filter((s, i) => s !== (seqs[i] as number) + 1).length;
  if (gaps > 0)
    warnings.push(
      `the journal skips sequence numbers ${gaps} time(s): it was exported with a filter, or the simulator's ring dropped entries`,
    );
  return warnings;
}

function notApplicable(summary: string): Verdict {
  return { status: "not_applicable", summary, evidence: [] };
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
