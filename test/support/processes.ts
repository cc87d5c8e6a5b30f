import { type ChildProcess, type SpawnOptions, spawn } from "node:child_process";
import { resolve } from "node:path";

export const CLI = resolve(import.meta.dirname, "../../bin/mockpos.ts");

/** How long a process may take to print what a test waits for (wall clock: node starting on a busy machine). */
const PRINT_WITHIN_MS = 30_000;

/** A `mockpos` command running as a user would run it. */
export interface Running {
  child: ChildProcess;
  /** Everything it printed so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves with the first match of `pattern` in stdout; fails if the process exits or stays silent. */
  printed(pattern: RegExp, withinMs?: number): Promise<RegExpMatchArray>;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
}

const running = new Set<ChildProcess>();
// Started in a process group of their own (a wrapper such as npx, which passes no signal on):
// stopped as a group, so no server outlives its wrapper.
const groups = new Set<ChildProcess>();

/** Starts `mockpos <args>`; `stopAll()` in an afterEach takes care of what a failing test leaves behind. */
export function mockpos(...args: string[]): Running {
  // The environment must not choose ports or settings behind the test's back.
  return started(process.execPath, [CLI, ...args], {
    env: { ...process.env, MOCKPOS_PORT: "", MOCKPOS_CONFIG: "" },
  });
}

/** Starts any command as `mockpos()` does (the installed package's `npx mockpos`, say), watched the same way. */
export function started(command: string, args: string[], options: SpawnOptions = {}): Running {
  const child = spawn(command, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
  const name =
    command === process.execPath ? `mockpos ${args.slice(1).join(" ")}` : `${command} ${args.join(" ")}`;
  running.add(child);
  if (options.detached) groups.add(child);
  let out = "";
  let err = "";
  const waiters = new Set<() => void>();
  child.stdout?.on("data", (chunk: Buffer) => {
    out += chunk.toString();
    for (const w of waiters) w();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    err += chunk.toString();
  });
  const exited = new Promise<number | null>((done) =>
    child.once("exit", (code) => {
      running.delete(child);
      for (const w of waiters) w();
      done(code);
    }),
  );
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    printed(pattern, withinMs = PRINT_WITHIN_MS) {
      return new Promise((resolveMatch, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`${name} did not print ${pattern} in ${withinMs} ms:\n${out}\n${err}`));
        }, withinMs);
        const check = () => {
          const m = out.match(pattern);
          if (m) {
            clearTimeout(timer);
            waiters.delete(check);
            resolveMatch(m);
          } else if (child.exitCode !== null || child.signalCode !== null) {
            clearTimeout(timer);
            waiters.delete(check);
            reject(
              new Error(
                `${name} exited (${child.exitCode ?? child.signalCode}) before printing ${pattern}:\n${out}\n${err}`,
              ),
            );
          }
        };
        waiters.add(check);
        check();
      });
    },
  };
}

/** Kills whatever a test started and is still running. */
export async function stopAll(): Promise<void> {
  const left = [...new Set([...running, ...groups])];
  await Promise.all(
    left.map(
      (child) =>
        new Promise<void>((done) => {
          if (groups.delete(child) && child.pid !== undefined) {
            try {
              process.kill(-child.pid, "SIGKILL");
            } catch {
              // the whole group is gone already
            }
          }
          if (child.exitCode !== null || child.signalCode !== null) return done();
          child.once("exit", () => done());
          child.kill("SIGKILL");
        }),
    ),
  );
}

/** The JSON answer of a request to a running process; throws naming the request when it is not 2xx. */
export async function json<T = any>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, init);
  const text = await res.text();
  if (!res.ok)
    throw new Error(`${init?.method ?? "GET"} ${url} answered ${res.status}: ${text.slice(0, 500)}`);
  return (text ? JSON.parse(text) : null) as T;
}
