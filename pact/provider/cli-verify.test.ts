import "../no-tracking.ts";
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COMMITTED_DIR, pactFile } from "../consumer/support.ts";
import { type ServedMockPos, serveMockPos } from "./serve.ts";

// A verifier outside JavaScript: the Pact CLI's Rust verifier (`pact-verifier` from
// @pact-foundation/pact-cli, i.e. `pact verifier`), run as a separate process against a served
// mockpos, with the provider states served over HTTP by the simulator itself
// (POST /__admin/pact/provider-states). Nothing of Pact-JS takes part.

const VERIFIER = createRequire(import.meta.url).resolve("@pact-foundation/pact-cli/bin/pact-verifier.js");
const LIMIT_MS = 90_000;

let served: ServedMockPos;
beforeAll(async () => {
  served = await serveMockPos();
});
afterAll(() => served?.close());

/** Runs the CLI verifier to its end (killed past LIMIT_MS); resolves with its exit code and output. */
function verify(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [VERIFIER, ...args], {
      env: { ...process.env, PACT_DO_NOT_TRACK: "true" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk) => {
      output += chunk;
    });
    child.stderr.on("data", (chunk) => {
      output += chunk;
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), LIMIT_MS);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe("the Pact CLI's Rust verifier against a served mockpos", () => {
  for (const dialect of ["generic", "elyx", "sinqro"] as const) {
    it(`mockpos-${dialect}`, { timeout: LIMIT_MS + 10_000 }, async () => {
      const provider = new URL(served.urls[dialect]);
      const { code, output } = await verify([
        "--file",
        pactFile(`mockpos-${dialect}`, COMMITTED_DIR),
        "--provider-name",
        `mockpos-${dialect}`,
        "--hostname",
        provider.hostname,
        "--port",
        provider.port,
        "--state-change-url",
        `${served.urls.generic}/__admin/pact/provider-states`,
        "--state-change-teardown",
        "--no-colour",
      ]);
      expect(code, output).toBe(0);
      expect(output).toContain(`Verifying a pact between mockpos-connector and mockpos-${dialect}`);
      expect(output).not.toMatch(/FAILED/);
    });
  }
});
