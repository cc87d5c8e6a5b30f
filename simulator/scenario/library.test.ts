import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { type RunResult, runScenario } from "../run.ts";
import { loadScenarioFile, parseScenario, ScenarioError } from "./load.ts";

// The files are sized (a few locations, a few hours) so the whole library plays in seconds:
// the test runs them as written, with no override, so what passes here is what `mockpos run` plays.
const DIR = fileURLToPath(new URL("../../scenarios/", import.meta.url));
const FILES = readdirSync(DIR)
  .filter((f) => /\.(ya?ml|json)$/.test(f))
  .sort();
// Playing a file as written is legitimately heavy: up to 3 s on an idle two-core machine, 15 s on
// one kept busy by something else. This bound is a hang detector, not a speed claim.
const SLOW = 60_000;

const runs = new Map<string, Promise<RunResult>>();

/** One run per file, shared by the tests that read it. */
function play(file: string): Promise<RunResult> {
  let run = runs.get(file);
  if (!run) {
    run = runScenario(loadScenarioFile(join(DIR, file)));
    runs.set(file, run);
  }
  return run;
}

/** Journal entries shaped by each rule; an entry shaped by two rules names both. */
function hitsByRule(journal: string): Map<string, number> {
  const hits = new Map<string, number>();
  for (const line of journal.split("\n")) {
    if (line === "") continue;
    const { fault } = JSON.parse(line) as { fault: string | null };
    for (const id of fault?.split(",") ?? []) hits.set(id, (hits.get(id) ?? 0) + 1);
  }
  return hits;
}

describe("the scenario library", () => {
  it("holds at least eight scenarios, each indexed in scenarios/README.md", () => {
    expect(FILES.length).toBeGreaterThanOrEqual(8);
    const index = readFileSync(join(DIR, "README.md"), "utf8");
    for (const file of FILES) expect(index, file).toContain(`(${file})`);
  });

  it("documents the format with an example that parses", () => {
    const example = readFileSync(join(DIR, "README.md"), "utf8").match(/```yaml\n([\s\S]*?)```/)?.[1];
    expect(example).toBeDefined();
    const parsed = parseScenario(example ?? "", "scenarios/README.md");
    expect(parsed.faults[0]).toMatchObject({ id: "peak-slow-writes", kind: "latency", times: 10 });
  });

  describe.each(FILES)("%s", (file) => {
    it("opens with a comment on what it reproduces, and is named after its file", () => {
      const text = readFileSync(join(DIR, file), "utf8");
      expect(text.startsWith("# ")).toBe(true);
      expect(text).toMatch(/^# Why it matters for a connector:/m);
      expect(loadScenarioFile(join(DIR, file)).name).toBe(basename(file).replace(/\.(ya?ml|json)$/, ""));
    });

    it(
      "plays with every declared invariant holding, and each of its faults fires",
      async () => {
        const scenario = loadScenarioFile(join(DIR, file));
        expect(scenario.faults.length).toBeGreaterThan(0);
        const result = await play(file);
        expect(result.verdicts.map((v) => v.invariant)).toEqual(scenario.invariants);
        expect(result.verdicts.filter((v) => !v.holds)).toEqual([]);
        expect(result.requests).toBeGreaterThan(1000);
        const journaled = hitsByRule(result.journal);
        // Every rule shapes requests the journal names it on, key rotation included (the 401s of the old key).
        for (const rule of scenario.faults) expect(journaled.get(rule.id) ?? 0, rule.id).toBeGreaterThan(0);
      },
      SLOW,
    );
  });

  it.each(["lost-create-response.yaml", "pay-later-lock-storm.yaml"])(
    "%s gives a byte-identical journal when played twice",
    async (file) => {
      const first = await play(file);
      const again = await runScenario(loadScenarioFile(join(DIR, file)));
      expect(again.requests).toBe(first.requests);
      expect(again.journal === first.journal).toBe(true);
    },
    SLOW,
  );

  it("reports a mistake in a file with the file, line, field and reason", () => {
    const original = readFileSync(join(DIR, "friday-lunch-rush.yaml"), "utf8");
    // A plausible slip: a duration written out in words, on the lock rule (the second fault).
    const broken = original.replace("duration: 45s", "duration: 45 seconds");
    expect(broken).not.toBe(original);
    const lines = broken.split("\n");
    const line = lines.findIndex((l) => l.includes("45 seconds")) + 1;
    const column = (lines[line - 1] ?? "").indexOf("45 seconds") + 1;
    const dir = mkdtempSync(join(tmpdir(), "mockpos-scenario-"));
    const file = join(dir, "friday-lunch-rush.yaml");
    try {
      writeFileSync(file, broken);
      let error: unknown;
      try {
        loadScenarioFile(file);
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(ScenarioError);
      expect((error as ScenarioError).issues).toEqual([
        expect.objectContaining({ path: "faults[1].duration", line, column }),
      ]);
      expect((error as ScenarioError).message).toBe(
        `${file}:${line}:${column}: faults[1].duration: a duration like 250ms, 30s, 5m or 2h, or a number of milliseconds`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
