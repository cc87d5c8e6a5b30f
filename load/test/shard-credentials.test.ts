import { describe, expect, it } from "vitest";
import { createMockPos } from "../../simulator/app.ts";
import { shardedCredentials } from "../shard-credentials.ts";

describe("the credentials of a sharded chain", () => {
  it("send each location to its shard, with the keys every shard's chain issued", async () => {
    const urls = ["http://shard-1:8080", "http://shard-2:8080/", "http://shard-3:8080"];
    const entries = shardedCredentials(
      { seed: "k8s", locations: 10, locale: "en", dialect: "generic" },
      urls,
    );
    expect(entries.map((e) => [e.locationId, e.baseUrl])).toEqual([
      ["loc-0001", "http://shard-1:8080"],
      ["loc-0002", "http://shard-1:8080"],
      ["loc-0003", "http://shard-1:8080"],
      ["loc-0004", "http://shard-2:8080"],
      ["loc-0005", "http://shard-2:8080"],
      ["loc-0006", "http://shard-2:8080"],
      ["loc-0007", "http://shard-3:8080"],
      ["loc-0008", "http://shard-3:8080"],
      ["loc-0009", "http://shard-3:8080"],
      ["loc-0010", "http://shard-3:8080"],
    ]);
    // A simulator of that seed lets each entry's key into its location.
    const { app } = createMockPos({ seed: "k8s", locations: 10 });
    for (const e of entries) {
      const res = await app.request(`/v1/locations/${e.locationId}/status`, {
        headers: { "x-api-key": e.apiKey },
      });
      expect(res.status).toBe(200);
    }
  });

  it("carry what Elyx and Sinqro need", () => {
    const [elyx] = shardedCredentials({ seed: "k8s", locations: 4, locale: "fr", dialect: "elyx" }, [
      "http://a",
      "http://b",
    ]).slice(2);
    expect(elyx).toMatchObject({ locationId: "loc-0003", number: 3, baseUrl: "http://b" });
    const [sinqro] = shardedCredentials({ seed: "k8s", locations: 4, locale: "fr", dialect: "sinqro" }, [
      "http://a",
    ]);
    expect(sinqro?.serverToken).toMatch(/^mps_/);
  });
});
