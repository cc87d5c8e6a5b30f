import type { MockPosAdmin } from "../client/admin/index.ts";
import type { AdapterName, Capability } from "../connector/adapters/index.ts";
import type { Driver, LocationView } from "../connector/driver/protocol.ts";
import type { Breakage } from "../connector/engine/broken.ts";
import type { OrderView } from "../contracts/driver/schemas.ts";
import type { FaultRuleInput } from "../simulator/faults/schema.ts";
import type { JournalEntry } from "../simulator/journal/index.ts";

/** How the suite meets the connector: it acts as guests through the driver, or only watches. */
export type Mode = "drive" | "observe";

export interface ChainLocation {
  id: string;
  apiKey: string;
  tables: string[];
  terminals: string[];
}

/** An order as the POS holds it, read back through the generic API (any dialect shares the chain). */
export interface PosOrderRecord {
  id: string;
  externalId: string | null;
  status: "open" | "paid" | "voided";
  rounds: number;
  payments: number;
  lines: number;
}

/**
 * The world a check plays in: a fresh simulator (in process on a virtual clock, or served at a
 * scaled clock), the connector under test, and the means to act as guests and as staff.
 */
export interface Stage {
  readonly dialect: AdapterName;
  readonly mode: Mode;
  /** The simulator's clock reading when the check began. */
  readonly start: number;
  readonly locations: readonly ChainLocation[];
  /** Null in observe mode: the suite cannot act as a guest through a connector it does not drive. */
  readonly driver: Driver | null;
  now(): number;
  /** An instant `ms` after the check began, as fault rules take it. */
  at(ms: number): string;
  /** Lets `ms` of simulator time pass; the driver's view of every location is sampled each minute. */
  wait(ms: number): Promise<void>;
  /** Waits (bounded by `withinMs` of simulator time) until `predicate` holds; resolves with whether it did. */
  until(predicate: () => Promise<boolean>, withinMs: number): Promise<boolean>;
  /** The simulator's admin API: faults, staff actions at terminals; a refusal throws `MockPosAdminError`. */
  readonly admin: MockPosAdmin;
  /** Puts fault rules in force. */
  faults(rules: FaultRuleInput[]): Promise<void>;
  /** POS orders whose external id is `externalId` (the duplicates a check looks for). */
  posOrders(locationId: string, externalId: string): Promise<PosOrderRecord[]>;
}

/** One sample of what the connector said of its locations. */
export interface Sample {
  at: number;
  locations: LocationView[];
}

/** Everything a judgement reads: what reached the POS, what the connector said, what the check did. */
export interface Run {
  dialect: AdapterName;
  mode: Mode;
  start: number;
  end: number;
  locations: readonly ChainLocation[];
  /** The simulator's journal for the run, the suite's own admin calls left out. */
  journal: JournalEntry[];
  samples: Sample[];
  /** What the check's play() recorded for its judgement (refs, instants, POS reads). */
  notes: Notes;
}

export type Notes = Record<string, unknown> & {
  orders?: OrderView[];
  pos?: Record<string, PosOrderRecord[]>;
  /** Windows (epoch ms) the check shades on the timeline: outages, locks. */
  windows?: { from: number; to: number; label: string; locationId?: string }[];
};

export interface Evidence {
  /** Epoch ms. */
  at: number;
  text: string;
  /** The journal entry it is about, when there is one. */
  seq?: number;
}

export type Status = "pass" | "fail" | "not_applicable";

export interface Verdict {
  status: Status;
  /** One line: why. */
  summary: string;
  /** The journal lines and observations that decided it, first the deciding ones. */
  evidence: Evidence[];
}

/**
 * A named, connector-agnostic check (in the manner of Airbyte's acceptance tests): a scenario
 * played on a fresh simulator, and a judgement from what reached the POS and what the connector
 * reported. One check, one file in conformance/checks.
 */
export interface Check {
  id: string;
  title: string;
  /** What the connector contract says, in a sentence: shown in reports beside a failure. */
  rule: string;
  /** Needs the suite to act as a guest (drive mode only). */
  needsGuests: boolean;
  /** Needs the dialect to offer one of these (otherwise: not applicable). */
  needsAny?: Capability[];
  /** Chain size (default 3). */
  locations?: number;
  /** Plays the scenario; what it returns is `run.notes`. */
  play(stage: Stage): Promise<Notes>;
  judge(run: Run): Verdict;
  /** The broken variant of the reference engine that this check exists to catch. */
  catches: Breakage;
}

export const pass = (summary: string, evidence: Evidence[] = []): Verdict => ({
  status: "pass",
  summary,
  evidence,
});
export const fail = (summary: string, evidence: Evidence[] = []): Verdict => ({
  status: "fail",
  summary,
  evidence,
});
export const notApplicable = (summary: string): Verdict => ({
  status: "not_applicable",
  summary,
  evidence: [],
});
