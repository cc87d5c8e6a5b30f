import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { CHECKS } from "../conformance/checks/index.ts";
import { referenceEngine } from "../conformance/engines.ts";
import { observe, parseJournal } from "../conformance/observe.ts";
import { Report } from "../conformance/report/json.ts";
import { runCheck } from "../conformance/run.ts";
import { STAGE_START } from "../conformance/stage/common.ts";
import type { Breakage } from "../connector/engine/broken.ts";
import { inProcessBaseUrl, inProcessFetch } from "../connector/mock/in-process.ts";
import { createMockPos } from "../simulator/app.ts";
import { VirtualClock } from "../simulator/clock/index.ts";
import { parseScenario } from "../simulator/scenario/load.ts";
import { runTinyConnector, type TinyFlaws } from "./support/conform/tiny-connector.ts";
import { CLI, mockpos, stopAll } from "./support/processes.ts";
import { childrenNamed, parseXml } from "./support/xml.ts";

const MODULES = resolve(import.meta.dirname, "support/conform");
const CADENCE = "envelope.status-cadence";
const KEYS = "writes.idempotency-key";

afterEach(stopAll);

const tmp = (what: string) => mkdtempSync(join(tmpdir(), `mockpos-conform-${what}-`));

/** `mockpos conform ARGS…` as a user runs it; resolves once it exits. */
async function conform(...args: string[]) {
  const p = mockpos("conform", ...args);
  const code = await p.exited;
  return { code, stdout: p.stdout(), stderr: p.stderr() };
}

function readReport(dir: string): Report {
  return Report.parse(JSON.parse(readFileSync(join(dir, "report.json"), "utf8")));
}

// Each case starts node processes; the bounds are hang detectors on a loaded two-core machine.
describe("mockpos conform --in-process", { timeout: 90_000 }, () => {
  it("passes the reference engine, exit 0, and writes the three reports", async () => {
    const out = tmp("in-process");
    const r = await conform(
      ...["--in-process", join(MODULES, "reference-engine.ts"), "--dialect", "generic"],
      ...["--checks", CADENCE, "--out", out],
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      new RegExp(`^PASS  generic +${CADENCE.replace(".", "\\.")}  every location`, "m"),
    );
    expect(r.stdout).toContain("conform: 1 passed, 0 failed, 0 not applicable");
    for (const file of ["junit.xml", "report.json", "report.html"])
      expect(existsSync(join(out, file))).toBe(true);
    const junit = parseXml(readFileSync(join(out, "junit.xml"), "utf8"));
    expect(childrenNamed(junit, "testsuite").map((s) => s.attrs.name)).toEqual(["generic"]);
    expect(readReport(out).results.map((x) => [x.check, x.status])).toEqual([[CADENCE, "pass"]]);
  });

  it("fails an engine that checks its locations every 3 minutes, exit 1, saying why", async () => {
    const out = tmp("slow");
    const r = await conform(
      ...["--in-process", join(MODULES, "slow-status-engine.ts"), "--dialect", "generic"],
      ...["--checks", "envelope.status-*", "--out", out],
    );
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(
      /^FAIL {2}generic +envelope\.status-cadence {2}\d+ status gap\(s\) longer than a minute/m,
    );
    expect(r.stdout).toContain("conform: 0 passed, 1 failed, 0 not applicable");
    const junit = readFileSync(join(out, "junit.xml"), "utf8");
    expect(childrenNamed(childrenNamed(parseXml(junit), "testsuite")[0] as never, "testcase")).toHaveLength(
      1,
    );
    expect(junit).toContain("<failure message=");
  });

  it.each([
    [["--checks", "no.such-check"], /--checks: no check 'no\.such-check'; the checks are envelope\./],
    [["--dialect", "generic,toast"], /--dialect: unknown dialect 'toast'; choose from/],
    [["--no-out"], /Unknown option '--no-out'/],
    [["--time-scale", "60"], /--time-scale applies to a connector process/],
  ])("exits 2 on bad usage (%s), naming the problem", async (args, said) => {
    const r = await conform(
      "--in-process",
      join(MODULES, "reference-engine.ts"),
      "--out",
      tmp("usage"),
      ...args,
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(said);
  });

  it("exits 2 without --out, or with a module that exports no engine factory", async () => {
    const noOut = await conform("--in-process", join(MODULES, "reference-engine.ts"));
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toContain("--out DIR is required");
    const noFactory = await conform(
      "--in-process",
      join(MODULES, "tiny-connector.ts"),
      "--out",
      tmp("nofactory"),
    );
    expect(noFactory.code).toBe(2);
    expect(noFactory.stderr).toContain("exports no engine factory");
  });
});

describe("mockpos conform --connector: the connector as a process, at 60×", { timeout: 120_000 }, () => {
  // `mockpos connector` as the connector under test; the suite gives it its control port.
  const reference = `'${process.execPath}' '${CLI}' connector --port "$MOCKPOS_CONTROL_PORT"`;

  it("reaches the verdict the in-process run reaches: the reference engine passes", async () => {
    const check = CHECKS.find((c) => c.id === KEYS);
    if (!check) throw new Error(`no ${KEYS} check`);
    const inProcess = await runCheck(check, "generic", {
      dialects: ["generic"],
      mode: "drive",
      target: { kind: "in-process", engine: referenceEngine },
    });
    const out = tmp("process");
    const r = await conform(
      ...["--connector", reference, "--dialect", "generic", "--checks", KEYS],
      ...["--time-scale", "60", "--out", out],
    );
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
    const report = readReport(out);
    expect(report.timeScale).toBe(60);
    expect(report.results.map((x) => [x.check, x.dialect, x.status])).toEqual([
      [KEYS, "generic", inProcess.verdict.status],
    ]);
    expect(inProcess.verdict.status).toBe("pass");
    expect(report.results[0]?.requests).toBeGreaterThan(0);
    // It was started with the port, and stopped at the end.
    expect(readFileSync(join(out, "connector.log"), "utf8")).toContain("mockpos connector: stopped");
  });

  it("fails a connector process that sends writes without a key, exit 1", async () => {
    const broken = `'${process.execPath}' '${join(MODULES, "broken-connector.ts")}' no-idempotency-key`;
    const out = tmp("process-broken");
    const r = await conform(
      ...["--connector", broken, "--dialect", "generic", "--checks", KEYS],
      ...["--time-scale", "60", "--out", out],
    );
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(1);
    expect(r.stdout).toMatch(
      /^FAIL {2}generic +writes\.idempotency-key {2}\d+ of \d+ writes had no idempotency key/m,
    );
  });

  it("says so, exit 1, when the connector never answers on its port", async () => {
    const r = await conform("--connector", "exit 3", "--checks", CADENCE, "--out", tmp("dead"));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("the connector exited before it answered GET /driver/v1");
  });
});

// ---- observe mode: a connector the suite does not drive ----

const TINY_MINUTES = 31;

/** The journal (and chain) of a served-in-process simulator that the tiny connector polled. */
async function observed(flaws: TinyFlaws = {}): Promise<{ journal: string; chain: string }> {
  const clock = new VirtualClock(STAGE_START);
  const mock = createMockPos({ seed: "observed", locations: 3, clock });
  const chain = mock.sim.chain;
  await runTinyConnector({
    baseUrl: inProcessBaseUrl("generic"),
    fetch: inProcessFetch(mock),
    clock,
    locations: chain.locations.map((l) => ({ id: l.id, apiKey: l.credentials.apiKey })),
    minutes: TINY_MINUTES,
    flaws,
  });
  const exported = await mock.app.request("/__admin/journal/export?limit=100000");
  const summary = await mock.app.request("/__admin/chain");
  return { journal: await exported.text(), chain: await summary.text() };
}

function files(what: string, data: { journal: string; chain: string }) {
  const dir = tmp(what);
  writeFileSync(join(dir, "journal.ndjson"), data.journal);
  writeFileSync(join(dir, "chain.json"), data.chain);
  return { dir, journal: join(dir, "journal.ndjson"), chain: join(dir, "chain.json") };
}

/** The checks a variant with this flaw must fail: those judged in observe mode that catch it. */
function failingOf(results: { check: string; status: string }[], breakage: Breakage): string[] {
  const judged = new Set(results.filter((r) => r.status !== "not_applicable").map((r) => r.check));
  return CHECKS.filter((c) => c.catches === breakage && judged.has(c.id)).map((c) => c.id);
}

describe("mockpos conform --observe: judging a journal", { timeout: 90_000 }, () => {
  it("passes a small connector that polls on the envelope with cursors and keys; guest checks do not apply", async () => {
    const f = files("observe", await observed());
    const out = join(f.dir, "out");
    const r = await conform("--observe", "--journal", f.journal, "--chain", f.chain, "--out", out);
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
    const report = readReport(out);
    expect(report.mode).toBe("observe");
    expect(report.dialects).toEqual(["generic"]);
    const byId = new Map(report.results.map((x) => [x.check, x]));
    for (const check of CHECKS) {
      const result = byId.get(check.id);
      expect(result, check.id).toBeDefined();
      if (check.needsGuests) {
        expect(result?.status, check.id).toBe("not_applicable");
        expect(result?.summary).toContain("not applicable in observe mode");
      } else expect(result?.status, `${check.id}: ${result?.summary}`).not.toBe("fail");
    }
    // What a journal alone can show is judged, and passes.
    for (const id of [CADENCE, "envelope.cursors", "envelope.order-refresh"].filter((id) => byId.has(id)))
      expect(byId.get(id)?.status, `${id}: ${byId.get(id)?.summary}`).toBe("pass");
    const html = readFileSync(join(out, "report.html"), "utf8");
    expect(html.match(/<svg class="tl"/g)?.length).toBeGreaterThan(0);
  });

  it("fails the variant that lists orders without its cursor, exit 1", async () => {
    const f = files("observe-nocursor", await observed({ noCursor: true }));
    const out = join(f.dir, "out");
    const r = await conform(
      "--observe",
      "--journal",
      f.journal,
      "--chain",
      f.chain,
      "--dialect",
      "generic",
      "--out",
      out,
    );
    const report = readReport(out);
    const failing = report.results.filter((x) => x.status === "fail").map((x) => x.check);
    const expected = failingOf(report.results, "no-cursor");
    expect(expected.length, "a journal-only check catches a missing cursor").toBeGreaterThan(0);
    expect(r.code).toBe(1);
    expect(failing).toEqual(expected);
  });

  it("fails the variant with a slow status check on exactly the checks it breaks", async () => {
    const data = await observed({ slowStatus: true });
    const { results } = await observe(CHECKS, {
      journal: parseJournal(data.journal),
      chain: JSON.parse(data.chain),
    });
    const statuses = results.map((x) => ({ check: x.check, status: x.verdict.status }));
    const failing = statuses.filter((x) => x.status === "fail").map((x) => x.check);
    expect(failing).toContain(CADENCE);
    expect(failing).toEqual(failingOf(statuses, "slow-status"));
  });

  it("cannot see a connector's missing keys when no journal-only check judges keys: those checks do not apply, none passes", async () => {
    const { results } = await observe(CHECKS, {
      journal: parseJournal((await observed({ noKeys: true })).journal),
    });
    const keyed = results.filter((x) => CHECKS.find((c) => c.id === x.check)?.needsGuests);
    expect(keyed.length).toBeGreaterThan(0);
    for (const x of keyed) expect(x.verdict.status, x.check).toBe("not_applicable");
    expect(results.filter((x) => x.verdict.status === "fail").map((x) => x.check)).toEqual(
      failingOf(
        results.map((x) => ({ check: x.check, status: x.verdict.status })),
        "no-idempotency-key",
      ),
    );
  });

  it("does not judge a check whose scenario needs faults or staff, saying what it needed", async () => {
    const { results } = await observe(CHECKS, { journal: parseJournal((await observed()).journal) });
    const scripted = results.filter((x) =>
      /its scenario (injects faults|acts at the POS)/.test(x.verdict.summary),
    );
    for (const x of scripted) expect(x.verdict.status).toBe("not_applicable");
  });

  it("shades the scenario's fault rules that are in force over a stated span, not those that strike by chance", async () => {
    const scenario = parseScenario(`
name: observed
clock: { start: "2026-03-14T11:30:00Z" }
duration: 1h
faults:
  - { id: link-down, kind: unreachable, mode: refuse, scope: { locations: [loc-0002] }, when: { from: "+3m", to: "+8m" } }
  - { id: keys-rotated, kind: rotate_credentials, at: "+5m" }
  - { id: flaky, kind: unreachable, mode: refuse, pattern: { type: random, mtbf: 35m, mttr: 3m } }
`);
    const { results } = await observe(
      CHECKS.filter((c) => c.id === CADENCE),
      { journal: parseJournal((await observed()).journal), scenario },
    );
    expect(results[0]?.run?.notes.windows).toEqual([
      {
        from: STAGE_START + 3 * 60_000,
        to: STAGE_START + 8 * 60_000,
        label: "link-down (unreachable)",
        locationId: "loc-0002",
      },
      {
        from: STAGE_START + 5 * 60_000,
        to: STAGE_START + 5 * 60_000,
        label: "keys-rotated (rotate_credentials)",
      },
    ]);
  });

  it("watches a served mockpos on its own clock (--target), then judges what it saw", async () => {
    // Mock mode: a simulator and the reference engine in one process, at 60×.
    const served = mockpos(
      ...["mock", "--port", "0", "--control-port", "0", "--clock", "scaled", "--clock-factor", "60"],
      ...["--start", "2026-03-14T11:30:00Z", "--locations", "3"],
    );
    const [, url] = await served.printed(/listening on (http:\/\/\S+)/);
    const out = tmp("target");
    const r = await conform(
      ...["--observe", "--target", url as string, "--duration", "6m"],
      ...["--checks", "envelope.spread,writes.idempotency-key", "--out", out],
    );
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
    const report = readReport(out);
    expect(report.target).toBe(`url ${url}`);
    expect(report.results.map((x) => [x.check, x.status])).toEqual([
      ["envelope.spread", "pass"],
      [KEYS, "not_applicable"],
    ]);
    expect(report.results[0]?.timings.simulatedMs).toBe(6 * 60_000);
  });

  it("exits 2 on a journal that is not one, naming the line", async () => {
    const dir = tmp("badjournal");
    writeFileSync(join(dir, "j.ndjson"), '{"seq":1}\n');
    const r = await conform("--observe", "--journal", join(dir, "j.ndjson"), "--out", join(dir, "out"));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/j\.ndjson:1: not a journal entry/);
  });
});
