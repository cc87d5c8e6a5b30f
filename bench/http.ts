// npm run bench: requests/s and latency of location.status and menu.get on mockpos, against a
// plain node:http server sending the same pre-rendered bytes, to show what the framework costs.
// Each server runs in a child process (bench/server.ts) and the load comes from this one, so the
// two don't share an event loop; on a two-core machine each gets a core.
import { spawn } from "node:child_process";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { firstLine } from "../load/proc.ts";
import { numberFlag, parseFlags, settingsOrExit } from "./cli.ts";
import { type LoadResult, runLoad } from "./load.ts";
import type { BenchReply, BenchRequest, ServerKind } from "./server.ts";

const USAGE = `usage: npm run bench -- [options]

  --locations N     locations in the chain, 1-10000 (default 1000)
  --duration S      measured seconds per operation and server, above 0 and at most 60 (default 5)
  --connections C   requests in flight, 1-1000 (default 32)
  --json            figures as JSON on stdout (the table goes to stderr)
  -h, --help        this help
`;

const SERVER_SCRIPT = fileURLToPath(new URL("./server.ts", import.meta.url));
const SEED = "bench";
const WARMUP_MS = 1000;
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 5000;
// Above this the load generator, not the server, may be what limits the rate.
const CLIENT_SATURATED_PERCENT = 90;
// Above this, processes outside the benchmark took enough of the two cores to skew a row.
const OTHER_BUSY_PERCENT = 15;

const OPERATIONS = [
  { name: "location.status", path: "status" },
  { name: "menu.get", path: "menu" },
] as const;

const SERVERS: readonly { kind: ServerKind; label: string }[] = [
  { kind: "mockpos", label: "mockpos" },
  { kind: "plain", label: "node:http" },
];

interface Settings {
  locations: number;
  durationS: number;
  connections: number;
  json: boolean;
}

interface Row extends LoadResult {
  operation: string;
  server: string;
  /** CPU the server process used over the window, in % of one core. */
  serverCpuPercent: number;
  /** CPU the rest of the machine used over the window, in % of one core. */
  otherCpuPercent: number;
}

type CpuReply = Extract<BenchReply, { type: "cpu" }>;

function parseSettings(argv: string[]): Settings | "help" {
  const values = parseFlags(argv, {
    locations: { type: "string" },
    duration: { type: "string" },
    connections: { type: "string" },
    json: { type: "boolean" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) return "help";
  return {
    locations: numberFlag("--locations", values.locations, 1000, { min: 1, max: 10_000, integer: true }),
    durationS: numberFlag("--duration", values.duration, 5, { min: 0, max: 60, above: true }),
    connections: numberFlag("--connections", values.connections, 32, { min: 1, max: 1000, integer: true }),
    json: values.json === true,
  };
}

interface ServerProcess {
  url: string;
  ask<T extends BenchRequest["type"]>(type: T): Promise<Extract<BenchReply, { type: T }>>;
  stop(): Promise<void>;
}

async function startServer(kind: ServerKind, locations: number): Promise<ServerProcess> {
  const child = spawn(
    process.execPath,
    [SERVER_SCRIPT, kind, "--locations", String(locations), "--seed", SEED],
    {
      stdio: ["ignore", "pipe", "inherit", "ipc"],
    },
  );
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  };
  try {
    const url = await firstLine(child, `the ${kind} server`, START_TIMEOUT_MS);
    let lastId = 0;
    const ask = <T extends BenchRequest["type"]>(type: T) =>
      new Promise<Extract<BenchReply, { type: T }>>((resolve, reject) => {
        const id = ++lastId;
        const onMessage = (reply: BenchReply) => {
          if (reply.id !== id) return;
          child.off("message", onMessage);
          child.off("exit", onExit);
          resolve(reply as Extract<BenchReply, { type: T }>);
        };
        const onExit = () => {
          child.off("message", onMessage);
          reject(new Error(`${kind} server exited before answering '${type}'`));
        };
        child.on("message", onMessage);
        child.once("exit", onExit);
        child.send({ id, type } as BenchRequest);
      });
    return { url, ask, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

async function measure(settings: Settings, log: (line: string) => void): Promise<Row[]> {
  const rows: Row[] = [];
  for (const { kind, label } of SERVERS) {
    log(`starting ${label} (${settings.locations} locations)…`);
    const server = await startServer(kind, settings.locations);
    try {
      const { locations } = await server.ask("locations");
      for (const op of OPERATIONS) {
        log(`  ${op.name}: ${WARMUP_MS / 1000} s warm-up + ${settings.durationS} s measured`);
        // A child dying mid-run must not become an unhandled rejection; the row just lacks server CPU.
        const sampleCpu = () => server.ask("cpu").catch(() => undefined);
        let cpuStart: Promise<CpuReply | undefined> | undefined;
        let cpuEnd: Promise<CpuReply | undefined> | undefined;
        let machineStart = machineBusy();
        let machineEnd = machineStart;
        const result = await runLoad({
          url: server.url,
          targets: locations.map((l) => ({ path: `/v1/locations/${l.id}/${op.path}`, apiKey: l.apiKey })),
          connections: settings.connections,
          durationMs: settings.durationS * 1000,
          warmupMs: WARMUP_MS,
          onMeasureStart: () => {
            cpuStart = sampleCpu();
            machineStart = machineBusy();
          },
          onMeasureEnd: () => {
            cpuEnd = sampleCpu();
            machineEnd = machineBusy();
          },
        });
        const serverCpuPercent = cpuShare(await cpuStart, await cpuEnd);
        const machinePercent =
          ((machineEnd.busyMs - machineStart.busyMs) / Math.max(1, machineEnd.at - machineStart.at)) * 100;
        const otherCpuPercent = Math.max(
          0,
          machinePercent - result.clientCpuPercent - (serverCpuPercent || 0),
        );
        rows.push({ operation: op.name, server: label, ...result, serverCpuPercent, otherCpuPercent });
      }
    } finally {
      await server.stop();
    }
  }
  return rows;
}

function machineBusy(): { busyMs: number; at: number } {
  let busyMs = 0;
  for (const { times } of os.cpus()) busyMs += times.user + times.nice + times.sys + times.irq;
  return { busyMs, at: performance.now() };
}

function cpuShare(start: CpuReply | undefined, end: CpuReply | undefined): number {
  if (start === undefined || end === undefined || end.at <= start.at) return Number.NaN;
  return ((end.microseconds - start.microseconds) / 1000 / (end.at - start.at)) * 100;
}

function ratios(rows: Row[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const op of OPERATIONS) {
    const rate = (label: string) =>
      rows.find((r) => r.operation === op.name && r.server === label)?.requestsPerSecond;
    const mockpos = rate("mockpos");
    const plain = rate("node:http");
    out[op.name] = mockpos !== undefined && plain !== undefined && plain > 0 ? mockpos / plain : Number.NaN;
  }
  return out;
}

function machine() {
  const cpus = os.cpus();
  return {
    node: process.version,
    cpu: cpus[0]?.model.trim() ?? "unknown",
    cores: cpus.length,
    platform: `${os.platform()} ${os.arch()}`,
  };
}

const whole = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const fixed = (n: number, digits: number) => (Number.isFinite(n) ? n.toFixed(digits) : "n/a");

const COLUMNS: readonly { title: string; width: number; value: (r: Row) => string }[] = [
  { title: "operation", width: 16, value: (r) => r.operation },
  { title: "server", width: 10, value: (r) => r.server },
  { title: "req/s", width: 9, value: (r) => whole.format(r.requestsPerSecond) },
  { title: "p50 ms", width: 8, value: (r) => fixed(r.p50Ms, 2) },
  { title: "p99 ms", width: 8, value: (r) => fixed(r.p99Ms, 2) },
  { title: "max ms", width: 8, value: (r) => fixed(r.maxMs, 2) },
  { title: "errors", width: 7, value: (r) => String(r.errors) },
  { title: "client cpu", width: 11, value: (r) => `${fixed(r.clientCpuPercent, 0)}%` },
  { title: "server cpu", width: 11, value: (r) => `${fixed(r.serverCpuPercent, 0)}%` },
  { title: "other cpu", width: 10, value: (r) => `${fixed(r.otherCpuPercent, 0)}%` },
];

const names = (rows: Row[]) => rows.map((r) => `${r.operation}/${r.server}`).join(", ");

function report(settings: Settings, rows: Row[], loadBefore: number): string {
  const m = machine();
  const ratio = ratios(rows);
  const line = (cells: string[]) =>
    cells
      .map((text, i) => (i < 2 ? text.padEnd(COLUMNS[i]?.width ?? 0) : text.padStart(COLUMNS[i]?.width ?? 0)))
      .join(" ")
      .trimEnd();
  const lines = [
    `machine: node ${m.node}, ${m.cpu}, ${m.cores} cores, ${m.platform}; ` +
      `load average before the run ${fixed(loadBefore, 2)}`,
    `load: ${settings.locations} locations round-robin, each with its own X-Api-Key; ` +
      `${settings.connections} in flight; ` +
      `${WARMUP_MS / 1000} s warm-up + ${settings.durationS} s measured per row`,
    "",
    line(COLUMNS.map((c) => c.title)),
  ];
  for (const op of OPERATIONS) {
    for (const r of rows.filter((row) => row.operation === op.name)) {
      lines.push(line(COLUMNS.map((c) => c.value(r))));
    }
  }
  lines.push(
    "",
    `ratio (mockpos / node:http req/s): ` +
      OPERATIONS.map((op) => `${op.name} ${fixed(ratio[op.name] ?? Number.NaN, 2)}`).join(", "),
  );
  for (const r of rows.filter((row) => row.operation === "menu.get")) {
    const b = r.bodyBytes;
    lines.push(
      `menu.get response body (${r.server}): ${whole.format(b.mean)} bytes mean, ` +
        `${whole.format(b.min)} min, ${whole.format(b.max)} max`,
    );
  }
  lines.push("cpu columns: % of one core over the measured window; other = the rest of the machine.");
  const saturated = rows.filter((r) => r.clientCpuPercent >= CLIENT_SATURATED_PERCENT);
  if (saturated.length > 0) {
    lines.push(
      `note: the load generator used ≥${CLIENT_SATURATED_PERCENT}% of its core on ${names(saturated)}; ` +
        "those rates are a floor of what the server can do.",
    );
  }
  const busy = rows.filter((r) => r.otherCpuPercent >= OTHER_BUSY_PERCENT);
  if (busy.length > 0) {
    lines.push(
      `note: other processes used ≥${OTHER_BUSY_PERCENT}% of a core during ${names(busy)}; ` +
        "rerun on an idle machine for steady figures.",
    );
  }
  return `${lines.join("\n")}\n`;
}

function asJson(settings: Settings, rows: Row[], loadBefore: number) {
  return {
    machine: { ...machine(), loadAverageBefore: loadBefore },
    settings: {
      locations: settings.locations,
      durationS: settings.durationS,
      warmupS: WARMUP_MS / 1000,
      connections: settings.connections,
      seed: SEED,
    },
    results: rows.map((r) => ({
      operation: r.operation,
      server: r.server,
      requestsPerSecond: r.requestsPerSecond,
      p50Ms: r.p50Ms,
      p99Ms: r.p99Ms,
      maxMs: r.maxMs,
      ok: r.ok,
      errors: r.errors,
      elapsedS: r.elapsedMs / 1000,
      bodyBytes: r.bodyBytes,
      clientCpuPercent: r.clientCpuPercent,
      serverCpuPercent: Number.isFinite(r.serverCpuPercent) ? r.serverCpuPercent : null,
      otherCpuPercent: r.otherCpuPercent,
    })),
    ratio: Object.fromEntries(
      Object.entries(ratios(rows)).map(([k, v]) => [k, Number.isFinite(v) ? v : null]),
    ),
  };
}

async function main(argv: string[]): Promise<number> {
  const settings = settingsOrExit(argv, parseSettings, USAGE, "bench");
  if (typeof settings === "number") return settings;
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const loadBefore = os.loadavg()[0] ?? Number.NaN;
  const rows = await measure(settings, log);
  const table = report(settings, rows, loadBefore);
  if (settings.json) {
    process.stderr.write(`\n${table}`);
    process.stdout.write(`${JSON.stringify(asJson(settings, rows, loadBefore), null, 2)}\n`);
  } else {
    process.stdout.write(`\n${table}`);
  }
  // Figures from a run with failed requests don't describe the servers; make that visible to scripts.
  return rows.some((r) => r.errors > 0 || r.ok === 0) ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
