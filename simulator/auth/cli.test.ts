import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";

const CLI = resolve(import.meta.dirname, "../../bin/mockpos.ts");
// Hang detectors for cold node processes on a loaded machine, not claims on start-up time.
const CASE_TIMEOUT = 90_000;
const CLEAN_ENV = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("MOCKPOS_")));

function mockpos(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    encoding: "utf8",
    env: { ...CLEAN_ENV, ...env },
    timeout: 45_000,
    killSignal: "SIGKILL",
  });
  if (r.error) throw new Error(`mockpos ${args.join(" ")}: ${r.error.message}`);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("mockpos serve --auth", () => {
  it(
    "is in --help, and refuses mtls without TLS and an unknown mechanism, naming where it came from",
    () => {
      expect(mockpos(["serve", "--help"]).stdout).toMatch(/--auth MECHANISM.*keys.*oauth.*mtls/s);
      const mtls = mockpos(["serve", "--auth", "mtls", "--port", "0"]);
      expect(mtls.status).toBe(2);
      expect(mtls.stderr).toContain("--auth: mtls needs TLS");
      const env = mockpos(["serve", "--port", "0"], { MOCKPOS_AUTH: "saml" });
      expect(env.status).toBe(2);
      expect(env.stderr).toMatch(/MOCKPOS_AUTH: .*"keys"\|"oauth"\|"mtls"/);
    },
    CASE_TIMEOUT,
  );
});
