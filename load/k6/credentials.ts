// The credentials file: what a rollout team has for each location of the chain. Every dialect
// reads { locationId, apiKey, baseUrl? }; Elyx also needs the location's numeric id and Sinqro the
// integration's server token, so those entries carry them too (the generic format is unchanged).
import type { LoadDialect } from "./config.ts";

/** One location's entry of the credentials file. */
export interface LocationCredentials {
  locationId: string;
  /** The location's API key: generic X-Api-Key, Elyx X-API-KEY, Sinqro x-api-user-access-token. */
  apiKey: string;
  /** Where this location's API answers, when not at the run's base URL. */
  baseUrl?: string;
  /** Elyx: the location's numeric id on the server (mockpos loc-0007 is 7). */
  number?: number;
  /** Sinqro: the integration's x-api-server-access-token (one for the chain). */
  serverToken?: string;
  /** Polled only: no guest order is placed there (`mockpos verify` writes only where a vendor allows). */
  readOnly?: boolean;
}

/** What each dialect's entries must hold, for messages. */
export const CREDENTIALS_FORMAT: Record<LoadDialect, string> = {
  generic: "{ locationId, apiKey, baseUrl? }",
  elyx: "{ locationId, apiKey, number, baseUrl? }",
  sinqro: "{ locationId, apiKey, serverToken, baseUrl? }",
};

function elyxNumber(e: Record<string, unknown>, at: string): number {
  // A real Elyx server names locations by number; such an id needs no separate `number`.
  const raw = e.number ?? (/^\d{1,6}$/.test(String(e.locationId)) ? Number(e.locationId) : undefined);
  if (typeof raw !== "number" || !Number.isSafeInteger(raw) || raw < 0 || raw > 999_999) {
    throw new Error(`${at}.number must be the location's numeric Elyx id (0 to 999999)`);
  }
  return raw;
}

/**
 * Parses the credentials file (a JSON list, entries as CREDENTIALS_FORMAT says for the dialect)
 * and keeps the first `limit` entries (all when 0). Throws a message naming the entry at fault.
 */
export function parseCredentials(
  text: string,
  limit: number,
  dialect: LoadDialect = "generic",
): LocationCredentials[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new Error(`credentials file is not JSON: ${(err as Error).message}`);
  }
  if (!Array.isArray(parsed) || parsed.length === 0) {
    throw new Error(
      `credentials file must be a non-empty JSON list of ${CREDENTIALS_FORMAT[dialect] ?? CREDENTIALS_FORMAT.generic}`,
    );
  }
  if (limit > parsed.length) {
    throw new Error(`asked for ${limit} locations but the credentials file has ${parsed.length}`);
  }
  const entries = limit > 0 ? parsed.slice(0, limit) : parsed;
  const seen = new Set<string>();
  const numbers = new Set<number>();
  return entries.map((entry: unknown, i: number) => {
    const e = (entry ?? {}) as Record<string, unknown>;
    const at = `credentials[${i}]`;
    if (typeof e.locationId !== "string" || e.locationId === "")
      throw new Error(`${at}.locationId must be a string`);
    if (typeof e.apiKey !== "string" || e.apiKey === "") throw new Error(`${at}.apiKey must be a string`);
    if (seen.has(e.locationId)) throw new Error(`${at}.locationId '${e.locationId}' appears twice`);
    seen.add(e.locationId);
    const out: LocationCredentials = { locationId: e.locationId, apiKey: e.apiKey };
    if (e.readOnly !== undefined) {
      if (typeof e.readOnly !== "boolean") throw new Error(`${at}.readOnly must be true or false`);
      if (e.readOnly) out.readOnly = true;
    }
    if (e.baseUrl !== undefined) {
      if (typeof e.baseUrl !== "string" || !/^https?:\/\/[^/]/.test(e.baseUrl)) {
        throw new Error(`${at}.baseUrl must be an http(s) URL`);
      }
      out.baseUrl = e.baseUrl.replace(/\/+$/, "");
    }
    if (dialect === "elyx") {
      out.number = elyxNumber(e, at);
      if (numbers.has(out.number)) throw new Error(`${at}.number ${out.number} appears twice`);
      numbers.add(out.number);
    }
    if (dialect === "sinqro") {
      if (typeof e.serverToken !== "string" || e.serverToken === "")
        throw new Error(`${at}.serverToken must be the integration's server token (a string)`);
      out.serverToken = e.serverToken;
    }
    return out;
  });
}
