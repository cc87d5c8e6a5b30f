// The credentials file of `mockpos verify`: the load runner's format (load/k6/credentials.ts, one
// entry per location, as the dialect needs it) plus where verify may write. A vendor names the
// locations set aside for testing; verify reads any listed location and writes only to those.
//
//   [ { "locationId": "loc-0001", "apiKey": "…", "testing": true },   a list: writes only where
//     { "locationId": "loc-0002", "apiKey": "…" } ]                    "testing": true
//   { "testing": "all", "locations": [ … ] }                           every listed location may be written
import type { LoadDialect } from "../load/k6/config.ts";
import { CREDENTIALS_FORMAT, type LocationCredentials, parseCredentials } from "../load/k6/credentials.ts";

export interface VerifyLocation extends LocationCredentials {
  /** The vendor set this location aside for testing: verify may create and pay orders there. */
  testing: boolean;
}

export interface VerifyCredentials {
  locations: VerifyLocation[];
  /** How the file named its testing locations, for the report. */
  testingRule: "marked" | "all";
}

/** Parses the file's text; throws a message naming the entry at fault. */
export function parseVerifyCredentials(text: string, dialect: LoadDialect): VerifyCredentials {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new Error(`credentials file is not JSON: ${(err as Error).message}`);
  }
  let entries: unknown;
  let testingRule: VerifyCredentials["testingRule"] = "marked";
  if (Array.isArray(parsed)) entries = parsed;
  else if (typeof parsed === "object" && parsed !== null) {
    const o = parsed as Record<string, unknown>;
    if (o.testing !== "all" && o.testing !== "marked")
      throw new Error('credentials file: "testing" must be "all" or "marked" beside "locations"');
    testingRule = o.testing;
    entries = o.locations;
  }
  if (!Array.isArray(entries))
    throw new Error(
      `credentials file must be a JSON list of ${CREDENTIALS_FORMAT[dialect]} (with "testing": true where ` +
        `verify may write), or { "testing": "all", "locations": [ … ] }`,
    );
  const locations = parseCredentials(JSON.stringify(entries), 0, dialect);
  return {
    testingRule,
    locations: locations.map((l, i) => {
      const marked = (entries as Record<string, unknown>[])[i]?.testing;
      if (marked !== undefined && typeof marked !== "boolean")
        throw new Error(`credentials[${i}].testing must be true or false`);
      return { ...l, testing: testingRule === "all" || marked === true };
    }),
  };
}
