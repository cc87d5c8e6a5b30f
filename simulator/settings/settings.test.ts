// The settings schema as a user meets it: `mockpos` spawned with flags, MOCKPOS_* variables and a
// --config file, and its --help.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ConfigError, resolveCommand, serveConfigFrom, settingsFor } from "../config.ts";

const CLI = resolve(import.meta.dirname, "../../bin/mockpos.ts");
// Hang detectors for cold node processes on a loaded machine, not claims on start-up time.
const CASE_TIMEOUT = 90_000;
const RUN_LIMIT = 45_000;

// Whatever the calling shell has set must not decide these runs.
const CLEAN_ENV = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("MOCKPOS_")));

function mockpos(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    encoding: "utf8",
    env: { ...CLEAN_ENV, ...env },
    timeout: RUN_LIMIT,
    killSignal: "SIGKILL",
  });
  if (r.error) throw new Error(`mockpos ${args.join(" ")}: ${r.error.message}`);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const live = new Set<ChildProcess>();
afterEach(() => {
  for (const child of live) child.kill("SIGKILL");
  live.clear();
});

/** Starts `mockpos serve ARGS…` and resolves with its URL once it prints its banner. */
function serve(args: string[], env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [CLI, "serve", ...args], {
    env: { ...CLEAN_ENV, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  live.add(child);
  return new Promise((resolveUrl, reject) => {
    let out = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const m = out.match(/listening on (http:\/\/\S+)/);
      if (m?.[1]) resolveUrl({ url: m[1], child });
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.once("exit", (code) => reject(new Error(`exited with ${code} before listening: ${out}`)));
  });
}

const dir = mkdtempSync(join(tmpdir(), "mockpos-settings-"));
const configFile = (settings: Record<string, unknown>) => {
  const file = join(dir, `config-${Object.keys(settings).join("-")}.json`);
  writeFileSync(file, JSON.stringify(settings));
  return file;
};
const FREE_PORTS = ["--port", "0", "--elyx-port", "0", "--sinqro-port", "0"];

describe("settings: one schema, three sources", { timeout: CASE_TIMEOUT }, () => {
  it("takes a setting from its flag, its variable or its config key alike", async () => {
    // Each of the three sources gives one setting; the server reports all three.
    const file = configFile({ seed: "from-the-file" });
    const { url, child } = await serve(["--config", file, "--clock", "virtual", ...FREE_PORTS], {
      MOCKPOS_JOURNAL_SIZE: "1234",
    });
    const health = (await (await fetch(`${url}/__admin/health`)).json()) as Record<string, unknown>;
    expect(health).toMatchObject({ seed: "from-the-file", clock: "virtual", journal: { capacity: 1234 } });
    child.kill("SIGTERM");
  });

  it("lets a flag win over its variable, the variable over the config file, the file over the default", () => {
    // Every source holds a bad value of its own: the one reported is the one that won.
    const file = configFile({ locations: "file" });
    const env = { MOCKPOS_LOCATIONS: "env" };
    const flagged = mockpos(["serve", "--config", file, "--locations", "flag"], env);
    expect(flagged.code).toBe(2);
    expect(flagged.stderr).toMatch(/--locations: .*\(got "flag"\)/);
    const fromEnv = mockpos(["serve", "--config", file], env);
    expect(fromEnv.stderr).toMatch(/MOCKPOS_LOCATIONS: .*\(got "env"\)/);
    const fromFile = mockpos(["serve", "--config", file]);
    expect(fromFile.stderr).toContain(`'locations' in ${file}`);
    expect(fromFile.stderr).toContain('(got "file")');
    // And the help says so, with each default.
    const help = mockpos(["serve", "--help"]).stdout;
    expect(help.replace(/\s+/g, " ")).toContain(
      "a flag wins over its variable, a variable over the config file, the file over the default",
    );
    expect(help).toMatch(/--locations N +number of locations, 1-1000000 \(default 3\)/);
  });

  it("refuses an unknown flag or config key, suggesting the nearest one", () => {
    const typo = mockpos(["serve", "--locaitons", "3"]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain("Unknown option '--locaitons' — did you mean --locations?");
    expect(mockpos(["serve", "--elix-port", "0"]).stderr).toContain("did you mean --elyx-port?");
    expect(mockpos(["run", "--port", "1"]).stderr).toContain("'--port': it belongs to `mockpos serve`");
    const file = configFile({ elyxPrt: 1 });
    expect(mockpos(["serve", "--config", file]).stderr).toContain("'elyxPrt' (did you mean 'elyxPort'?)");
  });

  it.each([
    ["serve", true],
    ["mock", true],
    ["run", false],
  ] as const)("mockpos %s --help lists every setting it takes", (command, sources) => {
    const r = mockpos([command, "--help"]);
    expect(r.code).toBe(0);
    const own = settingsFor().filter((s) => s.commands.includes(command));
    expect(own.length).toBeGreaterThan(2);
    for (const s of own) {
      expect(r.stdout, s.flag).toMatch(new RegExp(`^ {2}${s.flag}( |$)`, "m"));
      if (sources && s.envVar) expect(r.stdout.replace(/\s+/g, " "), s.envVar).toContain(s.envVar);
      if (sources && s.inFile)
        expect(r.stdout.replace(/\s+/g, " "), s.key).toMatch(new RegExp(`[ :,]${s.key}[,\\s]`));
    }
    if (command === "mock")
      for (const flag of ["--elyx-port", "--dialects", "--push-url"]) expect(r.stdout).toContain(flag);
    if (command === "serve") expect(r.stdout).not.toContain("mockpos ingest");
  });
});

// h/scale's settings, declared in the schema like every other: --shard K/N (MOCKPOS_SHARD, file key
// `shard`) and chains of up to 1,000,000 locations.
describe("settings of a sharded, large chain", () => {
  const resolved = (argv: string[], env: Record<string, string> = {}) =>
    serveConfigFrom(resolveCommand("serve", argv, env).values);
  const refusal = (argv: string[], env: Record<string, string> = {}) => {
    try {
      resolveCommand("serve", argv, env);
    } catch (err) {
      if (err instanceof ConfigError) return err.message;
      throw err;
    }
    throw new Error(`${argv.join(" ")} was accepted`);
  };

  it("takes --shard from its flag, MOCKPOS_SHARD or the config key `shard`", () => {
    expect(resolved([]).shard).toBeUndefined();
    expect(resolved(["--shard", "2/4", "--locations", "100000"]).shard).toBe("2/4");
    expect(resolved(["--locations", "8"], { MOCKPOS_SHARD: "1/2" }).shard).toBe("1/2");
    expect(resolved(["--config", configFile({ shard: "3/3", locations: 9 })]).shard).toBe("3/3");
    expect(resolved(["--locations", "1000000"]).locations).toBe(1_000_000);
  });

  it("refuses a shard that is not K/N with 1 ≤ K ≤ N, or more shards than locations, naming its source", () => {
    expect(refusal(["--shard", "two"])).toMatch(/^--shard: K\/N, the K-th of N shards/);
    expect(refusal(["--shard", "3/2"])).toMatch(/^--shard: K\/N with 1 ≤ K ≤ N/);
    expect(refusal(["--locations", "3"], { MOCKPOS_SHARD: "1/4" })).toBe(
      "MOCKPOS_SHARD: more shards than locations: each shard needs at least one",
    );
    expect(refusal(["--locations", "1000001"])).toMatch(/^--locations: /);
  });
});
