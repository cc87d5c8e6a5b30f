// wrk (Debian's `wrk` package) as the load generator of `npm run bench`: a C client that uses a
// fraction of a core where a Node client on the same machine would be the bottleneck.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";

export interface WrkTarget {
  path: string;
  apiKey: string;
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

const lua = (text: string) => JSON.stringify(text);

/**
 * A wrk script that sends GET to each target in turn with its own X-Api-Key (requests formatted
 * once, in init, so the generator's per-request work is a table lookup), and prints the figures
 * as one JSON line when done.
 */
export function wrkScript(targets: readonly WrkTarget[]): string {
  const rows = targets.map((t) => `{${lua(t.path)},${lua(t.apiKey)}}`).join(",\n");
  return `local targets = {
${rows}
}
local requests = {}
local next = 0
function init(args)
  for i, t in ipairs(targets) do
    requests[i] = wrk.format("GET", t[1], { ["X-Api-Key"] = t[2] })
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
`;
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
