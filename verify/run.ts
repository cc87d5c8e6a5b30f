// `mockpos verify`: a POS vendor's API checked against the published contracts — the pacts
// replayed, every answer validated against the OpenAPI document, and the eight points of the
// evaluation checklist walked (automated where a machine can tell, questions for a person where
// it cannot) — with JUnit, JSON and HTML reports.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type Clock, RealClock } from "../simulator/clock/index.ts";
import { Budget } from "./budget.ts";
import { type EnvelopeSettings, envelopeEnv, plannedRequests, runEnvelope } from "./checklist/envelope.ts";
import { POINTS, pointById } from "./checklist/points.ts";
import {
  locksDistinguished,
  type ProbeContext,
  perLocationCredentials,
  requiredOperations,
  retriedCreateSafe,
} from "./checklist/probes.ts";
import { Contract, contractPath, type Dialect } from "./contract.ts";
import { parseVerifyCredentials, type VerifyCredentials } from "./credentials.ts";
import type { PactStage } from "./pact.ts";
import { replayPacts } from "./pact.ts";
import { htmlReport } from "./report/html.ts";
import { junitXml } from "./report/junit.ts";
import { counts, type LoadFigures, type PointResult, type VerifyReport } from "./report/model.ts";
import { fileStates, loadStatesFile } from "./states/file.ts";
import { hookStates } from "./states/hook.ts";
import { NO_STATES, StateLog, type StateSource } from "./states/log.ts";
import { serveStates } from "./states/server.ts";
import { type Exchange, Wire } from "./wire.ts";

/** The published pacts, as shipped with mockpos. */
export const PUBLISHED_PACTS = fileURLToPath(new URL("../contracts/pacts", import.meta.url));

export interface VerifyOptions {
  target: string;
  dialect: Dialect;
  credentials: string;
  pacts?: string;
  states?: string;
  statesUrl?: string;
  out: string;
  envelope: EnvelopeSettings;
  /** Requests per second verify itself sends (not k6), and how many in all. */
  rate: number;
  maxRequests: number;
  /** The most requests the k6 window may plan; a bigger plan is refused before anything is sent. */
  maxLoadRequests: number;
  clock?: Clock;
  log?: (line: string) => void;
}

/** A mistake in what verify was given (exit 2): nothing was sent. */
export class VerifyInputError extends Error {
  override name = "VerifyInputError";
}

export interface VerifyOutcome {
  report: VerifyReport;
  files: { junit: string; json: string; html: string };
}

interface Inputs {
  credentials: VerifyCredentials;
  contract: Contract;
  states: (budget: Budget, clock: Clock) => StateSource;
  env: Record<string, string>;
  planned: number;
}

/** Reads and checks everything before a request goes out; throws VerifyInputError. */
function inputs(o: VerifyOptions): Inputs {
  let credentials: VerifyCredentials;
  try {
    credentials = parseVerifyCredentials(readFileSync(o.credentials, "utf8"), o.dialect);
  } catch (err) {
    throw new VerifyInputError(`--credentials ${o.credentials}: ${(err as Error).message}`);
  }
  if (o.envelope.locations > credentials.locations.length)
    throw new VerifyInputError(
      `--locations ${o.envelope.locations}: the credentials file lists ${credentials.locations.length}`,
    );
  const pacts = o.pacts ?? PUBLISHED_PACTS;
  if (!existsSync(pacts)) throw new VerifyInputError(`--pacts ${pacts}: no such folder`);
  const contract = Contract.load(o.dialect);
  let states: Inputs["states"] = () => NO_STATES;
  if (o.states !== undefined) {
    const path = o.states;
    let file: ReturnType<typeof loadStatesFile>;
    try {
      file = loadStatesFile(path);
    } catch (err) {
      throw new VerifyInputError((err as Error).message);
    }
    states = (budget, clock) =>
      fileStates({ file, path, target: o.target, locations: credentials.locations, budget, clock });
  } else if (o.statesUrl !== undefined) {
    const url = o.statesUrl;
    states = (budget, clock) => hookStates(url, budget, clock);
  }
  const writable = credentials.locations.slice(0, o.envelope.locations).filter((l) => l.testing).length;
  const env = envelopeEnv(o.envelope, {
    dialect: o.dialect,
    target: o.target,
    credentialsPath: "(planned)",
    outDir: "",
    runId: "",
    writable,
  });
  let planned: number;
  try {
    planned = plannedRequests(env, o.envelope.locations);
  } catch (err) {
    throw new VerifyInputError((err as Error).message);
  }
  if (planned > o.maxLoadRequests)
    throw new VerifyInputError(
      `the load window would send about ${planned} requests, more than --max-load-requests ${o.maxLoadRequests}: ` +
        "fewer --locations, a shorter --duration or a smaller --compress",
    );
  return { credentials, contract, states, env, planned };
}

function pactPoint(stage: PactStage, exchanges: Map<number, Exchange>, tookMs: number): PointResult {
  const def = pointById("pacts");
  const by = (o: string) => stage.interactions.filter((i) => i.outcome === o);
  const failed = by("failed");
  const unverified = by("not_verified");
  const verified = by("verified");
  const mark = { verified: "✓", failed: "✗", not_verified: "?" } as const;
  const evidence = [
    ...stage.files.map((f) => `${f.path}: ${f.interactions.length} interaction(s), provider ${f.provider}`),
    ...stage.skipped.map((s) => `${s.path}: not replayed — ${s.why}`),
    ...stage.interactions.map(
      (i) => `${mark[i.outcome]} ${i.description} [${i.states.join(", ") || "no state"}]: ${i.why}`,
    ),
  ];
  const decisive = failed.flatMap((i) => i.exchanges.slice(-1)).filter((seq) => exchanges.has(seq));
  const base = { id: def.id, title: def.title, question: null, how: def.how, evidence, tookMs };
  if (stage.files.length === 0)
    return {
      ...base,
      verdict: "not_verified",
      summary: "no HTTP pact for this dialect in the pacts folder",
      decisive: [],
    };
  const tally = `${verified.length} verified, ${failed.length} failed, ${unverified.length} not verified`;
  if (failed.length > 0)
    return {
      ...base,
      verdict: "fail",
      summary: `${tally}: ${failed
        .map((i) => i.description)
        .slice(0, 3)
        .join("; ")}`,
      decisive,
    };
  if (unverified.length > 0 || stage.interactions.length === 0)
    return {
      ...base,
      verdict: "not_verified",
      summary: `${tally} (a not-verified interaction is not a pass)`,
      decisive,
    };
  return { ...base, verdict: "pass", summary: `all ${verified.length} interactions verified`, decisive: [] };
}

function schemaPoint(exchanges: Exchange[], contract: Contract, tookMs: number): PointResult {
  const def = pointById("schema");
  const answered = exchanges.filter((x) => x.response !== null);
  const bad = answered.filter((x) => x.violations.length > 0);
  const evidence = [
    `${answered.length} answer(s) checked against ${contractPath(contract.dialect)}`,
    ...bad.flatMap((x) => x.violations.map((v) => `#${x.seq} (${x.stage}) ${v}`)),
  ];
  const base = { id: def.id, title: def.title, question: null, how: def.how, evidence, tookMs };
  if (answered.length === 0)
    return { ...base, verdict: "not_verified", summary: "no answer was seen", decisive: [] };
  if (bad.length > 0) {
    const first = bad[0]?.violations[0] ?? "";
    return {
      ...base,
      verdict: "fail",
      summary: `${bad.length} of ${answered.length} answers do not match the contract (first: ${first})`,
      decisive: bad.slice(0, 10).map((x) => x.seq),
    };
  }
  return {
    ...base,
    verdict: "pass",
    summary: `all ${answered.length} answers match the contract`,
    decisive: [],
  };
}

function question(id: string): PointResult {
  const def = pointById(id);
  return {
    id,
    title: def.title,
    question: def.question,
    how: def.how,
    verdict: "question",
    summary: "a question for a person: no request can answer it",
    evidence: [],
    decisive: [],
    tookMs: 0,
  };
}

/** Runs every stage against the target and writes the reports in `out`. */
export async function verify(o: VerifyOptions): Promise<VerifyOutcome> {
  const clock = o.clock ?? new RealClock();
  const log = o.log ?? (() => {});
  const { credentials, contract, states, planned } = inputs(o);
  const target = o.target.replace(/\/+$/, "");
  const out = resolve(o.out);
  mkdirSync(out, { recursive: true });
  const runId = `verify-${clock.now().toString(36)}`;
  const budget = new Budget({ rate: o.rate, max: o.maxRequests, clock });
  const stateLog = new StateLog(states(budget, clock), () => clock.now());
  const wire = new Wire({
    dialect: o.dialect,
    target,
    locations: credentials.locations,
    contract,
    budget,
    clock,
  });
  await wire.start();
  const stateServer = await serveStates(stateLog, wire);
  const results = new Map<string, PointResult>();
  const warnings: string[] = [];
  let load: LoadFigures | null = null;
  let pactStage: PactStage = { files: [], skipped: [], interactions: [], runs: [] };
  try {
    const pactsDir = o.pacts ?? PUBLISHED_PACTS;
    log(`replaying the ${o.dialect} pacts of ${pactsDir} (states: ${stateLog.source.description})`);
    const pactStart = performance.now();
    pactStage = await replayPacts({
      dir: pactsDir,
      dialect: o.dialect,
      wire,
      states: stateLog,
      stateUrl: stateServer.url,
      outDir: out,
      clock,
    });
    await stateServer.close();
    const exchanges = () => new Map(wire.exchanges.map((x) => [x.seq, x]));
    results.set("pacts", pactPoint(pactStage, exchanges(), Math.round(performance.now() - pactStart)));
    const probe: ProbeContext = {
      dialect: o.dialect,
      contract,
      wire,
      states: stateLog,
      locations: credentials.locations,
      clock,
      runId,
    };
    for (const [id, run] of [
      ["1", requiredOperations],
      ["3", perLocationCredentials],
      ["4", locksDistinguished],
      ["8", retriedCreateSafe],
    ] as const) {
      log(`point ${id}: ${pointById(id).title}`);
      results.set(id, await run(probe));
    }
    const schemaStart = performance.now();
    results.set("schema", schemaPoint(wire.exchanges, contract, Math.round(performance.now() - schemaStart)));
    log(
      `point 5: k6, ${o.envelope.locations} location(s) for ${o.envelope.duration} at ${o.envelope.compress}× (about ${planned} requests at most)`,
    );
    const envelope = await runEnvelope({
      dialect: o.dialect,
      target,
      locations: credentials.locations,
      settings: o.envelope,
      outDir: out,
      runId,
    });
    results.set("5", envelope.point);
    load = envelope.figures;
  } finally {
    await stateServer.close().catch(() => {});
    await wire.close();
  }
  for (const id of ["2", "6", "7"]) results.set(id, question(id));
  const teardownFailures = stateLog.events.filter((e) => e.action === "teardown" && !e.ok);
  for (const e of teardownFailures.slice(0, 5)) warnings.push(`teardown of '${e.state}' failed: ${e.error}`);
  const points = POINTS.map((p) => results.get(p.id) as PointResult);
  const automatedPass = points.every((p) => p.verdict === "pass" || p.verdict === "question");
  const report: VerifyReport = {
    format: "mockpos-verify-report",
    version: 1,
    generatedAt: new Date(clock.now()).toISOString(),
    target,
    dialect: o.dialect,
    contract: contractPath(o.dialect),
    pacts: o.pacts ?? PUBLISHED_PACTS,
    states: stateLog.source.description,
    credentials: {
      locations: credentials.locations.length,
      testing: credentials.locations.filter((l) => l.testing).map((l) => l.locationId),
      rule: credentials.testingRule,
    },
    settings: {
      runId,
      locations: o.envelope.locations,
      duration: o.envelope.duration,
      compress: o.envelope.compress,
      ordersPerHour: o.envelope.ordersPerHour,
      readP99: o.envelope.readP99,
      writeP99: o.envelope.writeP99,
      rate: o.rate,
      maxRequests: o.maxRequests,
    },
    counts: counts(points),
    exitCode: automatedPass ? 0 : 1,
    points,
    interactions: pactStage.interactions,
    stateEvents: stateLog.events,
    load,
    requests: {
      sent: budget.spent,
      refused: wire.exchanges.filter((x) => x.refused !== null).length,
      budget: { rate: o.rate, max: o.maxRequests },
    },
    exchanges: wire.exchanges,
    warnings,
  };
  const files = {
    junit: join(out, "junit.xml"),
    json: join(out, "report.json"),
    html: join(out, "report.html"),
  };
  writeFileSync(files.junit, junitXml(report));
  writeFileSync(files.json, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(files.html, htmlReport(report));
  return { report, files };
}
