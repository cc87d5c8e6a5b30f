// The two processes of a load run: the simulator (unless a target is given) and k6.
import { execFile, spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { fileURLToPath } from "node:url";
import type { LoadDialect } from "./k6/config.ts";
import { firstLine } from "./proc.ts";
import type { LoopReply, LoopRequest } from "./simulator.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const SIMULATOR = fileURLToPath(new URL("./simulator.ts", import.meta.url));
/** The k6 script of the envelope. */
export const ENVELOPE_SCRIPT = fileURLToPath(new URL("./k6/envelope.ts", import.meta.url));
// Chain generation takes about a second per 3,000 locations here; leave room for a slow machine.
const START_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 5000;
// envelope.ts logs this once setup() (the pre-service menu refresh) is over.
const SERVICE_MARKER = "service starts";

/** A running simulator child. */
export interface SimulatorProcess {
  url: string;
  pid: number;
  /** Restarts (`loop-reset`) or reads (`loop`) its event-loop delay; undefined if it has gone. */
  loopDelay(type: LoopRequest["type"]): Promise<LoopReply | undefined>;
  stop(): Promise<void>;
}

/**
 * Starts load/simulator.ts with a chain of `locations`, serving one dialect (generic, with the
 * admin API, by default); resolves once it listens.
 */
export async function startSimulator(options: {
  locations: number;
  credentialsPath: string;
  compress: number;
  seed: string;
  locale: string;
  dialect?: LoadDialect;
  /** Modules of dialects beyond the built-in ones (`--dialect-module`), for the simulator to serve. */
  dialectModules?: readonly string[];
  /** Extra V8 heap for large chains, in MB. */
  heapMb?: number;
  /** Run on this CPU only (Linux `taskset`), so k6 and the simulator do not trade cores. */
  cpu?: number;
  /** Serve only this part of the chain: "k/K" (its credentials then carry this process's URL). */
  shard?: string;
}): Promise<SimulatorProcess> {
  const args = [
    "--expose-gc",
    ...(options.heapMb === undefined ? [] : [`--max-old-space-size=${options.heapMb}`]),
    SIMULATOR,
    ...["--locations", String(options.locations), "--credentials", options.credentialsPath],
    ...["--compress", String(options.compress), "--seed", options.seed, "--locale", options.locale],
    ...["--dialect", options.dialect ?? "generic"],
    ...(options.dialectModules ?? []).flatMap((m) => ["--dialect-module", m]),
    ...(options.shard === undefined ? [] : ["--shard", options.shard]),
  ];
  const [command, argv] = pinned(options.cpu, process.execPath, args);
  const child = spawn(command, argv, { stdio: ["ignore", "pipe", "inherit", "ipc"] });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  };
  try {
    const url = await firstLine(child, "the simulator", START_TIMEOUT_MS);
    let lastId = 0;
    const loopDelay = (type: LoopRequest["type"]) =>
      new Promise<LoopReply | undefined>((resolve) => {
        if (!child.connected) return resolve(undefined);
        const id = ++lastId;
        const onMessage = (reply: LoopReply) => {
          if (reply.id !== id) return;
          child.off("message", onMessage);
          child.off("exit", onExit);
          resolve(reply);
        };
        const onExit = () => {
          child.off("message", onMessage);
          resolve(undefined);
        };
        child.on("message", onMessage);
        child.once("exit", onExit);
        child.send({ id, type } satisfies LoopRequest);
      });
    return { url, pid: child.pid as number, loopDelay, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

// taskset execs the command, so the child's pid stays the command's own.
function pinned(cpu: number | undefined, command: string, args: string[]): [string, string[]] {
  return cpu === undefined ? [command, args] : ["taskset", ["--cpu-list", String(cpu), command, ...args]];
}

/** The path of k6 at the pinned version (scripts/k6.sh finds or builds it); rejects when it can't. */
export function resolveK6(): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile("bash", [`${ROOT}scripts/k6.sh`], { encoding: "utf8" }, (err, stdout) => {
      const path = stdout.trim();
      if (err !== null || path === "") reject(new Error("k6 is not available (see scripts/k6.sh above)"));
      else resolve(path);
    });
    child.stderr?.pipe(process.stderr);
  });
}

/** How a k6 run went: its exit code, and when (performance.now()) service started and k6 ended. */
export interface K6Outcome {
  exitCode: number;
  serviceStartedAt: number | undefined;
  endedAt: number;
}

/**
 * Starts `k6 run` on the envelope script (or `script`, an entry that registers a dialect first) with
 * LOAD_* settings in `env`; its output goes to ours, or to `logFile`. `done` settles when k6 has exited and its output is flushed.
 */
export function startK6(
  k6: string,
  env: Record<string, string>,
  options: { logFile?: string; cpu?: number; onServiceStart?: () => void; script?: string } = {},
): { pid: number; done: Promise<K6Outcome> } {
  // --address "": no REST API port, so two runs on one machine never collide.
  const args = ["run", "--quiet", "--no-usage-report", "--address", "", options.script ?? ENVELOPE_SCRIPT];
  const log = options.logFile === undefined ? undefined : createWriteStream(options.logFile);
  const [command, argv] = pinned(options.cpu, k6, args);
  const child = spawn(command, argv, {
    stdio: ["ignore", log === undefined ? "inherit" : "pipe", "pipe"],
    // k6's Go collector runs on the cores the server under test needs; a higher target trades a
    // few hundred MB for far fewer collections (and far less jitter in what k6 measures).
    env: { GOGC: "400", ...process.env, ...env },
  });
  if (log !== undefined) child.stdout?.pipe(log, { end: false });
  let serviceStartedAt: number | undefined;
  let pending = "";
  child.stderr?.setEncoding("utf8");
  child.stderr?.on("data", (chunk: string) => {
    (log ?? process.stderr).write(chunk);
    if (serviceStartedAt !== undefined) return;
    pending = (pending + chunk).slice(-4096);
    if (pending.includes(SERVICE_MARKER)) {
      serviceStartedAt = performance.now();
      options.onServiceStart?.();
    }
  });
  // A Ctrl-C reaches k6 too; it stops its scenarios and still writes the summary, so wait for it.
  // A SIGTERM is ours alone: pass it on, and leave once k6 has gone (the simulator child leaves
  // when our IPC channel closes).
  const ignore = () => {};
  const terminate = () => {
    child.once("close", () => process.exit(143));
    child.kill("SIGTERM");
  };
  process.on("SIGINT", ignore);
  process.on("SIGTERM", terminate);
  const done = new Promise<K6Outcome>((resolve, reject) => {
    child.once("error", (err) => {
      process.off("SIGINT", ignore);
      process.off("SIGTERM", terminate);
      reject(err);
    });
    child.once("close", (code, signal) => {
      process.off("SIGINT", ignore);
      process.off("SIGTERM", terminate);
      log?.end();
      resolve({
        exitCode: code ?? (signal === null ? 1 : 128),
        serviceStartedAt,
        endedAt: performance.now(),
      });
    });
  });
  return { pid: child.pid ?? 0, done };
}
