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
  const simulators: SimulatorProcess[] = [];
  let baseUrl: string;
  let credentialsPath = join(outDir, "credentials.json");
  let label: string;
  if (settings.target === undefined) {
    const shards = settings.shards;
    log(
      `starting the simulator: ${locations} locations, seed ${settings.seed}, clock ${settings.compress}×, ` +
        `${settings.dialect} dialect` +
        (shards > 1 ? `, in ${shards} shards` : ""),
    );
    try {
      simulators.push(...(await startShards(settings, locations ?? DEFAULT_LOCATIONS, credentialsPath)));
    } catch (err) {
      await Promise.all(simulators.map((s) => s.stop()));
      throw err;
    }
    baseUrl = (simulators[0] as SimulatorProcess).url;
    label =
      shards > 1
        ? `mockpos ${settings.dialect} (seed ${settings.seed}) in ${shards} shards: ${simulators.map((s) => s.url).join(", ")}`
        : `mockpos ${settings.dialect} (seed ${settings.seed}) at ${baseUrl}`;
  } else {
    baseUrl = settings.target;
    if (settings.credentials === undefined) await chainCredentials(baseUrl, credentialsPath);
    else credentialsPath = resolve(settings.credentials);
    label = settings.dialect === "generic" ? baseUrl : `${baseUrl} (${settings.dialect})`;
  }
  try {
    const watches = simulators.map((s) => new ProcessWatch(s.pid));
    log(`k6 ${k6} → ${baseUrl}; reports in ${outDir}`);
    // The dialect's request builders, as its descriptor names them, registered before the envelope.
    const script = writeK6Entry(outDir, dialect);
    const k6Run = startK6(k6, k6Env(settings, { baseUrl, credentialsPath, outDir, runId, label }), {
      script,
    });
    const outcome = await k6Run.done;
    const samples = watches.map((w) => w.stop());
    const summaryPath = join(outDir, "summary.json");
    if (!existsSync(summaryPath)) {
      log(`k6 exited with code ${outcome.exitCode} and wrote no summary: the run did not complete`);
      return outcome.exitCode === 0 ? 1 : outcome.exitCode;
    }
    const report = JSON.parse(readFileSync(summaryPath, "utf8")) as LoadReport;
    samples.forEach((shardSamples, i) => {
      const from = outcome.serviceStartedAt ?? shardSamples[0]?.at ?? 0;
      const { cpuPercent, peakRss } = window(shardSamples, from, outcome.endedAt);
      const which = samples.length > 1 ? `simulator shard ${i + 1}/${samples.length}` : "simulator";
      log(
        `${which}: ${cpuPercent.toFixed(0)}% of one core during service, ` +
          `peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MB`,
      );
    });
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
    await Promise.all(simulators.map((s) => s.stop()));
  }
}

/**
 * The simulator of a run: one process, or `settings.shards` processes each serving its range of
 * the one chain (same seed), whose credentials — each entry with its shard's URL — are merged into
 * `credentialsPath` in chain order, so k6 polls one chain and sends each location to its owner.
 */
async function startShards(
  settings: RunSettings,
  locations: number,
  credentialsPath: string,
): Promise<SimulatorProcess[]> {
  const common = {
    locations,
    compress: settings.compress,
    seed: settings.seed,
    locale: settings.locale,
    dialect: settings.dialect,
    dialectModules: settings.dialectModules.map((m) => resolve(m)),
  };
  if (settings.shards === 1) return [await startSimulator({ ...common, credentialsPath })];
  const files = Array.from({ length: settings.shards }, (_, i) => `${credentialsPath}.shard-${i + 1}`);
  const started = await Promise.allSettled(
    files.map((file, i) =>
      startSimulator({ ...common, credentialsPath: file, shard: `${i + 1}/${settings.shards}` }),
    ),
  );
  const running = started.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
  const failed = started.find((s) => s.status === "rejected");
  if (failed) {
    await Promise.all(running.map((s) => s.stop()));
    throw failed.reason;
  }
  const entries = files.flatMap((file) => JSON.parse(readFileSync(file, "utf8")) as unknown[]);
  writeFileSync(credentialsPath, `${JSON.stringify(entries)}\n`, { mode: 0o600 });
  for (const [i, s] of running.entries()) log(`shard ${i + 1}/${settings.shards}: ${s.url}`);
  return running;
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
