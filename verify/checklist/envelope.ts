// Point 5: the polling envelope with the k6 scripts of load/ (load/k6/envelope.ts), once per run,
// straight at the target (its latency is what is measured). Every listed location is polled;
// guest orders go only to the locations set aside for testing (the others are marked readOnly
// in the credentials k6 reads). The request count is known before k6 starts.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { resolveK6, startK6 } from "../../load/children.ts";
import { expectedRequestRate } from "../../load/k6/cadence.ts";
import { type LoadConfig, readConfig } from "../../load/k6/config.ts";
import type { LoadReport } from "../../load/k6/report.ts";
import type { Dialect } from "../contract.ts";
import type { VerifyLocation } from "../credentials.ts";
import type { LoadFigures, PointResult } from "../report/model.ts";
import { pointById } from "./points.ts";

export interface EnvelopeSettings {
  /** Locations polled: the first N of the credentials file. */
  locations: number;
  /** Wall-clock length of the window, e.g. `30s`. */
  duration: string;
  /** Cadences this many times faster than the envelope. */
  compress: number;
  /** Guest orders per testing location per simulated hour. */
  ordersPerHour: number;
  readP99: number;
  writeP99: number;
  preServiceP99: number;
  maxErrorRate: number;
  maxDropped: number;
  warmup: string;
}

/** The LOAD_* settings of k6 for a verify run. */
export function envelopeEnv(
  s: EnvelopeSettings,
  run: {
    dialect: Dialect;
    target: string;
    credentialsPath: string;
    outDir: string;
    runId: string;
    writable: number;
  },
): Record<string, string> {
  return {
    LOAD_DIALECT: run.dialect,
    LOAD_BASE_URL: run.target,
    LOAD_CREDENTIALS: run.credentialsPath,
    LOAD_OUT: run.outDir,
    LOAD_RUN_ID: run.runId,
    LOAD_LABEL: `mockpos verify ${run.dialect} ${run.target}`,
    LOAD_LOCATIONS: String(s.locations),
    LOAD_COMPRESS: String(s.compress),
    LOAD_DURATION: s.duration,
    LOAD_WARMUP: s.warmup,
    LOAD_ORDERS_PER_HOUR: String(run.writable > 0 ? s.ordersPerHour : 0),
    LOAD_READ_P99_MS: String(s.readP99),
    LOAD_WRITE_P99_MS: String(s.writeP99),
    // The budgets verify names are p99 ones: no hidden p95 gate at half of them (k6's default).
    LOAD_READ_P95_MS: String(s.readP99),
    LOAD_WRITE_P95_MS: String(s.writeP99),
    LOAD_PRESERVICE_P99_MS: String(s.preServiceP99),
    LOAD_MAX_ERROR_RATE: String(s.maxErrorRate),
    LOAD_MAX_DROPPED: String(s.maxDropped),
  };
}

/** What k6 will send at most: the service window's polls and writes, the menus, the warm-up. */
export function plannedRequests(env: Record<string, string>, locations: number): number {
  const config: LoadConfig = readConfig(env);
  const service = expectedRequestRate(config, locations) * (config.durationMs / 1000);
  // Menus and modifiers before service, a warm-up read per VU, and a margin for paging (≤5 pages).
  return Math.ceil(service * 1.5 + 2 * locations + 50);
}

/** The credentials k6 reads: the first N locations, the ones not set aside for testing read-only. */
export function k6Credentials(locations: readonly VerifyLocation[], n: number): string {
  return `${JSON.stringify(
    locations.slice(0, n).map(({ testing, ...l }) => ({ ...l, ...(testing ? {} : { readOnly: true }) })),
  )}\n`;
}

function result(
  verdict: PointResult["verdict"],
  summary: string,
  evidence: string[],
  started: number,
): PointResult {
  const def = pointById("5");
  return {
    id: "5",
    title: def.title,
    question: def.question,
    how: def.how,
    verdict,
    summary,
    evidence,
    decisive: [],
    tookMs: Math.round(performance.now() - started),
  };
}

export async function runEnvelope(o: {
  dialect: Dialect;
  target: string;
  locations: readonly VerifyLocation[];
  settings: EnvelopeSettings;
  outDir: string;
  runId: string;
}): Promise<{ point: PointResult; figures: LoadFigures | null }> {
  const started = performance.now();
  const dir = join(o.outDir, "load");
  mkdirSync(dir, { recursive: true });
  const credentialsPath = join(dir, "credentials.json");
  const polled = o.locations.slice(0, o.settings.locations);
  const writable = polled.filter((l) => l.testing).length;
  writeFileSync(credentialsPath, k6Credentials(o.locations, o.settings.locations), { mode: 0o600 });
  const env = envelopeEnv(o.settings, { ...o, credentialsPath, outDir: dir, writable });
  let k6: string;
  try {
    k6 = await resolveK6();
  } catch (err) {
    rmSync(credentialsPath, { force: true });
    return {
      point: result("not_verified", `k6 is not available: ${(err as Error).message}`, [], started),
      figures: null,
    };
  }
  const run = startK6(k6, env, { logFile: join(dir, "k6.log") });
  const outcome = await run.done.finally(() => rmSync(credentialsPath, { force: true }));
  const summaryPath = join(dir, "summary.json");
  if (!existsSync(summaryPath))
    return {
      point: result(
        "not_verified",
        `k6 exited with code ${outcome.exitCode} and wrote no summary (see ${join(dir, "k6.log")})`,
        [],
        started,
      ),
      figures: null,
    };
  const report = JSON.parse(readFileSync(summaryPath, "utf8")) as LoadReport;
  const figures: LoadFigures = {
    verdict: report.verdict,
    locations: report.locations,
    writable,
    compress: report.compress,
    durationS: report.durationS,
    ordersPerHour: report.ordersPerHour,
    requests: report.requests,
    gates: report.gates,
    operations: report.operations.map((x) => ({
      operation: x.operation,
      requests: x.requests,
      p50Ms: x.p50Ms,
      p99Ms: x.p99Ms,
      errorRate: x.errorRate,
    })),
    files: ["summary.json", "summary.txt", "k6.log"]
      .filter((f) => existsSync(join(dir, f)))
      .map((f) => join(dir, f)),
  };
  const ms = (v: number | null) => (v === null ? "–" : `${Math.round(v)} ms`);
  const evidence = [
    `${report.locations} location(s) polled at ${report.compress}× the envelope for ${report.durationS} s (${report.requests} requests); guest orders at ${writable} location(s) set aside for testing, ${report.ordersPerHour} per hour each`,
    ...report.operations.map(
      (x) =>
        `${x.operation}: ${x.requests} requests, p50 ${ms(x.p50Ms)}, p99 ${ms(x.p99Ms)}, errors ${x.errorRate === null ? "–" : `${(x.errorRate * 100).toFixed(1)} %`}`,
    ),
    ...report.gates
      .filter((g) => !g.ok)
      .map(
        (g) =>
          `gate broken: ${g.metric} ${g.expression} (was ${g.value === null ? "–" : Math.round(g.value * 1000) / 1000})`,
      ),
    ...Object.entries(report.errorsByCode).map(([code, n]) => `failed requests: ${n} × ${code}`),
  ];
  const broken = report.gates.filter((g) => !g.ok);
  if (outcome.exitCode !== 0 && outcome.exitCode !== 99)
    return {
      point: result(
        "not_verified",
        `k6 failed (exit code ${outcome.exitCode}); see ${join(dir, "k6.log")}`,
        evidence,
        started,
      ),
      figures,
    };
  if (report.verdict !== "pass" || outcome.exitCode !== 0) {
    const writes = broken.filter((g) => /order\.(create|append|pay)/.test(g.metric));
    const what =
      writes.length > 0 ? "writes were slower than the envelope allows" : "the envelope's gates did not hold";
    return {
      point: result(
        "fail",
        `${what}: ${broken.map((g) => `${g.metric} ${g.expression}`).join("; ")}`,
        evidence,
        started,
      ),
      figures,
    };
  }
  if (writable === 0)
    return {
      point: result(
        "not_verified",
        "the polls held, but no location is set aside for testing, so write latency was not measured",
        evidence,
        started,
      ),
      figures,
    };
  const writeP99 = Math.max(
    ...report.operations.filter((x) => /^order\./.test(x.operation)).map((x) => x.p99Ms ?? 0),
    0,
  );
  return {
    point: result(
      "pass",
      `every gate held: ${report.requests} requests, no failure, writes p99 ${ms(writeP99)} (budget ${o.settings.writeP99} ms)`,
      evidence,
      started,
    ),
    figures,
  };
}
