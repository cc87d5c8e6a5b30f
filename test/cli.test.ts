import { type ChildProcess, type SpawnOptions, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { getRequestListener } from "@hono/node-server";
import { afterEach, describe, expect, it } from "vitest";
import { MockPosAdmin } from "../client/admin/index.ts";
import { createWebhookReceiver } from "../simulator/webhooks/index.ts";

const CLI = resolve(import.meta.dirname, "../bin/mockpos.ts");

// Each case starts real node processes: a cold start takes seconds on a loaded two-core machine.
// The timeouts below are hang detectors, far above that, not a claim on how fast the CLI starts.
const CASE_TIMEOUT = 60_000;
// A `spawnSync` blocks the test's thread, so vitest's timeout cannot interrupt it: each run is
// bounded on its own, below the case's timeout, and a run that hangs is killed and named.
const RUN_LIMIT = 45_000;

function run(...args: string[]) {
  return runWith({}, ...args);
}

function runWith(env: Record<string, string>, ...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    encoding: "utf8",
    env: { ...process.env, MOCKPOS_PORT: "", ...env },
    timeout: RUN_LIMIT,
    killSignal: "SIGKILL",
  });
  if (r.error) throw new Error(`mockpos ${args.join(" ")}: ${r.error.message} (limit ${RUN_LIMIT / 1000} s)`);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

// Children still running when a case ends (it failed or timed out before stopping them) are
// killed, so a failed case leaves no server behind to slow the next ones down.
const live = new Set<ChildProcess>();
afterEach(() => {
  for (const child of live) child.kill("SIGKILL");
  live.clear();
});

/** Starts `mockpos ARGS…` as a child process. */
function start(args: string[], options: SpawnOptions): ChildProcess {
  const child = spawn(process.execPath, [CLI, ...args], options);
  live.add(child);
  child.once("exit", () => live.delete(child));
  return child;
}

/** Resolves with the server's URL once it prints its banner. */
function started(child: ChildProcess): Promise<string> {
  return new Promise((resolveUrl, reject) => {
    let out = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const m = out.match(/listening on (http:\/\/\S+)/);
      if (m?.[1]) resolveUrl(m[1]);
    });
    child.once("exit", (code) => reject(new Error(`exited with ${code} before listening: ${out}`)));
  });
}

/** Resolves once the process has printed a line matching `pattern`. */
function printed(child: ChildProcess, pattern: RegExp): Promise<void> {
  return new Promise((resolveLine, reject) => {
    let out = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (pattern.test(out)) resolveLine();
    });
    child.once("exit", (code) => reject(new Error(`exited with ${code} before printing ${pattern}: ${out}`)));
  });
}

describe("mockpos CLI", { timeout: CASE_TIMEOUT }, () => {
  it("prints usage with --help", () => {
    const r = run("--help");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("mockpos serve");
  });

  it("names every option `run` takes in `mockpos run --help`", () => {
    const r = run("run", "--help");
    expect(r.code).toBe(0);
    const usage = r.stdout.match(/^ {2}mockpos run .*$/m)?.[0] ?? "";
    for (const option of ["--scenario", "--out", "--journal-size"]) expect(usage, option).toContain(option);
    expect(r.stdout).toMatch(/^ {2}--journal-size N +requests kept in the journal and written to --out/m);
  });

  it("names the bad setting and why, and exits 2", () => {
    const r = run("serve", "--locations", "0", "--locale", "de");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--locations");
    expect(r.stderr).toContain("--locale");
    expect(r.stderr).toMatch(/got "0"/);
    expect(run("serve", "--port", "70000").stderr).toMatch(/--port: .*65535/);
    expect(run("serve", "--bogus").stderr).toMatch(/Unknown option '--bogus'/);
    expect(run("launch").code).toBe(2);
  });

  it("takes --quirks and --no-probe from variables too, naming a bad one", () => {
    const quirks = runWith({ MOCKPOS_QUIRKS: "no-such-quirk" }, "serve", "--port", "0");
    expect(quirks.code).toBe(2);
    expect(quirks.stderr).toMatch(/MOCKPOS_QUIRKS: .*no-such-quirk/);
    // The flag wins over the variable, and is the one named.
    expect(runWith({ MOCKPOS_QUIRKS: "lock-as-500" }, "serve", "--quirks", "nope").stderr).toMatch(
      /--quirks: .*nope/,
    );
    const probe = runWith({ MOCKPOS_NO_PROBE: "maybe" }, "serve", "--port", "0");
    expect(probe.code).toBe(2);
    expect(probe.stderr).toContain('MOCKPOS_NO_PROBE: 1, true, 0 or false (got "maybe")');
  });

  it("reads a config file and names its bad keys", () => {
    const dir = mkdtempSync(join(tmpdir(), "mockpos-"));
    const file = join(dir, "bad.json");
    writeFileSync(file, JSON.stringify({ locations: "many", colour: "blue" }));
    const r = run("serve", "--config", file);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("colour");
    writeFileSync(file, JSON.stringify({ locations: "many" }));
    expect(run("serve", "--config", file).stderr).toContain(`'locations' in ${file}`);
    expect(run("serve", "--config", join(dir, "missing.json")).stderr).toContain("cannot read");
  });

  it("serves on 127.0.0.1 by default and shuts down cleanly on SIGTERM", async () => {
    const child = start(
      ["serve", "--port", "0", "--elyx-port", "0", "--sinqro-port", "0", "--locations", "2", "--seed", "cli"],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    const url = await started(child);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const health = await new MockPosAdmin({ baseUrl: url }).health();
    expect(health).toMatchObject({ status: "ok", seed: "cli", locations: 2 });
    const exit = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
    let out = "";
    child.stdout?.on("data", (c: Buffer) => {
      out += c.toString();
    });
    child.kill("SIGTERM");
    expect(await exit).toBe(0);
    expect(out).toContain("stopped");
  });

  it("serves a per-location deployment: each location on its own port, listed at /__admin/topology", async () => {
    const child = start(
      [
        "serve",
        "--port",
        "0",
        "--topology",
        "per-location",
        "--dialects",
        "generic",
        "--location-port-base",
        "0",
      ],
      { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, MOCKPOS_PORT: "" } },
    );
    try {
      const url = await started(child);
      const admin = new MockPosAdmin({ baseUrl: url });
      const { listeners } = await admin.topology();
      expect(listeners.map((l) => l.name)).toEqual([
        "generic (admin)",
        "generic@loc-0001",
        "generic@loc-0002",
        "generic@loc-0003",
      ]);
      const chain = await admin.chain.get();
      const loc = chain.locations[1];
      const own = listeners[2]?.url;
      if (!loc || !own) throw new Error("no second location or its listener");
      const headers = { "x-api-key": loc.credentials.apiKey };
      expect((await fetch(`${own}/v1/locations/${loc.id}/status`, { headers })).status).toBe(200);
      expect((await fetch(`${url}/v1/locations/${loc.id}/status`, { headers })).status).toBe(404);
    } finally {
      child.kill("SIGTERM");
    }
  });

  it("refuses a topology it cannot lay out, naming the setting", () => {
    expect(run("serve", "--topology", "mesh").stderr).toMatch(/--topology: /);
    expect(run("serve", "--dialects", "generic,toast").stderr).toMatch(/--dialects: /);
    expect(run("serve", "--elyx-port", "8080").stderr).toContain(
      "elyx and generic would both listen on port 8080",
    );
  });

  it("mockpos serve --push-url feeds a mockpos ingest receiver over HTTP: catalog first, per venue", async () => {
    const ingest = start(["ingest", "--port", "0", "--user", "feed", "--password", "s3cret"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    const children = [ingest];
    try {
      const receiver = await started(ingest);
      const serve = start(
        [
          ...["serve", "--port", "0", "--dialects", "generic", "--locations", "2", "--seed", "push"],
          ...[
            "--push-url",
            receiver,
            "--push-routing",
            "venue",
            "--push-user",
            "feed",
            "--push-password",
            "s3cret",
          ],
        ],
        { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, MOCKPOS_PORT: "" } },
      );
      children.push(serve);
      // The first push cycle starts at once; serve logs it when it is over.
      const pushed = printed(serve, /push: 2 catalog and \d+ sales batch\(es\) accepted/);
      await started(serve);
      await pushed;
      const auth = { authorization: `Basic ${Buffer.from("feed:s3cret").toString("base64")}` };
      const catalog = await fetch(`${receiver}/venues/loc-0002/catalog`, { headers: auth });
      expect(catalog.status).toBe(200);
      expect(((await catalog.json()) as any).items.length).toBeGreaterThan(5);
      const reports = await (await fetch(`${receiver}/reports`, { headers: auth })).json();
      expect(JSON.stringify(reports)).not.toContain('"rejected"');
    } finally {
      for (const child of children) child.kill("SIGTERM");
    }
  });

  it("mockpos serve --webhook-url sends a signed webhook to a listener when an order arrives", async () => {
    const receiver = createWebhookReceiver("cli-secret-1");
    const children: ChildProcess[] = [];
    const listening: Server[] = [];
    const got = new Promise<void>((resolveGot) => {
      const server = createServer(async (req, res) => {
        await getRequestListener(receiver.app.fetch)(req, res);
        resolveGot();
      });
      server.listen(0, "127.0.0.1", () => {
        listening.push(server);
        const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
        const serve = start(
          [
            "serve",
            "--port",
            "0",
            "--dialects",
            "generic",
            "--webhook-url",
            url,
            "--webhook-secret",
            "cli-secret-1",
          ],
          { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, MOCKPOS_PORT: "" } },
        );
        children.push(serve);
        void started(serve).then(async (base) => {
          const chain = await new MockPosAdmin({ baseUrl: base }).chain.get();
          const loc = chain.locations[0];
          if (!loc) throw new Error("no location");
          const menu = (await (
            await fetch(`${base}/v1/locations/${loc.id}/menu`, {
              headers: { "x-api-key": loc.credentials.apiKey },
            })
          ).json()) as any;
          const product = menu.products.find((p: any) => !p.combo && p.modifierGroupIds.length === 0);
          await fetch(`${base}/v1/locations/${loc.id}/orders`, {
            method: "POST",
            headers: { "x-api-key": loc.credentials.apiKey, "content-type": "application/json" },
            body: JSON.stringify({ type: "take_away", items: [{ productId: product.id, quantity: 1 }] }),
          });
        });
      });
    });
    try {
      await got;
      expect(receiver.received[0]).toMatchObject({
        verified: true,
        status: 200,
        type: "order.status_changed",
      });
    } finally {
      for (const child of children) child.kill("SIGTERM");
      for (const server of listening) server.close();
    }
  });

  it("shuts down on SIGINT too", async () => {
    const child = start(
      ["serve", "--port", "0", "--elyx-port", "0", "--sinqro-port", "0", "--locations", "1"],
      {
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    await started(child);
    const exit = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
    child.kill("SIGINT");
    expect(await exit).toBe(0);
  });
});

describe("mockpos with scenarios", { timeout: CASE_TIMEOUT }, () => {
  const dir = mkdtempSync(join(tmpdir(), "mockpos-scenario-"));
  const good = join(dir, "good.yaml");
  writeFileSync(
    good,
    [
      "# two hours of lunch with lost commits on create",
      "name: cli-lunch",
      "chain: { seed: cli, locations: 2, locale: fr }",
      'clock: { start: "2026-03-13T11:30:00+01:00" }',
      "duration: 2h",
      "faults:",
      "  - { id: lost-create, kind: commit_then_timeout, scope: { operations: [order.create] }, when: { probability: 0.3 } }",
    ].join("\n"),
  );

  it("run plays it headless, prints the verdicts, writes the journal, exits 0 when every invariant holds", () => {
    const out = join(dir, "journal.ndjson");
    const r = run("run", "--scenario", good, "--out", out);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/scenario cli-lunch: 120 simulated minutes/);
    expect(r.stdout).toContain("ok   no-double-create");
    const entries = readFileSync(out, "utf8")
      .trimEnd()
      .split("\n")
      .map((l): { fault: string | null; status: number } => JSON.parse(l));
    expect(entries.some((e) => e.fault === "lost-create" && e.status === 0)).toBe(true);
    const again = join(dir, "again.ndjson");
    run("run", "--scenario", good, "--out", again);
    expect(readFileSync(again, "utf8")).toBe(readFileSync(out, "utf8"));
  });

  it("says which setting chooses another port when one is taken", async () => {
    const taken = createServer();
    await new Promise<void>((r) => taken.listen(0, "127.0.0.1", () => r()));
    try {
      const { port } = taken.address() as AddressInfo;
      const r = run("serve", "--port", String(port), "--dialects", "generic");
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`127.0.0.1:${port}`);
      expect(r.stderr).toMatch(/that port is taken: --port, --elyx-port, --sinqro-port/);
    } finally {
      taken.close();
    }
  });

  it("names the file, line, field and reason of a mistake", () => {
    const bad = join(dir, "bad.yaml");
    writeFileSync(
      bad,
      'name: bad\nclock: { start: "2026-03-13T11:30:00+01:00" }\nduration: 1h\nfaults:\n  - { id: x, kind: unreachable, mode: "418" }\n',
    );
    const r = run("run", "--scenario", bad);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${bad}:5:`);
    expect(r.stderr).toContain("faults[0].mode");
    expect(run("serve", "--scenario", good, "--seed", "x").stderr).toContain(
      "--seed: cannot be combined with --scenario",
    );
    expect(run("serve", "--clock", "scaled").stderr).toContain("--clock-factor");
  });

  it("serve --scenario plays it on its own clock, visible at /__admin/scenario", async () => {
    const child = start(
      ["serve", "--port", "0", "--elyx-port", "0", "--sinqro-port", "0", "--scenario", good],
      {
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    const admin = new MockPosAdmin({ baseUrl: await started(child) });
    const scenario = await admin.scenario.get();
    expect(scenario).toMatchObject({
      name: "cli-lunch",
      faults: ["lost-create"],
      startedAt: "2026-03-13T10:30:00.000Z",
    });
    const clock = await admin.clock.get();
    expect(clock).toMatchObject({ kind: "virtual", now: "2026-03-13T10:30:00.000Z" });
    const exit = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
    child.kill("SIGTERM");
    expect(await exit).toBe(0);
  });

  it("serve --scenario --clock scaled --no-probe serves its day to an external connector, no probe talking", async () => {
    const child = start(
      [
        ...["serve", "--port", "0", "--elyx-port", "0", "--sinqro-port", "0", "--scenario", good],
        ...["--clock", "scaled", "--clock-factor", "60", "--no-probe"],
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    const admin = new MockPosAdmin({ baseUrl: await started(child) });
    const scenario = await admin.scenario.get();
    expect(scenario).toMatchObject({ name: "cli-lunch", stats: { probe: null } });
    const clock = await admin.clock.get();
    expect(clock.kind).toBe("scaled");
    // The scenario's own day, moving: at 60× it is past its start by now, and not by hours.
    const ahead = Date.parse(clock.now) - Date.parse("2026-03-13T10:30:00.000Z");
    expect(ahead).toBeGreaterThanOrEqual(0);
    expect(ahead).toBeLessThan(3_600_000);
    const journal = await admin.journal.list();
    expect(journal.entries).toEqual([]);
    const exit = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
    child.kill("SIGTERM");
    expect(await exit).toBe(0);
  });
});
