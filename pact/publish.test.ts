import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";

// scripts/pact-publish.sh: a thin call of the Pact CLI that runs only when a broker is named.

const SCRIPT = resolve(import.meta.dirname, "../scripts/pact-publish.sh");

function run(env: Record<string, string>) {
  const { PACT_BROKER_BASE_URL: _url, ...rest } = process.env;
  return spawnSync("bash", [SCRIPT], { env: { ...rest, ...env }, encoding: "utf8", timeout: 30_000 });
}

describe("scripts/pact-publish.sh", () => {
  it("without PACT_BROKER_BASE_URL it publishes nothing, says so and exits 0", () => {
    const result = run({});
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toBe(
      "pact-publish: PACT_BROKER_BASE_URL is not set, so there is no Pact Broker to publish to: nothing published, nothing asked",
    );
  });

  it("with a broker it calls the Pact CLI's publish, then can-i-deploy (dry run)", () => {
    const result = run({
      PACT_BROKER_BASE_URL: "https://broker.example",
      PACT_PUBLISH_DRY_RUN: "1",
      GIT_SHA: "abc1234",
      GIT_BRANCH: "main",
      PACT_ENVIRONMENT: "staging",
    });
    expect(result.status).toBe(0);
    expect(result.stdout.split("\n").filter(Boolean)).toEqual([
      "pact-publish: would run: npx --no-install pact-broker publish contracts/pacts --consumer-app-version abc1234 --branch main",
      "pact-publish: would run: npx --no-install pact-broker can-i-deploy --pacticipant mockpos-connector --version abc1234 --to-environment staging",
    ]);
  });
});
