import { afterAll, describe, expect, it } from "vitest";
import { createMockPos } from "../simulator/app.ts";
import { json, mockpos, stopAll } from "./support/processes.ts";

// Two `mockpos serve --shard k/2` processes serving one 100,000-location chain, as a user starts them.
const LOCATIONS = "100000";
const SEED = "shards";

function shard(k: number) {
  const run = mockpos(
    ...["serve", "--port", "0", "--elyx-port", "0", "--sinqro-port", "0"],
    ...["--locations", LOCATIONS, "--seed", SEED, "--shard", `${k}/2`],
  );
  return {
    run,
    url: run.printed(/listening on (http:\/\/[^\s]+)/).then((m) => m[1] as string),
    elyx: run.printed(/^\s+elyx\s+(http:\/\/\S+)/m).then((m) => m[1] as string),
  };
}

interface ChainPage {
  credentials: { groupKey: string };
  locations: { id: string; credentials: { apiKey: string } }[];
}

afterAll(stopAll);

describe("a chain served by two shards", () => {
  const first = shard(1);
  const second = shard(2);

  it("answers each location at its own shard, and names the owner at the other", async () => {
    const [one, two] = await Promise.all([first.url, second.url]);
    expect(first.run.stdout()).toContain("shard 1/2 (loc-0001 to loc-50000) of 100000 locations");
    // One chain: both shards list the same credentials.
    const page = (url: string, offset: number) =>
      json<ChainPage>(`${url}/__admin/chain?offset=${offset}&limit=1`);
    const [low, high] = [(await page(one, 0)).locations[0], (await page(one, 99_999)).locations[0]];
    expect((await page(two, 99_999)).locations[0]).toEqual(high);
    expect(low?.id).toBe("loc-0001");
    expect(high?.id).toBe("loc-100000");

    const status = (url: string, loc: { id: string; credentials: { apiKey: string } }) =>
      fetch(`${url}/v1/locations/${loc.id}/status`, { headers: { "x-api-key": loc.credentials.apiKey } });
    const lowHere = await status(one, low as never);
    expect(lowHere.status).toBe(200);
    expect(((await lowHere.json()) as { locationId: string }).locationId).toBe("loc-0001");
    expect((await status(two, high as never)).status).toBe(200);

    const misrouted = await status(two, low as never);
    expect(misrouted.status).toBe(404);
    const problem = (await misrouted.json()) as { code: string; shard: string; detail: string };
    expect(problem).toMatchObject({ code: "NOT_FOUND", shard: "1/2" });
    expect(problem.detail).toBe(
      "this is shard 2/2 (loc-50001 to loc-100000) of the chain; loc-0001 is served by shard 1/2 (loc-0001 to loc-50000)",
    );
    expect((await status(one, high as never)).status).toBe(404);
  });

  it("refuses another shard's location in the Elyx dialect's own words", async () => {
    const [one, elyx] = await Promise.all([first.url, second.elyx]);
    const { credentials } = await json<ChainPage>(`${one}/__admin/chain?limit=1`);
    const headers = { "x-api-key": credentials.groupKey };
    expect((await fetch(`${elyx}/api/v1/locations/100000`, { headers })).status).toBe(200);
    const misrouted = await fetch(`${elyx}/api/v1/locations/7`, { headers });
    expect(misrouted.status).toBe(404);
    expect(await misrouted.text()).toContain("shard 1/2");
  });

  it("serves a location exactly as the unsharded chain has it", async () => {
    const two = await second.url;
    const { locations } = await json<ChainPage>(`${two}/__admin/chain?offset=77776&limit=1`);
    const loc = locations[0] as ChainPage["locations"][number];
    const headers = { "x-api-key": loc.credentials.apiKey };
    const sharded = await json(`${two}/v1/locations/${loc.id}/menu`, { headers });
    const whole = createMockPos({ seed: SEED, locations: Number(LOCATIONS) });
    const res = await whole.app.request(`/v1/locations/${loc.id}/menu`, { headers });
    expect(res.status).toBe(200);
    const unsharded = (await res.json()) as typeof sharded;
    // The menu's updatedAt is when each process generated its chain; everything else is the seed's.
    expect({ ...sharded, updatedAt: null }).toEqual({ ...unsharded, updatedAt: null });
  });
});
