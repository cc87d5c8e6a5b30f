// A fourth dialect registered from this folder alone: served in process and on a socket the way
// `mockpos serve` serves, faulted through the admin API, and load-tested by `npm run load`'s runner.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { serveConfigOf, startSimulator } from "../../bin/serve.ts";
import { createMockPos } from "../../simulator/app.ts";
import { VirtualClock } from "../../simulator/clock/index.ts";
import { resolveCommand, settingsFor } from "../../simulator/config.ts";
import { dialectRegistry } from "../../simulator/dialects/registry.ts";
import { renderOptions } from "../../simulator/settings/help.ts";
import { START } from "../support/pos.ts";
import { dialect } from "./dialect.ts";

const ROOT = resolve(import.meta.dirname, "../..");
const registry = dialectRegistry([dialect]);
// Hang detectors for the k6 run (a cold k6 and simulator on a loaded machine), not speed claims.
const LOAD_LIMIT = 240_000;
const CLI_LIMIT = 45_000;

function tally() {
  const pos = createMockPos({
    seed: "fourth",
    locations: 2,
    clock: new VirtualClock(START),
    dialects: [dialect],
  });
  const [first, second] = pos.sim.chain.locations;
  if (!first || !second) throw new Error("a chain of two");
  const get = (path: string, token?: string) =>
    pos.dialects.tally.app.request(path, { headers: token === undefined ? {} : { "x-tally-token": token } });
  return { pos, first, second, get };
}

describe("a fourth dialect, from one folder", { timeout: 2 * CLI_LIMIT }, () => {
  it("is served in process: its routes, its contract and docs, its errors in its own words, journaled as itself", async () => {
    const { pos, first, second, get } = tally();
    const menu = await get(`/tally/v1/${first.id}/menu`, first.credentials.apiKey);
    expect(menu.status).toBe(200);
    const items = ((await menu.json()) as { items: { sku: string; price: number }[] }).items;
    expect(items.map((i) => i.sku)).toEqual(first.menu.products.map((p) => p.id));

    const wrong = await get(`/tally/v1/${first.id}/menu`, second.credentials.apiKey);
    expect(wrong.status).toBe(403);
    expect(await wrong.json()).toMatchObject({ tally: { fault: "FORBIDDEN_LOCATION", again: false } });
    const none = await get(`/tally/v1/${first.id}/status`);
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ tally: { fault: "UNAUTHORIZED" } });
    expect((await (await get("/tally/v1/nowhere")).json()) as object).toMatchObject({
      tally: { fault: "NOT_FOUND" },
    });

    const doc = (await (await get("/openapi.json")).json()) as { info: { title: string }; paths: object };
    expect(doc.info.title).toContain("Tally-style");
    expect(Object.keys(doc.paths)).toEqual(["/tally/v1/{locationId}/status", "/tally/v1/{locationId}/menu"]);
    expect(await (await get("/docs")).text()).toContain("Tally-style");

    const journal = [...pos.sim.journal.entries()].filter((e) => e.dialect === "tally");
    expect(journal.map((e) => [e.operation, e.status, e.credential])).toEqual([
      ["menu.get", 200, `token:${first.id}`],
      ["menu.get", 403, `token:${second.id}`],
      ["location.status", 401, null],
      [null, 404, null],
    ]);
  });

  it("is faulted through the admin API like any dialect: a 503 for one location, named in X-Mockpos-Fault", async () => {
    const { pos, first, second, get } = tally();
    const rule = { id: "tally-down", kind: "unreachable", mode: "503", scope: { locations: [first.id] } };
    const added = await pos.app.request("/__admin/faults", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(rule),
    });
    expect(added.status).toBe(201);
    const down = await get(`/tally/v1/${first.id}/status`, first.credentials.apiKey);
    expect(down.status).toBe(503);
    expect(down.headers.get("x-mockpos-fault")).toBe("tally-down");
    expect(await down.json()).toMatchObject({ tally: { fault: "UNREACHABLE", again: true } });
    expect((await get(`/tally/v1/${second.id}/status`, second.credentials.apiKey)).status).toBe(200);
    const faults = (await (await pos.app.request("/__admin/faults")).json()) as {
      faults: { hits: number }[];
    };
    expect(faults.faults[0]?.hits).toBe(1);
  });

  it("gets its settings from the registry: --tally-port, MOCKPOS_TALLY_PORT, tallyPort, and a line in --help", () => {
    const settings = settingsFor(registry);
    const help = renderOptions("serve", settings, { env: true, file: true });
    expect(help).toMatch(
      /^ {2}--tally-port N +central port of the Tally-style API \(test-only\) \(default 8090\)/m,
    );
    expect(help).toContain("MOCKPOS_TALLY_PORT");
    expect(help).toMatch(/--dialects LIST +dialects to serve: generic,elyx,sinqro,tally/);
    const port = (argv: string[], env: Record<string, string>) =>
      resolveCommand("serve", argv, env, settings).values.tallyPort;
    expect(port([], {})).toBe(8090);
    expect(port([], { MOCKPOS_TALLY_PORT: "9191" })).toBe(9191);
    expect(port(["--tally-port", "9292"], { MOCKPOS_TALLY_PORT: "9191" })).toBe(9292);
  });

  it("is served on its own port by serve's own start-up, beside the admin API", async () => {
    const config = serveConfigOf(
      {
        port: "0",
        tallyPort: "0",
        dialects: "generic,tally",
        locations: "2",
        seed: "fourth",
        clock: "virtual",
      },
      registry,
    );
    const served = await startSimulator(config, { dialects: [dialect] });
    if (!served) throw new Error("mockpos did not start");
    try {
      const listener = served.deployment.listeners.find((l) => l.dialect === "tally");
      if (!listener) throw new Error("no tally listener");
      expect(served.banner("mockpos").join("\n")).toContain(`tally            ${listener.url}`);
      const first = served.mock.sim.chain.locations[0];
      if (!first) throw new Error("no location");
      const res = await fetch(`${listener.url}/tally/v1/${first.id}/status`, {
        headers: { "x-tally-token": first.credentials.apiKey },
      });
      expect(res.status).toBe(200);
      const topology = (await (await fetch(`${served.url}/__admin/topology`)).json()) as {
        listeners: { dialect: string }[];
      };
      expect(topology.listeners.map((l) => l.dialect)).toEqual(["generic", "tally"]);
    } finally {
      await served.close();
    }
  });

  it("is served by `mockpos serve --dialect-modules`, as a user runs it, on its own --tally-port", async () => {
    const cli = [
      join(ROOT, "bin/mockpos.ts"),
      "serve",
      "--dialect-modules",
      join(import.meta.dirname, "dialect.ts"),
    ];
    const help = spawnSync(process.execPath, [...cli, "--help"], { encoding: "utf8", timeout: CLI_LIMIT });
    expect(help.stdout).toMatch(/^ {2}--tally-port N +central port of the Tally-style API/m);
    const child = spawn(
      process.execPath,
      [...cli, "--dialects", "generic,tally", "--port", "0", "--tally-port", "0", "--locations", "2"],
      { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, MOCKPOS_PORT: "" } },
    );
    try {
      const banner = await new Promise<string>((resolveBanner, reject) => {
        let out = "";
        child.stdout?.on("data", (chunk: Buffer) => {
          out += chunk.toString();
          if (/\n {2}tally +http:\S+\n/.test(out)) resolveBanner(out);
        });
        child.stderr?.on("data", (chunk: Buffer) => {
          out += chunk.toString();
        });
        child.once("exit", (code) => reject(new Error(`exited with ${code}: ${out}`)));
      });
      const admin = banner.match(/listening on (http:\/\/\S+)/)?.[1];
      const tallyUrl = banner.match(/\n {2}tally +(http:\/\/\S+)/)?.[1];
      const chain = (await (await fetch(`${admin}/__admin/chain`)).json()) as {
        locations: { id: string; credentials: { apiKey: string } }[];
      };
      const first = chain.locations[0];
      if (!first) throw new Error("no location");
      const res = await fetch(`${tallyUrl}/tally/v1/${first.id}/menu`, {
        headers: { "x-tally-token": first.credentials.apiKey },
      });
      expect(res.status).toBe(200);
    } finally {
      child.kill("SIGTERM");
    }
  });

  it(
    "is load-tested with k6 by the runner `npm run load` uses, its requests built by its own module",
    () => {
      const out = mkdtempSync(join(tmpdir(), "mockpos-tally-load-"));
      // Gates far above any machine's figures: this proves the path, not a speed.
      const args = [
        ...["--dialect-module", join(import.meta.dirname, "dialect.ts"), "--dialect", "tally"],
        ...["--locations", "2", "--compress", "20", "--duration", "3s", "--warmup", "0"],
        ...["--orders-per-hour", "0", "--read-p99", "60000", "--preservice-p99", "60000"],
        ...["--max-dropped", "1", "--out", out],
      ];
      const r = spawnSync(process.execPath, [join(ROOT, "load/run.ts"), ...args], {
        cwd: ROOT,
        encoding: "utf8",
        timeout: LOAD_LIMIT,
        killSignal: "SIGKILL",
      });
      expect(r.stdout, r.stderr).toContain("load verdict: PASS");
      expect(r.status).toBe(0);
      const report = JSON.parse(readFileSync(join(out, "summary.json"), "utf8")) as {
        dialect: string;
        locations: number;
        failedRate: number;
        requests: number;
        routes: Record<string, string>;
      };
      expect(report).toMatchObject({ dialect: "tally", locations: 2, failedRate: 0 });
      // At least the pre-service menu of each location went out and was answered.
      expect(report.requests).toBeGreaterThanOrEqual(2);
      expect(report.routes["menu.get"]).toBe("GET /tally/v1/{locationId}/menu");
      // The simulator child served the dialect too: it wrote Tally's credentials file.
      const credentials = JSON.parse(readFileSync(join(out, "credentials.json"), "utf8")) as unknown[];
      expect(credentials).toHaveLength(2);
    },
    LOAD_LIMIT + 30_000,
  );
});
