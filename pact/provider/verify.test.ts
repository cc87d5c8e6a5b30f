import "../no-tracking.ts";
import { Verifier } from "@pact-foundation/pact";
import { afterAll, beforeAll, describe, it } from "vitest";
import { stateHandlers } from "../../simulator/admin/provider-states/states.ts";
import { COMMITTED_DIR, pactFile } from "../consumer/support.ts";
import { webhookVerification } from "./messages.ts";
import { httpHost, type ServedMockPos, serveMockPos } from "./serve.ts";

// The simulator verified as the provider of the connector's committed pacts (contracts/pacts):
// each dialect served on 127.0.0.1, Pact's verifier replaying every interaction after setting up
// its provider state through the admin API; the webhook messages built by the simulator's own
// webhook sender.

let served: ServedMockPos;
beforeAll(async () => {
  served = await serveMockPos();
});
afterAll(() => served?.close());

const VERIFY = { timeout: 120_000 };

describe("the simulator verified against the connector's pacts", () => {
  for (const dialect of ["generic", "elyx", "sinqro"] as const) {
    it(`mockpos-${dialect}`, VERIFY, async () => {
      await new Verifier({
        provider: `mockpos-${dialect}`,
        providerBaseUrl: served.urls[dialect],
        pactUrls: [pactFile(`mockpos-${dialect}`, COMMITTED_DIR)],
        stateHandlers: stateHandlers(httpHost(served.urls)),
        logLevel: "warn",
      }).verifyProvider();
    });
  }

  it("mockpos-sinqro-webhooks (message pacts)", VERIFY, async () => {
    await new Verifier({
      provider: "mockpos-sinqro-webhooks",
      pactUrls: [pactFile("mockpos-sinqro-webhooks", COMMITTED_DIR)],
      ...webhookVerification(),
      logLevel: "warn",
    }).verifyProvider();
  });
});
