// The credentials file: what a rollout team has for each location of the chain.
import type { LocationCredentials } from "./pos.ts";

/**
 * Parses the credentials file (a JSON list of { locationId, apiKey, baseUrl? }) and keeps the
 * first `limit` entries (all when 0). Throws a message naming the entry at fault.
 */
export function parseCredentials(text: string, limit: number): LocationCredentials[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new Error(`credentials file is not JSON: ${(err as Error).message}`);
  }
  if (!Array.isArray(parsed) || parsed.length === 0) {
    throw new Error("credentials file must be a non-empty JSON list of { locationId, apiKey, baseUrl? }");
  }
  if (limit > parsed.length) {
    throw new Error(`asked for ${limit} locations but the credentials file has ${parsed.length}`);
  }
  const entries = limit > 0 ? parsed.slice(0, limit) : parsed;
  const seen = new Set<string>();
  return entries.map((entry: unknown, i: number) => {
    const e = (entry ?? {}) as Record<string, unknown>;
    const at = `credentials[${i}]`;
    if (typeof e.locationId !== "string" || e.locationId === "")
      throw new Error(`${at}.locationId must be a string`);
    if (typeof e.apiKey !== "string" || e.apiKey === "") throw new Error(`${at}.apiKey must be a string`);
    if (seen.has(e.locationId)) throw new Error(`${at}.locationId '${e.locationId}' appears twice`);
    seen.add(e.locationId);
    const out: LocationCredentials = { locationId: e.locationId, apiKey: e.apiKey };
    if (e.baseUrl !== undefined) {
      if (typeof e.baseUrl !== "string" || !/^https?:\/\/[^/]/.test(e.baseUrl)) {
        throw new Error(`${at}.baseUrl must be an http(s) URL`);
      }
      out.baseUrl = e.baseUrl.replace(/\/+$/, "");
    }
    return out;
  });
}
