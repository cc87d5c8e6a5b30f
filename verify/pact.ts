// Replays the published pacts of a dialect against the target with Pact's Rust verifier
// (`pact-verifier` from @pact-foundation/pact-cli), through verify's wire, with the provider
// states served by verify (which plays the vendor's states file or calls its hook). Each
// interaction comes out verified, failed (what did not match), or not verified: its state could
// not be set up, or verify refused to send its request (a write outside the testing locations,
// the budget spent). A not-verified interaction never counts as passed.
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import type { Clock } from "../simulator/clock/index.ts";
import type { Dialect } from "./contract.ts";
import type { StateLog } from "./states/log.ts";
import type { Exchange, Wire } from "./wire.ts";

const VERIFIER = createRequire(import.meta.url).resolve("@pact-foundation/pact-cli/bin/pact-verifier.js");
const LIMIT_MS = 10 * 60_000;

export interface PactFile {
  path: string;
  provider: string;
  /** HTTP interactions: description → provider states. */
  interactions: { description: string; states: string[] }[];
}

export interface InteractionResult {
  file: string;
  description: string;
  states: string[];
  outcome: "verified" | "failed" | "not_verified";
  why: string;
  /** The exchanges (wire sequence numbers) its request made. */
  exchanges: number[];
}

export interface PactStage {
  files: PactFile[];
  /** Pact files of the dialect that cannot be replayed against an API, and why. */
  skipped: { path: string; why: string }[];
  interactions: InteractionResult[];
  /** The verifier's exit code per file, and the end of its output. */
  runs: { path: string; exitCode: number | null; output: string }[];
}

interface RawPact {
  provider?: { name?: string };
  interactions?: {
    type?: string;
    description?: string;
    providerStates?: { name: string }[];
    request?: unknown;
  }[];
}

/** The pact files in `dir` whose provider is this dialect's, and the message pacts beside them. */
export function findPacts(dir: string, dialect: Dialect): Pick<PactStage, "files" | "skipped"> {
  const files: PactFile[] = [];
  const skipped: PactStage["skipped"] = [];
  for (const name of readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()) {
    const path = join(dir, name);
    let pact: RawPact;
    try {
      pact = JSON.parse(readFileSync(path, "utf8")) as RawPact;
    } catch {
      continue;
    }
    const provider = pact.provider?.name ?? "";
    if (provider !== `mockpos-${dialect}` && !provider.startsWith(`mockpos-${dialect}-`)) continue;
    const http = (pact.interactions ?? []).filter((i) => i.request !== undefined);
    if (http.length === 0) {
      skipped.push({
        path,
        why: `${provider} holds message pacts (what the POS sends, e.g. webhooks): verify calls the API and cannot make the POS send them`,
      });
      continue;
    }
    files.push({
      path,
      provider,
      interactions: http.map((i) => ({
        description: i.description ?? "",
        states: (i.providerStates ?? []).map((s) => s.name),
      })),
    });
  }
  return { files, skipped };
}

interface VerifierReport {
  interactionResults?: { description: string; result: string }[];
  errors?: {
    interaction: string;
    mismatch?: {
      type?: string;
      message?: string;
      mismatches?: { mismatch?: string; path?: string; type?: string }[];
    };
  }[];
}

function runVerifier(args: string[], clock: Clock): Promise<{ exitCode: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [VERIFIER, ...args], {
      env: { ...process.env, PACT_DO_NOT_TRACK: "true" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString("utf8")).slice(-64 * 1024);
    };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    const timer = clock.setTimeout(() => child.kill("SIGKILL"), LIMIT_MS);
    child.on("error", reject);
    child.on("close", (code) => {
      clock.clearTimeout(timer);
      resolve({ exitCode: code, output });
    });
  });
}

/** Replays every HTTP pact of the dialect; `outDir` receives the verifier's own JSON report per file. */
export async function replayPacts(o: {
  dir: string;
  dialect: Dialect;
  wire: Wire;
  states: StateLog;
  stateUrl: string;
  outDir: string;
  clock: Clock;
}): Promise<PactStage> {
  const { files, skipped } = findPacts(o.dir, o.dialect);
  const stage: PactStage = { files, skipped, interactions: [], runs: [] };
  const wireUrl = new URL(o.wire.url);
  for (const file of files) {
    const report = join(o.outDir, `pact-${file.provider}.json`);
    const firstEvent = o.states.events.length;
    const run = await runVerifier(
      [
        "--file",
        file.path,
        "--provider-name",
        file.provider,
        "--hostname",
        wireUrl.hostname,
        "--port",
        wireUrl.port,
        "--state-change-url",
        o.stateUrl,
        "--state-change-teardown",
        "--request-timeout",
        "60000",
        "--no-colour",
        "--json",
        report,
      ],
      o.clock,
    );
    stage.runs.push({ path: file.path, exitCode: run.exitCode, output: run.output.slice(-4000) });
    let parsed: VerifierReport;
    try {
      parsed = JSON.parse(readFileSync(report, "utf8")) as VerifierReport;
    } catch {
      for (const i of file.interactions)
        stage.interactions.push({
          file: file.path,
          description: i.description,
          states: i.states,
          outcome: "not_verified",
          why: `the Pact verifier ended (exit ${run.exitCode}) without a report: ${run.output.trim().split("\n").slice(-3).join(" / ")}`,
          exchanges: [],
        });
      continue;
    }
    const setups = o.states.events.slice(firstEvent).filter((e) => e.by === "pact" && e.action === "setup");
    let nextSetup = 0;
    const byDescription = new Map(file.interactions.map((i) => [i.description, i]));
    for (const r of parsed.interactionResults ?? []) {
      const states = byDescription.get(r.description)?.states ?? [];
      const mine = setups.slice(nextSetup, nextSetup + states.length);
      nextSetup += states.length;
      const seqs = new Set(mine.map((e) => e.seq));
      const exchanges = o.wire.exchanges.filter(
        (x) => x.stage === "pact" && x.stateSeq !== null && seqs.has(x.stateSeq),
      );
      const error = (parsed.errors ?? []).find((e) => e.interaction.endsWith(` - ${r.description}`));
      stage.interactions.push({
        file: file.path,
        description: r.description,
        states,
        ...judge(r.result, error, mine.find((e) => !e.ok)?.error ?? null, exchanges),
        exchanges: exchanges.map((x) => x.seq),
      });
    }
  }
  return stage;
}

function judge(
  result: string,
  error: NonNullable<VerifierReport["errors"]>[number] | undefined,
  stateError: string | null,
  exchanges: Exchange[],
): Pick<InteractionResult, "outcome" | "why"> {
  if (stateError !== null)
    return { outcome: "not_verified", why: `provider state not set up: ${stateError}` };
  const refused = exchanges.find((x) => x.refused !== null);
  if (refused)
    return {
      outcome: "not_verified",
      why: `verify did not send ${refused.method} ${refused.path}: ${refused.refused}`,
    };
  if (result === "OK") return { outcome: "verified", why: "the answer matched the pact" };
  const lost = exchanges.find((x) => x.error !== null);
  if (lost) return { outcome: "failed", why: `${lost.method} ${lost.path}: ${lost.error}` };
  const m = error?.mismatch;
  if (m?.mismatches?.length)
    return {
      outcome: "failed",
      why: m.mismatches.map((x) => `${x.path ? `${x.path}: ` : ""}${x.mismatch ?? x.type}`).join("; "),
    };
  if (m?.message && /state change/i.test(m.message))
    return { outcome: "not_verified", why: `provider state not set up: ${m.message}` };
  return { outcome: "failed", why: m?.message ?? `the verifier reported ${result}` };
}
