import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { CHECKS, loadKnown } from "../fuzz/run.ts";

/**
 * The property-based contract fuzzer itself (scripts/fuzz.sh: Schemathesis, pinned, against each
 * dialect's published OpenAPI on simulators served on 127.0.0.1) is a gate of its own in
 * `npm test`, after vitest (scripts/test.sh); this checks its setup.
 */

const ROOT = resolve(import.meta.dirname, "..");

describe("the contract fuzzer's setup", () => {
  it("lists every accepted finding with its reason, and holds responses to the conformance checks", () => {
    const known = loadKnown();
    for (const k of known) expect(k.reason.trim().length, JSON.stringify(k)).toBeGreaterThan(10);
    expect(CHECKS).toEqual(
      expect.arrayContaining([
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_schema_conformance",
      ]),
    );
    expect(readFileSync(resolve(ROOT, "scripts/fuzz.sh"), "utf8")).toMatch(
      /SCHEMATHESIS_VERSION=\d+\.\d+\.\d+\n/,
    );
  });
});
