import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json } from "../support/processes.ts";
import { answers } from "../support/served.ts";

// The image as users run it: built from this tree (scripts/docker-image.sh on the base of
// scripts/docker-base.sh, both cached), configured by MOCKPOS_* variables only, reached from the
// host through published ports. Without a Docker engine this fails, saying how to get one: it
// never skips.

const ROOT = resolve(import.meta.dirname, "../..");
const IMAGE = process.env.MOCKPOS_IMAGE || "mockpos:local";
// The container binds 0.0.0.0, so its admin API wants a token: this one, given by variable.
const TOKEN = "container-test-admin-token";
const AUTH = { headers: { Authorization: `Bearer ${TOKEN}` } };
// Hang detectors for a busy two-core machine, not speed claims.
const BUILD_LIMIT = 600_000;
const DOCKER_LIMIT = 60_000;
const HEALTHY_WITHIN_MS = 120_000;

function run(command: string, args: string[], limit = DOCKER_LIMIT) {
  const r = spawnSync(command, args, {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, PATH: `${resolve(process.execPath, "..")}:${process.env.PATH}` },
    timeout: limit,
    killSignal: "SIGKILL",
  });
  if (r.error || r.status !== 0)
    throw new Error(
      `${command} ${args.join(" ")} failed: ${r.error?.message ?? `exit ${r.status}`}\n${r.stdout}\n${r.stderr}`,
    );
  return r.stdout.trim();
}

const docker = (...args: string[]) => run("docker", args);

/** Resolves when `docker events` reports the container healthy; rejects when it dies or stays unhealthy. */
function healthy(id: string): Promise<void> {
  return new Promise((done, fail) => {
    const events = spawn("docker", [
      "events",
      "--filter",
      `container=${id}`,
      "--format",
      "{{.Status}}",
      "--since",
      "0",
    ]);
    let seen = "";
    const timer = setTimeout(
      () => finish(new Error(`not healthy within ${HEALTHY_WITHIN_MS} ms: ${seen}`)),
      HEALTHY_WITHIN_MS,
    );
    function finish(err?: Error) {
      clearTimeout(timer);
      events.kill();
      if (err) fail(err);
      else done();
    }
    events.stdout.on("data", (chunk: Buffer) => {
      seen += chunk.toString();
      if (/health_status: healthy/.test(seen)) finish();
      else if (/^die$/m.test(seen) || /health_status: unhealthy/.test(seen))
        finish(new Error(`the container did not become healthy: ${seen}\n${logs(id)}`));
    });
  });
}

function logs(id: string): string {
  const r = spawnSync("docker", ["logs", id], { encoding: "utf8", timeout: DOCKER_LIMIT });
  return `${r.stdout}${r.stderr}`;
}

const name = `mockpos-test-${randomBytes(4).toString("hex")}`;
let id = "";

beforeAll(() => {
  const engine = spawnSync("docker", ["version", "--format", "{{.Server.Version}}"], {
    encoding: "utf8",
    timeout: DOCKER_LIMIT,
  });
  if (engine.status !== 0)
    throw new Error(
      `the container tests need a Docker engine and none answers (bash scripts/dockerd.sh starts one):\n${engine.error?.message ?? engine.stderr}`,
    );
  run("bash", ["scripts/docker-base.sh"], BUILD_LIMIT);
  run("bash", ["scripts/docker-image.sh"], BUILD_LIMIT);
  id = docker(
    "run",
    "--detach",
    "--name",
    name,
    ...["-p", "127.0.0.1::8080", "-p", "127.0.0.1::8082", "-p", "127.0.0.1::8083"],
    ...["-e", "MOCKPOS_SEED=container", "-e", "MOCKPOS_LOCATIONS=2", "-e", "MOCKPOS_LOCALE=fr"],
    ...["-e", "MOCKPOS_QUIRKS=slow-writes=5", "-e", "MOCKPOS_JOURNAL_SIZE=500"],
    ...["-e", `MOCKPOS_ADMIN_TOKEN=${TOKEN}`],
    IMAGE,
  );
}, 2 * BUILD_LIMIT);

afterAll(() => {
  spawnSync("docker", ["rm", "--force", name], { timeout: DOCKER_LIMIT });
});

/** Where the host reaches a port of the container. */
function published(port: number): string {
  const address = docker("port", id, `${port}/tcp`).split("\n")[0];
  return `http://${address}`;
}

describe("the container image", { timeout: HEALTHY_WITHIN_MS + DOCKER_LIMIT }, () => {
  it("declares its health check, every dialect's port and a user that is not root", () => {
    const config = JSON.parse(docker("image", "inspect", IMAGE, "--format", "{{json .Config}}"));
    expect(Object.keys(config.ExposedPorts).sort()).toEqual(["8080/tcp", "8082/tcp", "8083/tcp"]);
    expect(config.Healthcheck.Test.join(" ")).toContain("/__health");
    expect(config.User).toBe("node");
    expect(config.Entrypoint).toEqual(["mockpos", "serve"]);
  });

  it("becomes healthy and answers from the host, configured by its variables", async () => {
    await healthy(id);
    const url = published(8080);
    // Bound beyond loopback, the admin API refuses a request without the token.
    expect((await fetch(`${url}/__admin/chain`)).status).toBe(401);
    const seen = await answers(url, published(8082), TOKEN);
    expect(seen.chain).toMatchObject({ seed: "container", locale: "fr" });
    expect(seen.chain.locations).toHaveLength(2);
    expect(seen.generic).toMatchObject({ status: 200, locationId: "loc-0001" });
    expect(seen.elyx).toMatchObject({ status: 200, locationId: 1 });
    const quirks = await json(`${url}/__admin/quirks`, AUTH);
    expect(quirks.active).toBe("slow-writes=5");
    const health = await json(`${url}/__admin/health`, AUTH);
    expect(health.journal.capacity).toBe(500);
    // The Sinqro port answers in Sinqro's own words: no access token, no order.
    const sinqro = await fetch(`${published(8083)}/sinqro/v1/orders/none`);
    expect(sinqro.status).toBe(401);
    expect(((await sinqro.json()) as { error: { code: string } }).error.code).toBe("INVALID_ACCESS_TOKEN");
  });

  it("serves as a user other than root", () => {
    const status = docker("exec", id, "cat", "/proc/1/status");
    expect(status).toMatch(/^Uid:\s+1000\s/m);
    expect(docker("exec", id, "cat", "/proc/1/cmdline").split("\0")[0]).toBe("node");
  });

  it("stops on SIGTERM by itself, not killed after docker's timeout", () => {
    docker("stop", "--time", "5", id);
    const state = JSON.parse(docker("inspect", id, "--format", "{{json .State}}"));
    // 137 would be the SIGKILL docker sends when the timeout runs out.
    expect(state.ExitCode).toBe(0);
    expect(logs(id)).toMatch(/SIGTERM received, shutting down\n[\s\S]*mockpos: stopped/);
  });
});
