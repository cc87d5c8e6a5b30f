// CPU time and resident memory of a process, read from /proc (Linux): the figures of the
// simulator and of k6 under load, without asking either of them anything.
import { type ChildProcess, execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import os from "node:os";

/** One reading of a process. */
export interface ProcSample {
  /** performance.now() of the reading. */
  at: number;
  /** User + system CPU time so far, in ms. */
  cpuMs: number;
  rssBytes: number;
}

let ticksPerSecond: number | undefined;

function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** Reads a process's CPU time and RSS; undefined once it has gone. */
export function sample(pid: number): ProcSample | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name may hold spaces and parentheses; the fields after its last ")" do not.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]);
    const rssLine = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return {
      at: performance.now(),
      cpuMs: (ticks / clockTicks()) * 1000,
      rssBytes: Number(rssLine?.[1] ?? 0) * 1024,
    };
  } catch {
    return undefined;
  }
}

/** CPU time every core of the machine has been busy so far (all processes), as a sample. */
export function sampleMachine(): ProcSample {
  let busyMs = 0;
  for (const { times } of os.cpus()) busyMs += times.user + times.nice + times.sys + times.irq;
  return { at: performance.now(), cpuMs: busyMs, rssBytes: 0 };
}

/** Samples a process (or the whole machine) every `intervalMs` until stopped; keeps every reading. */
export class ProcessWatch {
  readonly samples: ProcSample[] = [];
  readonly pid: number | "machine";
  readonly #timer: NodeJS.Timeout;

  constructor(pid: number | "machine", intervalMs = 500) {
    this.pid = pid;
    this.#take();
    this.#timer = setInterval(() => this.#take(), intervalMs);
  }

  #take(): void {
    const s = this.pid === "machine" ? sampleMachine() : sample(this.pid);
    if (s !== undefined) this.samples.push(s);
  }

  /** Takes a last reading and stops. */
  stop(): ProcSample[] {
    this.#take();
    clearInterval(this.#timer);
    return this.samples;
  }
}

/** CPU used between two instants, in % of one core, and the peak RSS over the same span. */
export function window(
  samples: ProcSample[],
  from: number,
  to: number,
): { cpuPercent: number; peakRss: number } {
  const inside = samples.filter((s) => s.at >= from && s.at <= to);
  const first = inside[0];
  const last = inside[inside.length - 1];
  if (first === undefined || last === undefined || last.at <= first.at)
    return { cpuPercent: Number.NaN, peakRss: 0 };
  return {
    cpuPercent: ((last.cpuMs - first.cpuMs) / (last.at - first.at)) * 100,
    peakRss: Math.max(...inside.map((s) => s.rssBytes)),
  };
}

/**
 * The first line a child prints on stdout (a server's URL); rejects if it exits, fails to
 * start, or stays silent for `timeoutMs`. `what` names the child in those errors.
 */
export function firstLine(child: ChildProcess, what: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = "";
    const settle = (fn: () => void) => {
      clearTimeout(timer);
      child.stdout?.off("data", onData);
      child.off("exit", onExit);
      child.off("error", onError);
      fn();
    };
    const onData = (chunk: string) => {
      out += chunk;
      const end = out.indexOf("\n");
      if (end >= 0) settle(() => resolve(out.slice(0, end).trim()));
    };
    const onExit = (code: number | null) =>
      settle(() => reject(new Error(`${what} exited (code ${code}) before it listened`)));
    const onError = (err: Error) => settle(() => reject(err));
    const timer = setTimeout(
      () => settle(() => reject(new Error(`${what} did not listen within ${timeoutMs / 1000} s`))),
      timeoutMs,
    );
    child.stdout?.setEncoding("utf8");
    child.stdout?.on("data", onData);
    child.once("exit", onExit);
    child.once("error", onError);
  });
}
