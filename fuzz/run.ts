import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { parse } from "yaml";
import { MockPosAdmin } from "../client/admin/index.ts";
import { type FuzzTarget, serveForFuzzing } from "./serve.ts";

/**
 * The property-based contract fuzzer: Schemathesis against each dialect's published OpenAPI
 * document (contracts/openapi), on simulators this process serves on 127.0.0.1, with the chain's
 * credentials, a fixed seed and a bounded number of examples. Every finding fails the run unless
 * fuzz/known.yaml lists it with its reason. Run it through scripts/fuzz.sh, which installs the
 * pinned Schemathesis first.
 */

const ROOT = resolve(import.meta.dirname, "..");
const OUT = resolve(ROOT, "out/fuzz");

/** The checks every response is held to (Schemathesis names). */
export const CHECKS = [
  "not_a_server_error",
  "status_code_conformance",
  "content_type_conformance",
  "response_schema_conformance",
  "response_headers_conformance",
  "negative_data_rejection",
  "missing_required_header",
  "unsupported_method",
  "allow_header_conformance",
  "ignored_auth",
];

export interface Finding {
  dialect: string;
  operation: string;
  /** Schemathesis's code and title, e.g. `ST103 Undocumented status code`. */
  check: string;
}

interface Known extends Finding {
  reason: string;
}

interface Setup {
  headers: Record<string, string>;
  /** Fixed values: the location and order every generated request is about. */
  parameters: Record<string, string>;
  /** Values the generator draws from most of the time, by JSON path: real products and tables. */
  dictionaries: Record<string, { values: string[]; paths: string[] }>;
  extra: string[];
}

async function json(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers });
  if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
  // biome-ignore lint/suspicious/noExplicitAny: the admin API's and the dialects' answers, read loosely
  return (await res.json()) as any;
}

/** Credentials from `/__admin/chain`, and real ids to aim the fuzzer at (an open order, a shift). */
async function setupFor(target: FuzzTarget): Promise<Setup> {
  const chain = await new MockPosAdmin({ baseUrl: target.admin }).chain.get({ limit: 1 });
  const loc = chain.locations[0];
  if (!loc) throw new Error("the fuzz chain has no location");
  const apiKey: string = loc.credentials.apiKey;
  const open = await json(`${target.admin}/v1/locations/${loc.id}/orders?view=in_progress`, {
    "x-api-key": apiKey,
  });
  const order = open.orders[0];
  if (!order) throw new Error("the fuzz chain must open the day with an open order");
  // Products a guest can order without a choice, and the tables: so some writes get through.
  const menu = await json(`${target.admin}/v1/locations/${loc.id}/menu`, { "x-api-key": apiKey });
  const groups = await json(`${target.admin}/v1/locations/${loc.id}/modifiers`, { "x-api-key": apiKey });
  const required = new Set(
    groups.modifierGroups.filter((g: { min: number }) => g.min > 0).map((g: { id: string }) => g.id),
  );
  const products: string[] = menu.products
    .filter(
      (p: { combo: unknown; soldOut: boolean; modifierGroupIds: string[] }) =>
        !p.combo && !p.soldOut && !p.modifierGroupIds.some((id) => required.has(id)),
    )
    .map((p: { id: string }) => p.id);
  const tables = (
    await json(`${target.admin}/v1/locations/${loc.id}/tables`, { "x-api-key": apiKey })
  ).tables.map((t: { id: string }) => t.id);
  if (target.dialect === "generic") {
    return {
      headers: { "X-Api-Key": apiKey },
      parameters: { "path.locationId": loc.id, "path.orderId": order.id, "path.shiftId": order.shiftId },
      dictionaries: {
        products: { values: products, paths: ["body.items[*].productId"] },
        tables: { values: tables, paths: ["body.tableId"] },
      },
      // The admin API is the simulator's own control surface, not a POS contract.
      extra: ["--exclude-tag", "admin"],
    };
  }
  if (target.dialect === "elyx") {
    const n = Number(String(loc.id).replace(/\D/g, ""));
    return {
      headers: { "X-API-KEY": chain.credentials.groupKey },
      parameters: {
        "path.locationId": String(n),
        "path.ticketId": `${n}-${order.number}`,
        "path.shiftId": `${n}-1`,
      },
      dictionaries: {
        products: { values: products, paths: ["body.lines[*].articleId"] },
        tables: { values: tables, paths: ["body.tableId"] },
      },
      extra: [],
    };
  }
  return {
    headers: {
      "x-api-server-access-token": chain.credentials.serverToken,
      "x-api-user-access-token": apiKey,
    },
    parameters: { "path.orderId": order.id },
    dictionaries: {
      products: { values: products, paths: ["body.items[*].productId"] },
      tables: { values: tables, paths: ["body.tableId"] },
    },
    extra: [],
  };
}

// What counts as refusing a request the schema refuses: the usual statuses, and a body (413) or a
// request line and headers (431) over the limits of x-mockpos-limits.
const REJECTIONS = [400, 401, 403, 404, 405, 406, 409, 413, 415, 422, 428, 429, 431];

function toml(setup: Setup): string {
  const lines = [
    "[generation]",
    'database = "none"',
    "",
    "[checks.negative_data_rejection]",
    `expected-statuses = [${REJECTIONS.join(", ")}]`,
    "",
  ];
  for (const [name, { values }] of Object.entries(setup.dictionaries))
    lines.push(`[dictionaries.${name}]`, `values = ${JSON.stringify(values)}`, "");
  lines.push("[parameters]");
  for (const [name, value] of Object.entries(setup.parameters))
    lines.push(`${JSON.stringify(name)} = ${JSON.stringify(value)}`);
  for (const [name, { paths }] of Object.entries(setup.dictionaries))
    for (const path of paths)
      lines.push(`${JSON.stringify(path)} = { dictionary = "${name}", probability = 0.9 }`);
  return `${lines.join("\n")}\n`;
}

function run(command: string, args: string[], log: string): Promise<number> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd: OUT, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => {
      output += d;
    });
    child.stderr.on("data", (d) => {
      output += d;
    });
    child.on("error", fail);
    child.on("close", (code) => {
      writeFileSync(log, output);
      done(code ?? 1);
    });
  });
}

/** Fuzzes one dialect; its findings, from Schemathesis's JSON report. */
async function fuzz(
  target: FuzzTarget,
  options: { bin: string; examples: number; seed: number },
): Promise<{ findings: Finding[]; cases: number; seconds: number }> {
  const setup = await setupFor(target);
  const name = target.dialect;
  const config = resolve(OUT, `${name}.toml`);
  writeFileSync(config, toml(setup));
  const report = resolve(OUT, `${name}.json`);
  // A report from an earlier run must not stand in for this one.
  rmSync(report, { force: true });
  const args = [
    "--config-file",
    config,
    "run",
    resolve(ROOT, `contracts/openapi/${name}.openapi.json`),
    "--url",
    target.url,
    ...Object.entries(setup.headers).flatMap(([k, v]) => ["-H", `${k}: ${v}`]),
    "--checks",
    CHECKS.join(","),
    "--phases",
    "examples,coverage,fuzzing",
    "--max-examples",
    String(options.examples),
    "--seed",
    String(options.seed),
    "--workers",
    "1",
    "--request-timeout",
    "10",
    "--report",
    "json",
    "--report-json-path",
    report,
    ...setup.extra,
  ];
  const started = Date.now();
  const exit = await run(options.bin, args, resolve(OUT, `${name}.log`));
  if (!existsSync(report))
    throw new Error(`schemathesis (${name}) wrote no report (exit ${exit}): see out/fuzz/${name}.log`);
  const result = JSON.parse(readFileSync(report, "utf8"));
  const findings: Finding[] = [];
  for (const f of result.failures ?? [])
    for (const operation of f.operations ?? [])
      findings.push({ dialect: name, operation, check: `${f.code} ${f.title}` });
  for (const e of result.errors ?? [])
    findings.push({
      dialect: name,
      operation: e.label ?? e.operation ?? "(run)",
      check: `error ${e.title ?? e.message ?? ""}`.trim(),
    });
  return { findings, cases: result.test_cases?.generated ?? 0, seconds: (Date.now() - started) / 1000 };
}

/** The findings fuzz/known.yaml accepts, each with its reason. */
export function loadKnown(file = resolve(ROOT, "fuzz/known.yaml")): Known[] {
  const doc = parse(readFileSync(file, "utf8")) as { known?: Known[] } | null;
  const known = doc?.known ?? [];
  for (const k of known) {
    if (!k.dialect || !k.operation || !k.check || !k.reason?.trim())
      throw new Error(
        `fuzz/known.yaml: every entry needs dialect, operation, check and reason: ${JSON.stringify(k)}`,
      );
  }
  return known;
}

const same = (a: Finding, b: Finding) =>
  a.dialect === b.dialect && a.operation === b.operation && a.check === b.check;

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      "max-examples": { type: "string", default: "20" },
      seed: { type: "string", default: "20260313" },
      dialects: { type: "string", default: "generic,elyx,sinqro" },
      schemathesis: { type: "string", default: ".tools/venv/bin/schemathesis" },
    },
  });
  mkdirSync(OUT, { recursive: true });
  const known = loadKnown();
  const wanted = new Set(String(values.dialects).split(","));
  const started = Date.now();
  const { targets, close } = await serveForFuzzing();
  let results: { target: FuzzTarget; findings: Finding[]; cases: number; seconds: number }[];
  try {
    results = await Promise.all(
      targets
        .filter((t) => wanted.has(t.dialect))
        .map(async (target) => ({
          target,
          ...(await fuzz(target, {
            bin: resolve(process.cwd(), String(values.schemathesis)),
            examples: Number(values["max-examples"]),
            seed: Number(values.seed),
          })),
        })),
    );
  } finally {
    await close();
  }
  const all = results.flatMap((r) => r.findings);
  const unknown = all.filter((f) => !known.some((k) => same(k, f)));
  const stale = known.filter((k) => wanted.has(k.dialect) && !all.some((f) => same(k, f)));
  for (const r of results)
    console.log(
      `fuzz ${r.target.dialect}: ${r.cases} cases in ${r.seconds.toFixed(0)} s, ${r.findings.length} finding(s) (log: out/fuzz/${r.target.dialect}.log)`,
    );
  for (const f of all.filter((f) => !unknown.includes(f)))
    console.log(
      `  known  ${f.dialect} ${f.operation}: ${f.check} — ${known.find((k) => same(k, f))?.reason}`,
    );
  for (const f of unknown) console.log(`  FINDING ${f.dialect} ${f.operation}: ${f.check}`);
  for (const k of stale)
    console.log(`  (fuzz/known.yaml lists ${k.dialect} ${k.operation} ${k.check}, not found this run)`);
  const summary = { seconds: (Date.now() - started) / 1000, findings: all, unknown, stale };
  writeFileSync(resolve(OUT, "summary.json"), `${JSON.stringify(summary, null, 2)}\n`);
  console.log(
    `fuzz: ${unknown.length} unknown finding(s), ${all.length - unknown.length} known, in ${summary.seconds.toFixed(0)} s`,
  );
  process.exit(unknown.length === 0 ? 0 : 1);
}
