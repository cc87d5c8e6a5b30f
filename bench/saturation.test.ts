import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { dialectCredentials } from "../load/dialect-credentials.ts";
import { createMockPos } from "../simulator/app.ts";
import { GENERIC } from "../simulator/dialects/generic/index.ts";
import { pollTargets } from "./saturation.ts";

const dir = mkdtempSync(path.join(os.tmpdir(), "mockpos-saturation-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the saturation probe's polls (bench:capacity --saturate)", () => {
  const { app, sim } = createMockPos({ seed: "saturation", locations: 78 });
  const file = path.join(dir, "credentials.json");
  writeFileSync(file, JSON.stringify(dialectCredentials(sim.chain, GENERIC)));
  const { targets, mix } = pollTargets(file);

  it("asks every location once, each poll as often as its cadence says relative to the others", () => {
    expect(targets).toHaveLength(78);
    const ids = targets.map((t) => /^\/v1\/locations\/([^/]+)\//.exec(t.path)?.[1]);
    expect(new Set(ids).size).toBe(78);
    const tally = (pattern: RegExp) => targets.filter((t) => pattern.test(t.path)).length;
    // Two rounds of 39: status every minute (20), in-progress every 2 (10), new every 4 (5), availability every 5 (4).
    expect(tally(/\/status$/)).toBe(40);
    expect(tally(/view=in_progress/)).toBe(20);
    expect(tally(/view=new/)).toBe(10);
    expect(tally(/\/availability$/)).toBe(8);
    expect(mix).toBe("location.status 20, orders.new 5, orders.in_progress 10, availability.get 4");
  });

  it("sends requests the simulator answers 200, each with its own location's key", async () => {
    for (const target of targets) {
      const res = await app.request(target.path, { headers: target.headers });
      expect(res.status, target.path).toBe(200);
    }
    const other = targets[1]?.headers ?? {};
    const refused = await app.request(targets[0]?.path ?? "", { headers: other });
    expect(refused.status).toBe(403);
  });
});
