import { Agent, request } from "node:http";

export interface LoadTarget {
  /** Path and query, e.g. /v1/locations/loc-0001/status */
  path: string;
  apiKey: string;
}

export interface LoadOptions {
  /** Base URL of the server; only loopback addresses are accepted. */
  url: string;
  /** Requests go to these in turn, round-robin. */
  targets: readonly LoadTarget[];
  /** Requests kept in flight at all times, each on its own keep-alive socket. */
  connections: number;
  /** Length of the measured window. */
  durationMs: number;
  /** Load before the measured window, to open the sockets and warm the JIT on both sides. */
  warmupMs: number;
  /** Give-up time for one request, so a stuck server cannot stall the run. Default 10 s. */
  requestTimeoutMs?: number;
  /** Called when the measured window opens and closes, e.g. to sample the server's CPU. */
  onMeasureStart?: () => void;
  onMeasureEnd?: () => void;
}

export interface LoadResult {
  /** Measured requests answered 200. */
  ok: number;
  /** Measured requests answered otherwise, or failed at the socket, or timed out. */
  errors: number;
  /** From the opening of the window to the last measured answer. */
  elapsedMs: number;
  /** 200 answers per second. */
  requestsPerSecond: number;
  /** Latencies of the 200 answers, in ms. */
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Body sizes of the 200 answers. */
  bodyBytes: { mean: number; min: number; max: number };
  /** CPU the load generator used over the window, in % of one core. */
  clientCpuPercent: number;
}

interface Answer {
  status: number;
  bytes: number;
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

/**
 * Sends GET requests with each target's X-Api-Key, `connections` at a time, for warm-up plus
 * duration, and measures only the requests issued inside the window. Stops by itself.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const base = new URL(options.url);
  if (base.protocol !== "http:" || !LOOPBACK.has(base.hostname)) {
    throw new Error(`load: refusing ${options.url}; only http on loopback is benchmarked`);
  }
  if (options.targets.length === 0) throw new Error("load: no targets");
  const host = base.hostname.replace(/^\[|\]$/g, "");
  const port = Number(base.port);
  const timeout = options.requestTimeoutMs ?? 10_000;
  const agent = new Agent({
    keepAlive: true,
    maxSockets: options.connections,
    maxFreeSockets: options.connections,
  });

  const send = (target: LoadTarget) =>
    new Promise<Answer>((resolve) => {
      const req = request(
        { agent, host, port, path: target.path, method: "GET", headers: { "x-api-key": target.apiKey } },
        (res) => {
          let bytes = 0;
          res.on("data", (chunk: Buffer) => {
            bytes += chunk.length;
          });
          res.on("end", () => resolve({ status: res.statusCode ?? 0, bytes }));
          res.on("error", () => resolve({ status: 0, bytes }));
        },
      );
      req.setTimeout(timeout, () => req.destroy(new Error("timeout")));
      req.on("error", () => resolve({ status: 0, bytes: 0 }));
      req.end();
    });

  const latencies: number[] = [];
  let errors = 0;
  let bytesTotal = 0;
  let bytesMin = Number.POSITIVE_INFINITY;
  let bytesMax = 0;
  let lastAnswer = 0;
  let next = 0;

  const start = performance.now();
  const windowStart = start + options.warmupMs;
  const windowEnd = windowStart + options.durationMs;
  let cpuAtStart = process.cpuUsage();
  let opened = false;
  let closed = false;
  // Timers and workers both mark the window's edges, whichever comes first: a worker's answer
  // can be handled before a timer due at the same moment, and the last worker may finish before it.
  const open = () => {
    if (opened) return;
    opened = true;
    cpuAtStart = process.cpuUsage();
    options.onMeasureStart?.();
  };
  const close = () => {
    if (closed) return;
    open();
    closed = true;
    options.onMeasureEnd?.();
  };
  const startTimer = setTimeout(open, options.warmupMs);
  const endTimer = setTimeout(close, options.warmupMs + options.durationMs);

  const worker = async () => {
    for (;;) {
      const sent = performance.now();
      if (sent >= windowEnd) {
        close();
        return;
      }
      if (sent >= windowStart) open();
      const target = options.targets[next++ % options.targets.length] as LoadTarget;
      const answer = await send(target);
      const answered = performance.now();
      // A request sent during warm-up may end inside the window; it belongs to neither side.
      if (sent < windowStart) continue;
      lastAnswer = Math.max(lastAnswer, answered);
      if (answer.status !== 200) {
        errors++;
        continue;
      }
      latencies.push(answered - sent);
      bytesTotal += answer.bytes;
      bytesMin = Math.min(bytesMin, answer.bytes);
      bytesMax = Math.max(bytesMax, answer.bytes);
    }
  };

  try {
    await Promise.all(Array.from({ length: options.connections }, worker));
    close();
  } finally {
    clearTimeout(startTimer);
    clearTimeout(endTimer);
    agent.destroy();
  }

  const cpu = process.cpuUsage(cpuAtStart);
  const elapsedMs = Math.max(lastAnswer - windowStart, options.durationMs);
  const sorted = Float64Array.from(latencies).sort();
  const ok = sorted.length;
  return {
    ok,
    errors,
    elapsedMs,
    requestsPerSecond: ok / (elapsedMs / 1000),
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    maxMs: ok === 0 ? Number.NaN : (sorted[ok - 1] as number),
    bodyBytes:
      ok === 0 ? { mean: 0, min: 0, max: 0 } : { mean: bytesTotal / ok, min: bytesMin, max: bytesMax },
    clientCpuPercent: ((cpu.user + cpu.system) / 1000 / elapsedMs) * 100,
  };
}

/** Nearest-rank percentile of ascending samples: the smallest one with at least p% of them at or below it. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}
