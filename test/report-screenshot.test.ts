import { existsSync, mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { describe, expect, it } from "vitest";
import { keyReusedOnRetry } from "../conformance/checks/key-reused-on-retry.ts";
import { readOnlyNoWrites } from "../conformance/checks/read-only-no-writes.ts";
import { statusCadence } from "../conformance/checks/status-cadence.ts";
import { brokenEngine, referenceEngine } from "../conformance/engines.ts";
import { writeReports } from "../conformance/report/index.ts";
import { runCheck, type SuiteOptions } from "../conformance/run.ts";
import { STAGE_START } from "../conformance/stage/common.ts";

/** Debian's Chromium (`apt-get install chromium`), or the one MOCKPOS_CHROMIUM names. */
const CHROMIUM = process.env.MOCKPOS_CHROMIUM || "/usr/bin/chromium";
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const ROOT = resolve(import.meta.dirname, "..");
/**
 * Where the picture goes: docs/conformance-report.png (the README's) when MOCKPOS_SCREENSHOT=docs,
 * out/ otherwise, so that running the tests leaves the work tree as it was.
 */
const SHOT =
  process.env.MOCKPOS_SCREENSHOT === "docs"
    ? join(ROOT, "docs", "conformance-report.png")
    : join(ROOT, "out", "conformance-report.png");

const FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
];

const options = (target: SuiteOptions["target"]): SuiteOptions => ({
  dialects: ["generic"],
  mode: "drive",
  target,
});

// A missing browser is a broken machine, not a reason to skip: .ci/run installs Debian's chromium.
describe("report.html in a browser", { timeout: 120_000 }, () => {
  it("has a browser to open it in", () => {
    expect(
      HAVE_CHROMIUM,
      `no Chromium at ${CHROMIUM}: apt-get install chromium (or set MOCKPOS_CHROMIUM)`,
    ).toBe(true);
  });

  it("renders the summary and a timeline per check at 1280 px and on a phone, and is photographed", async () => {
    const reference = { kind: "in-process" as const, engine: referenceEngine };
    // The failing ones first: the picture above the fold is the one a reader needs.
    const results = [
      await runCheck(readOnlyNoWrites, "elyx", {
        ...options({ kind: "in-process", engine: brokenEngine("write-while-unreachable") }),
        dialects: ["elyx"],
      }),
      await runCheck(statusCadence, "sinqro", {
        ...options({ kind: "in-process", engine: brokenEngine("slow-status") }),
        dialects: ["sinqro"],
      }),
      await runCheck(statusCadence, "generic", options(reference)),
      await runCheck(readOnlyNoWrites, "generic", options(reference)),
      await runCheck(keyReusedOnRetry, "generic", { ...options(reference), mode: "observe" }),
    ];
    expect(results.map((r) => r.verdict.status)).toEqual(["fail", "fail", "pass", "pass", "not_applicable"]);
    const dir = mkdtempSync(join(tmpdir(), "mockpos-report-shot-"));
    const { files } = writeReports(dir, results, {
      generatedAt: STAGE_START + 8 * 3_600_000,
      mode: "drive",
      target: "in-process conformance/engines.ts",
      seed: "conformance",
      dialects: ["generic", "elyx", "sinqro"],
    });
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 1280 } });
      await page.goto(pathToFileURL(files.html).href);
      expect(await page.title()).toBe("mockpos conformance: 2 passed, 2 failed, 1 not applicable");
      expect(await page.locator("svg.tl").count()).toBe(4);
      expect(await page.locator("table tbody tr").count()).toBe(5);
      // The timelines are drawn at a readable size, not squeezed.
      const box = await page.locator("svg.tl").first().boundingBox();
      expect(box?.width).toBeGreaterThan(1000);
      expect(box?.height).toBeGreaterThan(120);
      mkdirSync(resolve(SHOT, ".."), { recursive: true });
      // What a reader sees first: the summary, the legend and the first failure's timeline.
      await page.screenshot({ path: SHOT });

      // On a phone the page does not overflow sideways: the timelines scroll in their own boxes.
      await page.setViewportSize({ width: 390, height: 844 });
      const overflow = await page.evaluate<number>(
        "document.documentElement.scrollWidth - window.innerWidth",
      );
      expect(overflow).toBeLessThanOrEqual(0);
      const phone = await page.locator("svg.tl").first().boundingBox();
      expect(phone?.width).toBeGreaterThanOrEqual(760);
    } finally {
      await browser.close();
    }
    expect(existsSync(SHOT)).toBe(true);
  });
});
