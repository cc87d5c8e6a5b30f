// npm run load: the polling envelope with k6, against the simulator (started here, in a child
// process) or against --target. Prints k6's summary and the verdict; exit 0 only when every gate held.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { MockPosAdmin, MockPosAdminError } from "../client/admin/index.ts";
import { k6Env, parseRunArgs, type RunSettings, USAGE, UsageError } from "./args.ts";
import { resolveK6, type SimulatorProcess, startK6, startSimulator } from "./children.ts";
import { findDialect, loadDialectModules, writeK6Entry } from "./dialect-modules.ts";
import type { LoadReport } from "./k6/report.ts";
import { ProcessWatch, window } from "./proc.ts";

const DEFAULT_LOCATIONS = 100;
// k6 exits with this code when a threshold failed.
const K6_THRESHOLDS_FAILED = 99;
const CHAIN_PAGE = 10_000;
const MAX_CHAIN_PAGES = 100;

const log = (line: string) => process.stderr.write(`load: ${line}\n`);

// A mockpos target lists every location's credentials on its admin API, a page at a time.
async function chainCredentials(target: string, file: string): Promise<void> {
  const all: { locationId: string; apiKey: string }[] = [];
  const admin = new MockPosAdmin({ baseUrl: target });
  for (let page = 0; page < MAX_CHAIN_PAGES; page++) {
    const url = `${target}/__admin/chain?offset=${page * CHAIN_PAGE}&limit=${CHAIN_PAGE}`;
    const body = await admin.chain
      .get({ offset: page * CHAIN_PAGE, limit: CHAIN_PAGE })
      .catch((err: Error) => {
        throw new Error(
          err instanceof MockPosAdminError
            ? `no --credentials, and ${url} answered ${err.status}: is the target a mockpos?`
            : `no --credentials, and ${url} could not be read: ${err.message}`,
        );
      });
    for (const l of body.locations) all.push({ locationId: l.id, apiKey: l.credentials.apiKey });
    if (all.length >= body.locationCount || body.locations.length === 0) break;
  }
  writeFileSync(file, `${JSON.stringify(all)}\n`, { mode: 0o600 });
}

function stamp(): string {
  return new Date().toISOString().slice(0, 19).replace(/[:T]/g, "-");
}

async function run(settings: RunSettings): Promise<number> {
  const k6 = await resolveK6();
  const dialect = findDialect(settings.dialect, await loadDialectModules(settings.dialectModules));
  const locations = settings.locations ?? (settings.target === undefined ? DEFAULT_LOCATIONS : undefined);
  const outDir = resolve(settings.out ?? join("out", "load", `${stamp()}-${locations ?? "all"}`));
  mkdirSync(outDir, { recursive: true });
  const runId = `load-${Date.now().toString(36)}`;
  let simulator: SimulatorProcess | undefined;
  let baseUrl: string;
  let credentialsPath = join(outDir, "credentials.json");
  let label: string;
  if (settings.target === undefined) {
    log(
      `starting the simulator: ${locations} locations, seed ${settings.seed}, clock ${settings.compress}×, ` +
        `${settings.dialect} dialect`,
    );
    simulator = await startSimulator({
      locations: locations ?? DEFAULT_LOCATIONS,
      credentialsPath,
      compress: settings.compress,
      seed: settings.seed,
      locale: settings.locale,
      dialect: settings.dialect,
      dialectModules: settings.dialectModules.map((m) => resolve(m)),
    });
    baseUrl = simulator.url;
    label = `mockpos ${settings.dialect} (seed ${settings.seed}) at ${baseUrl}`;
  } else {
    baseUrl = settings.target;
    if (settings.credentials === undefined) await chainCredentials(baseUrl, credentialsPath);
    else credentialsPath = resolve(settings.credentials);
    label = settings.dialect === "generic" ? baseUrl : `${baseUrl} (${settings.dialect})`;
  }
  try {
    const watch = simulator === undefined ? undefined : new ProcessWatch(simulator.pid);
    log(`k6 ${k6} → ${baseUrl}; reports in ${outDir}`);
    // The dialect's request builders, as its descriptor names them, registered before the envelope.
    const script = writeK6Entry(outDir, dialect);
    const k6Run = startK6(k6, k6Env(settings, { baseUrl, credentialsPath, outDir, runId, label }), {
      script,
    });
    const outcome = await k6Run.done;
    const samples = watch?.stop() ?? [];
    const summaryPath = join(outDir, "summary.json");
    if (!existsSync(summaryPath)) {
      log(`k6 exited with code ${outcome.exitCode} and wrote no summary: the run did not complete`);
      return outcome.exitCode === 0 ? 1 : outcome.exitCode;
    }
    const report = JSON.parse(readFileSync(summaryPath, "utf8")) as LoadReport;
    if (samples.length > 0) {
      const from = outcome.serviceStartedAt ?? samples[0]?.at ?? 0;
      const { cpuPercent, peakRss } = window(samples, from, outcome.endedAt);
      log(
        `simulator: ${cpuPercent.toFixed(0)}% of one core during service, ` +
          `peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MB`,
      );
    }
    const files = ["summary.json", "summary.txt", "dashboard.html"].filter((f) =>
      existsSync(join(outDir, f)),
    );
    log(`reports: ${files.map((f) => join(outDir, f)).join(", ")}`);
    if (outcome.exitCode !== 0 && outcome.exitCode !== K6_THRESHOLDS_FAILED) {
      log(`k6 failed (exit code ${outcome.exitCode})`);
      return outcome.exitCode;
    }
    const verdict = report.verdict === "pass" && outcome.exitCode === 0;
    process.stdout.write(`load verdict: ${verdict ? "PASS" : "FAIL"}\n`);
    return verdict ? 0 : 1;
  } finally {
    await simulator?.stop();
  }
}

async function main(argv: string[]): Promise<number> {
  let settings: RunSettings | "help";
  try {
    settings = parseRunArgs(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`load: ${err.message}\n\n${USAGE}`);
    return 2;
  }
  if (settings === "help") {
    process.stdout.write(USAGE);
    return 0;
  }
  try {
    return await run(settings);
  } catch (err) {
    log((err as Error).message);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
