// `mockpos verify` on the command line: options, usage (exit 2), the run, a verdict per point.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { parseDuration } from "../load/k6/config.ts";
import type { EnvelopeSettings } from "./checklist/envelope.ts";
import type { Dialect } from "./contract.ts";
import { parseVerifyCredentials } from "./credentials.ts";
import { PUBLISHED_PACTS, VerifyInputError, type VerifyOptions, verify } from "./run.ts";

export const VERIFY_USAGE = `usage: mockpos verify --target URL --dialect D --credentials FILE [options]

Checks a POS API against mockpos's published contracts: replays the dialect's pacts with Pact's
verifier, validates every answer against the dialect's OpenAPI document, and walks the eight points
of the evaluation checklist. Exit 0 when every automated point passes, 1 when one fails or could
not be verified, 2 on bad usage. Reports: junit.xml, report.json, report.html in --out.

  --target URL            base URL of the POS API under test
  --dialect D             generic, elyx or sinqro: which published contract it claims
  --credentials FILE      JSON, one entry per location (as \`npm run load\` takes it):
                            generic { locationId, apiKey }   elyx { locationId, apiKey, number }
                            sinqro  { locationId, apiKey, serverToken }
                          add "testing": true to the locations verify may write to (create, append,
                          pay), or give { "testing": "all", "locations": [ … ] }; other locations
                          are only read
  --pacts DIR             the pact files (default: the published ones, contracts/pacts)
  --states FILE           how to reach each provider state: setup calls against the target and
                          the values to inject (YAML or JSON; see the README)
  --states-url URL        or a state-change URL, called as Pact verifiers call one
  --locations N           locations the load window polls (default: all in the file)
  --duration D            the load window, wall clock (default 30s)
  --compress F            cadences F times faster than the envelope (default 10)
  --orders-per-hour G     guest orders per testing location per simulated hour (default: enough
                          for at least 5 in the window)
  --warmup D              before the window, one read per k6 VU (default 2s; 0 = none)
  --read-p99 MS           p99 budget of the polls (default 1000)
  --write-p99 MS          p99 budget of create / append / pay (default 2000)
  --preservice-p99 MS     p99 budget of the menu refresh before the window (default 5000)
  --max-error-rate R      share of load requests that may fail (default 0)
  --max-dropped R         share of the polls due that may be dropped (default 0)
  --rate N                requests per second verify itself sends: pacts, probes, states (default 20)
  --max-requests N        requests verify itself may send in all (default 2000)
  --max-load-requests N   the most requests the load window may plan (default 100000)
  --out DIR               where the reports go (default out/verify/<time>-<dialect>)
  -h, --help              this help
`;

export class VerifyUsageError extends Error {
  override name = "VerifyUsageError";
}

const NUMBERS = {
  locations: { min: 1, max: 100_000, whole: true },
  compress: { min: 0.01, max: 1000, whole: false },
  "orders-per-hour": { min: 0, max: 3600, whole: false },
  "read-p99": { min: 1, max: 600_000, whole: false },
  "write-p99": { min: 1, max: 600_000, whole: false },
  "preservice-p99": { min: 1, max: 600_000, whole: false },
  "max-error-rate": { min: 0, max: 1, whole: false },
  "max-dropped": { min: 0, max: 1, whole: false },
  rate: { min: 0.1, max: 1000, whole: false },
  "max-requests": { min: 1, max: 1_000_000, whole: true },
  "max-load-requests": { min: 1, max: 100_000_000, whole: true },
} as const;

const DURATION = /^\d+(\.\d+)?(ms|s|m|h)?$/;

/** The options of a verify run from the command line; "help" for -h. Throws VerifyUsageError. */
export function parseVerifyArgs(argv: string[], now = Date.now()): VerifyOptions | "help" {
  const options: Record<string, { type: "string" | "boolean"; short?: string }> = {
    target: { type: "string" },
    dialect: { type: "string" },
    credentials: { type: "string" },
    pacts: { type: "string" },
    states: { type: "string" },
    "states-url": { type: "string" },
    duration: { type: "string" },
    warmup: { type: "string" },
    out: { type: "string" },
    help: { type: "boolean", short: "h" },
  };
  for (const name of Object.keys(NUMBERS)) options[name] = { type: "string" };
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args: argv, options, strict: true, allowPositionals: false }));
  } catch (err) {
    throw new VerifyUsageError((err as Error).message);
  }
  if (values.help === true) return "help";
  const text = (name: string) => (typeof values[name] === "string" ? (values[name] as string) : undefined);
  const number = (name: keyof typeof NUMBERS): number | undefined => {
    const raw = text(name);
    if (raw === undefined) return undefined;
    const { min, max, whole } = NUMBERS[name];
    const n = Number(raw);
    if (raw.trim() === "" || !Number.isFinite(n) || n < min || n > max || (whole && !Number.isInteger(n)))
      throw new VerifyUsageError(
        `--${name} must be a ${whole ? "whole " : ""}number from ${min} to ${max}, got '${raw}'`,
      );
    return n;
  };
  const target = text("target");
  if (target === undefined) throw new VerifyUsageError("--target URL is required");
  if (!/^https?:\/\/[^/]/.test(target))
    throw new VerifyUsageError(`--target must be an http(s) URL, got '${target}'`);
  const dialect = text("dialect");
  if (dialect === undefined) throw new VerifyUsageError("--dialect is required: generic, elyx or sinqro");
  if (!["generic", "elyx", "sinqro"].includes(dialect))
    throw new VerifyUsageError(`--dialect must be generic, elyx or sinqro, got '${dialect}'`);
  const credentials = text("credentials");
  if (credentials === undefined) throw new VerifyUsageError("--credentials FILE is required");
  const states = text("states");
  const statesUrl = text("states-url");
  if (states !== undefined && statesUrl !== undefined)
    throw new VerifyUsageError("--states and --states-url are two ways to say one thing: give one");
  if (statesUrl !== undefined && !/^https?:\/\/[^/]/.test(statesUrl))
    throw new VerifyUsageError(`--states-url must be an http(s) URL, got '${statesUrl}'`);
  const duration = text("duration") ?? "30s";
  if (!DURATION.test(duration))
    throw new VerifyUsageError(`--duration must be like 30s or 2m, got '${duration}'`);
  const warmup = text("warmup") ?? "2s";
  if (warmup !== "0" && !DURATION.test(warmup))
    throw new VerifyUsageError(`--warmup must be like 2s or 0, got '${warmup}'`);
  // The file decides how many locations there are, and how many take writes.
  let listed = 0;
  let writable = 0;
  try {
    const parsed = parseVerifyCredentials(readFileSync(credentials, "utf8"), dialect as Dialect);
    listed = parsed.locations.length;
    writable = parsed.locations.filter((l) => l.testing).length;
  } catch (err) {
    throw new VerifyUsageError(`--credentials ${credentials}: ${(err as Error).message}`);
  }
  const locations = number("locations") ?? listed;
  if (locations > listed)
    throw new VerifyUsageError(`--locations ${locations}: the credentials file lists ${listed}`);
  const compress = number("compress") ?? 10;
  const windowS = (parseDuration("--duration", duration) / 1000) * compress;
  const ordersPerHour =
    number("orders-per-hour") ??
    Math.min(3600, Math.max(12, Math.ceil((5 * 3600) / (Math.max(1, writable) * windowS))));
  const envelope: EnvelopeSettings = {
    locations,
    duration,
    compress,
    ordersPerHour,
    warmup,
    readP99: number("read-p99") ?? 1000,
    writeP99: number("write-p99") ?? 2000,
    preServiceP99: number("preservice-p99") ?? 5000,
    maxErrorRate: number("max-error-rate") ?? 0,
    maxDropped: number("max-dropped") ?? 0,
  };
  const stamp = new Date(now).toISOString().slice(0, 19).replace(/[:T]/g, "-");
  return {
    target: target.replace(/\/+$/, ""),
    dialect: dialect as Dialect,
    credentials,
    pacts: text("pacts") ?? PUBLISHED_PACTS,
    ...(states !== undefined ? { states } : {}),
    ...(statesUrl !== undefined ? { statesUrl } : {}),
    out: text("out") ?? join("out", "verify", `${stamp}-${dialect}`),
    envelope,
    rate: number("rate") ?? 20,
    maxRequests: number("max-requests") ?? 2000,
    maxLoadRequests: number("max-load-requests") ?? 100_000,
  };
}

const MARK = { pass: "PASS", fail: "FAIL", not_verified: "NOT VERIFIED", question: "ASK" } as const;

/** `mockpos verify ARGS`: resolves with the exit code. */
export async function runVerify(argv: string[]): Promise<number> {
  let options: VerifyOptions | "help";
  try {
    options = parseVerifyArgs(argv);
  } catch (err) {
    if (!(err instanceof VerifyUsageError)) throw err;
    process.stderr.write(`mockpos verify: ${err.message}\n\n${VERIFY_USAGE}`);
    return 2;
  }
  if (options === "help") {
    process.stdout.write(VERIFY_USAGE);
    return 0;
  }
  try {
    const { report, files } = await verify({
      ...options,
      log: (line) => process.stderr.write(`verify: ${line}\n`),
    });
    for (const p of report.points)
      process.stdout.write(`  ${MARK[p.verdict].padEnd(12)} ${p.id.padEnd(6)} ${p.title}: ${p.summary}\n`);
    const c = report.counts;
    process.stdout.write(
      `verify: ${c.passed} passed, ${c.failed} failed, ${c.notVerified} not verified, ${c.questions} for a person\n` +
        `reports: ${files.html}, ${files.json}, ${files.junit}\n`,
    );
    return report.exitCode;
  } catch (err) {
    if (err instanceof VerifyInputError) {
      process.stderr.write(`mockpos verify: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}
