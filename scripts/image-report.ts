/**
 * Prints the figures of the mockpos image: its size (and its base's), the cold start from
 * `docker run` to the first answer of the admin API, and how long `docker stop` (SIGTERM) takes
 * to end it, with the exit code. Wall-clock figures: take them on a quiet machine.
 *
 *   node scripts/image-report.ts [--image mockpos:local] [--base mockpos-base:local] [--runs 3]
 */
import { execFileSync } from "node:child_process";
import { setTimeout as delay } from "node:timers/promises";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    image: { type: "string", default: process.env.MOCKPOS_IMAGE || "mockpos:local" },
    base: { type: "string", default: process.env.MOCKPOS_BASE || "mockpos-base:local" },
    runs: { type: "string", default: "3" },
  },
});
const image = values.image;
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1)
  throw new Error(`--runs: a whole number of runs (got ${values.runs})`);
// Hang detector: a first answer later than this is a failure, not a figure.
const ANSWER_WITHIN_MS = 120_000;

const docker = (...args: string[]) =>
  execFileSync("docker", args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

const size = Number(docker("image", "inspect", image, "--format", "{{.Size}}"));
const base = values.base;
const baseSize = (() => {
  try {
    return Number(docker("image", "inspect", base, "--format", "{{.Size}}"));
  } catch {
    return undefined; // built on another base: its size is not known here
  }
})();

async function once(): Promise<{ startMs: number; stopMs: number; exitCode: number }> {
  const began = performance.now();
  const id = docker("run", "--detach", "-p", "127.0.0.1::8080", image);
  try {
    const url = `http://${docker("port", id, "8080/tcp").split("\n")[0]}/__health`;
    let startMs = -1;
    while (performance.now() - began < ANSWER_WITHIN_MS) {
      const ok = await fetch(url).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) {
        startMs = performance.now() - began;
        break;
      }
      await delay(10);
    }
    if (startMs < 0) throw new Error(`${image} did not answer ${url} within ${ANSWER_WITHIN_MS} ms`);
    const stopping = performance.now();
    docker("stop", "--time", "10", id);
    const stopMs = performance.now() - stopping;
    const exitCode = Number(docker("inspect", id, "--format", "{{.State.ExitCode}}"));
    return { startMs, stopMs, exitCode };
  } finally {
    docker("rm", "--force", id);
  }
}

const results = [];
for (let i = 0; i < runs; i++) results.push(await once());
const starts = results.map((r) => Math.round(r.startMs));
const stops = results.map((r) => Math.round(r.stopMs));
console.log(
  `image       ${image}: ${mb(size)}${baseSize !== undefined ? ` (base ${base}: ${mb(baseSize)}, mockpos adds ${mb(size - baseSize)})` : ""}`,
);
console.log(
  `cold start  ${median(starts)} ms median to the first answer (docker run → GET /__health 200; runs: ${starts.join(", ")} ms)`,
);
console.log(
  `stop        ${median(stops)} ms median for docker stop (SIGTERM), exit codes ${results.map((r) => r.exitCode).join(", ")} (runs: ${stops.join(", ")} ms)`,
);
if (results.some((r) => r.exitCode !== 0)) {
  console.error("image-report: the container did not exit 0 on SIGTERM");
  process.exitCode = 1;
}
