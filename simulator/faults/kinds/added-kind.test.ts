import { describe, expect, it } from "vitest";
import { z } from "zod";
import { testPos } from "../../../test/support/pos.ts";
import { createMockPos } from "../../app.ts";
import { VirtualClock } from "../../clock/index.ts";
import { withConsole } from "../../console/index.ts";
import { defineFaultKind, ruleSchema } from "../kind.ts";

/**
 * A fault kind no simulator ships, defined here and nowhere else: the answer carries
 * `X-Test-Stamp` with the rule's word. Given to the public factory, it is known to the admin
 * API, scenarios, the engine, the journal and the contract like any built-in kind.
 */
const stamp = defineFaultKind({
  kind: "stamp",
  schema: ruleSchema("stamp", {
    word: z
      .string()
      .regex(/^[a-z]{1,20}$/, "lower-case letters (up to 20)")
      .default("stamped"),
  }),
  summary: "the answer carries X-Test-Stamp with the rule's word",
  form: [{ name: "word", label: "word", type: "text", placeholder: "stamped" }],
  describe: (rule) => `stamps '${rule.word}'`,
  after(response, active) {
    response.fire(active);
    const stamped = new Response(response.response.body, response.response);
    stamped.headers.set("x-test-stamp", active.rule.word);
    response.response = stamped;
  },
});

const START = "2026-03-13T11:30:00Z";

function setup() {
  const pos = testPos({ faultKinds: [stamp] });
  const loc = pos.location(0);
  const admin = (method: string, path: string, body?: unknown) =>
    pos.request(method, `/__admin${path}`, { body, as: false });
  const status = () => pos.request("GET", `/v1/locations/${loc.id}/status`);
  const menu = () => pos.request("GET", `/v1/locations/${loc.id}/menu`);
  return { ...pos, loc, admin, status, menu };
}

describe("a fault kind added in one file", () => {
  it("is put in force through the admin API, shapes the requests it scopes, and is listed with its hits and in the journal", async () => {
    const pos = setup();
    const added = await pos.admin("POST", "/faults", {
      id: "stamp-status",
      kind: "stamp",
      word: "hello",
      scope: { operations: ["location.status"] },
    });
    expect(added.status).toBe(201);
    expect(added.body.faults[0]).toMatchObject({ id: "stamp-status", kind: "stamp", hits: 0 });

    const stamped = await pos.status();
    expect(stamped.status).toBe(200);
    expect(stamped.headers.get("x-test-stamp")).toBe("hello");
    expect(stamped.headers.get("x-mockpos-fault")).toBe("stamp-status");
    const other = await pos.menu();
    expect(other.status).toBe(200);
    expect(other.headers.get("x-test-stamp")).toBeNull();

    const listed = await pos.admin("GET", "/faults");
    expect(listed.body.faults).toEqual([
      expect.objectContaining({
        id: "stamp-status",
        kind: "stamp",
        hits: 1,
        rule: expect.objectContaining({ word: "hello" }),
      }),
    ]);
    const journal = await pos.admin("GET", `/journal?locationId=${pos.loc.id}`);
    const faulted = journal.body.entries.filter((e: { fault: string | null }) => e.fault !== null);
    expect(faulted).toEqual([
      expect.objectContaining({ operation: "location.status", fault: "stamp-status" }),
    ]);
  });

  it("has its options validated by its own schema, refused naming the field; a simulator without it refuses the kind", async () => {
    const pos = setup();
    const bad = await pos.admin("POST", "/faults", { id: "loud", kind: "stamp", word: "LOUD" });
    expect(bad.status).toBe(400);
    expect(bad.body.invalidParams).toEqual([
      expect.objectContaining({ name: "body.word", reason: "lower-case letters (up to 20)" }),
    ]);
    const defaulted = await pos.admin("POST", "/faults", { id: "plain", kind: "stamp" });
    expect(defaulted.body.faults[0].rule.word).toBe("stamped");

    const without = testPos();
    const refused = await without.request("POST", "/__admin/faults", {
      body: { id: "plain", kind: "stamp" },
      as: false,
    });
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe("VALIDATION");
    expect(
      (await without.request("GET", `/v1/locations/${without.location(0).id}/status`)).headers.get(
        "x-test-stamp",
      ),
    ).toBeNull();
  });

  it("is played from a scenario: its rule becomes the baseline, a reset keeps it, and it stamps the scenario's requests", async () => {
    const pos = setup();
    const played = await pos.admin("PUT", "/scenario", {
      name: "stamped-day",
      clock: { start: START },
      duration: "1h",
      activity: { enabled: false },
      probe: { enabled: false },
      faults: [{ id: "from-scenario", kind: "stamp", word: "scenario" }],
    });
    expect(played.status).toBe(200);
    expect(played.body.faults).toEqual(["from-scenario"]);
    const loc = pos.sim.chain.locations[0];
    if (!loc) throw new Error("the scenario's chain has no location");
    const answer = await pos.request("GET", `/v1/locations/${loc.id}/status`);
    expect(answer.headers.get("x-test-stamp")).toBe("scenario");
    expect((await pos.admin("POST", "/faults/reset")).body.faults).toEqual([
      expect.objectContaining({ id: "from-scenario", kind: "stamp", hits: 0 }),
    ]);
  });

  it("is in the served contract: the admin API's rule schema and the scenario schema list it", async () => {
    const pos = setup();
    const kindsOf = async (app: typeof pos.app, path: string, method: string) => {
      const doc = (await (await app.request("/openapi.json")).json()) as any;
      const schema = doc.paths[path][method].requestBody.content["application/json"].schema;
      // A rule, or a list of them: each kind is named once per place it may stand.
      const named = JSON.stringify(schema).matchAll(/"kind":\{"type":"string","enum":\["([a-z_]+)"\]/g);
      return [...new Set([...named].map((m) => m[1]))];
    };
    const withStamp = await kindsOf(pos.app, "/__admin/faults", "post");
    const plain = await kindsOf(testPos().app, "/__admin/faults", "post");
    expect(plain).toContain("lock");
    expect(withStamp).toEqual([...plain, "stamp"]);
    expect(await kindsOf(pos.app, "/__admin/scenario", "put")).toEqual([...plain, "stamp"]);
  });

  it("is in the console's form, its wording in the table, and its refusals on its own field", async () => {
    const mock = createMockPos({
      seed: "console",
      locations: 1,
      clock: new VirtualClock(Date.parse(START)),
      faultKinds: [stamp],
    });
    const served = withConsole(mock.app, mock);
    const fetch = (path: string, init?: RequestInit) =>
      served.fetch(new Request(`http://127.0.0.1${path}`, init));
    const act = async (fields: Record<string, string>) => {
      const res = await fetch("/__console/act/fault-add", {
        method: "POST",
        body: new URLSearchParams(fields),
        headers: { accept: "application/json" },
      });
      return (await res.json()) as { ok: boolean; fields?: Record<string, string> };
    };
    try {
      const form = await (await fetch("/__console/faults")).text();
      expect(form).toContain('<option value="stamp">stamp</option>');
      expect(form).toContain("stamp: the answer carries X-Test-Stamp with the rule&#39;s word");
      expect(form).toContain('name="k.stamp.word"');
      expect(await act({ id: "loud", kind: "stamp", "k.stamp.word": "LOUD" })).toMatchObject({
        ok: false,
        fields: { "k.stamp.word": "lower-case letters (up to 20)" },
      });
      expect(await act({ id: "hi", kind: "stamp", "k.stamp.word": "hi" })).toMatchObject({ ok: true });
      expect(await (await fetch("/__console/partials/faults")).text()).toContain("stamps &#39;hi&#39;");
    } finally {
      served.close();
    }
  });

  it("cannot take the name of a built-in kind", () => {
    const lock = defineFaultKind({
      kind: "lock",
      schema: ruleSchema("lock", {}),
      summary: "a second lock",
      form: [],
      describe: () => "",
    });
    expect(() => createMockPos({ faultKinds: [lock] })).toThrow("fault kind 'lock' is defined twice");
  });
});
