// wrk (Debian's `wrk` package) as the load generator of `npm run bench`: a C client that uses a
// fraction of a core where a Node client on the same machine would be the bottleneck.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";

/** At or above this share of its core (%), wrk rather than the server may be what limits a rate. */
export const WRK_SATURATED_PERCENT = 80;

export interface WrkTarget {
  path: string;
  /** Request headers, as sent (a credential, say). */
  headers: Record<string, string>;
}

export interface WrkResult {
  requests: number;
  /** Answers that were not 2xx/3xx, plus socket errors and timeouts. */
  errors: number;
  durationS: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Bytes read per answer, status line and headers included. */
  bytesPerAnswer: number;
}

/** Throws with how to install wrk when it is not on PATH. */
export function requireWrk(): string {
  const probe = spawnSync("wrk", ["--version"], { encoding: "utf8" });
  if (probe.error) {
    throw new Error(
      "bench: wrk is not installed; it is the load generator (a Node client would be the bottleneck). " +
        "Install it with `sudo apt-get install -y wrk` (Debian/Ubuntu) or `brew install wrk`, then rerun.",
    );
  }
  return `${probe.stdout}${probe.stderr}`.split("\n")[0]?.trim() ?? "wrk";
}

/**
 * Writes a wrk script to `scriptFile` that sends GET to each target in turn, with its own headers,
 * and prints the figures as one JSON line when done. The targets go in a file beside it, read in
 * init (a script's constants are limited to 65,536, a chain is not), and every request is formatted
 * there once, so the generator's per-request work is a table lookup.
 */
export function writeWrkScript(scriptFile: string, targets: readonly WrkTarget[]): void {
  const targetsFile = `${scriptFile}.targets`;
  // One target a line: the path, then each header as name and value, tab-separated.
  const line = (t: WrkTarget) =>
    [t.path, ...Object.entries(t.headers).flat()]
      .map((field) => {
        if (/[\t\n]/.test(field)) throw new Error(`wrk target field with a tab or newline: ${field}`);
        return field;
      })
      .join("\t");
  writeFileSync(targetsFile, `${targets.map(line).join("\n")}\n`);
  writeFileSync(
    scriptFile,
    `local requests = {}
local next = 0
function init(args)
  for line in io.lines(${JSON.stringify(targetsFile)}) do
    local fields = {}
    for field in string.gmatch(line, "[^\t]+") do fields[#fields + 1] = field end
    local headers = {}
    for i = 2, #fields - 1, 2 do headers[fields[i]] = fields[i + 1] end
    requests[#requests + 1] = wrk.format("GET", fields[1], headers)
  end
end
function request()
  next = next % #requests + 1
  return requests[next]
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '\\n{"requests":%d,"durationUs":%d,"bytes":%d,"errors":%d,"p50Us":%.1f,"p99Us":%.1f,"maxUs":%.1f}\\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect + e.read + e.write + e.status + e.timeout,
    latency:percentile(50), latency:percentile(99), latency.max))
end
`,
  );
}

export interface WrkRun {
  child: ChildProcess;
  result: Promise<WrkResult>;
}

/**
 * Starts wrk (one thread, `connections` keep-alive connections) for `durationS`, pinned to `cpu`
 * with taskset when given. The child is returned so its CPU can be read from /proc while it runs.
 */
export function startWrk(options: {
  url: string;
  scriptFile: string;
  connections: number;
  durationS: number;
  cpu?: string;
}): WrkRun {
  const args = [
    "-t1",
    `-c${options.connections}`,
    `-d${options.durationS}s`,
    "--timeout",
    "10s",
    "-s",
    options.scriptFile,
    options.url,
  ];
  const [command, argv] =
    options.cpu === undefined ? ["wrk", args] : ["taskset", ["-c", options.cpu, "wrk", ...args]];
  const child = spawn(command, argv as string[], { stdio: ["ignore", "pipe", "pipe"] });
  const result = new Promise<WrkResult>((resolve, reject) => {
    let out = "";
    let err = "";
    child.stdout?.setEncoding("utf8").on("data", (d: string) => {
      out += d;
    });
    child.stderr?.setEncoding("utf8").on("data", (d: string) => {
      err += d;
    });
    child.once("error", reject);
    child.once("close", (code) => {
      const line = out
        .split("\n")
        .reverse()
        .find((l) => l.startsWith("{"));
      if (code !== 0 || line === undefined) {
        reject(new Error(`wrk failed (exit ${code}): ${err.trim() || out.trim()}`));
        return;
      }
      const r = JSON.parse(line) as {
        requests: number;
        durationUs: number;
        bytes: number;
        errors: number;
        p50Us: number;
        p99Us: number;
        maxUs: number;
      };
      const durationS = r.durationUs / 1e6;
      resolve({
        requests: r.requests,
        errors: r.errors,
        durationS,
        requestsPerSecond: (r.requests - r.errors) / durationS,
        p50Ms: r.p50Us / 1000,
        p99Ms: r.p99Us / 1000,
        maxMs: r.maxUs / 1000,
        bytesPerAnswer: r.requests > 0 ? r.bytes / r.requests : 0,
      });
    });
  });
  return { child, result };
}
